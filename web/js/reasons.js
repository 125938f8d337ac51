// The server's codes in the operator's language (issue #19): an error's detail
// ({code, params}) and why a candidate was proposed (a match's reasons). A code this console
// has no words for falls back to the server's English text.
import { t, has, fmtTime, fmtNum } from './i18n.js';

// A list's column by the name the importer gives it ("birth_date"), in the console's language.
export function columnName(name) {
  return name && has(`column.${name}`) ? t(`column.${name}`) : name || '';
}

function fill(key, params) {
  const vars = { ...(params || {}) };
  if (vars.until) vars.until = fmtTime(vars.until);
  if (vars.columns) vars.columns = vars.columns.split(', ').map(columnName).join(', ');
  return t(key, vars);
}

// The message of an error body's {code, message, detail}: in the console's language when the
// detail's code is known, else the server's message.
export function errorMessage(error) {
  const d = error && error.detail;
  if (d && d.code && has(`err.${d.code}`)) return fill(`err.${d.code}`, d.params);
  return (error && error.message) || '';
}

// A rejected row's problem ({reason, detail}) from an import.
export function rowProblem(row) {
  return errorMessage({ message: row.reason, detail: row.detail });
}

function reasonText(r) {
  const p = r.params || {};
  if (r.code === 'name_pair') {
    if (!has(`reason.role.${p.role}`) || !has(`reason.how.${p.how}`)) return null;
    const how = t(`reason.how.${p.how}`) + (p.rare === 'yes' ? `, ${t('reason.rare')}` : '');
    return t('reason.name_pair', { role: t(`reason.role.${p.role}`), left: p.left, right: p.right, how });
  }
  if (r.code === 'name_unmatched') {
    return has(`reason.role.${p.role}`) ? t('reason.name_unmatched', { role: t(`reason.role.${p.role}`) }) : null;
  }
  if (!has(`reason.${r.code}`)) return null;
  return t(`reason.${r.code}`, p);
}

// "фамилия jakupov~jakupov: совпадает, редкое; пол совпадает" from a match's reasons; the
// English explanation when any reason is one this console cannot say.
export function matchWhy(match) {
  const reasons = match && match.reasons;
  if (!Array.isArray(reasons) || !reasons.length) return (match && match.explanation) || '';
  const parts = reasons.map(reasonText);
  if (parts.some((s) => s === null)) return match.explanation || '';
  return parts.join('; ');
}

// Why a claim was held back from a payment list ({code, params, reason}): in the console's
// language when the code is one it knows, else the server's English.
export function heldReason(held) {
  if (!held || !held.code || !has(`held.${held.code}`)) return (held && held.reason) || '';
  const p = { ...(held.params || {}) };
  for (const k of ['cap', 'left', 'budget']) if (p[k] !== undefined && p[k] !== '') p[k] = `${fmtNum(Number(p[k]))} ₸`;
  if (held.code === 'payment_returned' && !p.return_reason) p.return_reason = t('held.noReturnReason');
  return t(`held.${held.code}`, p);
}
