// The register's public accountability page (issue #18): what was claimed, approved and paid, by
// district and by kind of object, from the public HXL CSV (aggregates only; a cell of too few
// claims is suppressed by the server, so no family can be singled out). Totals add up only the
// cells shown.
import { h, clear } from './dom.js';
import { t, languages, lang, setLang, onLangChange, fmtNum } from './i18n.js';

const kCsv = '/api/v1/public/recovery-figures.csv';
const kNumbers = ['claims', 'claims_approved', 'claims_paid', 'valued_kzt', 'approved_kzt', 'paid_kzt'];
let rows = null;
let failure = null;

// RFC 4180 without embedded newlines in fields (the server writes none): quotes and commas.
export function parseCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.length);
  const split = (line) => {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const [header, , ...body] = lines.map(split);  // the second line is the HXL hashtags
  return body.map((cells) => Object.fromEntries(header.map((k, i) => [k, cells[i] ?? ''])));
}

function group(list, key) {
  const out = new Map();
  for (const r of list) {
    const g = out.get(r[key]) || { name: r[key], suppressed: 0, ...Object.fromEntries(kNumbers.map((k) => [k, 0])) };
    if (r.suppressed === 'true') g.suppressed += 1;
    else for (const k of kNumbers) g[k] += Number(r[k] || 0);
    out.set(r[key], g);
  }
  return [...out.values()].sort((a, b) => b.claims - a.claims);
}

function table(id, caption, nameHeader, groups, nameOf) {
  return h('div', { class: 'table-wrap' }, h('table', { id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, nameHeader),
      kNumbers.map((k) => h('th', { scope: 'col', class: 'num' }, t(`figures.col.${k}`))))),
    h('tbody', {}, groups.map((g) => h('tr', { 'data-name': g.name },
      h('th', { scope: 'row' }, nameOf(g.name), g.suppressed ? h('span', { class: 'muted small' }, ` ${t('figures.someHidden')}`) : ''),
      kNumbers.map((k) => h('td', { class: 'num' }, fmtNum(g[k]))))))));
}

function render() {
  const main = clear(document.getElementById('main'));
  document.documentElement.lang = lang();
  document.title = t('figures.title');
  const langSelect = h('select', { id: 'lang-select', class: 'lang', 'aria-label': t('app.language'),
    onchange: (e) => setLang(e.target.value) },
  languages.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === lang() }, l.label)));
  main.append(h('header', { class: 'public-top' }, h('span', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('figures.brand')), langSelect),
    h('h1', {}, t('figures.title')),
    h('p', { class: 'muted' }, t('figures.lead')));
  if (failure) {
    main.append(h('p', { class: 'form-error', role: 'alert', id: 'figures-error' }, t('figures.failed')));
  } else if (!rows) {
    main.append(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
  } else if (!rows.length) {
    main.append(h('p', { class: 'empty', id: 'figures-empty' }, t('figures.none')));
  } else {
    const shown = rows.filter((r) => r.suppressed !== 'true');
    const sum = (k) => shown.reduce((s, r) => s + Number(r[k] || 0), 0);
    main.append(
      h('section', { class: 'card', id: 'figures-totals' },
        h('p', { class: 'figures-big' }, t('figures.totals', { claims: fmtNum(sum('claims')), approved: fmtNum(sum('claims_approved')), paid: fmtNum(sum('claims_paid')) })),
        h('p', {}, t('figures.money', { paid: fmtNum(sum('paid_kzt')), approved: fmtNum(sum('approved_kzt')) }))),
      table('figures-by-district', t('figures.byDistrict'), t('figures.district'), group(rows, 'district'),
        (n) => (n === 'unknown' ? t('figures.unknownDistrict') : n)),
      table('figures-by-type', t('figures.byType'), t('figures.type'), group(rows, 'object_type'),
        (n) => t(`figures.kind.${n}`)));
  }
  main.append(h('p', { class: 'muted small' }, t('figures.privacy')),
    h('p', {}, h('a', { href: kCsv, id: 'figures-csv', download: 'recovery-figures.csv' }, t('figures.download'))),
    h('footer', { class: 'muted small' }, h('a', { href: '/public/' }, t('figures.back'))));
}

async function load() {
  try {
    const res = await fetch(kCsv, { headers: { Accept: 'text/csv' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    rows = parseCsv(await res.text());
  } catch (err) {
    failure = err;
  }
  render();
}

onLangChange(render);
render();
load();
