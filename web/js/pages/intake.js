// Call intake: search as the caller spells the name, record the inquiry with Ctrl+Enter, see the
// candidates for it on the same screen. A saved call clears the form, so the next caller is never
// saved with the last one's name and phone; a save in flight is not sent twice, and a retry of
// the same form after a lost answer carries the same Idempotency-Key. An inquiry taken up again
// from the inquiries list stays the call in progress while the operator searches, and a search
// result is linked to it ("this is who the caller means").
import { h, clear, debounce } from '../dom.js';
import { get, post, qs, isMissingEndpoint, newIdempotencyKey } from '../api.js';
import { t, fmtAgo, fmtDateTime, lang, languages } from '../i18n.js';
import { highlight } from '../highlight.js';
import { spokenBirth } from '../spoken.js';
import { matchWhy } from '../reasons.js';
import { statusBadge, sources, field, showFieldError, problem, kbd, scorePercent, ageLine } from '../ui.js';

// Kept while the operator opens a person page and comes back: a call is still in progress.
const state = { q: '', status: '', form: {}, nameTouched: false, saved: null, attempt: null, pinned: false };

// The call being typed survives a reload (the server away, a slip of F5) in the tab's storage,
// which sign-out clears; a saved call clears it.
const kDraftKey = 'aftermath.intakeDraft';
function saveDraft() {
  try {
    const typed = Object.entries(state.form).some(([k, v]) => v && k !== 'language') || state.q;
    if (typed) sessionStorage.setItem(kDraftKey, JSON.stringify({ q: state.q, form: state.form, nameTouched: state.nameTouched }));
    else sessionStorage.removeItem(kDraftKey);
  } catch { /* private mode */ }
}
function forgetDraft() { try { sessionStorage.removeItem(kDraftKey); } catch { /* private mode */ } }
try {
  const draft = JSON.parse(sessionStorage.getItem(kDraftKey) || 'null');
  if (draft) Object.assign(state, { q: draft.q || '', form: draft.form || {}, nameTouched: !!draft.nameTouched });
} catch { /* none */ }

// The inquiries list hands over an inquiry whose caller is on the line again.
export function continueCall(inquiry) {
  state.saved = inquiry;
  state.pinned = true;
  state.q = inquiry.sought_name || '';
}
const personCache = new Map();

const kStatuses = ['missing', 'hospitalised', 'detained', 'deceased', 'safe', 'unknown'];
const kRelations = ['mother', 'father', 'wife', 'husband', 'son', 'daughter', 'sister', 'brother',
  'relative', 'friend', 'other'];

// Search hits a page; "More" asks for the next ones.
const kPageSize = 10;

export function render(main, ctx) {
  let seq = 0;
  let limit = kPageSize;
  let alive = true;
  const results = h('ol', { class: 'results', id: 'results', 'aria-label': t('intake.results') });
  const resultsNote = h('p', { class: 'muted small', id: 'results-note', role: 'status', 'aria-live': 'polite' });
  const q = h('input', {
    id: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false', value: state.q,
    'aria-describedby': 'q-hint results-note', 'aria-controls': 'results',
    oninput: () => { state.q = q.value; limit = kPageSize; if (!state.pinned) startingNext(); syncName(); saveDraft(); runSearch(); },
    onkeydown: (e) => {
      if (e.key === 'ArrowDown') { e.preventDefault(); focusResult(0); }
      if (e.key === 'Escape' && q.value) { e.preventDefault(); q.value = ''; state.q = ''; syncName(); runSearch(); }
      if (e.key === 'Enter' && !e.ctrlKey) { e.preventDefault(); document.getElementById('inquirer_name').focus(); }
    },
  });
  const statusFilter = h('select', { id: 'status-filter', onchange: () => { state.status = statusFilter.value; runSearch(); } },
    h('option', { value: '' }, t('intake.anyStatus')),
    kStatuses.map((s) => h('option', { value: s, selected: state.status === s }, t(`status.${s}`))));

  const searchPanel = h('section', { class: 'panel', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title' }, t('intake.searchTitle')),
    h('div', { class: 'search-row' },
      h('div', { class: 'field grow' }, h('label', { for: 'q' }, t('intake.searchLabel')), q,
        h('p', { class: 'hint', id: 'q-hint' }, t('intake.searchHint'))),
      h('div', { class: 'field' }, h('label', { for: 'status-filter' }, t('intake.statusFilter')), statusFilter)),
    resultsNote, results);

  // The inquiry form.
  const input = (name, attrs = {}) => h('input', { id: name, name, value: state.form[name] || '', ...attrs,
    oninput: (e) => {
      state.form[name] = e.target.value;
      if (name === 'sought_name') state.nameTouched = true;
      startingNext();
      saveDraft();
      if (name === 'sought_birth_date' || name === 'sought_approx_age') runSearch();
    } });
  const select = (name, options) => h('select', { id: name, name,
    onchange: (e) => { state.form[name] = e.target.value; saveDraft(); if (name === 'sought_sex') runSearch(); } },
  options.map(([v, label]) => h('option', { value: v, selected: (state.form[name] || '') === v }, label)));
  const languageSelect = h('select', { id: 'language', name: 'language', 'aria-describedby': 'language-hint',
    onchange: (e) => { state.form.language = e.target.value; saveDraft(); } },
  languages.map((l) => h('option', { value: l.code, selected: (state.form.language || lang()) === l.code }, l.label)));
  const formError = h('p', { class: 'form-error', role: 'alert', id: 'inquiry-error' });
  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'save-inquiry' },
    t('intake.save'), ' ', kbd('Ctrl+Enter'));
  const form = h('form', { class: 'panel inquiry', id: 'inquiry-form', 'aria-labelledby': 'inquiry-title', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); save(); } },
  h('h2', { id: 'inquiry-title' }, t('intake.inquiryTitle')),
  h('fieldset', {}, h('legend', {}, t('intake.sought')),
    field('sought_name', t('intake.soughtName'), input('sought_name', { required: true, autocomplete: 'off' })),
    h('div', { class: 'row' },
      field('sought_sex', t('intake.sex'), select('sought_sex', [['', t('sex.unknown')], ['male', t('sex.male')], ['female', t('sex.female')]])),
      field('sought_birth_date', t('intake.birthDate'), input('sought_birth_date', { placeholder: t('intake.birthDatePlaceholder'), autocomplete: 'off' })),
      field('sought_approx_age', t('intake.approxAge'), input('sought_approx_age', { type: 'number', min: 0, max: 130, inputmode: 'numeric' }))),
    h('div', { class: 'row' },
      field('last_seen_place', t('intake.lastSeenPlace'), input('last_seen_place', { autocomplete: 'off' })),
      field('last_seen_at', t('intake.lastSeenAt'), input('last_seen_at', { type: 'datetime-local' }))),
    field('sought_features', t('intake.features'), input('sought_features', { autocomplete: 'off' }))),
  h('fieldset', {}, h('legend', {}, t('intake.caller')),
    h('div', { class: 'row' },
      field('inquirer_name', t('intake.callerName'), input('inquirer_name', { required: true, autocomplete: 'off' })),
      field('inquirer_relation', t('intake.relation'), select('inquirer_relation',
        [['', '—'], ...kRelations.map((r) => [r, t(`relation.${r}`)])]))),
    h('div', { class: 'row' },
      field('callback_phone', t('intake.phone'), input('callback_phone', { type: 'tel', required: true, autocomplete: 'off', inputmode: 'tel' })),
      // The family's language: the SMS and the callback's words go in it (Inquiry::language).
      field('language', t('intake.familyLanguage'), languageSelect, t('intake.familyLanguageHint'))),
    field('notes', t('intake.notes'), h('textarea', { id: 'notes', name: 'notes', rows: 2,
      oninput: (e) => { state.form.notes = e.target.value; saveDraft(); } }, state.form.notes || ''))),
  formError,
  h('div', { class: 'actions' }, saveButton,
    h('button', { type: 'button', id: 'new-call', onclick: newCall }, t('intake.newCall'), ' ', kbd('Alt+N'))));

  const candidates = h('section', { class: 'panel', id: 'candidates', 'aria-labelledby': 'cand-title', 'aria-live': 'polite' });

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, t('title.intake')),
      h('p', { class: 'muted small shortcuts' }, t('intake.keys'))),
    h('div', { class: 'intake-grid' }, h('div', {}, searchPanel), h('div', {}, form, candidates)));


  ctx.onKey((e, inField) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { save(); return true; }
    if (e.altKey && e.code === 'KeyN') { newCall(); return true; }
    if (!inField && (e.key === '/' || e.code === 'Slash')) { q.focus(); q.select(); e.preventDefault(); return true; }
    return false;
  });

  function syncName() {
    const nameInput = document.getElementById('sought_name');
    if (!state.nameTouched && nameInput) {
      nameInput.value = q.value.trim();
      state.form.sought_name = nameInput.value;
    }
  }

  function focusResult(i) {
    const links = results.querySelectorAll('a.result-link');
    if (links.length) links[Math.max(0, Math.min(i, links.length - 1))].focus();
  }
  results.addEventListener('keydown', (e) => {
    const links = [...results.querySelectorAll('a.result-link')];
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); focusResult(i + 1); }
    if (e.key === 'ArrowUp') { e.preventDefault(); if (i === 0) q.focus(); else focusResult(i - 1); }
    if (e.key === 'Escape') { e.preventDefault(); q.focus(); }
  });

  const runSearch = debounce(async () => {
    const text = q.value.trim();
    const mine = ++seq;
    if (text.length < 2) {
      clear(results);
      resultsNote.textContent = t('intake.typeToSearch');
      return;
    }
    try {
      // What the caller said of sex and age ranks namesakes (never hides one).
      const born = spokenBirth(state.form.sought_birth_date);
      const year = born.birth_date ? Number(born.birth_date.slice(0, 4)) : undefined;
      const said = Number(state.form.sought_approx_age || born.approx_age);
      const age = year || !(said >= 0 && said <= 130) || (!state.form.sought_approx_age && born.approx_age === undefined) ? undefined : said;
      const res = await get(`/api/v1/search${qs({ q: q.value, prefix: 1, limit, status: state.status,
        sought_sex: state.form.sought_sex, birth_year: year, age })}`);
      if (!alive || mine !== seq) return;
      drawResults(res.items || [], q.value);
    } catch (err) {
      if (!alive || mine !== seq) return;
      clear(results);
      resultsNote.textContent = '';
      results.append(h('li', {}, problem(err, t('intake.searchTitle'))));
    }
  }, 120);

  function drawResults(items, typed) {
    clear(results);
    resultsNote.textContent = items.length ? t('intake.found', { n: items.length }) : t('intake.noneFound');
    items.forEach((it, i) => {
      const meta = h('span', { class: 'result-meta' });
      const li = h('li', { class: 'result', dataset: { personId: it.person_id } },
        h('a', { class: 'result-link', href: `#/person/${encodeURIComponent(it.person_id)}` },
          h('span', { class: 'result-name' }, it.display_name ? highlight(it.display_name, typed) : t('person.unnamed'))),
        h('span', { class: 'result-line' }, statusBadge(it.status),
          h('span', { class: `decision decision-${it.decision}` }, t(`decision.${it.decision}`)),
          h('span', { class: 'score', title: it.why || '' }, scorePercent(it.score))),
        meta,
        state.pinned && state.saved ? h('button', { type: 'button', class: 'link link-person',
          onclick: () => linkPerson(state.saved, it.person_id) }, t('intake.linkPerson')) : '');
      results.append(li);
      if (i < 8) enrich(it.person_id, meta);
    });
    // As many as asked for: there may be more ("Found: 10" when 14 match).
    if (items.length === limit && limit < 100) {
      resultsNote.textContent = t('intake.foundAtLeast', { n: items.length });
      results.append(h('li', { class: 'more' }, h('button', { type: 'button', id: 'more-results',
        onclick: () => { limit = Math.min(100, limit + 20); runSearch(); } }, t('intake.more'))));
    }
  }

  // "This is who the caller means": the person joins the inquiry's candidates for review.
  async function linkPerson(inquiry, personId) {
    try {
      await post(`/api/v1/inquiries/${encodeURIComponent(inquiry.id)}/link`, { person_id: personId });
      ctx.toast(t('intake.linked'));
      showCandidates(inquiry);
    } catch (err) {
      ctx.toast(`${t('error.generic')} ${err.message || ''}`, 'error');
    }
  }

  async function enrich(id, meta) {
    try {
      if (!personCache.has(id)) personCache.set(id, get(`/api/v1/persons/${encodeURIComponent(id)}`));
      const [p, srcs] = await Promise.all([personCache.get(id), sources()]);
      const src = p.status_source_id && srcs.get(p.status_source_id);
      const bits = [];
      if (p.facility) bits.push(p.facility);
      if (src && src.name !== p.facility) bits.push(src.name);
      clear(meta).append(
        bits.length ? h('span', { class: 'source' }, bits.join(' · ')) : '',
        ageLine(p) ? h('span', {}, ageLine(p)) : '',
        h('time', { datetime: p.updated_at, title: fmtDateTime(p.updated_at) }, t('intake.updated', { ago: fmtAgo(p.updated_at) })));
    } catch { personCache.delete(id); }
  }

  function body() {
    const v = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      const s = el.value.trim();
      if (s === '') continue;
      if (el.name === 'sought_approx_age') v[el.name] = Number(s);
      else if (el.name === 'last_seen_at') v[el.name] = new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
      else v[el.name] = s;
    }
    v.channel = 'phone';
    return v;
  }

  // Typing the next call's details: the saved call's candidates are no longer what is on the line.
  function startingNext() {
    if (!state.saved) return;
    state.saved = null;
    state.pinned = false;
    clear(candidates);
  }

  let saving = false;
  async function save() {
    if (saving) return;  // Ctrl+Enter pressed again while the first save is on its way
    formError.textContent = '';
    const v = body();
    // "12.03.1994", "1994", "about 30": as the caller says it.
    const spoken = spokenBirth(v.sought_birth_date);
    if (spoken.error) {
      showFieldError(form, { field: 'sought_birth_date', message: t('intake.birthDateUnread') });
      formError.textContent = t('intake.fixField');
      return;
    }
    delete v.sought_birth_date;
    if (spoken.birth_date) v.sought_birth_date = spoken.birth_date;
    if (spoken.approx_age !== undefined && v.sought_approx_age === undefined) v.sought_approx_age = spoken.approx_age;
    const missing = ['sought_name', 'inquirer_name', 'callback_phone'].filter((k) => !v[k]);
    if (missing.length) {
      showFieldError(form, { field: missing[0], message: t('intake.required') });
      formError.textContent = t('intake.fillRequired');
      return;
    }
    saveButton.disabled = true;
    saving = true;
    // The same form sent again (its answer was lost) is the same request.
    const text = JSON.stringify(v);
    if (!state.attempt || state.attempt.text !== text) {
      state.attempt = { text, key: newIdempotencyKey() };
    }
    try {
      const inquiry = await post('/api/v1/inquiries', v, { idempotencyKey: state.attempt.key });
      state.attempt = null;
      showFieldError(form, null);
      clearForm();
      state.saved = inquiry;
      ctx.toast(t('intake.saved'));
      showCandidates(inquiry);
    } catch (err) {
      if (!showFieldError(form, err)) formError.textContent = `${t('error.generic')} ${err.message || ''}`;
      else formError.textContent = t('intake.fixField');
    } finally {
      saveButton.disabled = false;
      saving = false;
    }
  }

  // The inquiry's fields only: the search stays, for the operator still talking to the caller.
  function clearForm() {
    state.form = {}; state.nameTouched = false; state.saved = null; state.attempt = null;
    state.pinned = false;
    forgetDraft();
    form.reset();
    for (const el of form.elements) if (el.name) el.value = '';
    languageSelect.value = lang();  // the next family speaks the console's language unless told
  }

  function newCall() {
    clearForm();
    state.q = '';
    q.value = '';
    clear(results);
    resultsNote.textContent = t('intake.typeToSearch');
    clear(candidates);
    q.focus();
  }

  async function showCandidates(inquiry, attempt = 0) {
    clear(candidates).append(
      h('h2', { id: 'cand-title' }, t('intake.candidatesTitle')),
      h('p', { class: 'saved-line', id: 'saved-inquiry', dataset: { inquiryId: inquiry.id } },
        t(state.pinned ? 'intake.continuedLine' : 'intake.savedLine',
          { name: inquiry.sought_name, caller: inquiry.inquirer_name || '', time: fmtDateTime(inquiry.created_at) })));
    const list = h('ol', { class: 'results' });
    candidates.append(list);
    try {
      const res = await get(`/api/v1/inquiries/${encodeURIComponent(inquiry.id)}/matches`);
      if (!alive || state.saved !== inquiry) return;
      const items = res.items || [];
      if (!items.length) {
        list.append(h('li', { class: 'empty' }, t('intake.noCandidatesYet')));
        if (attempt < 4) setTimeout(() => alive && state.saved === inquiry && showCandidates(inquiry, attempt + 1), 1500);
        return;
      }
      for (const m of items) {
        list.append(h('li', { class: 'result' },
          h('a', { class: 'result-link', href: `#/person/${encodeURIComponent(m.person.id)}` },
            h('span', { class: 'result-name' }, m.person.display_name
              ? highlight(m.person.display_name, inquiry.sought_name) : t('person.unnamed'))),
          h('span', { class: 'result-line' }, statusBadge(m.person.status),
            h('span', { class: `decision decision-${m.decision}` }, t(`match.${m.decision}`)),
            h('span', { class: 'score' }, scorePercent(m.score))),
          h('span', { class: 'result-meta' }, [m.person.facility, ageLine(m.person), m.person.features].filter(Boolean).join(' · '),
            m.explanation ? h('span', { class: 'why', title: m.explanation }, matchWhy(m)) : '')));
      }
    } catch (err) {
      if (!alive) return;
      if (isMissingEndpoint(err)) {
        candidates.append(h('p', { class: 'muted small', 'data-state': 'unavailable' }, t('intake.matchingNotYet')));
        try {
          const res = await get(`/api/v1/search${qs({ q: inquiry.sought_name, limit: 5 })}`);
          for (const it of res.items || []) {
            list.append(h('li', { class: 'result' },
              h('a', { class: 'result-link', href: `#/person/${encodeURIComponent(it.person_id)}` },
                h('span', { class: 'result-name' }, highlight(it.display_name, inquiry.sought_name))),
              h('span', { class: 'result-line' }, statusBadge(it.status),
                h('span', { class: `decision decision-${it.decision}` }, t(`decision.${it.decision}`)))));
          }
          if (!(res.items || []).length) list.append(h('li', { class: 'empty' }, t('intake.noneFound')));
        } catch { /* the search panel shows its own errors */ }
      } else {
        candidates.append(problem(err, t('intake.candidatesTitle')));
      }
    }
  }

  if (state.saved) showCandidates(state.saved);
  q.focus();
  if (state.q) runSearch();
  else resultsNote.textContent = t('intake.typeToSearch');
  return () => { alive = false; };
}
