// Administration: users, sources, source tokens, the audit log (search and verify).
import { h, clear, formValues } from '../dom.js';
import { get, post, patch, del, qs } from '../api.js';
import { t, fmtDateTime, fmtNum } from '../i18n.js';
import { problem, loading, empty, field, showFieldError, forgetSources } from '../ui.js';
import { table } from './person.js';

const kTabs = [
  { name: 'users', roles: ['admin'] },
  { name: 'sources', roles: ['supervisor', 'admin'] },
  { name: 'tokens', roles: ['admin'] },
  { name: 'audit', roles: ['supervisor', 'admin'] },
];
const kKinds = ['hospital', 'police', 'detention_centre', 'morgue', 'shelter', 'family', 'call_center', 'public', 'other'];
const kRoles = ['operator', 'supervisor', 'clerk', 'admin'];

export function render(main, ctx) {
  const role = ctx.session.user.role;
  const tabs = kTabs.filter((x) => x.roles.includes(role));
  const active = tabs.find((x) => x.name === ctx.params[0]) || tabs[0];
  const body = h('div', { id: 'admin-body' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, t('title.admin'))),
    h('nav', { class: 'tabs', 'aria-label': t('admin.sections') }, h('ul', {}, tabs.map((x) => h('li', {},
      h('a', { href: `#/admin/${x.name}`, 'aria-current': x === active ? 'page' : null }, t(`admin.${x.name}`)))))),
    body);
  ({ users, sources: sourcesTab, tokens, audit })[active.name](body, ctx);
}

async function users(body, ctx) {
  const list = h('div', {}, loading());
  const form = h('form', { class: 'panel', id: 'user-form', onsubmit: submit, novalidate: true },
    h('h2', {}, t('admin.newUser')),
    h('div', { class: 'row' },
      field('new-username', t('admin.username'), h('input', { id: 'new-username', name: 'username', required: true, autocomplete: 'off' })),
      field('new-display', t('admin.displayName'), h('input', { id: 'new-display', name: 'display_name', autocomplete: 'off' }))),
    h('div', { class: 'row' },
      field('new-role', t('admin.role'), h('select', { id: 'new-role', name: 'role' }, kRoles.map((r) => h('option', { value: r }, t(`role.${r}`))))),
      field('new-source', t('admin.sourceForClerk'), h('select', { id: 'new-source', name: 'source_id' }, h('option', { value: '' }, '—'))),
      field('new-password', t('admin.password'), h('input', { id: 'new-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true }))),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('admin.create'))));
  body.append(h('section', { class: 'panel' }, h('h2', {}, t('admin.users')), list), form);
  fillSources(form.querySelector('#new-source'));
  load();

  async function load() {
    try {
      const res = await get('/api/v1/users');
      clear(list).append(table([t('admin.username'), t('admin.displayName'), t('admin.role'), t('admin.created'), ''],
        (res.items || []).map((u) => [u.username, u.display_name || '', t(`role.${u.role}`), fmtDateTime(u.created_at),
          h('button', { type: 'button', class: 'link', onclick: async () => {
            try { await patch(`/api/v1/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled }); load(); } catch (err) { ctx.toast(err.message, 'error'); }
          } }, u.disabled ? t('admin.enable') : t('admin.disable'))])));
    } catch (err) { clear(list).append(problem(err, t('admin.users'))); }
  }
  async function submit(e) {
    e.preventDefault();
    const v = formValues(form);
    const error = form.querySelector('.form-error');
    error.textContent = '';
    try {
      await post('/api/v1/users', v);
      form.reset();
      ctx.toast(t('admin.userCreated'));
      load();
    } catch (err) { if (!showFieldError(form, err)) error.textContent = err.message; }
  }
}

async function fillSources(select) {
  try {
    const res = await get('/api/v1/sources');
    for (const s of res.items || []) select.append(h('option', { value: s.id }, s.name));
  } catch { /* the list stays empty */ }
}

async function sourcesTab(body, ctx) {
  const list = h('div', {}, loading());
  const form = h('form', { class: 'panel', id: 'source-form', onsubmit: submit, novalidate: true },
    h('h2', {}, t('admin.newSource')),
    h('div', { class: 'row' },
      field('src-name', t('admin.sourceName'), h('input', { id: 'src-name', name: 'name', required: true, autocomplete: 'off' })),
      field('src-kind', t('admin.kind'), h('select', { id: 'src-kind', name: 'kind' }, kKinds.map((k) => h('option', { value: k }, t(`kind.${k}`))))),
      field('src-region', t('admin.region'), h('input', { id: 'src-region', name: 'region', autocomplete: 'off' }))),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('admin.create'))));
  body.append(h('section', { class: 'panel' }, h('h2', {}, t('admin.sources')), list), form);
  load();
  async function load() {
    try {
      const res = await get('/api/v1/sources');
      clear(list).append(table([t('admin.sourceName'), t('admin.kind'), t('admin.trust'), t('admin.region')],
        (res.items || []).map((s) => [s.name, t(`kind.${s.kind}`), fmtNum(s.trust), s.region || ''])));
    } catch (err) { clear(list).append(problem(err, t('admin.sources'))); }
  }
  async function submit(e) {
    e.preventDefault();
    const error = form.querySelector('.form-error');
    error.textContent = '';
    try {
      await post('/api/v1/sources', formValues(form));
      form.reset();
      forgetSources();
      ctx.toast(t('admin.sourceCreated'));
      load();
    } catch (err) { if (!showFieldError(form, err)) error.textContent = err.message; }
  }
}

async function tokens(body, ctx) {
  const list = h('div', {}, loading());
  const secret = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', id: 'token-form', onsubmit: submit, novalidate: true },
    h('h2', {}, t('admin.newToken')),
    h('div', { class: 'row' },
      field('tok-source', t('admin.source'), h('select', { id: 'tok-source', name: 'source_id' })),
      field('tok-name', t('admin.tokenName'), h('input', { id: 'tok-name', name: 'name', required: true, autocomplete: 'off' }))),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('admin.create'))), secret);
  body.append(h('section', { class: 'panel' }, h('h2', {}, t('admin.tokens')), list), form);
  const srcSelect = form.querySelector('#tok-source');
  // No source is chosen for the admin: a token for the wrong source would let its system write
  // as another.
  srcSelect.append(h('option', { value: '' }, t('admin.chooseSource')));
  await fillSources(srcSelect);
  load();
  async function load() {
    try {
      const [res, srcs] = await Promise.all([get('/api/v1/tokens'), get('/api/v1/sources')]);
      const names = new Map((srcs.items || []).map((s) => [s.id, s.name]));
      const items = res.items || [];
      clear(list).append(items.length ? table([t('admin.tokenName'), t('admin.source'), t('admin.created'), t('admin.revoked'), ''],
        items.map((k) => [k.name, names.get(k.source_id) || k.source_id, fmtDateTime(k.created_at), k.revoked_at ? fmtDateTime(k.revoked_at) : '—',
          k.revoked_at ? '' : h('button', { type: 'button', class: 'link danger', onclick: async () => {
            if (!window.confirm(t('admin.revokeConfirm', { name: k.name }))) return;
            try { await del(`/api/v1/tokens/${encodeURIComponent(k.id)}`); load(); } catch (err) { ctx.toast(err.message, 'error'); }
          } }, t('admin.revoke'))])) : empty(t('admin.noTokens')));
    } catch (err) { clear(list).append(problem(err, t('admin.tokens'))); }
  }
  async function submit(e) {
    e.preventDefault();
    const error = form.querySelector('.form-error');
    error.textContent = '';
    if (!srcSelect.value) { showFieldError(form, { field: 'source_id', message: t('admin.chooseSource') }); return; }
    try {
      const res = await post('/api/v1/tokens', formValues(form));
      clear(secret).append(h('div', { class: 'notice' }, h('p', {}, t('admin.secretOnce')), h('code', { class: 'secret' }, res.secret)));
      form.querySelector('#tok-name').value = '';
      load();
    } catch (err) { if (!showFieldError(form, err)) error.textContent = err.message; }
  }
}

async function audit(body, ctx) {
  const results = h('div', { 'aria-live': 'polite' });
  const verifyOut = h('p', { id: 'verify-result', role: 'status' });
  const form = h('form', { class: 'panel', id: 'audit-form', onsubmit: search },
    h('h2', {}, t('admin.auditSearch')),
    h('div', { class: 'row' },
      field('audit-entity', t('admin.entityId'), h('input', { id: 'audit-entity', name: 'entity_id', autocomplete: 'off' })),
      field('audit-actor', t('admin.actor'), h('input', { id: 'audit-actor', name: 'actor', autocomplete: 'off' })),
      field('audit-action', t('admin.action'), h('input', { id: 'audit-action', name: 'action', autocomplete: 'off', placeholder: 'person.read' }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('admin.searchAudit')),
      h('button', { type: 'button', id: 'verify', onclick: verify }, t('admin.verify'))), verifyOut);
  body.append(form, results);

  // Newest first, 30 a page; "Older" goes on from the last row shown.
  async function search(e, before) {
    if (e) e.preventDefault();
    if (!before) clear(results).append(loading());
    try {
      const res = await get(`/api/v1/audit${qs({ ...formValues(form), limit: 30, before })}`);
      const items = res.items || [];
      if (!before) clear(results);
      results.querySelector('#audit-older')?.remove();
      if (!items.length && !before) { results.append(empty(t('admin.noAudit'))); return; }
      results.append(table(['#', t('admin.when'), t('admin.actor'), t('admin.action'), t('admin.entity'), t('admin.detail')],
        items.map((a) => [h('span', { class: 'nowrap' }, String(a.seq)), fmtDateTime(a.at),
          a.actor_name ? h('span', { title: a.actor }, a.actor_name) : a.actor,
          a.action, `${a.entity_type} ${a.entity_id || ''}`, a.detail || ''])));
      if (res.next_before) {
        results.append(h('button', { type: 'button', id: 'audit-older', onclick: () => search(null, res.next_before) },
          t('admin.older')));
      }
    } catch (err) { clear(results).append(problem(err, t('admin.audit'))); }
  }
  async function verify() {
    verifyOut.textContent = t('common.loading');
    try {
      const v = await get('/api/v1/audit/verify');
      verifyOut.className = v.intact ? 'ok' : 'form-error';
      verifyOut.textContent = v.intact ? t('admin.intact', { n: fmtNum(v.rows) })
        : t('admin.broken', { seq: v.first_bad_seq, problem: v.problem || '' });
    } catch (err) { verifyOut.textContent = err.message; }
  }
  search();
  void ctx;
}
