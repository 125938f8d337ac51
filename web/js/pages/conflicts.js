// The register's conflict queue (issue #18): two claims side by side, what they share marked,
// why they were flagged; a supervisor decides with one key (D: the newer repeats the older and is
// held; N: both go on) and may undo at once. Both going on lets both be paid, so N asks for the
// reason first (typed, then Enter); D takes one when typed. Keys by position (event.code), so
// they work on a Cyrillic layout too.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtDateTime, fmtNum } from '../i18n.js';
import { problem, loading, empty, pageHeader, cardKeys } from '../ui.js';

// The fields shown side by side, and whether two equal values are a finding worth marking.
const kRows = [
  ['applicant_name', true], ['applicant_id', true], ['applicant_phone', true], ['iban', true],
  ['object_id', true], ['amount_claimed', false], ['channel', false], ['submitted_at', false],
];

export function render(main, ctx) {
  let alive = true;
  const list = h('ol', { class: 'conflicts', id: 'conflict-list' });
  const body = h('div', {}, loading());
  main.append(pageHeader(t('title.conflicts'), h('p', { class: 'muted small shortcuts' }, t('conflicts.keys'))), body);

  cardKeys(ctx, list, 'conflict', {
    KeyD: 'button[data-resolution="duplicate"]',
    KeyN: 'button[data-resolution="not_duplicate"]',
  });

  load();
  return () => { alive = false; };

  async function load() {
    try {
      const res = await get(`/api/v1/recovery/conflicts${qs({ state: 'open', limit: 100 })}`);
      if (!alive) return;
      clear(body);
      clear(list);
      const items = res.items || [];
      if (!items.length) { body.append(empty(t('conflicts.empty'))); return; }
      body.append(h('p', { class: 'muted small', role: 'status' }, t('conflicts.count', { n: fmtNum(items.length) })), list);
      for (const c of items) list.append(card(c));
      const first = list.querySelector('.conflict');
      if (first) first.focus();
    } catch (err) {
      if (alive) clear(body).append(problem(err, t('title.conflicts')));
    }
  }

  function value(claim, key) {
    const v = claim[key];
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'submitted_at') return fmtDateTime(v);
    if (key === 'amount_claimed') return fmtNum(v);
    if (key === 'channel') return t(`claimChannel.${v}`);
    return String(v);
  }

  function card(c) {
    const rows = kRows.map(([key, finding]) => {
      const a = c.claim ? c.claim[key] : null;
      const b = c.other ? c.other[key] : null;
      const shared = finding && a && b && String(a) === String(b);
      return h('tr', { class: shared ? 'shared' : '', 'data-field': key },
        h('th', { scope: 'row' }, t(`conflicts.field.${key}`)),
        h('td', {}, c.claim ? value(c.claim, key) : '—'),
        h('td', {}, c.other ? value(c.other, key) : '—'));
    });
    const reasons = String(c.reasons || c.reason).split(',').map((r) => r.trim()).filter(Boolean);
    const noteId = `note-${c.id}`;
    const hint = h('p', { class: 'muted small', role: 'status' });
    const note = h('input', { id: noteId, name: 'note', maxlength: 500, autocomplete: 'off',
      placeholder: t('conflicts.notePlaceholder'),
      onkeydown: (e) => {
        if (e.key === 'Enter' && el.dataset.pending) { e.preventDefault(); resolve(c, el, el.dataset.pending); }
        if (e.key === 'Escape') { e.preventDefault(); delete el.dataset.pending; hint.textContent = ''; el.focus(); }
      } });
    const el = h('li', { class: 'conflict', tabindex: '0', 'data-conflict-id': c.id },
      h('p', { class: 'conflict-why' }, reasons.map((r) => t(`conflictReason.${r}`)).join('; ')),
      h('table', { class: 'claims-compared' },
        h('thead', {}, h('tr', {}, h('th', {}), h('th', { scope: 'col' }, t('conflicts.newer')), h('th', { scope: 'col' }, t('conflicts.older')))),
        h('tbody', {}, rows)),
      h('div', { class: 'field' }, h('label', { for: noteId }, t('conflicts.note')), note, hint),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', 'data-resolution': 'duplicate', onclick: () => resolve(c, el, 'duplicate') },
          t('conflicts.duplicate'), ' ', h('kbd', {}, 'D')),
        h('button', { type: 'button', 'data-resolution': 'not_duplicate', onclick: () => resolve(c, el, 'not_duplicate') },
          t('conflicts.notDuplicate'), ' ', h('kbd', {}, 'N'))));
    return el;
  }

  async function resolve(c, el, resolution) {
    const noteField = el.querySelector('input[name="note"]');
    const note = noteField.value.trim();
    if (resolution === 'not_duplicate' && !note) {
      el.dataset.pending = resolution;
      el.querySelector('[role="status"]').textContent = t('conflicts.noteNeeded');
      noteField.focus();
      return;
    }
    try {
      const done = await post(`/api/v1/recovery/conflicts/${encodeURIComponent(c.id)}/resolution`, { resolution, version: c.version, note });
      const next = el.nextElementSibling || el.previousElementSibling;
      el.remove();
      if (next) next.focus();
      ctx.toast(t(resolution === 'duplicate' ? 'conflicts.resolvedDuplicate' : 'conflicts.resolvedNotDuplicate'), 'ok', {
        label: t('conflicts.undo'),
        run: async () => {
          try {
            await post(`/api/v1/recovery/conflicts/${encodeURIComponent(c.id)}/undo`, { version: done.version });
            ctx.toast(t('conflicts.undone'));
            load();
          } catch (err) {
            ctx.toast(err.message, 'error');
          }
        },
      });
      if (!list.querySelector('.conflict')) load();
    } catch (err) {
      ctx.toast(err.status === 409 ? t('conflicts.changed') : err.message, 'error');
      if (err.status === 409) load();
    }
  }
}
