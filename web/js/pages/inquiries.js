// Inquiries found again: "I called yesterday". One box takes the callback phone in any format or
// a name (the sought person's or the caller's, in any script); the newest come first when it is
// empty. An inquiry opens beside the list, where it is closed or withdrawn with a reason, or taken
// back to call intake as the call in progress (to link a search result to it).
import { h, clear, debounce } from '../dom.js';
import { get, patch, qs } from '../api.js';
import { t, fmtAgo, fmtDateTime } from '../i18n.js';
import { problem, loading, empty, pageHeader, field, showFieldError, sexText } from '../ui.js';
import { continueCall } from './intake.js';

const kStates = ['open', 'candidate_found', 'confirmed', 'informed', 'closed', 'withdrawn'];

export function render(main, ctx) {
  let alive = true;
  let seq = 0;
  const q = h('input', { id: 'inquiry-q', type: 'search', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'inquiry-q-hint', oninput: () => load() });
  const stateFilter = h('select', { id: 'inquiry-state', onchange: () => load() },
    h('option', { value: '' }, t('inquiries.anyState')),
    kStates.map((s) => h('option', { value: s }, t(`inquiry.${s}`))));
  const note = h('p', { class: 'muted small', id: 'inquiries-note', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'results inquiries', id: 'inquiry-list', 'aria-label': t('title.inquiries') });
  const detail = h('section', { class: 'panel', id: 'inquiry-detail', 'aria-live': 'polite' });

  main.append(pageHeader(t('title.inquiries')),
    h('div', { class: 'intake-grid' },
      h('section', { class: 'panel' },
        h('div', { class: 'search-row' },
          h('div', { class: 'field grow' }, h('label', { for: 'inquiry-q' }, t('inquiries.searchLabel')), q,
            h('p', { class: 'hint', id: 'inquiry-q-hint' }, t('inquiries.searchHint'))),
          h('div', { class: 'field' }, h('label', { for: 'inquiry-state' }, t('inquiries.state')), stateFilter)),
        note, list),
      detail));

  const load = debounce(async () => {
    const mine = ++seq;
    const text = q.value.trim();
    clear(list);
    note.textContent = t('common.loading');
    try {
      // A search ranks by what matched; the state filter then narrows what it found.
      const res = text
        ? await get(`/api/v1/inquiries${qs({ q: text, limit: 50 })}`)
        : await get(`/api/v1/inquiries${qs({ state: stateFilter.value, limit: 50 })}`);
      if (!alive || mine !== seq) return;
      let items = res.items || [];
      if (text && stateFilter.value) items = items.filter((i) => i.state === stateFilter.value);
      note.textContent = items.length ? t('inquiries.count', { n: items.length }) : '';
      if (!items.length) list.append(h('li', { class: 'empty' }, text ? t('inquiries.noneFound') : t('inquiries.none')));
      for (const item of items) list.append(row(item));
    } catch (err) {
      if (!alive || mine !== seq) return;
      note.textContent = '';
      list.append(h('li', {}, problem(err, t('title.inquiries'))));
    }
  }, 150);

  function row(i) {
    return h('li', { class: 'result inquiry-row', dataset: { inquiryId: i.id } },
      h('button', { type: 'button', class: 'link result-link', onclick: () => open(i.id) },
        h('span', { class: 'result-name' }, i.sought_name || t('person.unnamed'))),
      h('span', { class: 'result-line' },
        h('span', { class: `badge inquiry-${i.state}` }, t(`inquiry.${i.state}`)),
        i.matched_on ? h('span', { class: 'matched-on' }, t(`inquiries.matchedOn.${i.matched_on}`)) : ''),
      h('span', { class: 'result-meta' },
        h('span', {}, [i.inquirer_name, i.inquirer_relation ? t(`relation.${i.inquirer_relation}`) : ''].filter(Boolean).join(', ')),
        h('span', { class: 'phone' }, i.callback_phone || ''),
        h('time', { datetime: i.created_at, title: fmtDateTime(i.created_at) }, fmtAgo(i.created_at))));
  }

  async function open(id) {
    clear(detail).append(loading());
    try {
      const i = await get(`/api/v1/inquiries/${encodeURIComponent(id)}`);
      if (!alive) return;
      showDetail(i);
    } catch (err) {
      if (alive) clear(detail).append(problem(err, t('title.inquiries')));
    }
  }

  function showDetail(i) {
    const looking = i.state === 'open' || i.state === 'candidate_found';
    const ended = i.state === 'closed' || i.state === 'withdrawn';
    clear(detail).append(
      h('h2', { id: 'inquiry-detail-title' }, i.sought_name),
      h('p', {}, h('span', { class: `badge inquiry-${i.state}` }, t(`inquiry.${i.state}`)), ' ',
        h('span', { class: 'muted small' }, t('inquiries.taken', { when: fmtDateTime(i.created_at) }))),
      h('dl', { class: 'facts' },
        fact(t('intake.sex'), sexText(i.sought_sex)),
        fact(t('intake.birthDate'), i.sought_birth_date),
        fact(t('intake.approxAge'), i.sought_approx_age),
        fact(t('intake.lastSeenPlace'), i.last_seen_place),
        fact(t('intake.features'), i.sought_features),
        fact(t('intake.callerName'), i.inquirer_name),
        fact(t('intake.relation'), i.inquirer_relation ? t(`relation.${i.inquirer_relation}`) : ''),
        fact(t('intake.phone'), i.callback_phone),
        fact(t('intake.notes'), i.notes),
        ended ? fact(t('inquiries.reason'), i.close_reason) : null),
      h('div', { class: 'actions' },
        looking ? h('button', { type: 'button', class: 'primary', id: 'continue-call',
          onclick: () => { continueCall(i); location.hash = '#/intake'; } }, t('inquiries.continue')) : '',
        i.person_id ? h('a', { href: `#/person/${encodeURIComponent(i.person_id)}` }, t('callbacks.openPerson')) : ''),
      ended ? '' : endForm(i));
  }

  function fact(label, value) {
    if (value === null || value === undefined || value === '') return null;
    return h('div', {}, h('dt', {}, label), h('dd', {}, String(value)));
  }

  // Closing or withdrawing says why: a colleague who finds the inquiry again reads it.
  function endForm(i) {
    const reason = h('textarea', { id: 'close_reason', name: 'close_reason', rows: 2 });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'end-inquiry', novalidate: true, onsubmit: (e) => e.preventDefault() },
      field('close_reason', t('inquiries.reason'), reason, t('inquiries.reasonHint')),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'close-inquiry', onclick: () => end('closed') }, t('inquiries.close')),
        h('button', { type: 'button', id: 'withdraw-inquiry', onclick: () => end('withdrawn') }, t('inquiries.withdraw'))));
    async function end(state) {
      error.textContent = '';
      if (!reason.value.trim()) {
        showFieldError(form, { field: 'close_reason', message: t('inquiries.reasonRequired') });
        return;
      }
      try {
        const updated = await patch(`/api/v1/inquiries/${encodeURIComponent(i.id)}`,
          { version: i.version, state, close_reason: reason.value.trim() });
        ctx.toast(t(state === 'closed' ? 'inquiries.closed' : 'inquiries.withdrawn'));
        showDetail(updated);
        load();
      } catch (err) {
        if (err.status === 409) { ctx.toast(t('inquiries.changed')); open(i.id); return; }
        if (!showFieldError(form, err)) error.textContent = `${t('error.generic')} ${err.message || ''}`;
      }
    }
    return form;
  }

  load();
  q.focus();
  return () => { alive = false; };
}
