// Review queue: one candidate match at a time, the inquiry and the found person side by side;
// C confirm, R reject, U not sure, J/K next/previous. Keys by position (event.code), so they
// work on a Cyrillic layout too. Candidates of one inquiry come together. Confirming a match
// with a deceased or unidentified person, or a "same person?" that would make a record dead or
// name a body, is a second step showing both descriptions; any confirmation can be undone until
// the family is called, and a "same person?" merge can be undone.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtDateTime, fmtAgo } from '../i18n.js';
import { matchWhy } from '../reasons.js';
import { statusBadge, problem, loading, empty, kbd, scorePercent, ageLine, pageHeader } from '../ui.js';

export function render(main, ctx) {
  let alive = true;
  let items = [];
  let index = 0;
  let busy = false;
  const body = h('div', { id: 'review-body' }, loading());
  const counter = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite', id: 'review-count' });
  main.append(pageHeader(t('title.review'), h('p', { class: 'muted small shortcuts' }, t('review.keys'))), counter, body);

  ctx.onKey((e, inField) => {
    if (inField || e.ctrlKey || e.altKey || e.metaKey || !items.length) return false;
    if (document.getElementById('grave-confirm')) return false;  // the dialog takes no keys
    const k = e.code;
    if (k === 'KeyC') { decide('confirmed'); return true; }
    if (k === 'KeyR') { decide('rejected'); return true; }
    if (k === 'KeyU') { decide('unsure'); return true; }
    if (k === 'KeyJ' || e.key === 'ArrowRight') { move(1); return true; }
    if (k === 'KeyK' || e.key === 'ArrowLeft') { move(-1); return true; }
    return false;
  });

  load();
  return () => { alive = false; };

  async function load() {
    try {
      const res = await get(`/api/v1/matches${qs({ decision: 'pending', limit: 100 })}`);
      if (!alive) return;
      items = groupByInquiry(res.items || []);
      index = 0;
      draw();
    } catch (err) {
      if (!alive) return;
      clear(body).append(problem(err, t('title.review')));
    }
  }

  function move(d) {
    if (!items.length) return;
    index = (index + d + items.length) % items.length;
    draw();
  }

  function draw() {
    clear(body);
    counter.textContent = items.length ? t('review.position', { i: index + 1, n: items.length }) : '';
    if (!items.length) {
      body.append(empty(t('review.empty')));
      return;
    }
    const m = items[index];
    const inq = m.inquiry;
    const p = m.person || {};
    const r = m.report;
    const sought = inq
      ? h('section', { class: 'side', 'aria-labelledby': 'side-sought' },
          h('h2', { id: 'side-sought' }, t('review.sought')),
          h('p', { class: 'big-name' }, inq.sought_name),
          h('dl', {},
            row(t('review.ageSex'), ageLine({ birth_date: inq.sought_birth_date, approx_age: inq.sought_approx_age, sex: inq.sought_sex })),
            row(t('review.lastSeen'), inq.last_seen_place),
            row(t('review.caller'), [inq.inquirer_name, inq.inquirer_relation ? t(`relation.${inq.inquirer_relation}`) : ''].filter(Boolean).join(' · '))))
      : r
        ? h('section', { class: 'side', 'aria-labelledby': 'side-sought' },
            h('h2', { id: 'side-sought' }, t('review.newReport')),
            h('p', { class: 'big-name' }, r.full_name || t('person.unnamed')),
            h('p', {}, statusBadge(r.status)),
            h('dl', {},
              row(t('review.source'), [r.source_name, r.observed_at ? fmtDateTime(r.observed_at) : ''].filter(Boolean).join(' · ')),
              row(t('review.facility'), r.facility)))
        : h('section', { class: 'side', 'aria-labelledby': 'side-sought' },
            h('h2', { id: 'side-sought' }, t('review.otherRecord')), h('p', { class: 'muted' }, t('review.noInquiry')));
    const found = h('section', { class: 'side', 'aria-labelledby': 'side-found' },
      h('h2', { id: 'side-found' }, inq ? t('review.found') : t('review.existing')),
      h('p', { class: 'big-name' }, h('a', { href: `#/person/${encodeURIComponent(p.id)}` }, p.display_name || t('person.unnamed'))),
      h('p', {}, statusBadge(p.status)),
      h('dl', {},
        row(t('review.ageSex'), ageLine(p)),
        row(t('review.facility'), p.facility),
        row(t('review.features'), p.features),
        r && inq ? row(t('review.source'), [r.source_name, r.observed_at ? fmtDateTime(r.observed_at) : ''].filter(Boolean).join(' · ')) : null,
        r && inq && r.full_name && r.full_name !== p.display_name ? row(t('review.reportedAs'), r.full_name) : null));
    const buttons = h('div', { class: 'actions decide' },
      h('button', { type: 'button', class: 'primary', id: 'confirm', onclick: () => decide('confirmed') }, t('review.confirm'), ' ', kbd('C')),
      h('button', { type: 'button', class: 'danger', id: 'reject', onclick: () => decide('rejected') }, t('review.reject'), ' ', kbd('R')),
      h('button', { type: 'button', id: 'unsure', onclick: () => decide('unsure') }, t('review.unsure'), ' ', kbd('U')),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link', onclick: () => move(-1), 'aria-label': t('review.prev') }, '← ', kbd('K')),
      h('button', { type: 'button', class: 'link', onclick: () => move(1), 'aria-label': t('review.next') }, kbd('J'), ' →'));
    body.append(h('article', { class: 'match', 'data-match-id': m.id, 'aria-label': t('review.candidate') },
      h('div', { class: 'score-line' },
        h('span', { class: 'match-kind' }, inq ? t('review.forInquiry') : t('review.samePerson')),
        inq && siblings(m) > 1 ? h('span', { class: 'muted small', id: 'inquiry-candidates' },
          t('review.ofInquiry', { n: siblings(m) })) : '',
        h('span', { class: 'score big' }, scorePercent(m.score)),
        m.explanation ? h('span', { class: 'why', title: m.explanation }, matchWhy(m)) : '',
        m.created_at ? h('time', { class: 'muted small', datetime: m.created_at }, fmtAgo(m.created_at)) : ''),
      h('div', { class: 'side-by-side' }, sought, found), buttons));
  }

  function siblings(m) {
    return m.inquiry ? items.filter((x) => x.inquiry && x.inquiry.id === m.inquiry.id).length : 0;
  }

  // What confirming this match must acknowledge, as the server asks: a death or no name. For
  // "same person?", what the merge would carry over: a death to a living record, or a name to
  // a body. The server is the guard; a refusal naming "acknowledged" opens the dialog too.
  function grave(m) {
    const p = m.person || {};
    if (m.inquiry) {
      if (p.status === 'deceased') return 'deceased';
      if (!p.display_name) return 'unidentified';
      return '';
    }
    const r = m.report;
    if (!r) return '';
    if ((r.status === 'deceased') !== (p.status === 'deceased')) return 'deceased';
    if (!r.full_name !== !p.display_name) return 'unidentified';
    return '';
  }

  // The second step: both descriptions side by side and an explicit button, never a key.
  function askGrave(m, kind) {
    return new Promise((resolve) => {
      const inq = m.inquiry;
      const r = m.report || {};
      const p = m.person || {};
      // For "same person?" the dialog's title and button say what the merge does.
      const key = (name) => (inq ? `review.grave.${name}.${kind}` : `review.grave.${name}.same.${kind}`);
      const close = (ok) => { dialog.close(); dialog.remove(); resolve(ok); };
      const checked = h('input', { type: 'checkbox', id: 'grave-compared',
        onchange: () => { yes.disabled = !checked.checked; } });
      const yes = h('button', { type: 'button', class: 'danger', id: 'grave-yes', disabled: true,
        onclick: () => close(true) }, t(key('confirm')));
      const first = inq
        ? h('section', { class: 'side', id: 'grave-family' }, h('h3', {}, t('review.grave.family')),
            h('p', { class: 'big-name' }, inq.sought_name),
            h('dl', {},
              row(t('review.ageSex'), ageLine({ birth_date: inq.sought_birth_date, approx_age: inq.sought_approx_age, sex: inq.sought_sex })),
              row(t('review.features'), inq.sought_features || t('review.grave.none')),
              row(t('review.lastSeen'), [inq.last_seen_place, inq.last_seen_at ? fmtDateTime(inq.last_seen_at) : ''].filter(Boolean).join(' · ') || t('review.grave.none'))))
        : h('section', { class: 'side', id: 'grave-report' }, h('h3', {}, t('review.newReport')),
            h('p', { class: 'big-name' }, r.full_name || t('person.unnamed')),
            h('p', {}, statusBadge(r.status)),
            h('dl', {},
              row(t('review.features'), r.features || t('review.grave.none')),
              row(t('review.facility'), r.facility),
              row(t('review.source'), [r.source_name, r.observed_at ? fmtDateTime(r.observed_at) : ''].filter(Boolean).join(' · '))));
      const dialog = h('dialog', { id: 'grave-confirm', class: 'grave', 'aria-labelledby': 'grave-title',
        oncancel: (e) => { e.preventDefault(); close(false); } },
      h('h2', { id: 'grave-title' }, t(key('title'))),
      h('div', { class: 'side-by-side' },
        first,
        h('section', { class: 'side', id: 'grave-found' }, h('h3', {}, inq ? t('review.grave.found') : t('review.existing')),
          h('p', { class: 'big-name' }, p.display_name || t('person.unnamed')),
          h('p', {}, statusBadge(p.status)),
          h('dl', {},
            row(t('review.ageSex'), ageLine(p)),
            row(t('review.features'), p.features || t('review.grave.none')),
            row(t('review.facility'), p.facility),
            m.report && inq ? row(t('review.source'), [m.report.source_name, m.report.observed_at ? fmtDateTime(m.report.observed_at) : ''].filter(Boolean).join(' · ')) : null))),
      h('p', { class: 'field check' }, checked, ' ', h('label', { for: 'grave-compared' }, t('review.grave.compared'))),
      h('div', { class: 'actions' }, yes,
        h('button', { type: 'button', id: 'grave-no', onclick: () => close(false) }, t('review.grave.back'))));
      document.body.append(dialog);
      dialog.showModal();
      document.getElementById('grave-no').focus();
    });
  }

  async function undo(m) {
    try {
      const res = await post(`/api/v1/matches/${encodeURIComponent(m.id)}/undo`);
      ctx.toast(t(res.message_withdrawn ? 'review.undone' : 'review.undoneCallStays'));
      load();
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    }
  }

  async function undoMerge(mergeId) {
    try {
      await post(`/api/v1/merges/${encodeURIComponent(mergeId)}/undo`);
      ctx.toast(t('review.mergeUndone'));
      load();
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    }
  }

  // Sends the decision; when the server asks for the second step this console did not foresee
  // (the report's person differs from its report), the dialog opens and the decision goes again.
  async function send(m, payload) {
    const url = `/api/v1/matches/${encodeURIComponent(m.id)}/decision`;
    try {
      return await post(url, payload);
    } catch (err) {
      const asked = err.field === 'acknowledged' && err.body && err.body.error && err.body.error.detail &&
        err.body.error.detail.params && err.body.error.detail.params.status;
      if (!asked || payload.acknowledged === asked) throw err;
      if (!(await askGrave(m, asked))) return null;
      return post(url, { ...payload, acknowledged: asked });
    }
  }

  async function decide(decision) {
    if (busy || !items.length) return;
    const m = items[index];
    busy = true;
    try {
      const payload = { decision };
      const kind = decision === 'confirmed' ? grave(m) : '';
      if (kind) {
        if (!(await askGrave(m, kind))) return;
        payload.acknowledged = kind;
      }
      const res = await send(m, payload);
      if (!res) return;
      // A confirmation closes the inquiry's other candidates.
      items = items.filter((x) => x === m || !(decision === 'confirmed' && m.inquiry && x.inquiry && x.inquiry.id === m.inquiry.id));
      index = items.indexOf(m);
      items.splice(index, 1);
      if (index >= items.length) index = 0;
      if (decision === 'confirmed' && m.inquiry) {
        ctx.toast(t('review.done.confirmed'), 'ok', { label: t('review.undo'), run: () => undo(m) });
      } else if (decision === 'confirmed' && res.merge_id) {
        ctx.toast(t('review.done.merged'), 'ok', { label: t('review.undo'), run: () => undoMerge(res.merge_id) });
      } else {
        ctx.toast(t(`review.done.${decision}`));
      }
      draw();
      const next = document.getElementById('confirm');
      if (next) next.focus();
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    } finally {
      busy = false;
    }
  }
}

// Candidates of one inquiry together, the inquiries in the order of their best candidate.
function groupByInquiry(list) {
  const order = new Map();
  list.forEach((m, i) => {
    const key = m.inquiry ? `q:${m.inquiry.id}` : `m:${m.id}`;
    if (!order.has(key)) order.set(key, i);
  });
  const keyOf = (m) => (m.inquiry ? `q:${m.inquiry.id}` : `m:${m.id}`);
  return list.map((m, i) => [m, i]).sort((a, b) => order.get(keyOf(a[0])) - order.get(keyOf(b[0])) || a[1] - b[1]).map(([m]) => m);
}

function row(label, value) {
  if (!value) return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}
