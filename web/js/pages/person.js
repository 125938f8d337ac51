// One person: every spelling of the name, status history with its sources, linked reports and
// inquiries; merge with a duplicate record, and undo the merge.
import { h, clear, debounce } from '../dom.js';
import { get, post, qs, isMissingEndpoint } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { statusBadge, sources, problem, loading, empty, ageLine, scorePercent } from '../ui.js';

// Person id → merge id, kept for the tab's session so that Undo survives a redraw and a reload
// (on both records of the merge).
const lastMerge = {
  key: (id) => `aftermath.merge.${id}`,
  get(id) { try { return sessionStorage.getItem(this.key(id)); } catch { return null; } },
  set(ids, mergeId) { try { for (const id of ids) sessionStorage.setItem(this.key(id), mergeId); } catch { /* private mode */ } },
  // Both records of an undone merge.
  forget(mergeId) {
    try {
      for (const k of Object.keys(sessionStorage)) {
        if (k.startsWith('aftermath.merge.') && sessionStorage.getItem(k) === mergeId) sessionStorage.removeItem(k);
      }
    } catch { /* private mode */ }
  },
};

export function render(main, ctx) {
  const id = ctx.params[0];
  let alive = true;
  main.append(loading());
  load();
  return () => { alive = false; };

  async function load() {
    let p;
    try {
      p = await get(`/api/v1/persons/${encodeURIComponent(id)}`);
    } catch (err) {
      if (!alive) return;
      clear(main).append(err.status === 404 ? h('div', { class: 'notice' }, h('p', {}, t('person.notFound'))) : problem(err, t('title.person')));
      return;
    }
    const [history, reports, inquiries, srcs] = await Promise.all([
      get(`/api/v1/persons/${encodeURIComponent(id)}/history`).catch((e) => e),
      get(`/api/v1/reports${qs({ person_id: id, limit: 100 })}`).catch((e) => e),
      get(`/api/v1/inquiries${qs({ person_id: id })}`).catch((e) => e),
      sources(),
    ]);
    if (!alive) return;
    document.title = `${p.display_name || t('person.unnamed')} — ${t('app.name')}`;
    const srcName = (sid) => (srcs.get(sid) || {}).name || sid || '';
    const spellings = (p.names || []).map((n) => h('li', {}, h('span', { class: 'name' }, n.full_name),
      n.source_id ? h('span', { class: 'muted small' }, ` · ${srcName(n.source_id)}`) : ''));
    const historyRows = history instanceof Error ? null : (history.items || []);
    const reportRows = reports instanceof Error ? null : (reports.items || []);
    const linked = inquiries instanceof Error ? [] : (inquiries.items || []);

    clear(main).append(
      h('div', { class: 'page-head' },
        h('h1', {}, p.display_name || t('person.unnamed')),
        h('p', {}, statusBadge(p.status), p.facility ? h('span', { class: 'facility' }, ` ${p.facility}`) : '')),
      p.merged_into ? h('div', { class: 'notice', id: 'merged-into', role: 'status' },
        h('p', {}, t('person.mergedInto'), ' ',
          h('a', { href: `#/person/${encodeURIComponent(p.merged_into)}` }, t('person.mergedIntoLink'))),
        lastMerge.get(p.id) ? undoBox(p, lastMerge.get(p.id)) : '') : '',
      h('p', { class: 'muted' }, [ageLine(p), p.home_locality, p.features].filter(Boolean).join(' · ')),
      h('p', { class: 'muted small' }, t('person.updated', { when: fmtDateTime(p.updated_at) }),
        p.status_source_id ? ` · ${t('person.statusFrom', { source: srcName(p.status_source_id) })}` : ''),
      h('div', { class: 'two-col' },
        h('section', { class: 'panel', 'aria-labelledby': 'names-title' },
          h('h2', { id: 'names-title' }, t('person.names')),
          spellings.length ? h('ul', { class: 'plain', id: 'spellings' }, spellings) : empty('—')),
        h('section', { class: 'panel', 'aria-labelledby': 'history-title' },
          h('h2', { id: 'history-title' }, t('person.history')),
          historyRows === null ? problem(history, t('person.history'))
            : historyRows.length ? table([t('person.when'), t('person.status'), t('person.facility'), t('person.source')],
              historyRows.map((e) => [fmtDateTime(e.observed_at), statusBadge(e.status), e.facility || '', srcName(e.source_id)]))
              : empty(t('person.noHistory')))),
      h('section', { class: 'panel', 'aria-labelledby': 'reports-title' },
        h('h2', { id: 'reports-title' }, t('person.reports')),
        reportRows === null ? problem(reports, t('person.reports'))
          : reportRows.length ? table([t('person.when'), t('person.reportedName'), t('person.status'), t('person.source'), t('person.location')],
            reportRows.map((r) => [fmtDateTime(r.observed_at), r.full_name || '—', statusBadge(r.status), srcName(r.source_id),
              [r.facility, r.location].filter(Boolean).join(', ')]))
            : empty(t('person.noReports'))),
      h('section', { class: 'panel', 'aria-labelledby': 'inq-title' },
        h('h2', { id: 'inq-title' }, t('person.inquiries')),
        linked.length ? table([t('person.when'), t('person.soughtAs'), t('person.caller'), t('person.state')],
          linked.map((q) => [fmtDateTime(q.created_at), q.sought_name, `${q.inquirer_name} · ${q.callback_phone}`, t(`inquiry.${q.state}`)]))
          : empty(t('person.noInquiries'))),
      p.merged_into ? '' : mergePanel(p));
  }

  function mergePanel(p) {
    const out = h('div', { id: 'merge-result', 'aria-live': 'polite' });
    const results = h('ul', { class: 'plain merge-candidates' });
    const q = h('input', { id: 'merge-q', type: 'search', autocomplete: 'off',
      oninput: debounce(async () => {
        clear(results);
        if (q.value.trim().length < 2) return;
        try {
          const res = await get(`/api/v1/search${qs({ q: q.value, prefix: 1, limit: 6 })}`);
          for (const it of res.items || []) {
            if (it.person_id === p.id) continue;
            results.append(h('li', {}, h('span', { class: 'name' }, it.display_name), ' ', statusBadge(it.status), ' ',
              h('span', { class: 'score' }, scorePercent(it.score)), ' ',
              h('button', { type: 'button', onclick: () => merge(p, it) }, t('person.mergeThis'))));
          }
        } catch { /* shown by the intake page */ }
      }, 150) });
    const undoId = lastMerge.get(p.id);
    if (undoId) out.append(undoBox(p, undoId));
    return h('section', { class: 'panel', 'aria-labelledby': 'merge-title' },
      h('h2', { id: 'merge-title' }, t('person.merge')),
      h('p', { class: 'muted small' }, t('person.mergeHint')),
      h('label', { for: 'merge-q' }, t('person.mergeSearch')), q, results, out);

    async function merge(person, other) {
      if (!window.confirm(t('person.mergeConfirm', { a: person.display_name, b: other.display_name }))) return;
      try {
        const res = await post(`/api/v1/persons/${encodeURIComponent(person.id)}/merge`, { other_id: other.person_id });
        lastMerge.set([person.id, other.person_id], res.merge_id);
        ctx.toast(t('person.merged'));
        load();
      } catch (err) {
        clear(out).append(isMissingEndpoint(err) ? problem(err, t('person.merge')) : h('p', { class: 'form-error', role: 'alert' }, err.message));
      }
    }
  }

  function undoBox(p, mergeId) {
    return h('div', { class: 'notice' }, h('p', {}, t('person.mergedNote')),
      h('button', { type: 'button', id: 'undo-merge', onclick: async () => {
        try {
          await post(`/api/v1/merges/${encodeURIComponent(mergeId)}/undo`);
          lastMerge.forget(mergeId);
          ctx.toast(t('person.undone'));
          load();
        } catch (err) {
          ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
        }
      } }, t('person.undo')));
  }
}

export function table(headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}
