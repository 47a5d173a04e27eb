// The report chart, as SVG built node by node (no library, no innerHTML): for
// each row a pair of bars, created and resolved, and the backlog as a line on
// the same scale; a legend with words, values in each bar's <title> for hover
// and screen readers, and an aria summary of the whole.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** Round numbers for the axis: 0, step, 2 step, … above max. */
function ticks(max) {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(Math.round(v));
  return out;
}

export function reportChart(report) {
  const rows = report.rows;
  const width = Math.max(640, Math.min(1200, rows.length * 36 + 80));
  const height = 260;
  const pad = {left: 48, right: 12, top: 12, bottom: 58};
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.created, r.resolved, r.backlog)));
  const axis = ticks(max);
  const top = axis[axis.length - 1];
  const y = (v) => pad.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(1, rows.length);
  const barW = Math.max(2, Math.min(16, band / 2.6));
  const labelEvery = Math.ceil(rows.length / 16);

  const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'report-chart', id: 'report-chart', role: 'img',
    'aria-label': `Created and resolved per ${report.by}: ${report.totals.created} created, ` +
      `${report.totals.resolved} resolved; backlog ${report.totals.backlog} at the end`});
  for (const v of axis) {
    root.append(svg('line', {x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'chart-grid'}),
      svg('text', {x: pad.left - 6, y: y(v) + 4, class: 'chart-axis', 'text-anchor': 'end'}, v));
  }
  const points = [];
  rows.forEach((r, i) => {
    const x0 = pad.left + i * band + band / 2;
    root.append(
      svg('rect', {x: x0 - barW - 1, y: y(r.created), width: barW, height: Math.max(0, y(0) - y(r.created)),
        class: 'chart-created'}, svg('title', null, `${r.label}: ${r.created} created`)),
      svg('rect', {x: x0 + 1, y: y(r.resolved), width: barW, height: Math.max(0, y(0) - y(r.resolved)),
        class: 'chart-resolved'}, svg('title', null, `${r.label}: ${r.resolved} resolved`)));
    points.push(`${x0},${y(r.backlog)}`);
    if (i % labelEvery === 0) {
      const text = r.key.length === 10 ? r.key.slice(5) : r.label;
      root.append(svg('text', {x: x0, y: height - pad.bottom + 14, class: 'chart-axis', 'text-anchor': 'end',
        transform: `rotate(-35 ${x0} ${height - pad.bottom + 14})`}, text.length > 16 ? text.slice(0, 15) + '…' : text));
    }
  });
  if (points.length > 1) root.append(svg('polyline', {points: points.join(' '), class: 'chart-backlog'}));
  rows.forEach((r, i) => {
    const x0 = pad.left + i * band + band / 2;
    root.append(svg('circle', {cx: x0, cy: y(r.backlog), r: 2.5, class: 'chart-backlog-dot'},
      svg('title', null, `${r.label}: backlog ${r.backlog}`)));
  });

  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  for (const [cls, text] of [['created', 'Created'], ['resolved', 'Resolved'], ['backlog', 'Backlog (line)']]) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch swatch-' + cls;
    swatch.setAttribute('aria-hidden', 'true');
    li.append(swatch, text);
    legend.append(li);
  }
  const wrap = document.createElement('div');
  wrap.className = 'report-chart-box';
  wrap.append(legend, root);
  return wrap;
}
