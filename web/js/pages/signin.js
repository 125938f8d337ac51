import { h } from '../dom.js';
import { post } from '../api.js';
import { t } from '../i18n.js';

export function render(main, ctx) {
  const error = h('p', { class: 'form-error', id: 'signin-error', role: 'alert' });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = h('form', { class: 'card narrow', 'aria-describedby': 'signin-error', onsubmit: submit },
    h('h1', {}, t('signin.title')),
    h('p', { class: 'muted' }, t('signin.lead')),
    h('label', { for: 'username' }, t('signin.username')), user,
    h('label', { for: 'password' }, t('signin.password')), pass,
    error,
    h('div', { class: 'actions' }, button),
    h('p', { class: 'muted small' }, h('a', { href: '/public/' }, t('signin.public'))));
  main.append(h('div', { class: 'center' }, form));
  user.focus();

  async function submit(e) {
    e.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      const res = await post('/api/v1/auth/login', { username: user.value.trim(), password: pass.value },
        { quiet: true });
      const u = res.user;
      ctx.signedIn({ id: u.id, username: u.username, role: u.role, source_id: u.source_id }, res.csrf_token);
    } catch (err) {
      pass.value = '';
      if (err.status === 429) error.textContent = t('signin.tooMany', { s: err.retryAfter || 60 });
      else if (err.status === 401 || err.status === 403 || err.status === 400) error.textContent = t('signin.wrong');
      else error.textContent = t('error.generic');
      pass.focus();
    } finally {
      button.disabled = false;
    }
  }
}
