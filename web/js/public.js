// The public page: the line's phone number first, then the limited lookup (surname and given
// name both required; the answer says only whether the registry holds information), and an
// applicant's "where is my application" (the number and their own IIN: the state, what is missing).
import { h, clear } from './dom.js';
import { get, post, qs } from './api.js';
import { t, languages, lang, setLang, onLangChange, fmtDateTime } from './i18n.js';
import { solveLookupProof } from './lookup_proof.js';
import { applySection } from './public_apply.js';

const kPhoneKey = 'aftermath.linePhone';
const state = { surname: '', given_name: '', patronymic: '', result: null, number: '', iin: '', claimResult: null };

// The lookup's proof of work (docs/api.md): the difficulty, and how far this device's clock is
// from the server's, both from GET /api/v1/public/info, fetched once and again after a refusal.
let proofSettings = null;

async function proofSettingsFor(refresh) {
  if (!proofSettings || refresh) {
    const info = await get('/api/v1/public/info');
    rememberPhone(info && info.phone);
    const p = info && info.proof;
    proofSettings = p ? { bits: p.bits, offset: p.now - Date.now() / 1000 } : { bits: 0, offset: 0 };
  }
  return proofSettings;
}

async function publicSearch(params) {
  for (let attempt = 0; ; attempt++) {
    const { bits, offset } = await proofSettingsFor(attempt > 0);
    const proof = bits > 0 ? await solveLookupProof(params, bits, Date.now() / 1000 + offset) : '';
    try {
      return await get(`/api/v1/public/search${qs({ ...params, proof })}`);
    } catch (err) {
      // A proof refused as stale (a wrong clock) or too weak (the server raised the bits): once
      // more with fresh settings.
      if (attempt === 0 && err.status === 400 && err.field === 'proof') continue;
      throw err;
    }
  }
}

function phone() {
  try { return localStorage.getItem(kPhoneKey) || ''; } catch { return ''; }
}

// The line's number, kept for a visit without a connection; shown as soon as it is known.
function rememberPhone(num) {
  if (!num || num === phone()) return;
  try { localStorage.setItem(kPhoneKey, num); } catch { /* ignore */ }
  render();
}

function render() {
  const main = clear(document.getElementById('main'));
  document.documentElement.lang = lang();
  document.title = t('public.title');
  const num = phone();
  const langSelect = h('select', { id: 'lang-select', class: 'lang', 'aria-label': t('app.language'),
    onchange: (e) => setLang(e.target.value) },
  languages.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === lang() }, l.label)));
  const input = (name, label, attrs = {}) => h('div', { class: 'field' },
    h('label', { for: `p-${name}` }, label),
    h('input', { id: `p-${name}`, name, value: state[name], autocomplete: 'off', spellcheck: 'false', ...attrs,
      oninput: (e) => { state[name] = e.target.value; } }));
  const out = h('div', { id: 'public-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary wide' }, t('public.check'));
  const form = h('form', { class: 'card', id: 'public-form', novalidate: true, onsubmit: lookup },
    h('h2', {}, t('public.lookupTitle')),
    h('p', { class: 'muted' }, t('public.lookupLead')),
    input('surname', t('public.surname'), { 'aria-required': 'true' }),
    input('given_name', t('public.givenName'), { 'aria-required': 'true' }),
    input('patronymic', t('public.patronymic')),
    button, out);
  main.append(
    h('header', { class: 'public-top' }, h('span', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('public.brand')), langSelect),
    h('section', { class: 'line-card', 'aria-labelledby': 'line-title' },
      h('h1', { id: 'line-title' }, t('public.headline')),
      h('p', {}, t('public.callUs')),
      num ? h('a', { class: 'line-phone', id: 'line-phone', href: `tel:${num.replace(/[^+\d]/g, '')}` }, num)
        : h('p', { class: 'line-phone unknown', id: 'line-phone' }, t('public.phoneUnknown')),
      h('p', { class: 'muted small' }, t('public.hours'))),
    form,
    claimStatusForm(),
    applySection(redrawFocusing),
    h('section', { class: 'card muted small', 'aria-labelledby': 'privacy-title' },
      h('h2', { id: 'privacy-title' }, t('public.privacyTitle')), h('p', {}, t('public.privacy'))),
    h('footer', { class: 'muted small' }, h('a', { href: '/public/figures.html', id: 'figures-link' }, t('public.figures')), ' · ',
      h('a', { href: '/' }, t('public.staff'))));
  if (state.result) out.append(state.result());

  async function lookup(e) {
    e.preventDefault();
    const surname = state.surname.trim();
    const given = state.given_name.trim();
    clear(out);
    state.result = null;
    if (surname.length < 2 || given.length < 2) {
      show(() => h('p', { class: 'form-error', role: 'alert', id: 'public-error' }, t('public.needBoth')));
      document.getElementById(surname.length < 2 ? 'p-surname' : 'p-given_name').focus();
      return;
    }
    button.disabled = true;
    try {
      const res = await publicSearch({ surname, given_name: given, patronymic: state.patronymic.trim() });
      rememberPhone(res.phone);
      const name = res.name;
      show(() => h('div', { class: res.found ? 'answer found' : 'answer', id: 'public-answer', 'data-found': String(res.found) },
        h('p', { class: 'answer-title' }, res.found ? t('public.found', { name }) : t('public.notFound', { name })),
        h('p', {}, res.found ? t('public.foundNext') : t('public.notFoundNext')),
        phone() ? h('a', { class: 'line-phone small-phone', href: `tel:${phone().replace(/[^+\d]/g, '')}` }, phone()) : ''));
    } catch (err) {
      if (err.status === 429) show(() => h('p', { class: 'form-error', role: 'alert', id: 'public-error' }, t('public.tooMany', { s: err.retryAfter || 60 })));
      else if (err.status === 400) show(() => h('p', { class: 'form-error', role: 'alert', id: 'public-error' }, t('public.needBoth')));
      else show(() => h('p', { class: 'form-error', role: 'alert', id: 'public-error' }, t('public.failed')));
    } finally {
      button.disabled = false;
    }
  }
  function show(make) {
    state.result = make;
    const box = clear(document.getElementById('public-result'));
    box.append(make());
  }
}

// The applicant's own claim: the number and their IIN or BIN go in the body, never the URL.
function claimStatusForm() {
  const out = h('div', { id: 'claim-status-result', 'aria-live': 'polite' });
  const input = (name, label, attrs = {}) => h('div', { class: 'field' },
    h('label', { for: `c-${name}` }, label),
    h('input', { id: `c-${name}`, name, value: state[name], autocomplete: 'off', spellcheck: 'false', ...attrs,
      oninput: (e) => { state[name] = e.target.value; } }));
  const button = h('button', { type: 'submit', class: 'primary wide' }, t('public.statusCheck'));
  const error = (key) => h('p', { class: 'form-error', role: 'alert', id: 'claim-status-error' }, key);
  const show = (make) => {
    state.claimResult = make;
    clear(out).append(make());
  };
  async function check(e) {
    e.preventDefault();
    const number = state.number.trim();
    const iin = state.iin.replace(/\s/g, '');
    if (!number || !iin) {
      show(() => error(t('public.statusNeedBoth')));
      document.getElementById(number ? 'c-iin' : 'c-number').focus();
      return;
    }
    button.disabled = true;
    try {
      const res = await post('/api/v1/public/claim-status', { number, iin });
      show(() => h('div', { class: 'answer', id: 'claim-status', 'data-state': res.state },
        h('p', { class: 'answer-title' }, t('public.statusState', { number: res.number, state: t(`claimState.${res.state}`) })),
        h('p', { class: 'muted small' }, t('public.statusUpdated', { date: fmtDateTime(res.updated_at) })),
        res.missing.length ? h('div', {},
          h('p', {}, t('public.statusMissing')),
          h('ul', { id: 'claim-missing' }, res.missing.map((m) => h('li', { 'data-code': m }, t(`claimMissing.${m}`))))) : ''));
    } catch (err) {
      if (err.status === 429) show(() => error(t('public.tooMany', { s: err.retryAfter || 60 })));
      else if (err.status === 400) show(() => error(t('public.statusBadIin')));
      else if (err.status === 404) show(() => error(t('public.statusNotFound')));
      else if (err.status === 503) show(() => error(t('public.statusNone')));
      else show(() => error(t('public.failed')));
    } finally {
      button.disabled = false;
    }
  }
  const form = h('form', { class: 'card', id: 'claim-status-form', novalidate: true, onsubmit: check },
    h('h2', {}, t('public.statusTitle')),
    h('p', { class: 'muted' }, t('public.statusLead')),
    input('number', t('public.statusNumber'), { 'aria-required': 'true' }),
    input('iin', t('public.statusIin'), { 'aria-required': 'true', inputmode: 'numeric' }),
    button, out);
  if (state.claimResult) out.append(state.claimResult());
  return form;
}

// The application form's steps redraw the page and put the focus where the applicant goes next.
function redrawFocusing(id) {
  const focused = id || (document.activeElement && document.activeElement.id);
  render();
  const el = focused && document.getElementById(focused);
  if (el) el.focus();
}

onLangChange(() => {
  const focused = document.activeElement && document.activeElement.id;
  render();
  const el = focused && document.getElementById(focused);
  if (el) el.focus();
});
render();
// The first visit learns the line's number (and the lookup's settings) at once.
proofSettingsFor(false).catch(() => { /* the page says the number is unknown */ });
