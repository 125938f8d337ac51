// "Apply for support" on the public page (issue #18): the applicant's phone confirmed by a code
// sent by SMS, then the application (who applies, what was damaged or who was lost, photos and
// PDFs), submitted as a claim a clerk takes from there. The code and the token go in bodies and
// headers, never in a URL; the token lives in this page's memory only.
import { h } from './dom.js';
import { get, post, ApiError } from './api.js';
import { t, lang } from './i18n.js';

// The documents an applicant may name, and the object kinds each kind of claim is about.
const kDocKinds = ['photo', 'id_card', 'title_deed', 'vehicle_registration', 'death_certificate',
  'medical_certificate', 'other'];
const kObjectKinds = { home: ['home'], business_property: ['shop', 'office', 'equipment'], vehicle: ['vehicle'] };
const isProperty = (kind) => kind in kObjectKinds;

const st = {
  step: 'phone', phone: '', application: '', code: '', token: '', programmes: null,
  programme: '', kind: '', objectKind: '', address: '', description: '', personName: '', relation: '',
  name: '', iin: '', iban: '', amount: '', notes: '', docKind: 'photo', files: [], message: null, done: null,
  busy: false,
};

let rerender = () => {};

function errorText(err, fallback) {
  if (!(err instanceof ApiError)) return t('apply.failed');
  if (err.status === 429) return t('apply.tooMany', { s: err.retryAfter || 60 });
  if (err.status === 0) return t('apply.offline');
  return fallback(err) || t('apply.failed');
}

function say(key, vars, kind = 'error') {
  st.message = { text: t(key, vars), kind };
}

async function loadProgrammes() {
  try {
    const res = await get('/api/v1/public/programmes');
    st.programmes = res.items || [];
  } catch {
    st.programmes = [];
  }
  if (!st.programme && st.programmes.length) choose(st.programmes[0].code);
}

function choose(code) {
  st.programme = code;
  const p = (st.programmes || []).find((x) => x.code === code);
  st.kind = p ? p.claim_kinds[0] : '';
  st.objectKind = isProperty(st.kind) ? kObjectKinds[st.kind][0] : '';
}

async function sendCode(e) {
  e.preventDefault();
  st.message = null;
  if (st.phone.replace(/\D/g, '').length < 10) {
    say('apply.needPhone');
    rerender('a-phone');
    return;
  }
  st.busy = true;
  rerender();
  try {
    const res = await post('/api/v1/public/apply/start', { phone: st.phone, language: lang() });
    st.application = res.application;
    st.step = 'code';
    st.code = '';
    say('apply.codeSent', {}, 'info');
  } catch (err) {
    st.message = { text: errorText(err, (x) => (x.field === 'phone' ? t('apply.badPhone') : '')), kind: 'error' };
  }
  st.busy = false;
  rerender(st.step === 'code' ? 'a-code' : 'a-phone');
}

async function confirmCode(e) {
  e.preventDefault();
  st.message = null;
  if (!/^\d{6}$/.test(st.code.replace(/\s/g, ''))) {
    say('apply.needCode');
    rerender('a-code');
    return;
  }
  st.busy = true;
  rerender();
  try {
    const res = await post('/api/v1/public/apply/confirm', { application: st.application, code: st.code });
    st.token = res.token;
    if (st.programmes === null) await loadProgrammes();
    st.step = 'form';
    st.message = null;
  } catch (err) {
    st.message = { text: errorText(err, (x) => {
      if (x.status === 400) {
        const left = /(\d+) tries left/.exec(x.serverMessage || '');
        return left ? t('apply.wrongCode', { n: left[1] }) : t('apply.needCode');
      }
      if (x.status === 409 || x.status === 404) {
        st.step = 'phone';
        return t('apply.codeVoid');
      }
      return '';
    }), kind: 'error' };
  }
  st.busy = false;
  rerender(st.step === 'form' ? 'a-programme' : st.step === 'code' ? 'a-code' : 'a-phone');
}

async function upload(input) {
  const files = [...(input.files || [])];
  if (!files.length) return;
  st.message = null;
  st.busy = true;
  rerender();
  for (const file of files) {
    let res;
    try {
      res = await fetch('/api/v1/public/apply/documents', {
        method: 'POST', body: file, credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream', 'X-Application-Token': st.token,
          Accept: 'application/json' },
      });
    } catch {
      say('apply.offline');
      break;
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      if (res.status === 401) { st.step = 'phone'; say('apply.expired'); } else say('apply.badFile', { name: file.name });
      break;
    }
    if (!st.files.some((f) => f.sha256 === body.sha256)) {
      st.files.push({ sha256: body.sha256, kind: st.docKind, name: file.name, media_type: body.media_type });
    }
  }
  st.busy = false;
  rerender('a-file');
}

async function submit(e) {
  e.preventDefault();
  st.message = null;
  const need = !st.programme ? 'a-programme' : st.name.trim().length < 2 ? 'a-name'
    : !/^\d{12}$/.test(st.iin.replace(/\s/g, '')) ? 'a-iin'
      : isProperty(st.kind) ? (st.address.trim() ? '' : 'a-address') : (st.personName.trim() ? '' : 'a-person');
  if (need) {
    say(need === 'a-iin' ? 'apply.badIin' : 'apply.needField');
    rerender(need);
    return;
  }
  const body = {
    token: st.token, programme: st.programme, kind: st.kind, applicant_name: st.name.trim(),
    applicant_id: st.iin.replace(/\s/g, ''), iban: st.iban.trim(), notes: st.notes.trim(),
    amount_claimed: Number(st.amount.replace(/\D/g, '')) || 0,
    documents: st.files.map((f) => ({ sha256: f.sha256, kind: f.kind })),
  };
  if (isProperty(st.kind)) {
    body.object = { kind: st.objectKind, address: st.address.trim(), description: st.description.trim() };
  } else {
    body.person_name = st.personName.trim();
    body.relation = st.relation.trim();
  }
  st.busy = true;
  rerender();
  try {
    const res = await post('/api/v1/public/apply/submit', body);
    st.done = res;
    st.step = 'done';
    st.token = '';
  } catch (err) {
    st.message = { text: errorText(err, (x) => {
      if (x.status === 401) { st.step = 'phone'; return t('apply.expired'); }
      if (x.field === 'applicant_id') return t('apply.badIin');
      if (x.field === 'iban') return t('apply.badIban');
      if (x.status === 400 || x.status === 409) return t('apply.refused');
      return '';
    }), kind: 'error' };
  }
  st.busy = false;
  rerender(st.step === 'done' ? 'apply-done' : undefined);
}

function field(id, label, key, attrs = {}) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, value: st[key], autocomplete: 'off', spellcheck: 'false', ...attrs,
      oninput: (e) => { st[key] = e.target.value; } }));
}

function select(id, label, value, options, onchange) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, onchange: (e) => { onchange(e.target.value); rerender(id); } },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

function message() {
  if (!st.message) return '';
  return h('p', { class: st.message.kind === 'error' ? 'form-error' : 'muted', role: st.message.kind === 'error' ? 'alert' : 'status',
    id: 'apply-message' }, st.message.text);
}

function phoneStep() {
  return h('form', { id: 'apply-phone-form', novalidate: true, onsubmit: sendCode },
    field('a-phone', t('apply.phone'), 'phone', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', 'aria-required': 'true' }),
    h('button', { type: 'submit', class: 'primary wide', disabled: st.busy }, t('apply.sendCode')));
}

function codeStep() {
  return h('form', { id: 'apply-code-form', novalidate: true, onsubmit: confirmCode },
    field('a-code', t('apply.code'), 'code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', 'aria-required': 'true' }),
    h('button', { type: 'submit', class: 'primary wide', disabled: st.busy }, t('apply.confirm')),
    h('button', { type: 'button', class: 'link', id: 'apply-restart',
      onclick: () => { st.step = 'phone'; st.message = null; rerender('a-phone'); } }, t('apply.otherPhone')));
}

function formStep() {
  if (st.programmes === null) return h('p', { class: 'muted' }, t('apply.loading'));
  if (!st.programmes.length) return h('p', { class: 'muted', id: 'apply-none' }, t('apply.noProgrammes'));
  const programme = st.programmes.find((p) => p.code === st.programme) || st.programmes[0];
  const property = isProperty(st.kind);
  return h('form', { id: 'apply-form', novalidate: true, onsubmit: submit },
    select('a-programme', t('apply.programme'), st.programme, st.programmes.map((p) => [p.code, p.name]), choose),
    programme.claim_kinds.length > 1
      ? select('a-kind', t('apply.kind'), st.kind, programme.claim_kinds.map((k) => [k, t(`apply.kind.${k}`)]), (k) => {
        st.kind = k;
        st.objectKind = isProperty(k) ? kObjectKinds[k][0] : '';
      })
      : '',
    h('fieldset', {},
      h('legend', {}, t('apply.you')),
      field('a-name', t('apply.name'), 'name', { autocomplete: 'name', 'aria-required': 'true' }),
      field('a-iin', t('apply.iin'), 'iin', { inputmode: 'numeric', 'aria-required': 'true' }),
      field('a-iban', t('apply.iban'), 'iban')),
    property
      ? h('fieldset', {},
        h('legend', {}, t('apply.damaged')),
        kObjectKinds[st.kind].length > 1
          ? select('a-object-kind', t('apply.objectKind'), st.objectKind, kObjectKinds[st.kind].map((k) => [k, t(`objectKind.${k}`)]), (k) => { st.objectKind = k; })
          : '',
        field('a-address', t('apply.address'), 'address', { 'aria-required': 'true' }),
        field('a-description', t('apply.description'), 'description'))
      : h('fieldset', {},
        h('legend', {}, t(st.kind === 'injury_support' ? 'apply.injured' : 'apply.lost')),
        field('a-person', t('apply.personName'), 'personName', { 'aria-required': 'true' }),
        field('a-relation', t('apply.relation'), 'relation')),
    field('a-amount', t('apply.amount'), 'amount', { inputmode: 'numeric' }),
    h('div', { class: 'field' },
      h('label', { for: 'a-notes' }, t('apply.notes')),
      h('textarea', { id: 'a-notes', rows: '3', oninput: (e) => { st.notes = e.target.value; } }, st.notes)),
    h('fieldset', {},
      h('legend', {}, t('apply.documents')),
      h('p', { class: 'muted small' }, t('apply.documentsLead')),
      select('a-doc-kind', t('apply.docKind'), st.docKind, kDocKinds.map((k) => [k, t(`apply.doc.${k}`)]), (k) => { st.docKind = k; }),
      h('div', { class: 'field' },
        h('label', { for: 'a-file' }, t('apply.file')),
        h('input', { id: 'a-file', type: 'file', accept: 'image/jpeg,image/png,image/webp,image/heic,application/pdf', multiple: true,
          disabled: st.busy, onchange: (e) => upload(e.target) })),
      st.files.length
        ? h('ul', { id: 'apply-files' }, st.files.map((f, i) => h('li', { 'data-sha256': f.sha256 },
          `${t(`apply.doc.${f.kind}`)}: ${f.name} `,
          h('button', { type: 'button', class: 'link', 'aria-label': t('apply.removeFile', { name: f.name }),
            onclick: () => { st.files.splice(i, 1); rerender('a-file'); } }, t('apply.remove')))))
        : ''),
    h('button', { type: 'submit', class: 'primary wide', id: 'apply-submit', disabled: st.busy }, t('apply.submit')));
}

function doneStep() {
  return h('div', { class: 'answer found', id: 'apply-done', tabindex: '-1', 'data-number': st.done.number },
    h('p', { class: 'answer-title' }, t('apply.done', { number: st.done.number })),
    h('p', {}, t('apply.doneNext')),
    h('button', { type: 'button', class: 'link', id: 'apply-again',
      onclick: () => { Object.assign(st, { step: 'phone', done: null, files: [], message: null, code: '' }); rerender('a-phone'); } },
    t('apply.another')));
}

// The section; `redraw(focusId)` redraws the page (public.js) and puts the focus back.
export function applySection(redraw) {
  rerender = redraw;
  const body = st.step === 'phone' ? phoneStep() : st.step === 'code' ? codeStep()
    : st.step === 'form' ? formStep() : doneStep();
  return h('section', { class: 'card', id: 'apply', 'aria-labelledby': 'apply-title', 'data-step': st.step },
    h('h2', { id: 'apply-title' }, t('apply.title')),
    h('p', { class: 'muted' }, t(`apply.lead.${st.step}`)),
    h('div', { 'aria-live': 'polite' }, message()),
    body);
}

