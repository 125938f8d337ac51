// Supervisor dashboard: the shift at a glance (the review backlog, overdue callbacks, the oldest
// unanswered inquiry, calls in the last hour against the operators at work), then the last hours
// in figures and simple charts; below them the register's overdue claims and commissions.
import { h, clear } from '../dom.js';
import { get, qs } from '../api.js';
import { t, fmtNum, fmtTime, fmtDateTime } from '../i18n.js';
import { problem, loading, pageHeader } from '../ui.js';
import { lineChart, barChart } from '../chart.js';
import { table } from './person.js';
import { registerPanel } from './dashboard_register.js';

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
      const [f, shift, register] = await Promise.all([get(`/api/v1/figures${qs({ hours })}`),
        get('/api/v1/figures/shift').catch(() => null), registerPanel().catch(() => null)]);
      if (!alive) return;
      draw(f);
      if (shift) body.prepend(shiftPanel(shift));
      if (register) body.append(register);
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

// "2 h 05 min", "40 min", "3 d 4 h": how long the oldest family has waited.
function fmtWait(seconds) {
  const m = Math.floor(seconds / 60);
  if (m < 60) return t('dashboard.minutes', { m: fmtNum(m) });
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return t('dashboard.hoursMinutes', { h: fmtNum(hrs), m: String(m % 60).padStart(2, '0') });
  return t('dashboard.daysHours', { d: fmtNum(Math.floor(hrs / 24)), h: fmtNum(hrs % 24) });
}

// The shift lead's figures: what waits, and whether the operators on shift keep up.
function shiftPanel(s) {
  const tile = (key, value, label, extra, warn) => h('li', { class: `tile${warn ? ' bad' : ''}`, dataset: { figure: key } },
    h('span', { class: 'tile-value' }, value), h('span', {}, label), extra ? h('span', { class: 'muted small' }, extra) : '');
  const perOperator = s.staff_on_shift ? s.calls_last_hour / s.staff_on_shift : null;
  return h('section', { class: 'panel', id: 'shift', 'aria-labelledby': 'shift-title' },
    h('h2', { id: 'shift-title' }, t('dashboard.shift')),
    h('ul', { class: 'tiles' },
      tile('review_backlog', fmtNum(s.review_backlog), t('dashboard.reviewBacklog')),
      tile('overdue_callbacks', fmtNum(s.overdue_callbacks), t('dashboard.overdueCallbacks'),
        t('dashboard.ofPending', { n: fmtNum(s.pending_callbacks) }), s.overdue_callbacks > 0),
      tile('oldest_unanswered', s.oldest_unanswered_seconds === null ? '—' : fmtWait(s.oldest_unanswered_seconds),
        t('dashboard.oldestUnanswered'), s.oldest_unanswered_at ? t('dashboard.since', { time: fmtDateTime(s.oldest_unanswered_at) }) : ''),
      tile('calls_per_staff', `${fmtNum(s.calls_last_hour)} / ${fmtNum(s.staff_on_shift)}`, t('dashboard.callsPerStaff'),
        perOperator === null ? t('dashboard.nobodyOnShift') : t('dashboard.perOperator', { n: fmtNum(perOperator, { maximumFractionDigits: 1 }) }),
        s.calls_last_hour > 0 && !s.staff_on_shift)));
}
