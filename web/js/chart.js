// Small inline-SVG charts: no library, no inline styles (colours come from classes in app.css).
import { h } from './dom.js';

const kW = 900, kH = 240, kPad = { l: 36, r: 8, t: 10, b: 26 };

// Lines over hours. series: [{key, label, values:[number]}]; labels: x-axis texts.
export function lineChart({ labels, series, title }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(1, labels.length - 1);
  const x = (i) => kPad.l + (i * (kW - kPad.l - kPad.r)) / n;
  const y = (v) => kH - kPad.b - (v * (kH - kPad.t - kPad.b)) / max;
  const svg = h('svg:svg', { viewBox: `0 0 ${kW} ${kH}`, role: 'img', 'aria-label': title, class: 'chart' });
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.append(h('svg:line', { x1: kPad.l, x2: kW - kPad.r, y1: y(v), y2: y(v), class: 'grid' }),
      h('svg:text', { x: kPad.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  const step = Math.ceil(labels.length / 8);
  labels.forEach((l, i) => {
    if (i % step === 0) svg.append(h('svg:text', { x: x(i), y: kH - 8, class: 'axis', 'text-anchor': 'middle' }, l));
  });
  series.forEach((s, k) => {
    const d = s.values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    svg.append(h('svg:path', { d, class: `series s${k}`, fill: 'none' }));
    s.values.forEach((v, i) => svg.append(h('svg:circle', { cx: x(i), cy: y(v), r: 2.5, class: `dot s${k}` },
      h('svg:title', {}, `${labels[i]} · ${s.label}: ${v}`))));
  });
  const legend = h('ul', { class: 'legend' }, series.map((s, k) => h('li', {}, h('span', { class: `swatch s${k}`, 'aria-hidden': 'true' }), s.label)));
  return h('figure', { class: 'chart-box' }, svg, legend);
}

// Horizontal bars, one row per item, the label as HTML text beside an SVG bar.
export function barChart({ rows, title }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h('ul', { class: 'bars', 'aria-label': title }, rows.map((r) => {
    const w = Math.max(0.5, (100 * r.value) / max);
    return h('li', {},
      h('span', { class: 'bar-label' }, r.label),
      h('svg:svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'bar-svg', 'aria-hidden': 'true' },
        h('svg:rect', { x: 0, y: 1, width: w, height: 8, rx: 1, class: `bar ${r.cls || ''}` })),
      h('span', { class: 'bar-value' }, r.text ?? String(r.value)));
  }));
}
