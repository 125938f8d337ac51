// Intake of a property claim (issue #18) by a clerk at the akimat or the 1414 operator during a
// call: the object (address as typed in any script, cadastral number or VIN), the applicant
// (name, IIN/BIN, phone, IBAN), the documents the programme needs as a checklist. While the form
// is filled the server's duplicate and conflict check runs on it (POST …/claims?dry_run=true:
// nothing is stored) and its findings show before saving. As the address, cadastral number or VIN
// is typed, the objects already registered under it (in any script) are offered: the clerk takes
// one with Enter or a click, and the claim is filed on that object. Family and injury cases come from the
// direct line's reports, so this form takes property claims only.
import { h, clear, debounce } from '../dom.js';
import { get, post, newIdempotencyKey } from '../api.js';
import { t } from '../i18n.js';
import { problem, pageHeader, field, showFieldError } from '../ui.js';

const kKinds = ['home', 'business_property', 'vehicle'];
const kObjectKind = { home: 'home', business_property: 'shop', vehicle: 'vehicle' };
// The documents each kind of claim needs (src/recovery/rules.cc MissingOf).
const kDocuments = {
  home: ['id_card', 'title_deed'],
  business_property: ['id_card', 'title_deed'],
  vehicle: ['id_card', 'vehicle_registration'],
};

export function render(main, ctx) {
  let alive = true;
  let programmes = [];
  let checkSeq = 0;
  let lookupSeq = 0;
  let chosen = null;  // a registered object the clerk took for this claim
  let saveKey = newIdempotencyKey();  // one key per claim being taken: a retried save is one claim
  const documents = new Map();  // kind → {sha256, media_type, size, name}
  const id = (n) => `cl-${n}`;
  const input = (name, attrs = {}) => h('input', { id: id(name), name, autocomplete: 'off', spellcheck: 'false', ...attrs });

  const kind = h('select', { id: id('kind'), name: 'kind' }, kKinds.map((k) => h('option', { value: k }, t(`claimKind.${k}`))));
  const programme = h('select', { id: id('programme'), name: 'programme' });
  const address = input('address');
  const cadastral = input('cadastral');
  const vin = input('vin');
  const objectName = input('object_name');
  const applicant = input('applicant_name');
  const iin = input('applicant_id', { inputmode: 'numeric' });
  const phone = input('applicant_phone', { type: 'tel' });
  const iban = input('iban');
  const amount = input('amount_claimed', { inputmode: 'numeric' });
  const checklist = h('ul', { class: 'checklist', id: 'claim-documents' });
  const known = h('div', { id: 'claim-known-objects', 'aria-live': 'polite' });
  const findings = h('div', { id: 'claim-findings', 'aria-live': 'polite' });
  const result = h('div', { id: 'claim-result', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'claim-save' }, t('claim.save'));
  const form = h('form', { class: 'card claim-form', id: 'claim-form', novalidate: true, onsubmit: submit,
    oninput: () => later(), onchange: () => later() },
  field(id('kind'), t('claim.kind'), kind),
  field(id('programme'), t('claim.programme'), programme),
  h('fieldset', {}, h('legend', {}, t('claim.object')),
    field(id('address'), t('claim.address'), address, t('claim.addressHint')),
    field(id('cadastral'), t('claim.cadastral'), cadastral),
    field(id('vin'), t('claim.vin'), vin),
    field(id('object_name'), t('claim.objectName'), objectName),
    known),
  h('fieldset', {}, h('legend', {}, t('claim.applicant')),
    field(id('applicant_name'), t('claim.applicantName'), applicant),
    field(id('applicant_id'), t('claim.iin'), iin),
    field(id('applicant_phone'), t('claim.phone'), phone),
    field(id('iban'), t('claim.iban'), iban),
    field(id('amount_claimed'), t('claim.amount'), amount)),
  h('fieldset', {}, h('legend', {}, t('claim.documents')), checklist),
  findings,
  h('div', { class: 'actions' }, save),
  result);
  main.append(pageHeader(t('title.claim'), h('p', { class: 'muted small' }, t('claim.lead'))), form);
  kind.addEventListener('change', () => { showKind(); fillProgrammes(); });
  const later = debounce(() => check(), 500);
  const lookupLater = debounce((text) => lookup(text), 300);
  for (const el of [address, cadastral, vin]) {
    el.addEventListener('input', () => { if (!chosen) lookupLater(el.value.trim()); });
  }

  loadProgrammes();
  showKind();
  return () => { alive = false; };

  async function loadProgrammes() {
    try {
      programmes = (await get('/api/v1/recovery/programmes')).items || [];
      fillProgrammes();
    } catch (err) {
      if (alive) clear(findings).append(problem(err, t('title.claim')));
    }
  }

  function fillProgrammes() {
    const fitting = programmes.filter((p) => (p.claim_kinds || []).includes(kind.value));
    clear(programme).append(...fitting.map((p) => h('option', { value: p.code || p.id }, p.name)));
  }

  function showKind() {
    const k = kind.value;
    vin.closest('.field').hidden = k !== 'vehicle';
    cadastral.closest('.field').hidden = k === 'vehicle';
    clear(checklist);
    for (const doc of kDocuments[k]) {
      const have = documents.get(doc);
      const file = h('input', { type: 'file', id: id(`doc-${doc}`), accept: 'image/*,application/pdf',
        onchange: (e) => attach(doc, e.target) });
      checklist.append(h('li', { 'data-document': doc, 'data-attached': String(Boolean(have)) },
        h('label', { for: file.id }, have ? '✓ ' : '☐ ', t(`claimMissing.document:${doc}`)),
        have ? h('span', { class: 'muted small' }, ` ${have.name}`) : '', file));
    }
  }

  async function attach(doc, el) {
    const f = el.files[0];
    if (!f) return;
    try {
      const stored = await post('/api/v1/recovery/files', f, { contentType: f.type || 'application/octet-stream' });
      documents.set(doc, { ...stored, name: f.name });
      showKind();
      later();
    } catch (err) {
      clear(findings).append(problem(err, t('claim.documents')));
    }
  }

  // The registered objects the typed text names, to take one instead of describing it again.
  async function lookup(text) {
    const seq = ++lookupSeq;
    if (text.length < 4) { clear(known); return; }
    try {
      const res = await get(`/api/v1/recovery/objects?q=${encodeURIComponent(text)}&limit=5`);
      if (!alive || seq !== lookupSeq || chosen) return;
      showKnown(res.items || []);
    } catch {
      if (alive && seq === lookupSeq) clear(known);  // the check on saving still runs
    }
  }

  function describe(o) {
    return [o.address || o.name, t(`objectKind.${o.kind}`), o.cadastral, o.vin].filter(Boolean).join(' · ');
  }

  function showKnown(objects) {
    clear(known);
    if (!objects.length) return;
    known.append(h('div', { class: 'notice', id: 'known-objects' },
      h('p', { class: 'notice-title' }, t('claim.knownObjects')),
      h('ul', {}, objects.map((o) => h('li', {},
        h('button', { type: 'button', class: 'link known-object', 'data-object-id': o.id, onclick: () => choose(o) },
          describe(o)))))));
  }

  function choose(o) {
    chosen = o;
    clear(known).append(h('p', { class: 'chosen-object', id: 'chosen-object', 'data-object-id': o.id },
      t('claim.chosenObject', { object: describe(o) }), ' ',
      h('button', { type: 'button', class: 'link', id: 'chosen-object-drop', onclick: () => { chosen = null; clear(known); later(); } },
        t('claim.chosenObjectDrop'))));
    later();
  }

  function body() {
    if (chosen) return { ...claimBody(), object_id: chosen.id };
    const object = { kind: kObjectKind[kind.value] };
    for (const [k, el] of [['address', address], ['cadastral', cadastral], ['vin', vin], ['name', objectName]]) {
      if (el.value.trim() && !el.closest('.field').hidden) object[k] = el.value.trim();
    }
    return { ...claimBody(), object };
  }

  // The claim without its object.
  function claimBody() {
    const out = { kind: kind.value, programme: programme.value, channel: 'call',
      applicant_name: applicant.value.trim(),
      documents: [...documents].map(([k, d]) => ({ kind: k, sha256: d.sha256, media_type: d.media_type, size: d.size })) };
    for (const [k, el] of [['applicant_id', iin], ['applicant_phone', phone], ['iban', iban]]) {
      if (el.value.trim()) out[k] = el.value.trim();
    }
    if (amount.value.trim()) out.amount_claimed = Number(amount.value.replace(/\s/g, ''));
    return out;
  }

  // The server's checks on the form as it stands; only the newest answer is shown.
  async function check() {
    if (!applicant.value.trim() || !programme.value || (!chosen && !address.value.trim() && !cadastral.value.trim() && !vin.value.trim())) return;
    const seq = ++checkSeq;
    try {
      const res = await post('/api/v1/recovery/claims?dry_run=true', body());
      if (!alive || seq !== checkSeq) return;
      showFieldError(form, null);
      showFindings(res);
    } catch (err) {
      if (!alive || seq !== checkSeq) return;
      clear(findings);
      if (err.status === 400 && showFieldError(form, err)) return;
      findings.append(problem(err, t('claim.check')));
    }
  }

  function showFindings(res) {
    clear(findings);
    const items = [];
    if (res.existing) items.push(h('li', { 'data-finding': 'existing' }, t('claim.existing')));
    if (res.object && !res.object_created) items.push(h('li', { 'data-finding': 'known_object' }, t('claim.knownObject', { id: res.object.id })));
    for (const c of res.conflicts || []) {
      items.push(h('li', { 'data-finding': c.reason }, t(`conflictReason.${c.reason}`), ' — ',
        h('span', { class: 'muted' }, t('claim.otherClaim', { id: c.other_claim_id }))));
    }
    findings.append(items.length
      ? h('div', { class: 'notice', id: 'claim-conflicts', role: 'status' }, h('p', { class: 'notice-title' }, t('claim.findings')), h('ul', {}, items))
      : h('p', { class: 'muted small', id: 'claim-clean' }, t('claim.noFindings')));
  }

  async function submit(e) {
    e.preventDefault();
    save.disabled = true;
    try {
      const res = await post('/api/v1/recovery/claims', body(), { idempotencyKey: saveKey });
      clear(result).append(h('div', { class: 'answer found', id: 'claim-saved', 'data-claim-id': res.claim.id },
        h('p', { class: 'answer-title' }, t('claim.saved', { number: res.claim.id })),
        h('p', {}, t('claim.tellNumber')),
        (res.conflicts || []).length ? h('p', {}, t('claim.savedWithConflicts', { n: res.conflicts.length })) : ''));
      saveKey = newIdempotencyKey();
      form.reset();
      chosen = null;
      clear(known);
      documents.clear();
      showKind();
      fillProgrammes();
      clear(findings);
      ctx.toast(t('claim.saved', { number: res.claim.id }));
    } catch (err) {
      if (err.status === 400 && showFieldError(form, err)) return;
      clear(result).append(problem(err, t('title.claim')));
    } finally {
      save.disabled = false;
    }
  }
}
