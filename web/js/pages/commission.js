// The commission's work (issue #18): #/commission lists the caller's commissions and their
// sessions, and lets the chair or secretary open a session with an agenda of ready (or appealed)
// claims; #/commission/session/ID is the session itself: each claim's file (object, assessment,
// valuation, the programme's rule and caps, other claims on the same object), the votes, who is
// recused, the quorum and whether a decision is carried, polled every few seconds. Members vote
// with one key (A approve, R reject, S abstain; D declares a conflict), J/K move; the chair or
// secretary records the decision (E) and closes the session; each member present signs the act,
// which downloads as PDF in Kazakh or Russian. Keys by position (event.code), so a Cyrillic
// layout works too.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtDateTime, fmtNum } from '../i18n.js';
import { problem, loading, empty, kbd, pageHeader } from '../ui.js';

const kPollMs = 3000;

export function money(n) {
  return n === null || n === undefined ? '—' : `${fmtNum(n)} ₸`;
}

function memberLabel(commission, userId, me) {
  const m = (commission.members || []).find((x) => x.user_id === userId);
  const role = m ? t(`commission.role.${m.role}`) : '';
  const name = (commission.names || {})[userId] || userId;
  return `${userId === me ? `${name} (${t('commission.you')})` : name}${role ? ` · ${role}` : ''}`;
}

function myRole(commission, me) {
  const m = (commission.members || []).find((x) => x.user_id === me);
  return m ? m.role : '';
}

function row(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}

export function render(main, ctx) {
  const [sub, id] = ctx.params;
  if (sub === 'session' && id) return renderSession(main, ctx, id);
  return renderList(main, ctx);
}

// ---- the commissions and opening a session ----

function renderList(main, ctx) {
  let alive = true;
  const me = ctx.session.user.id;
  const body = h('div', { id: 'commission-list' }, loading());
  main.append(pageHeader(t('title.commission')), body);
  load();
  return () => { alive = false; };

  async function load() {
    try {
      const res = await get('/api/v1/recovery/commissions');
      if (!alive) return;
      const mine = (res.items || []).filter((c) => ctx.session.user.role !== 'commission_member' || myRole(c, me));
      clear(body);
      if (!mine.length) { body.append(empty(t('commission.none'))); return; }
      for (const c of mine) body.append(await commissionCard(c));
    } catch (err) {
      if (alive) clear(body).append(problem(err, t('title.commission')));
    }
  }

  async function commissionCard(c) {
    const full = await get(`/api/v1/recovery/commissions/${encodeURIComponent(c.id)}`);
    const role = myRole(c, me);
    const sessions = (full.sessions || []).map((s) => h('li', {},
      h('a', { href: `#/commission/session/${encodeURIComponent(s.id)}`, class: 'session-link', 'data-session-id': s.id },
        t(`commission.state.${s.state}`), ' · ', fmtDateTime(s.opened_at)),
      ' ', h('span', { class: 'muted small' }, t('commission.presentCount', { n: s.present.length }))));
    const section = h('section', { class: 'panel commission', 'data-commission-id': c.id, 'aria-labelledby': `c-${c.id}` },
      h('h2', { id: `c-${c.id}` }, c.name),
      h('p', { class: 'muted small' }, t('commission.quorumOf', { q: c.quorum, n: c.members.length }),
        role ? ` · ${t(`commission.role.${role}`)}` : ''),
      sessions.length ? h('ul', { class: 'sessions' }, sessions) : h('p', { class: 'muted' }, t('commission.noSessions')));
    if (role === 'chair' || role === 'secretary') section.append(await agendaBuilder({ ...c, names: full.names }));
    return section;
  }

  // The agenda from complete, valued claims: ready ones and appealed ones of the programme.
  async function agendaBuilder(c) {
    const claims = [];
    for (const state of ['ready', 'appealed']) {
      const res = await get(`/api/v1/recovery/claims${qs({ state, programme_id: c.programme_id, limit: 200 })}`);
      claims.push(...(res.items || []));
    }
    // First come, first decided.
    claims.sort((x, y) => String(x.submitted_at).localeCompare(String(y.submitted_at)) || x.id.localeCompare(y.id));
    const form = h('form', { class: 'agenda-builder', id: `agenda-${c.id}`, onsubmit: (e) => { e.preventDefault(); open(); } });
    form.append(h('h3', {}, t('commission.newSession')));
    if (!claims.length) {
      form.append(h('p', { class: 'muted', id: 'agenda-empty' }, t('commission.noReadyClaims')));
      return form;
    }
    const present = h('fieldset', { class: 'present' }, h('legend', {}, t('commission.present')),
      c.members.map((m) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'present', value: m.user_id, checked: true }), ' ', memberLabel(c, m.user_id, me))));
    const list = h('table', { class: 'agenda-claims' },
      h('thead', {}, h('tr', {}, h('th', {}, h('span', { class: 'sr-only' }, t('commission.onAgenda'))),
        h('th', {}, t('commission.claim')), h('th', {}, t('commission.kind')), h('th', {}, t('commission.state')),
        h('th', { class: 'num' }, t('commission.valued')))),
      h('tbody', {}, claims.map((cl) => h('tr', {},
        h('td', {}, h('input', { type: 'checkbox', name: 'claim', value: cl.id, checked: true, 'aria-label': cl.id })),
        h('td', {}, cl.id), h('td', {}, t(`commission.kind.${cl.kind}`)), h('td', {}, t(`commission.claimState.${cl.state}`)),
        h('td', { class: 'num' }, money(cl.amount_valued))))));
    const submit = h('button', { type: 'submit', class: 'primary', id: 'open-session' },
      t('commission.openSession', { n: claims.length }));
    form.append(present, list, h('div', { class: 'actions' }, submit));
    return form;

    async function open() {
      const presentIds = [...form.querySelectorAll('input[name=present]:checked')].map((x) => x.value);
      const claimIds = [...form.querySelectorAll('input[name=claim]:checked')].map((x) => x.value);
      if (!claimIds.length) { ctx.toast(t('commission.pickClaims'), 'warn'); return; }
      submit.disabled = true;
      try {
        const s = await post(`/api/v1/recovery/commissions/${encodeURIComponent(c.id)}/sessions`,
          { present: presentIds, claim_ids: claimIds });
        ctx.toast(t('commission.opened'));
        ctx.navigate(`commission/session/${encodeURIComponent(s.id)}`);
      } catch (err) {
        ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
        submit.disabled = false;
      }
    }
  }
}

// ---- a session ----

function renderSession(main, ctx, sessionId) {
  let alive = true;
  let timer = null;
  let view = null;        // GET /sessions/{id}
  let commission = null;  // GET /commissions/{id}
  let programme = null;
  let index = 0;
  let busy = false;
  let declaring = false;
  let deciding = false;
  const me = ctx.session.user.id;
  const files = new Map();  // claim id → { claim, object, others }
  const declared = new Set();  // claims the caller declared a conflict on in this session
  const status = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite', id: 'session-status' });
  const agendaNav = h('ol', { class: 'agenda', id: 'agenda' });
  const file = h('div', { id: 'claim-file' }, loading());
  const tally = h('div', { id: 'tally', 'aria-live': 'polite' });
  const act = h('div', { id: 'act' });
  main.append(pageHeader(t('title.session'), h('p', { class: 'muted small shortcuts' }, t('commission.keys'))),
    status, h('div', { class: 'session-grid' },
      h('nav', { 'aria-label': t('commission.agenda') }, agendaNav),
      h('div', {}, tally, file)), act);

  ctx.onKey((e, inField) => {
    if (inField || e.ctrlKey || e.altKey || e.metaKey || !view) return false;
    const k = e.code;
    if (k === 'KeyA') { vote('approve'); return true; }
    if (k === 'KeyR') { vote('reject'); return true; }
    if (k === 'KeyS') { vote('abstain'); return true; }
    if (k === 'KeyD') { askDeclare(); return true; }
    if (k === 'KeyE') { openDecision(); return true; }
    if (k === 'KeyJ' || e.key === 'ArrowDown') { move(1); return true; }
    if (k === 'KeyK' || e.key === 'ArrowUp') { move(-1); return true; }
    return false;
  });

  load(true);
  return () => { alive = false; clearTimeout(timer); };

  async function load(first) {
    clearTimeout(timer);
    try {
      const v = await get(`/api/v1/recovery/sessions/${encodeURIComponent(sessionId)}`);
      if (!alive) return;
      if (!commission) {
        commission = await get(`/api/v1/recovery/commissions/${encodeURIComponent(v.commission_id)}`);
        const progs = await get('/api/v1/recovery/programmes');
        programme = (progs.items || []).find((p) => p.id === commission.programme_id) || null;
      }
      view = v;
      if (first) index = nextFor(0);
      // A poll leaves a form being filled alone.
      if (first || !(deciding || declaring)) draw();
    } catch (err) {
      if (alive && first) clear(file).append(problem(err, t('title.session')));
    }
    if (alive && (!view || view.state === 'open' || !finalAct())) timer = setTimeout(() => load(false), kPollMs);
  }

  function items() { return view ? view.agenda : []; }
  function current() { return items()[index]; }
  function finalAct() { const a = view && view.acts.length ? view.acts[view.acts.length - 1] : null; return a && a.final_at; }
  function present() { return view.present.includes(me); }
  // Who may not vote on the item: as the session opened, and the caller's own declarations since.
  function recusals(item) {
    const list = (item.recused || '').split(',').filter(Boolean).map((x) => {
      const i = x.lastIndexOf(':');
      return { user: x.slice(0, i), reason: x.slice(i + 1) };
    });
    if (declared.has(item.claim_id) && !list.some((r) => r.user === me)) list.push({ user: me, reason: 'declared' });
    return list;
  }
  function votesOf(item) { return view.votes.filter((v) => v.claim_id === item.claim_id); }
  function canVote(item) {
    return view.state === 'open' && present() && item.decision === 'pending' &&
      !recusals(item).some((r) => r.user === me) && !votesOf(item).some((v) => v.user_id === me);
  }
  // The next item from `from` on the caller may still vote on, else the first undecided.
  function nextFor(from) {
    const list = items();
    for (let i = 0; i < list.length; i++) { const j = (from + i) % list.length; if (canVote(list[j])) return j; }
    for (let i = 0; i < list.length; i++) { const j = (from + i) % list.length; if (list[j].decision === 'pending') return j; }
    return Math.min(from, Math.max(0, list.length - 1));
  }
  // Votes and what they carry: more than half of the present members who may vote, and at least
  // the quorum of them may vote.
  function count(item) {
    const votes = votesOf(item);
    const eligible = view.present.filter((u) => !recusals(item).some((r) => r.user === u)).length;
    const n = (c) => votes.filter((v) => v.choice === c).length;
    const approve = n('approve'), reject = n('reject'), abstain = n('abstain');
    const quorate = eligible >= commission.quorum;
    const carried = !quorate ? '' : approve * 2 > eligible ? 'approved' : reject * 2 > eligible ? 'rejected' : '';
    return { approve, reject, abstain, eligible, quorate, carried, cast: votes.length };
  }

  function move(d) {
    if (!items().length) return;
    index = (index + d + items().length) % items().length;
    declaring = false; deciding = false;
    draw();
  }

  function draw() {
    const role = myRole(commission, me);
    const decided = items().filter((i) => i.decision !== 'pending').length;
    status.textContent = `${t(`commission.state.${view.state}`)} · ${t('commission.decidedOf', { d: decided, n: items().length })} · ` +
      t('commission.presentQuorum', { n: view.present.length, q: commission.quorum });
    clear(agendaNav).append(...items().map((item, i) => {
      const c = count(item);
      return h('li', { class: i === index ? 'current' : '', 'data-claim-id': item.claim_id, 'data-decision': item.decision },
        h('button', { type: 'button', class: 'link', 'aria-current': i === index ? 'true' : null,
          onclick: () => { index = i; declaring = false; deciding = false; draw(); } },
        `${i + 1}. ${item.claim_id}`),
        ' ', h('span', { class: `badge decision-${item.decision}` }, t(`commission.decision.${item.decision}`)),
        item.decision === 'approved' ? ` ${money(item.amount)}` : '',
        item.decision === 'pending' ? h('span', { class: 'muted small' }, ` ${t('commission.votesCast', { n: c.cast, m: c.eligible })}`) : '');
    }));
    drawTally(role);
    drawFile();
    drawAct();
  }

  function drawTally(role) {
    const item = current();
    clear(tally);
    if (!item) return;
    const c = count(item);
    const mine = votesOf(item).find((v) => v.user_id === me);
    const rec = recusals(item);
    const recusedMe = rec.find((r) => r.user === me);
    tally.append(h('section', { class: 'panel tally', 'aria-labelledby': 'tally-title' },
      h('h2', { id: 'tally-title' }, t('commission.position', { i: index + 1, n: items().length }), ' · ', item.claim_id),
      h('p', { class: 'counts', id: 'vote-counts' },
        t('commission.counts', { a: c.approve, r: c.reject, s: c.abstain, m: c.eligible })),
      h('p', { id: 'quorum-line', class: c.quorate ? '' : 'warn' },
        c.quorate ? t('commission.quorumMet', { m: c.eligible, q: commission.quorum })
          : t('commission.quorumShort', { m: c.eligible, q: commission.quorum })),
      item.decision !== 'pending'
        ? h('p', { id: 'decision-line', class: 'big' }, t(`commission.decision.${item.decision}`),
          item.decision === 'approved' ? ` · ${money(item.amount)}` : '', item.reason ? ` · ${item.reason}` : '')
        : h('p', { id: 'carried-line' }, c.carried ? t(`commission.carried.${c.carried}`) : t('commission.notCarried')),
      rec.length ? h('p', { class: 'muted small', id: 'recused-line' }, t('commission.recused'), ' ',
        rec.map((r) => `${memberLabel(commission, r.user, me)} (${t(`commission.reason.${r.reason}`)})`).join('; ')) : '',
      mine ? h('p', { id: 'my-vote' }, t('commission.yourVote', { v: t(`commission.vote.${mine.choice}`) })) : '',
      recusedMe ? h('p', { id: 'my-recusal', class: 'warn' }, t('commission.youAreRecused')) : ''));
    const panel = tally.firstChild;
    if (canVote(item)) {
      panel.append(h('div', { class: 'actions decide' },
        h('button', { type: 'button', class: 'primary', id: 'vote-approve', onclick: () => vote('approve') }, t('commission.vote.approve'), ' ', kbd('A')),
        h('button', { type: 'button', class: 'danger', id: 'vote-reject', onclick: () => vote('reject') }, t('commission.vote.reject'), ' ', kbd('R')),
        h('button', { type: 'button', id: 'vote-abstain', onclick: () => vote('abstain') }, t('commission.vote.abstain'), ' ', kbd('S')),
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'link', id: 'declare', onclick: askDeclare }, t('commission.declare'), ' ', kbd('D'))));
    }
    if (declaring) {
      panel.append(h('div', { class: 'notice', role: 'alert' },
        h('p', {}, t('commission.declareWhat')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'danger', id: 'declare-yes', onclick: declare }, t('commission.declareYes')),
          h('button', { type: 'button', id: 'declare-no', onclick: () => { declaring = false; draw(); } }, t('commission.cancel')))));
    }
    const officer = role === 'chair' || role === 'secretary';
    if (officer && present() && view.state === 'open' && item.decision === 'pending') {
      if (!deciding) {
        panel.append(h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'record-decision', disabled: !c.carried, onclick: openDecision },
            t('commission.record'), ' ', kbd('E'))));
      } else {
        const file = files.get(item.claim_id);
        const outcome = h('select', { id: 'decision-outcome', name: 'outcome' },
          ['approved', 'rejected'].map((o) => h('option', { value: o, selected: o === (c.carried || 'approved') }, t(`commission.decision.${o}`))));
        const amount = h('input', { id: 'decision-amount', name: 'amount', inputmode: 'numeric',
          value: String(file && file.claim.amount_valued ? file.claim.amount_valued : '') });
        const reason = h('input', { id: 'decision-reason', name: 'reason' });
        const form = h('form', { class: 'decision-form', onsubmit: (e) => { e.preventDefault(); decide(outcome.value, amount.value, reason.value); } },
          h('div', { class: 'field' }, h('label', { for: 'decision-outcome' }, t('commission.outcome')), outcome),
          h('div', { class: 'field' }, h('label', { for: 'decision-amount' }, t('commission.amount')), amount),
          h('div', { class: 'field' }, h('label', { for: 'decision-reason' }, t('commission.reason')), reason),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'decision-save' }, t('commission.save')),
            h('button', { type: 'button', onclick: () => { deciding = false; draw(); } }, t('commission.cancel'))));
        panel.append(form);
        requestAnimationFrame(() => (outcome.value === 'rejected' ? reason : amount).focus());
      }
    }
    if (officer && present() && view.state === 'open' && items().every((i) => i.decision !== 'pending')) {
      panel.append(h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'close-session', onclick: closeSession }, t('commission.close'))));
    }
  }

  async function drawFile() {
    const item = current();
    if (!item) { clear(file).append(empty(t('commission.emptyAgenda'))); return; }
    const id = item.claim_id;
    if (!files.has(id)) {
      clear(file).append(loading());
      try {
        const claim = await get(`/api/v1/recovery/claims/${encodeURIComponent(id)}`);
        const object = claim.object || null;
        // The same applicant's or object's other claims and what was paid on them, from the file.
        const others = claim.earlier || [];
        files.set(id, { claim, object, others });
      } catch (err) {
        if (alive && current() && current().claim_id === id) clear(file).append(problem(err, id));
        return;
      }
      if (!alive || !current() || current().claim_id !== id) return;
    }
    const { claim, object, others } = files.get(id);
    const a = (claim.assessments || [])[0];
    const p = programme || {};
    clear(file).append(h('article', { class: 'panel claim-file', 'data-claim-id': id, 'aria-labelledby': 'file-title' },
      h('h2', { id: 'file-title' }, t('commission.file')),
      h('div', { class: 'side-by-side' },
        h('section', { class: 'side' }, h('h3', {}, t('commission.theClaim')),
          h('dl', {},
            row(t('commission.kind'), t(`commission.kind.${claim.kind}`)),
            row(t('commission.applicant'), claim.applicant_name),
            row(t('commission.claimed'), claim.amount_claimed ? money(claim.amount_claimed) : ''),
            row(t('commission.valued'), money(claim.amount_valued)),
            row(t('commission.valuation'), claim.valuation ? t(`commission.valuation.${claim.valuation}`) : ''),
            row(t('commission.documents'), String((claim.documents || []).length)))),
        h('section', { class: 'side' }, h('h3', {}, t('commission.object')),
          object ? h('dl', {},
            row(t('commission.objectKind'), t(`commission.objectKind.${object.kind}`)),
            row(t('commission.address'), object.address),
            row(t('commission.cadastral'), object.cadastral),
            row(t('commission.vin'), object.vin)) : h('p', { class: 'muted' }, claim.person_name || '—'),
          a ? h('dl', { id: 'assessment' },
            row(t('commission.grade'), [a.grade, a.fema ? `(${a.fema})` : ''].filter(Boolean).join(' ')),
            row(t('commission.damage'), money(a.asset_damage)),
            row(t('commission.lostIncome'), a.lost_income ? money(a.lost_income) : ''),
            row(t('commission.photos'), String((a.photos || []).length)),
            row(t('commission.inspected'), a.inspected_at ? fmtDateTime(a.inspected_at) : '')) : ''),
        h('section', { class: 'side' }, h('h3', {}, t('commission.programme')),
          h('dl', { id: 'programme-rule' },
            row(t('commission.programme'), claim.programme_name || p.name),
            row(t('commission.rule'), p.amount_rule ? t(`commission.rule.${p.amount_rule}`) : ''),
            row(t('commission.capObject'), p.cap_per_object ? money(p.cap_per_object) : t('commission.noCap')),
            row(t('commission.capPerson'), p.cap_per_person ? money(p.cap_per_person) : t('commission.noCap')),
            row(t('commission.budget'), p.budget ? money(p.budget) : t('commission.noCap'))),
          h('h3', {}, t('commission.earlier')),
          others.length ? h('ul', { id: 'earlier' }, others.map((o) => h('li', { 'data-claim-id': o.claim_id },
            [o.claim_id, o.programme_code, t(`commission.claimState.${o.state}`),
              o.paid ? t('commission.paidOn', { amount: money(o.paid), at: o.last_paid_at ? fmtDateTime(o.last_paid_at) : '' }) : '',
              o.pending_payment ? t('commission.paymentPending', { amount: money(o.pending_payment) }) : '',
              [o.same_applicant ? t('commission.sameApplicant') : '', o.same_object ? t('commission.sameObject') : ''].filter(Boolean).join(', ')]
              .filter(Boolean).join(' · '))))
            : h('p', { class: 'muted', id: 'earlier' }, t('commission.noEarlier'))))));
  }

  function drawAct() {
    clear(act);
    if (!view.acts.length) return;
    const a = view.acts[view.acts.length - 1];
    const signed = a.signatures.some((s) => s.user_id === me);
    const canSign = present() && !signed;
    act.append(h('section', { class: 'panel act', 'aria-labelledby': 'act-title', 'data-act-id': a.id },
      h('h2', { id: 'act-title' }, t('commission.act')),
      h('p', {}, t('commission.hash'), ' ', h('code', { id: 'act-hash' }, a.sha256)),
      h('p', { id: 'act-signatures' }, t('commission.signatures', { n: a.signatures.length, q: commission.quorum }),
        ' ', a.final_at ? h('strong', { id: 'act-final' }, t('commission.final', { at: fmtDateTime(a.final_at) })) : t('commission.notFinal')),
      h('ul', {}, a.signatures.map((s) => h('li', {}, `${memberLabel(commission, s.user_id, me)} · ${fmtDateTime(s.signed_at)}`))),
      h('div', { class: 'actions' },
        canSign ? h('button', { type: 'button', class: 'primary', id: 'sign-act', onclick: () => sign(a) }, t('commission.sign')) : '',
        h('a', { href: `/api/v1/recovery/acts/${encodeURIComponent(a.id)}/pdf?lang=kk`, id: 'act-pdf-kk', download: '' }, t('commission.pdfKk')),
        h('a', { href: `/api/v1/recovery/acts/${encodeURIComponent(a.id)}/pdf?lang=ru`, id: 'act-pdf-ru', download: '' }, t('commission.pdfRu')))));
  }

  async function run(fn, done) {
    if (busy) return;
    busy = true;
    try {
      await fn();
      if (done) ctx.toast(done);
      await load(false);
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    } finally {
      busy = false;
    }
  }

  function vote(choice) {
    const item = current();
    if (!item || !canVote(item)) return;
    run(async () => {
      await post(`/api/v1/recovery/sessions/${encodeURIComponent(sessionId)}/votes`, { claim_id: item.claim_id, choice });
      view.votes.push({ claim_id: item.claim_id, user_id: me, choice });
      index = nextFor(index);
    }, t(`commission.voted.${choice}`));
  }

  function askDeclare() {
    const item = current();
    if (!item || !canVote(item)) return;
    declaring = true;
    draw();
    const yes = document.getElementById('declare-yes');
    if (yes) yes.focus();
  }

  function declare() {
    const item = current();
    declaring = false;
    run(async () => {
      await post(`/api/v1/recovery/commissions/${encodeURIComponent(commission.id)}/declarations`, { claim_id: item.claim_id });
      declared.add(item.claim_id);
      index = nextFor(index);
    }, t('commission.declared'));
  }

  function openDecision() {
    const item = current();
    const role = myRole(commission, me);
    if (!item || item.decision !== 'pending' || !(role === 'chair' || role === 'secretary')) return;
    deciding = true;
    draw();
  }

  function decide(outcome, amount, reason) {
    const item = current();
    const body = { claim_id: item.claim_id, outcome };
    if (outcome === 'approved') body.amount = Number(String(amount).replace(/\s/g, ''));
    if (reason) body.reason = reason;
    run(async () => {
      await post(`/api/v1/recovery/sessions/${encodeURIComponent(sessionId)}/decisions`, body);
      deciding = false;
      item.decision = outcome;
      index = nextFor(index);
    }, t(`commission.recorded.${outcome}`));
  }

  function closeSession() {
    run(() => post(`/api/v1/recovery/sessions/${encodeURIComponent(sessionId)}/close`), t('commission.closed'));
  }

  function sign(a) {
    run(() => post(`/api/v1/recovery/acts/${encodeURIComponent(a.id)}/signatures`), t('commission.signed'));
  }
}
