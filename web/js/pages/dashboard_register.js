// The supervisor's view of the damage & support register on the dashboard: the claims past their
// deadline (complete but not ready within 5 working days) and each commission's throughput, so a
// stalled desk or a slow commission shows before families call about it. Nothing personal: a
// claim by its number, kind and dates; a commission by its name and figures.
import { h } from '../dom.js';
import { get, qs } from '../api.js';
import { t, fmtNum, fmtDateTime } from '../i18n.js';
import { money } from './commission.js';
import { table } from './person.js';

const kOverdueShown = 20;
const kDays = 30;
// 30 s of the members' time a claim (issue #18's target) is 120 claims an hour in session.
const kClaimsPerHourTarget = 120;

// The panel, or null when this server runs without the register (its routes answer 503).
export async function registerPanel() {
  const [overdue, throughput] = await Promise.all([
    get(`/api/v1/recovery/overdue${qs({ limit: kOverdueShown })}`).catch(absent),
    get(`/api/v1/recovery/figures/commissions${qs({ days: kDays })}`).catch(absent)]);
  if (!overdue && !throughput) return null;
  return h('section', { class: 'panel', id: 'register', 'aria-labelledby': 'register-title' },
    h('h2', { id: 'register-title' }, t('dashboard.register')),
    overdue ? overduePart(overdue.items || []) : '',
    throughput ? throughputPart(throughput.items || []) : '');
}

function absent(err) {
  if (err && err.status === 503) return null;
  throw err;
}

function daysLate(dueIso) {
  return Math.max(0, Math.floor((Date.now() - Date.parse(dueIso)) / 86400000));
}

function overduePart(items) {
  const count = items.length >= kOverdueShown ? `${fmtNum(kOverdueShown)}+` : fmtNum(items.length);
  return h('div', { id: 'overdue-claims' },
    h('h3', {}, t('dashboard.overdueClaims'), ' ',
      h('span', { class: `count${items.length ? ' bad' : ''}`, dataset: { figure: 'overdue_claims' } }, count)),
    items.length === 0 ? h('p', { class: 'muted' }, t('dashboard.overdueNone')) :
      table([t('commission.claim'), t('commission.kind'), t('commission.state'), t('dashboard.completeSince'),
        t('dashboard.dueAt'), t('dashboard.daysLate')],
      items.map((c) => [c.id, t(`commission.kind.${c.kind}`), t(`commission.claimState.${c.state}`),
        fmtDateTime(c.completed_at), fmtDateTime(c.due_at), fmtNum(daysLate(c.due_at))])));
}

// Under an hour in minutes ("40 min"), else hours to one decimal: a short session is not "0".
function inSession(hours) {
  if (hours < 1) return t('dashboard.minutes', { m: fmtNum(Math.round(hours * 60)) });
  return t('dashboard.hoursShort', { h: fmtNum(hours, { maximumFractionDigits: 1 }) });
}

function throughputPart(items) {
  const rate = (c) => {
    if (c.claims_per_hour === null) return '—';
    const text = fmtNum(c.claims_per_hour, { maximumFractionDigits: 0 });
    return c.claims_per_hour < kClaimsPerHourTarget ? h('span', { class: 'bad' }, text) : text;
  };
  const perClaim = (c) => (c.median_seconds_per_decision === null ? '—' :
    t('dashboard.seconds', { s: fmtNum(c.median_seconds_per_decision, { maximumFractionDigits: 0 }) }));
  return h('div', { id: 'commission-throughput' },
    h('h3', {}, t('dashboard.throughput', { n: kDays })),
    items.length === 0 ? h('p', { class: 'muted' }, t('dashboard.noCommissions')) :
      table([t('dashboard.commission'), t('dashboard.sessions'), t('dashboard.decided'), t('dashboard.waiting'),
        t('dashboard.hoursInSession'), t('dashboard.claimsPerHour', { n: kClaimsPerHourTarget }),
        t('dashboard.timePerClaim'), t('dashboard.amountApproved'), t('dashboard.lastDecision')],
      items.map((c) => [c.name,
        c.open_sessions ? t('dashboard.sessionsOpen', { n: fmtNum(c.sessions), open: fmtNum(c.open_sessions) }) : fmtNum(c.sessions),
        t('dashboard.decidedSplit', { n: fmtNum(c.decided), a: fmtNum(c.approved), r: fmtNum(c.rejected) }),
        fmtNum(c.pending), inSession(c.session_hours), rate(c), perClaim(c),
        money(c.amount_approved), c.last_decision_at ? fmtDateTime(c.last_decision_at) : '—'])));
}
