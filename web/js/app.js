// The operator console: sign-in, a role-aware navigation and one view per hash route
// (#/intake, #/review, #/callbacks, #/inquiries, #/person/ID, #/upload, #/dashboard, #/admin,
// #/inspect, #/claim, #/conflicts).
import { h, clear, typing } from './dom.js';
import { get, post, setCsrf, whenSignedOut, onReachability } from './api.js';
import { t, languages, lang, setLang, onLangChange } from './i18n.js';
import * as signin from './pages/signin.js';
import * as intake from './pages/intake.js';
import * as review from './pages/review.js';
import * as callbacks from './pages/callbacks.js';
import * as inquiries from './pages/inquiries.js';
import * as person from './pages/person.js';
import * as upload from './pages/upload.js';
import * as dashboard from './pages/dashboard.js';
import * as admin from './pages/admin.js';
import * as inspect from './pages/inspect.js';
import * as claim from './pages/claim.js';
import * as conflicts from './pages/conflicts.js';
import * as commission from './pages/commission.js';
import * as finance from './pages/finance.js';

const kStaff = ['operator', 'supervisor', 'admin'];
const routes = [
  { name: 'intake', page: intake, roles: kStaff, nav: true },
  { name: 'review', page: review, roles: kStaff, nav: true },
  { name: 'callbacks', page: callbacks, roles: kStaff, nav: true },
  { name: 'inquiries', page: inquiries, roles: kStaff, nav: true },
  { name: 'upload', page: upload, roles: ['clerk', 'supervisor', 'admin'], nav: true },
  { name: 'dashboard', page: dashboard, roles: ['supervisor', 'admin'], nav: true },
  { name: 'admin', page: admin, roles: ['supervisor', 'admin'], nav: true },
  // The register's pages are in the navigation of their own roles only (nav: those roles), so a
  // supervisor's or admin's top bar stays one line; supervisors and admins reach them by address.
  // stay: not redrawn when the server is back, since a request in flight (a claim's save with its
  // Idempotency-Key, the inspection queue) must answer into the page that sent it.
  { name: 'inspect', page: inspect, roles: ['inspector', 'admin'], nav: ['inspector'], stay: true },
  { name: 'claim', page: claim, roles: ['recovery_clerk', 'admin'], nav: ['recovery_clerk'], stay: true },
  { name: 'conflicts', page: conflicts, roles: ['supervisor', 'admin'], nav: false },
  { name: 'commission', page: commission, roles: ['commission_member', 'supervisor', 'admin'], nav: ['commission_member'] },
  { name: 'finance', page: finance, roles: ['finance', 'supervisor', 'admin'], nav: ['finance'] },
  { name: 'person', page: person, roles: kStaff, nav: false },
  { name: 'signin', page: signin, roles: null, nav: false },
];

const session = { user: null };
let cleanup = null;
let keyHandlers = [];

function allowed(route) {
  return !route.roles || (session.user && route.roles.includes(session.user.role));
}

function homeFor(user) {
  const first = routes.find((r) => r.nav && r.roles.includes(user.role) && (!Array.isArray(r.nav) || r.nav.includes(user.role)));
  return first ? first.name : 'signin';
}

export function navigate(path) {
  const target = `#/${path}`;
  if (location.hash === target) render();
  else location.hash = target;
}

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { name: parts[0] || '', params: parts.slice(1) };
}

// `action` ({ label, run }) adds a button (an undo) and keeps the toast up longer.
export function toast(message, kind = 'ok', action = null) {
  const box = document.getElementById('toast');
  const p = h('p', { class: `toast-${kind}` }, message);
  if (action) {
    p.append(' ', h('button', { type: 'button', class: 'link toast-action', id: 'toast-action',
      onclick: () => { box.classList.remove('shown'); action.run(); } }, action.label));
  }
  clear(box).append(p);
  box.classList.add('shown');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.remove('shown'), action ? 15000 : 4000);
}

function renderTopbar(active) {
  const bar = clear(document.getElementById('topbar'));
  const skip = document.getElementById('skip');
  skip.textContent = t('app.skip');
  const langSelect = h('select', { id: 'lang-select', class: 'lang', 'aria-label': t('app.language'),
    onchange: (e) => setLang(e.target.value) },
  languages.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === lang() }, l.label)));
  const brand = h('a', { class: 'brand', href: session.user ? `#/${homeFor(session.user)}` : '#/signin' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.name'));
  const items = [];
  if (session.user) {
    let n = 0;
    for (const r of routes) {
      if (!r.nav || !allowed(r)) continue;
      if (Array.isArray(r.nav) && !r.nav.includes(session.user.role)) continue;
      n += 1;
      items.push(h('li', {}, h('a', {
        href: `#/${r.name}`, 'aria-current': r.name === active ? 'page' : null,
        title: t('app.navShortcut', { n }), 'data-nav': r.name,
      }, t(`nav.${r.name}`))));
    }
  }
  const nav = items.length ? h('nav', { 'aria-label': t('app.mainNav') }, h('ul', {}, items)) : null;
  const who = session.user
    ? h('div', { class: 'who' },
        h('span', { class: 'who-name' }, session.user.username,
          h('span', { class: 'who-role' }, ` · ${t(`role.${session.user.role}`)}`)),
        h('button', { type: 'button', class: 'link', id: 'signout', onclick: signOut }, t('app.signOut')))
    : h('a', { class: 'who', href: '/public/' }, t('app.publicPage'));
  bar.append(brand, nav || '', h('div', { class: 'tools' }, langSelect, who));
}

async function signOut() {
  try { await post('/api/v1/auth/logout'); } catch { /* signed out either way */ }
  session.user = null;
  setCsrf(null);
  // A fresh page, so nothing of this shift's calls stays in memory for the next person at the desk
  // (nor in the tab's storage: the intake's draft, the merges to undo).
  try { sessionStorage.clear(); } catch { /* private mode */ }
  history.replaceState(null, '', '#/signin');
  location.reload();
}

export function onKey(fn) { keyHandlers.push(fn); }

async function render() {
  const { name, params } = parseHash();
  let route = routes.find((r) => r.name === name);
  if (!session.user && (!route || route.name !== 'signin')) {
    sessionStorage.setItem('aftermath.after', location.hash);
    route = routes.find((r) => r.name === 'signin');
    if (location.hash !== '#/signin') { history.replaceState(null, '', '#/signin'); }
  } else if (session.user && (!route || route.name === 'signin' || !allowed(route))) {
    history.replaceState(null, '', `#/${homeFor(session.user)}`);
    return render();
  }
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } }
  cleanup = null;
  keyHandlers = [];
  renderTopbar(route.name);
  document.getElementById('toast').classList.remove('shown');
  const main = clear(document.getElementById('main'));
  document.title = `${t(`title.${route.name}`)} — ${t('app.name')}`;
  const ctx = { session, params, navigate, toast, onKey, rerender: render, signedIn };
  const result = route.page.render(main, ctx);
  cleanup = (result && typeof result.then === 'function') ? null : result;
  if (result && typeof result.then === 'function') {
    result.then((c) => { cleanup = c || null; });
  }
}

// Who is signed in, kept in the tab (cleared at sign-out) so that a reload without a connection
// opens the console for the same person (the field inspection and its queue) instead of the
// sign-in form; the server still decides on every request whether the session holds.
const kSignedIn = 'aftermath.me';
function keepSignedIn(user, csrf) {
  try {
    if (user) sessionStorage.setItem(kSignedIn, JSON.stringify({ user, csrf }));
    else sessionStorage.removeItem(kSignedIn);
  } catch { /* full or private */ }
}
function keptSignedIn() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(kSignedIn) || 'null');
    return kept && kept.user && kept.user.username && kept.user.role ? kept : null;
  } catch {
    return null;
  }
}

function signedIn(user, csrf) {
  session.user = user;
  setCsrf(csrf);
  keepSignedIn(user, csrf);
  let after = sessionStorage.getItem('aftermath.after') || '';
  sessionStorage.removeItem('aftermath.after');
  if (!after || after === '#/signin' || after === '#/') after = `#/${homeFor(user)}`;
  if (location.hash === after) render();
  else location.hash = after;
}

// Keeps what the operator typed when the page is redrawn in another language.
function snapshotInputs() {
  const values = new Map();
  for (const el of document.querySelectorAll('#main input[id], #main textarea[id], #main select[id]')) {
    if (el.type !== 'file' && el.type !== 'password') values.set(el.id, el.value);
  }
  return values;
}
function restoreInputs(values) {
  for (const [id, v] of values) {
    const el = document.getElementById(id);
    if (el && el.value !== v && el.type !== 'file') el.value = v;
  }
}

document.addEventListener('keydown', (e) => {
  // Alt+1..9: the n-th item of the navigation.
  if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-9]$/.test(e.code)) {
    const links = document.querySelectorAll('#topbar nav a');
    const link = links[Number(e.code.slice(5)) - 1];
    if (link) { e.preventDefault(); location.hash = link.getAttribute('href'); }
    return;
  }
  for (const fn of keyHandlers) {
    if (fn(e, typing(e)) === true) { e.preventDefault(); return; }
  }
});

window.addEventListener('hashchange', () => {
  if (location.hash === '#main') return;  // the skip link
  render();
});
document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});
onLangChange((code) => {
  const values = snapshotInputs();
  const focused = document.activeElement && document.activeElement.id;
  render();
  // Pages that load data redraw after it arrives; restore typed values on the next frames too.
  restoreInputs(values);
  requestAnimationFrame(() => restoreInputs(values));
  const again = focused && document.getElementById(focused);
  if (again) again.focus();
  document.documentElement.lang = code;
});
// The server out of reach: a banner instead of errors on every panel, a check every few seconds,
// and the page drawn again once it answers. What the operator typed stays (the intake keeps a
// draft).
let offlineTimer = null;
function showOffline(reachable) {
  const banner = document.getElementById('offline');
  clearInterval(offlineTimer);
  offlineTimer = null;
  if (reachable) {
    if (!banner.hidden) {
      banner.hidden = true;
      toast(t('app.backOnline'));
      const current = routes.find((r) => r.name === parseHash().name);
      if (current && current.stay) return;
      const values = snapshotInputs();
      render();
      requestAnimationFrame(() => restoreInputs(values));
    }
    return;
  }
  const check = () => get('/healthz').catch(() => {});
  clear(banner).append(h('p', {}, t('app.offline')),
    h('button', { type: 'button', id: 'offline-retry', onclick: check }, t('app.retryNow')));
  banner.hidden = false;
  offlineTimer = setInterval(check, 5000);
}
onReachability(showOffline);

whenSignedOut(() => {
  keepSignedIn(null);
  if (session.user) {
    session.user = null;
    setCsrf(null);
    toast(t('app.sessionEnded'), 'warn');
    render();
  }
});

async function start() {
  document.documentElement.lang = lang();
  try {
    const me = await get('/api/v1/auth/me', { quiet: true });
    session.user = { id: me.id, username: me.username, role: me.role, source_id: me.source_id };
    setCsrf(me.csrf_token);
    keepSignedIn(session.user, me.csrf_token);
  } catch (err) {
    // No connection (status 0): the session this tab last had, until the server says otherwise.
    const kept = err.status === 0 ? keptSignedIn() : null;
    session.user = kept ? kept.user : null;
    setCsrf(kept ? kept.csrf : null);
    if (!kept) keepSignedIn(null);
  }
  render();
}
start();

// The shell for a reload without a connection (sw.js). Where the browser has no service workers
// (a page not in a secure context) the console works as before, online only.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { updateViaCache: 'none' }).catch(() => { /* online only */ });
}
