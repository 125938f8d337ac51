// Callback queue: who to call back, what to tell them, and the outcome of the call. Opening a
// card (focus or click) claims it, so no other operator calls the same family meanwhile; the
// card shows the family code to read out and asks to check who is on the phone. Keys by
// position (event.code), so they work on a Cyrillic layout too.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtDateTime, fmtAgo, fmtNum } from '../i18n.js';
import { problem, loading, empty, kbd, pageHeader, cardKeys } from '../ui.js';

export function render(main, ctx) {
  let alive = true;
  const list = h('ol', { class: 'callbacks', id: 'callback-list' });
  const body = h('div', {}, loading());
  main.append(pageHeader(t('title.callbacks'), h('p', { class: 'muted small shortcuts' }, t('callbacks.keys'))), body);

  cardKeys(ctx, list, 'callback', {
    KeyI: 'button[data-outcome="informed"]',
    KeyN: 'button[data-outcome="no_answer"]',
    KeyL: 'button[data-outcome="retry_later"]',
  });

  load();
  return () => { alive = false; };

  async function load() {
    try {
      const res = await get(`/api/v1/callbacks${qs({ state: 'pending' })}`);
      if (!alive) return;
      clear(body);
      clear(list);
      const items = res.items || [];
      if (!items.length) { body.append(empty(t('callbacks.empty'))); return; }
      body.append(h('p', { class: 'muted small', role: 'status' }, t('callbacks.count', { n: fmtNum(items.length) })), list);
      for (const c of items) list.append(card(c));
    } catch (err) {
      if (!alive) return;
      clear(body).append(problem(err, t('title.callbacks')));
    }
  }

  function card(c) {
    const note = h('input', { id: `note-${c.id}`, name: 'note', autocomplete: 'off' });
    const due = c.due_at && new Date(c.due_at) <= new Date();
    const el = h('li', { class: 'callback', tabindex: '0', 'data-callback-id': c.id,
      'aria-label': t('callbacks.cardLabel', { name: c.inquirer_name || '', phone: c.phone }) },
    h('div', { class: 'callback-head' },
      h('a', { class: 'phone', href: `tel:${c.phone.replace(/[^+\d]/g, '')}` }, c.phone),
      h('span', { class: 'callback-who' }, c.inquirer_name || ''),
      c.due_at ? h('time', { class: due ? 'due now' : 'due', datetime: c.due_at, title: fmtDateTime(c.due_at) },
        due ? t('callbacks.dueNow') : t('callbacks.dueAt', { when: fmtAgo(c.due_at) })) : ''),
    h('p', { class: 'claim', 'data-claim': c.claimed_by || '' }, c.claimed_by ? t('callbacks.claimedBy', { who: c.claimed_by_name || c.claimed_by }) : ''),
    h('p', { class: 'check-caller' }, t('callbacks.checkCaller', { name: c.inquirer_name || '—',
      relation: c.inquirer_relation ? t(`relation.${c.inquirer_relation}`) : '—' })),
    h('div', { class: 'tell' }, h('span', { class: 'tell-label' }, t('callbacks.tell')), ' ', tellText(c)),
    c.family_code ? h('p', { class: 'family-code' }, t('callbacks.code'), ' ',
      h('strong', { class: 'code' }, c.family_code.replace(/(\d{4})(\d{4})/, '$1 $2'))) : '',
    h('p', { class: 'muted small' },
      c.person_id ? h('a', { href: `#/person/${encodeURIComponent(c.person_id)}` }, t('callbacks.openPerson')) : '',
      c.attempts ? ` · ${t('callbacks.attempts', { n: fmtNum(c.attempts) })}` : ''),
    h('div', { class: 'field' }, h('label', { for: `note-${c.id}` }, t('callbacks.note')), note),
    h('div', { class: 'actions' },
      ['informed', 'no_answer', 'retry_later'].map((o) => h('button', {
        type: 'button', 'data-outcome': o, class: o === 'informed' ? 'primary' : '',
        onclick: () => outcome(c, o, note.value.trim(), el),
      }, t(`callbacks.${o}`), ' ', kbd({ informed: 'I', no_answer: 'N', retry_later: 'L' }[o]))),
      c.match_id && c.state === 'pending' ? h('button', { type: 'button', class: 'link', 'data-undo': c.match_id,
        onclick: () => undoConfirmation(c, el) }, t('callbacks.undoConfirmation')) : ''));
    // Opening the card claims the call; another operator's claim shows on the card.
    el.addEventListener('focusin', () => claim(c, el));
    return el;
  }

  async function claim(c, el) {
    if (el.dataset.claimed === 'mine') return;
    const line = el.querySelector('.claim');
    try {
      const task = await post(`/api/v1/callbacks/${encodeURIComponent(c.id)}/claim`);
      el.dataset.claimed = 'mine';
      el.classList.remove('taken');
      line.textContent = t('callbacks.claimedByYou', { until: fmtDateTime(task.claimed_until) });
    } catch (err) {
      if (err.status === 409) {
        el.classList.add('taken');
        line.textContent = t('callbacks.takenByOther');
        el.querySelectorAll('button[data-outcome]').forEach((b) => { b.disabled = true; });
      }
    }
  }

  async function undoConfirmation(c, el) {
    if (!window.confirm(t('callbacks.undoAsk'))) return;
    try {
      const res = await post(`/api/v1/matches/${encodeURIComponent(c.match_id)}/undo`);
      ctx.toast(t(res.message_withdrawn ? 'review.undone' : 'review.undoneCallStays'));
      if (res.message_withdrawn) el.remove();
      else load();
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    }
  }

  // What to tell, in the operator's language, from the person's record; the server's own text
  // until that arrives (or when there is no person).
  function tellText(c) {
    const span = h('span', { class: 'tell-text' }, c.message || '—');
    if (c.person_id) {
      get(`/api/v1/persons/${encodeURIComponent(c.person_id)}`).then((p) => {
        const where = [p.facility].filter(Boolean).join(', ');
        span.textContent = t(where ? 'callbacks.tellWhere' : 'callbacks.tellStatus',
          { name: p.display_name || t('person.unnamed'), status: t(`status.${p.status}`), where });
      }).catch(() => {});
    }
    return span;
  }

  async function outcome(c, o, note, el) {
    try {
      const payload = { outcome: o };
      if (note) payload.note = note;
      await post(`/api/v1/callbacks/${encodeURIComponent(c.id)}/outcome`, payload);
      ctx.toast(t(`callbacks.done.${o}`));
      const next = el.nextElementSibling || el.previousElementSibling;
      el.remove();
      if (next) next.focus();
      if (!list.querySelector('.callback')) clear(body).append(empty(t('callbacks.empty')));
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    }
  }
}
