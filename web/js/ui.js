// Pieces shared by the pages: status badges, calm empty/error states, sources by id.
import { h } from './dom.js';
import { get, isMissingEndpoint } from './api.js';
import { t, fmtPartialDate, fmtNum } from './i18n.js';

export function statusBadge(status) {
  const s = status || 'unknown';
  return h('span', { class: `badge status-${s}` }, t(`status.${s}`));
}

export function pageHeader(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', {}, title), ...extra);
}

// A calm panel for "this part of the server is not there yet" and for other errors.
export function problem(err, what) {
  if (isMissingEndpoint(err)) {
    return h('div', { class: 'notice', role: 'status', 'data-state': 'unavailable' },
      h('p', { class: 'notice-title' }, t('common.notAvailable')),
      h('p', { class: 'muted' }, t('common.notAvailableHint', { what })));
  }
  if (err && (err.status === 0 || (err.status >= 502 && err.status <= 504))) {
    return h('div', { class: 'notice notice-error', role: 'alert', 'data-state': 'offline' },
      h('p', { class: 'notice-title' }, t('error.offline')),
      h('p', { class: 'muted' }, t('error.offlineHint')));
  }
  if (err && err.status === 403) {
    return h('div', { class: 'notice', role: 'status' }, h('p', {}, t('error.forbidden')));
  }
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', { class: 'notice-title' }, t('error.generic')),
    h('p', { class: 'muted' }, (err && err.message) || ''));
}

export function loading() {
  return h('p', { class: 'muted loading', role: 'status' }, t('common.loading'));
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

let sourcesPromise = null;
// Sources by id, fetched once per page load.
export function sources() {
  if (!sourcesPromise) {
    sourcesPromise = get('/api/v1/sources')
      .then((r) => new Map((r.items || []).map((s) => [s.id, s])))
      .catch(() => { sourcesPromise = null; return new Map(); });
  }
  return sourcesPromise;
}
export function forgetSources() { sourcesPromise = null; }

export function sexText(sex) {
  return sex && sex !== 'unknown' ? t(`sex.${sex}`) : '';
}

// "born 1994 · about 25 · male" from whichever parts are known.
export function ageLine({ birth_date, approx_age, sex }) {
  const parts = [];
  if (birth_date) parts.push(t('person.born', { date: fmtPartialDate(birth_date) }));
  if (approx_age !== null && approx_age !== undefined) parts.push(t('person.about', { n: fmtNum(approx_age) }));
  const s = sexText(sex);
  if (s) parts.push(s);
  return parts.join(' · ');
}

export function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' }));
}

// Marks the input named by a 400's `field` as invalid and shows the server's reason beside it.
export function showFieldError(form, err) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  if (!err || !err.field) return false;
  const input = form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  const msg = document.getElementById(`${input.id}-error`);
  if (msg) msg.textContent = err.message;
  input.focus();
  return true;
}

export function kbd(key) { return h('kbd', {}, key); }

export function scorePercent(score) {
  return fmtNum(score, { style: 'percent', maximumFractionDigits: 0 });
}

// Keys for a queue of focusable cards (callbacks, conflicts): J / K move between the cards in
// `list`, and each code in `actions` ("KeyD": button selector) clicks that button of the focused
// card. Compared by position (event.code), so they work on a Cyrillic layout too.
export function cardKeys(ctx, list, cardClass, actions) {
  ctx.onKey((e, inField) => {
    if (inField || e.ctrlKey || e.altKey || e.metaKey) return false;
    const card = document.activeElement && document.activeElement.closest(`.${cardClass}`);
    const k = e.code;
    if (k === 'KeyJ' || k === 'KeyK') {
      const cards = [...list.querySelectorAll(`.${cardClass}`)];
      const i = cards.indexOf(card);
      const next = cards[Math.max(0, Math.min(cards.length - 1, i + (k === 'KeyJ' ? 1 : -1)))];
      if (next) next.focus();
      return true;
    }
    const button = card && actions[k] && card.querySelector(actions[k]);
    if (!button) return false;
    button.click();
    return true;
  });
}
