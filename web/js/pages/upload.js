// Source clerk: upload a list as CSV, see every rejected row before committing (dry run), then
// import and see what was created or updated. The file goes as its bytes: the server finds the
// encoding (UTF-8, Windows-1251 from Excel, KOI8-R) as `aftermath import` does. The source's
// past uploads are listed below, and a template in the console's language is offered.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtNum, fmtDateTime, lang } from '../i18n.js';
import { problem, pageHeader } from '../ui.js';
import { table } from './person.js';
import { rowProblem, errorMessage } from '../reasons.js';

// Lines in the file's bytes, whatever its encoding: every one ends in LF (CR LF), the last
// one may not.
function countLines(bytes) {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  if (bytes.length && bytes[bytes.length - 1] !== 0x0a) n++;
  return n;
}

export function render(main, ctx) {
  const bound = ctx.session.user.role === 'clerk';
  let text = null;  // the file's bytes, sent as they are
  let checked = false;
  const file = h('input', { id: 'csv-file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint',
    onchange: async () => {
      checked = false;
      commit.disabled = true;
      clear(out);
      text = file.files[0] ? new Uint8Array(await file.files[0].arrayBuffer()) : null;
      check.disabled = !text;
      if (text) status.textContent = t('upload.chosen', { name: file.files[0].name, n: fmtNum(Math.max(0, countLines(text) - 1)) });
    } });
  const status = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const check = h('button', { type: 'button', class: 'primary', id: 'check', disabled: true, onclick: () => send(true) }, t('upload.check'));
  const commit = h('button', { type: 'button', id: 'commit', disabled: true, onclick: () => send(false) }, t('upload.commit'));
  const out = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  // A clerk uploads for their own source; supervisors and admins say which source the list is from.
  const source = bound ? null : h('select', { id: 'upload-source', required: true, onchange: () => loadHistory() },
    h('option', { value: '' }, t('upload.pickSource')));
  const history = h('section', { class: 'panel', id: 'upload-history', 'aria-labelledby': 'upload-history-title' });
  if (source) {
    get('/api/v1/sources').then((r) => {
      for (const x of r.items || []) source.append(h('option', { value: x.id }, x.name));
    }).catch(() => {});
  }
  const strict = h('input', { id: 'all-or-nothing', type: 'checkbox' });
  main.append(pageHeader(t('title.upload')),
    h('section', { class: 'panel' },
      h('p', {}, t('upload.lead')),
      h('p', { class: 'hint', id: 'csv-hint' }, t('upload.columns'), ' ',
        h('code', {}, '№, Тегі / Фамилия / Surname, Аты / Имя / Given name, Отчество, Туған күні / Дата рождения, Пол / Sex, Статус, Мекеме / Место / Facility, Примечание')),
      h('p', { class: 'hint' }, h('a', { id: 'template-link', href: `templates/list-${lang()}.csv`, download: `list-template-${lang()}.csv` },
        t('upload.template')), ' ', t('upload.templateHint')),
      source ? [h('label', { for: 'upload-source' }, t('upload.source')), source] : null,
      h('label', { for: 'csv-file' }, t('upload.file')), file, status,
      h('div', { class: 'check-line' }, strict, h('label', { for: 'all-or-nothing' }, t('upload.allOrNothing'))),
      h('div', { class: 'actions' }, check, commit)),
    out, history);
  loadHistory();

  // The source's past uploads: when, by whom, what each did.
  async function loadHistory() {
    if (source && !source.value) { clear(history); return; }
    try {
      const res = await get(`/api/v1/imports${qs({ source_id: source ? source.value : '', limit: 20 })}`);
      const items = res.items || [];
      clear(history).append(h('h2', { id: 'upload-history-title' }, t('upload.history')),
        items.length
          ? table([t('upload.when'), t('upload.by'), t('upload.created'), t('upload.updated'), t('upload.unchanged'), t('upload.rejected'), t('upload.outcome')],
            items.map((r) => [fmtDateTime(r.at), r.by, fmtNum(r.created), fmtNum(r.updated), fmtNum(r.unchanged), fmtNum(r.rejected),
              r.written ? t('upload.imported') : t('upload.refused')]))
          : h('p', { class: 'empty' }, t('upload.historyEmpty')));
    } catch (err) {
      clear(history).append(h('h2', { id: 'upload-history-title' }, t('upload.history')), problem(err, t('upload.history')));
    }
  }

  async function send(dryRun) {
    if (!text) return;
    if (source && !source.value) {
      status.textContent = t('upload.pickSource');
      source.focus();
      return;
    }
    check.disabled = commit.disabled = true;
    status.textContent = t('common.loading');
    try {
      const params = { format: 'csv', dry_run: dryRun, all_or_nothing: strict.checked || '', source_id: source ? source.value : '' };
      const res = await post(`/api/v1/imports${qs(params)}`, text, { contentType: 'text/csv' });
      status.textContent = '';
      const rejected = res.rejected || [];
      const rejectedCount = res.rejected_count ?? rejected.length;
      clear(out).append(h('section', { class: 'panel', 'aria-labelledby': 'upload-summary' },
        h('h2', { id: 'upload-summary' }, dryRun ? t('upload.checkTitle') : t('upload.doneTitle')),
        h('ul', { class: 'figures-line' },
          ['created', 'updated', 'unchanged'].map((k) => h('li', {}, h('strong', {}, fmtNum(res[k] || 0)), ' ', t(`upload.${k}`))),
          h('li', { class: rejectedCount ? 'bad' : '' }, h('strong', {}, fmtNum(rejectedCount)), ' ', t('upload.rejected'))),
        (res.notes || []).length ? h('ul', { class: 'muted small', 'aria-label': t('upload.readerNotes') }, res.notes.map((n, i) => h('li', {}, errorMessage({ message: n, detail: (res.note_details || [])[i] })))) : null,
        !dryRun && res.written === false ? h('p', { class: 'form-error' }, t('upload.nothingWritten')) : null,
        rejected.length
          ? [h('p', { class: 'form-error' }, dryRun ? t('upload.fixRows') : t('upload.rowsSkipped')),
            table([t('upload.line'), t('upload.column'), t('upload.reason')], rejected.map((r) => [fmtNum(r.line), r.column || '', rowProblem(r)]))]
          : h('p', {}, dryRun ? t('upload.allGood') : '')));
      checked = dryRun;
      commit.disabled = !checked;
      check.disabled = false;
      if (!dryRun) { text = null; file.value = ''; check.disabled = true; loadHistory(); }
    } catch (err) {
      status.textContent = '';
      clear(out).append(err.status === 400 ? h('p', { class: 'form-error', role: 'alert' }, err.message) : problem(err, t('title.upload')));
      check.disabled = false;
    }
  }
}
