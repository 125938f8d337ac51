// Source clerk: upload a list as CSV, see every rejected row before committing (dry run), then
// import and see what was created or updated.
import { h, clear } from '../dom.js';
import { get, post, qs } from '../api.js';
import { t, fmtNum } from '../i18n.js';
import { problem, pageHeader } from '../ui.js';
import { table } from './person.js';
import { rowProblem } from '../reasons.js';

export function render(main, ctx) {
  const bound = ctx.session.user.role === 'clerk';
  let text = null;
  let checked = false;
  const file = h('input', { id: 'csv-file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint',
    onchange: async () => {
      checked = false;
      commit.disabled = true;
      clear(out);
      text = file.files[0] ? await file.files[0].text() : null;
      check.disabled = !text;
      if (text) status.textContent = t('upload.chosen', { name: file.files[0].name, n: fmtNum(text.split(/\r?\n/).filter(Boolean).length - 1) });
    } });
  const status = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const check = h('button', { type: 'button', class: 'primary', id: 'check', disabled: true, onclick: () => send(true) }, t('upload.check'));
  const commit = h('button', { type: 'button', id: 'commit', disabled: true, onclick: () => send(false) }, t('upload.commit'));
  const out = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  // A clerk uploads for their own source; supervisors and admins say which source the list is from.
  const source = bound ? null : h('select', { id: 'upload-source', required: true }, h('option', { value: '' }, t('upload.pickSource')));
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
      source ? [h('label', { for: 'upload-source' }, t('upload.source')), source] : null,
      h('label', { for: 'csv-file' }, t('upload.file')), file, status,
      h('div', { class: 'check-line' }, strict, h('label', { for: 'all-or-nothing' }, t('upload.allOrNothing'))),
      h('div', { class: 'actions' }, check, commit)),
    out);

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
        (res.notes || []).length ? h('ul', { class: 'muted small', 'aria-label': t('upload.readerNotes') }, res.notes.map((n) => h('li', {}, n))) : null,
        !dryRun && res.written === false ? h('p', { class: 'form-error' }, t('upload.nothingWritten')) : null,
        rejected.length
          ? [h('p', { class: 'form-error' }, dryRun ? t('upload.fixRows') : t('upload.rowsSkipped')),
            table([t('upload.line'), t('upload.column'), t('upload.reason')], rejected.map((r) => [fmtNum(r.line), r.column || '', rowProblem(r)]))]
          : h('p', {}, dryRun ? t('upload.allGood') : '')));
      checked = dryRun;
      commit.disabled = !checked;
      check.disabled = false;
      if (!dryRun) { text = null; file.value = ''; check.disabled = true; }
    } catch (err) {
      status.textContent = '';
      clear(out).append(err.status === 400 ? h('p', { class: 'form-error', role: 'alert' }, err.message) : problem(err, t('title.upload')));
      check.disabled = false;
    }
  }
}
