// Supervisor dashboard: the last hours in figures and simple charts.
import { h, clear } from '../dom.js';
import { get, qs } from '../api.js';
import { t, fmtNum, fmtTime } from '../i18n.js';
import { problem, loading, pageHeader } from '../ui.js';
import { lineChart, barChart } from '../chart.js';
import { table } from './person.js';

const kSeries = ['inquiries', 'matches', 'confirmed', 'informed'];

export function render(main) {
  let alive = true;
  let hours = 24;
  const body = h('div', { id: 'dashboard-body' }, loading());
  const range = h('select', { id: 'hours', onchange: () => { hours = Number(range.value); load(); } },
    [6, 12, 24, 48, 72].map((n) => h('option', { value: n, selected: n === hours }, t('dashboard.lastHours', { n }))));
  main.append(pageHeader(t('title.dashboard'),
    h('div', { class: 'field inline' }, h('label', { for: 'hours' }, t('dashboard.range')), range)), body);
  load();
  const timer = setInterval(() => { if (document.visibilityState === 'visible') load(); }, 60000);
  return () => { alive = false; clearInterval(timer); };

  async function load() {
    try {
      const f = await get(`/api/v1/figures${qs({ hours })}`);
      if (!alive) return;
      draw(f);
    } catch (err) {
      if (!alive) return;
      clear(body).append(problem(err, t('title.dashboard')));
    }
  }

  function draw(f) {
    const rows = fillHours(f.hours || [], hours);
    const sum = (k) => rows.reduce((a, r) => a + (r[k] || 0), 0);
    const labels = rows.map((r) => fmtTime(r.hour));
    const tiles = h('ul', { class: 'tiles' },
      h('li', { class: 'tile' }, h('span', { class: 'tile-value' }, fmtNum(f.open_inquiries || 0)), h('span', {}, t('dashboard.open'))),
      kSeries.map((k) => h('li', { class: 'tile' }, h('span', { class: 'tile-value' }, fmtNum(sum(k))), h('span', {}, t(`dashboard.${k}`)))));
    const byStatus = Object.entries(f.by_status || {}).map(([s, n]) => ({ label: t(`status.${s}`), value: n, text: fmtNum(n), cls: `status-${s}` }));
    const bySource = (f.by_source || []).map((s) => ({ label: s.name, value: s.persons, text: fmtNum(s.persons) }));
    clear(body).append(tiles,
      h('section', { class: 'panel', 'aria-labelledby': 'per-hour' },
        h('h2', { id: 'per-hour' }, t('dashboard.perHour')),
        lineChart({ labels, title: t('dashboard.perHour'), series: kSeries.map((k) => ({ key: k, label: t(`dashboard.${k}`), values: rows.map((r) => r[k] || 0) })) }),
        h('details', {}, h('summary', {}, t('dashboard.asTable')),
          table([t('dashboard.hour'), ...kSeries.map((k) => t(`dashboard.${k}`))],
            rows.map((r) => [fmtTime(r.hour), ...kSeries.map((k) => fmtNum(r[k] || 0))])))),
      h('div', { class: 'two-col' },
        h('section', { class: 'panel', 'aria-labelledby': 'by-status' }, h('h2', { id: 'by-status' }, t('dashboard.byStatus')),
          barChart({ rows: byStatus, title: t('dashboard.byStatus') })),
        h('section', { class: 'panel', 'aria-labelledby': 'by-source' }, h('h2', { id: 'by-source' }, t('dashboard.bySource')),
          barChart({ rows: bySource, title: t('dashboard.bySource') }))));
  }
}

// The server lists only the hours that had something; the chart wants every hour of the period.
function fillHours(sparse, hours) {
  const kHour = 3600 * 1000;
  const byHour = new Map(sparse.map((r) => [Math.floor(Date.parse(r.hour) / kHour), r]));
  const last = Math.max(Math.floor(Date.now() / kHour), ...byHour.keys());
  const out = [];
  for (let h = last - hours + 1; h <= last; h++) {
    const r = byHour.get(h) || {};
    out.push({ ...r, hour: new Date(h * kHour).toISOString() });
  }
  return out;
}
