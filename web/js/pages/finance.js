// Finance (issue #18): for a programme, build a payment list from the approved claims within
// budget (with the claims held back and why), download it as pain.001 for the bank, upload the
// bank's answer (pain.002, camt.054 or CSV) and see what was paid and what was returned.
import { h, clear } from '../dom.js';
import { get, post, api, qs, csrf } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { problem, loading, empty, pageHeader } from '../ui.js';
import { money } from './commission.js';
import { heldReason } from '../reasons.js';

// The list open and the claims its building held back, kept when the page is drawn again (in
// another language, say).
let openId = '';
let held = [];

export function render(main, ctx) {
  let alive = true;
  let programmes = [];
  const pick = h('select', { id: 'finance-programme', onchange: () => { openId = ''; held = []; loadLists(); } });
  const build = h('button', { type: 'button', class: 'primary', id: 'build-list', onclick: buildList }, t('finance.build'));
  const lists = h('div', { id: 'payment-lists' }, loading());
  const detail = h('div', { id: 'payment-list' });
  main.append(pageHeader(t('title.finance')),
    h('div', { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'finance-programme' }, t('finance.programme')), pick), build),
    lists, detail);
  start();
  return () => { alive = false; };

  async function start() {
    try {
      const res = await get('/api/v1/recovery/programmes');
      programmes = res.items || [];
      if (!alive) return;
      clear(pick).append(...programmes.map((p) => h('option', { value: p.id }, `${p.name} (${p.code})`)));
      await loadLists();
    } catch (err) {
      if (alive) clear(lists).append(problem(err, t('title.finance')));
    }
  }

  function programme() { return programmes.find((p) => p.id === pick.value) || null; }

  async function loadLists() {
    try {
      const res = await get(`/api/v1/recovery/payment-lists${qs({ programme: pick.value })}`);
      if (!alive) return;
      const items = res.items || [];
      clear(lists);
      const p = programme();
      if (p) lists.append(h('p', { class: 'muted small', id: 'budget-line' }, t('finance.budget', { b: p.budget ? money(p.budget) : t('finance.noBudget') })));
      if (!items.length) lists.append(empty(t('finance.noLists')));
      else {
        lists.append(h('table', { class: 'lists' },
          h('thead', {}, h('tr', {}, h('th', {}, t('finance.created')), h('th', {}, t('finance.state')),
            h('th', { class: 'num' }, t('finance.count')), h('th', { class: 'num' }, t('finance.total')))),
          h('tbody', {}, items.map((l) => h('tr', { 'data-list-id': l.id, class: l.id === openId ? 'current' : '' },
            h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => { openId = l.id; held = []; loadLists(); } }, fmtDateTime(l.created_at))),
            h('td', {}, t(`finance.listState.${l.state}`)), h('td', { class: 'num' }, String(l.count)), h('td', { class: 'num' }, money(l.total)))))));
      }
      if (openId) await loadList(openId);
      else clear(detail);
    } catch (err) {
      if (alive) clear(lists).append(problem(err, t('title.finance')));
    }
  }

  async function loadList(id) {
    const l = await get(`/api/v1/recovery/payment-lists/${encodeURIComponent(id)}`);
    if (alive) drawList(l);
  }

  async function buildList() {
    build.disabled = true;
    try {
      const l = await post('/api/v1/recovery/payment-lists', { programme: pick.value });
      held = l.held || [];
      openId = l.id;
      ctx.toast(t('finance.built', { n: l.count }));
      await loadLists();
    } catch (err) {
      // 409: nothing can be paid; the server says why.
      ctx.toast(`${err.status === 409 ? t('finance.nothing') : t('error.generic')} ${err.message || ''}`, err.status === 409 ? 'warn' : 'error');
    } finally {
      build.disabled = false;
    }
  }

  function drawList(l) {
    clear(detail);
    const counts = { paid: 0, returned: 0 };
    for (const p of l.payments || []) if (p.state in counts) counts[p.state] += 1;
    const section = h('section', { class: 'panel', 'aria-labelledby': 'list-title', 'data-list-id': l.id },
      h('h2', { id: 'list-title' }, t('finance.list', { n: l.count, total: money(l.total) })),
      h('p', { id: 'list-state' }, t(`finance.listState.${l.state}`),
        l.exported_at ? ` · ${t('finance.exportedAt', { at: fmtDateTime(l.exported_at) })}` : '',
        ` · ${t('finance.paidReturned', { p: counts.paid, r: counts.returned })}`),
      h('table', { class: 'payments', id: 'payments' },
        h('thead', {}, h('tr', {}, h('th', {}, t('finance.payee')), h('th', {}, t('finance.claim')), h('th', {}, 'IBAN'),
          h('th', { class: 'num' }, t('finance.amount')), h('th', {}, t('finance.state')))),
        h('tbody', {}, (l.payments || []).map((p) => h('tr', { 'data-payment-id': p.id, 'data-state': p.state },
          h('td', {}, p.payee_name || '—'), h('td', {}, p.claim_id), h('td', {}, h('code', {}, p.iban || '')),
          h('td', { class: 'num' }, money(p.amount)),
          h('td', {}, h('span', { class: `badge payment-${p.state}` }, t(`finance.state.${p.state}`)),
            p.return_reason ? ` ${p.return_reason}` : ''))))));
    if (held.length) {
      section.append(h('h3', {}, t('finance.held', { n: held.length })),
        h('ul', { id: 'held' }, held.map((x) => h('li', { 'data-claim-id': x.claim_id, 'data-code': x.code || null },
          h('strong', {}, x.claim_id), ' — ', heldReason(x)))));
    }
    if (l.state === 'built') section.append(exportForm(l));
    if (l.state !== 'built') section.append(answerForm(l));
    detail.append(section);
  }

  function exportForm(l) {
    const name = h('input', { id: 'debtor-name', name: 'name', required: true, autocomplete: 'organization' });
    const iban = h('input', { id: 'debtor-iban', name: 'iban', required: true });
    const bic = h('input', { id: 'debtor-bic', name: 'bic', required: true });
    const date = h('input', { id: 'execution-date', name: 'execution_date', type: 'date' });
    const form = h('form', { class: 'export', onsubmit: (e) => { e.preventDefault(); download(); } },
      h('h3', {}, t('finance.export')),
      h('div', { class: 'field' }, h('label', { for: 'debtor-name' }, t('finance.debtorName')), name),
      h('div', { class: 'field' }, h('label', { for: 'debtor-iban' }, t('finance.debtorIban')), iban),
      h('div', { class: 'field' }, h('label', { for: 'debtor-bic' }, t('finance.debtorBic')), bic),
      h('div', { class: 'field' }, h('label', { for: 'execution-date' }, t('finance.executionDate')), date),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'download-pain' }, t('finance.download'))));
    return form;

    async function download() {
      const body = { format: 'pain.001', debtor: { name: name.value.trim(), iban: iban.value.replace(/\s/g, ''), bic: bic.value.trim() } };
      if (date.value) body.execution_date = date.value;
      try {
        const res = await fetch(`/api/v1/recovery/payment-lists/${encodeURIComponent(l.id)}/export`, {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() || '', Accept: 'application/xml' },
          body: JSON.stringify(body) });
        if (!res.ok) {
          let message = `HTTP ${res.status}`;
          try { message = (await res.json()).error.message; } catch { /* not JSON */ }
          ctx.toast(`${t('error.generic')} ${message}`, 'error');
          return;
        }
        const blob = await res.blob();
        const a = h('a', { href: URL.createObjectURL(blob), download: `${l.id}.pain.001.xml`, id: 'pain-file' }, l.id);
        document.body.append(a);
        a.click();
        a.remove();
        ctx.toast(t('finance.exported'));
        await loadLists();
      } catch (err) {
        ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
      }
    }
  }

  function answerForm(l) {
    const input = h('input', { type: 'file', id: 'bank-answer', accept: '.xml,.csv,application/xml,text/csv' });
    const result = h('p', { id: 'answer-result', role: 'status' });
    const form = h('form', { class: 'answer', onsubmit: (e) => { e.preventDefault(); upload(); } },
      h('h3', {}, t('finance.answer')),
      h('div', { class: 'field' }, h('label', { for: 'bank-answer' }, t('finance.answerFile')), input),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'upload-answer' }, t('finance.upload'))),
      result);
    return form;

    async function upload() {
      const f = input.files[0];
      if (!f) { ctx.toast(t('finance.pickFile'), 'warn'); return; }
      const text = await f.text();
      const type = /\.csv$/i.test(f.name) || f.type === 'text/csv' ? 'text/csv' : 'application/xml';
      try {
        const res = await api('POST', `/api/v1/recovery/payment-lists/${encodeURIComponent(l.id)}/answer`, text, { contentType: type });
        ctx.toast(t('finance.answered', { p: res.paid, r: res.returned, u: res.unchanged }));
        drawList(res.list);
        const out = document.getElementById('answer-result');
        if (out) {
          out.textContent = t('finance.answered', { p: res.paid, r: res.returned, u: res.unchanged });
          for (const e of res.errors || []) out.append(h('br', {}), `${e.where}: ${e.message}`);
        }
      } catch (err) {
        ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
      }
    }
  }
}
