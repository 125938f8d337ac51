// Review queue: one candidate match at a time, the inquiry and the found person side by side;
// C confirm, R reject, U not sure, J/K next/previous.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtDateTime, fmtAgo } from '../i18n.js';
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
    const k = e.key.toLowerCase();
    if (k === 'c') { decide('confirmed'); return true; }
    if (k === 'r') { decide('rejected'); return true; }
    if (k === 'u') { decide('unsure'); return true; }
    if (k === 'j' || e.key === 'ArrowRight') { move(1); return true; }
    if (k === 'k' || e.key === 'ArrowLeft') { move(-1); return true; }
    return false;
  });

  load();
  return () => { alive = false; };

  async function load() {
    try {
      const res = await get(`/api/v1/matches${qs({ decision: 'pending', limit: 100 })}`);
      if (!alive) return;
      items = res.items || [];
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
        h('span', { class: 'score big' }, scorePercent(m.score)),
        m.explanation ? h('span', { class: 'why' }, m.explanation) : '',
        m.created_at ? h('time', { class: 'muted small', datetime: m.created_at }, fmtAgo(m.created_at)) : ''),
      h('div', { class: 'side-by-side' }, sought, found), buttons));
  }

  async function decide(decision) {
    if (busy || !items.length) return;
    const m = items[index];
    busy = true;
    try {
      await post(`/api/v1/matches/${encodeURIComponent(m.id)}/decision`, { decision });
      items.splice(index, 1);
      if (index >= items.length) index = 0;
      ctx.toast(t(`review.done.${decision}`));
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

function row(label, value) {
  if (!value) return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}
