// Field inspection on a phone (issue #18): the day's list of objects whose claims wait for an
// inspection, a damage form (grade, looted, burned, notes, photos from the camera). Every
// inspection goes into the browser's queue first (field_queue.js) and is sent from there, so a
// street without a connection loses nothing: the queue is sent when the connection returns,
// each assessment with its own Idempotency-Key, so a retry never records it twice.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtNum } from '../i18n.js';
import { problem, loading, empty, pageHeader, field } from '../ui.js';
import * as queue from '../field_queue.js';

const kGrades = ['D0', 'D1', 'D2', 'D3', 'D4', 'D5'];
const kRetryMs = 10000;

// The day's list stays in the tab (sessionStorage, cleared at sign-out) for a reload without a
// connection.
function listKey(user) { return `aftermath.inspect.${user}`; }

export function render(main, ctx) {
  const user = ctx.session.user.username;
  let alive = true;
  let flushing = false;
  let objects = [];
  const status = h('div', { id: 'inspect-queue', class: 'queue-status', 'aria-live': 'polite' });
  const body = h('div', {}, loading());
  main.append(pageHeader(t('title.inspect'), h('p', { class: 'muted small' }, t('inspect.lead'))), status, body);

  const online = () => flush();
  window.addEventListener('online', online);
  const timer = setInterval(() => flush(), kRetryMs);
  load();
  flush();
  return () => {
    alive = false;
    window.removeEventListener('online', online);
    clearInterval(timer);
  };

  async function load() {
    try {
      const claims = await get(`/api/v1/recovery/claims${qs({ state: 'checked', limit: 200 })}`);
      const byObject = new Map();
      for (const c of claims.items || []) {
        if (c.object_id && !byObject.has(c.object_id)) byObject.set(c.object_id, c.id);
      }
      const found = await Promise.all([...byObject].map(async ([id, claimId]) => {
        const o = await get(`/api/v1/recovery/objects/${encodeURIComponent(id)}`);
        return { id, claim_id: claimId, kind: o.kind, name: o.name || '', address: o.address || '' };
      }));
      found.sort((a, b) => a.address.localeCompare(b.address, undefined, { numeric: true }));
      objects = found;
      try { sessionStorage.setItem(listKey(user), JSON.stringify(found)); } catch { /* full or private */ }
    } catch (err) {
      const kept = sessionStorage.getItem(listKey(user));
      if (!kept || err.status !== 0) {
        if (alive) clear(body).append(problem(err, t('title.inspect')));
        return;
      }
      objects = JSON.parse(kept);  // offline: the list as it was fetched
    }
    if (alive) await renderList();
  }

  // Redraws the list; a form being filled stays as it is (the queue's round every 10 s must not
  // take it from under the inspector's fingers) unless `force` (the form was just saved).
  async function renderList(force = false) {
    const waiting = new Set((await queue.list(user)).map((i) => i.object_id));
    if (!force && body.querySelector('.inspect-form')) return;
    clear(body);
    if (!objects.length) { body.append(empty(t('inspect.empty'))); return; }
    body.append(h('ol', { class: 'inspect-list', id: 'inspect-list' }, objects.map((o) =>
      h('li', { class: 'inspect-object', 'data-object-id': o.id, 'data-queued': String(waiting.has(o.id)) },
        h('div', { class: 'inspect-address' }, o.address || o.name || o.id),
        h('div', { class: 'muted small' }, [t(`objectKind.${o.kind}`), o.name].filter(Boolean).join(' · ')),
        waiting.has(o.id)
          ? h('p', { class: 'badge', 'data-state': 'queued' }, t('inspect.queued'))
          : h('button', { type: 'button', class: 'primary inspect-open', onclick: (e) => openForm(o, e.target.closest('li')) },
            t('inspect.open'))))));
  }

  function openForm(o, li) {
    for (const f of body.querySelectorAll('.inspect-form')) f.remove();
    const id = (n) => `i-${n}`;
    const grade = h('select', { id: id('grade'), name: 'grade', required: true },
      h('option', { value: '' }, t('inspect.chooseGrade')),
      kGrades.map((g) => h('option', { value: g }, t(`grade.${g}`))));
    const looted = h('input', { type: 'checkbox', id: id('looted'), name: 'looted' });
    const burned = h('input', { type: 'checkbox', id: id('burned'), name: 'burned' });
    const notes = h('textarea', { id: id('notes'), name: 'notes', rows: 3 });
    const photos = h('input', { type: 'file', id: id('photos'), name: 'photos', accept: 'image/*',
      capture: 'environment', multiple: true });
    const error = h('p', { class: 'form-error', role: 'alert', id: 'inspect-error' });
    const form = h('form', { class: 'card inspect-form', id: 'inspect-form', novalidate: true, onsubmit: save },
      h('h2', {}, o.address || o.name || o.id),
      field(id('grade'), t('inspect.grade'), grade),
      h('div', { class: 'field checks' },
        h('label', {}, looted, ' ', t('inspect.looted')),
        h('label', {}, burned, ' ', t('inspect.burned'))),
      field(id('notes'), t('inspect.notes'), notes),
      field(id('photos'), t('inspect.photos'), photos),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', id: 'inspect-save' }, t('inspect.save')),
        h('button', { type: 'button', class: 'link', onclick: () => form.remove() }, t('inspect.cancel'))));
    li.append(form);
    grade.focus();

    async function save(e) {
      e.preventDefault();
      if (!grade.value) {
        error.textContent = t('inspect.needGrade');
        grade.focus();
        return;
      }
      const files = [...photos.files];
      const item = {
        key: crypto.getRandomValues(new Uint32Array(4)).join('-'),
        user,
        object_id: o.id,
        claim_id: o.claim_id,
        created_at: new Date().toISOString(),
        assessment: {
          grade: grade.value, looted: looted.checked, burned: burned.checked,
          notes: notes.value.trim(), claim_id: o.claim_id, inspected_at: new Date().toISOString(),
        },
        photos: files,
        photo_times: files.map((f) => new Date(f.lastModified || Date.now()).toISOString()),
        uploaded: [],
      };
      await queue.put(item);  // first into the queue: nothing is lost if the send fails
      ctx.toast(t('inspect.saved'));
      await renderList(true);
      await flush();
    }
  }

  // Sends the queue, oldest first. A connection that fails (or a server that is away) stops the
  // round and the next one tries again; an answer the server refuses stays in the queue with
  // its reason, for the inspector to see, never dropped silently.
  async function flush() {
    if (flushing) return;
    flushing = true;
    let sent = 0;
    try {
      for (const item of await queue.list(user)) {
        if (item.error) continue;  // refused: kept for the inspector, not sent again
        try {
          while (item.uploaded.length < item.photos.length) {
            const i = item.uploaded.length;
            const blob = item.photos[i];
            const f = await post('/api/v1/recovery/files', blob, { contentType: blob.type || 'image/jpeg' });
            item.uploaded.push({ sha256: f.sha256, media_type: f.media_type, size: f.size, taken_at: item.photo_times[i] });
            await queue.put(item);
          }
          await post(`/api/v1/recovery/objects/${encodeURIComponent(item.object_id)}/assessments`,
            { ...item.assessment, photos: item.uploaded }, { idempotencyKey: item.key });
          await queue.remove(item.key);
          sent += 1;
        } catch (err) {
          // A session that ended meanwhile (401) is not a refusal: the queue waits for the sign-in.
          const transient = err.status === 0 || err.status === 401 || err.status === 409 || err.status === 429 ||
            err.status >= 500;
          if (transient) break;
          item.error = err.message || String(err.status);
          await queue.put(item);
        }
      }
    } finally {
      flushing = false;
    }
    if (!alive) return;
    await showQueue();
    if (sent) await load();  // the inspected objects leave the day's list
  }

  async function showQueue() {
    const items = await queue.list(user);
    clear(status);
    if (!items.length) {
      status.dataset.count = '0';
      status.append(h('p', { class: 'muted small', id: 'inspect-sent' }, t('inspect.allSent')));
    } else {
      status.dataset.count = String(items.length);
      status.append(h('p', { class: 'notice', role: 'status' }, t('inspect.waiting', { n: fmtNum(items.length) })));
      for (const item of items.filter((i) => i.error)) {
        status.append(h('p', { class: 'form-error', 'data-key': item.key }, item.error, ' ',
          h('button', { type: 'button', class: 'link', onclick: async () => { await queue.remove(item.key); showQueue(); } },
            t('inspect.discard'))));
      }
    }
    if (objects.length) await renderList();
  }
}
