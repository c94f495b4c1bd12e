// Browser code: a small inline-SVG line chart, stable (solid) against candidate (dashed), on the
// dashboard's shared time window so both tracks and every model line up.
export const CHART_JS = `
const BOX = { w: 300, h: 120, left: 46, right: 8, top: 8, bottom: 20 };

function niceMax(v) {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const n = v / power;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

// Lines break where a bucket has no value, rather than drawing a misleading slope across the gap.
function runs(points) {
  const out = [];
  let current = [];
  for (const p of points) {
    if (p.v === null) {
      if (current.length) out.push(current);
      current = [];
    } else current.push(p);
  }
  if (current.length) out.push(current);
  return out;
}

function lineChart(spec) {
  const { caption, window, series, axis, format, floor } = spec;
  const span = Math.max(1, window.to - window.from);
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter(isNum);
  // A floor keeps an all-zero series on a sensible scale (0..1%, not 0..100%).
  const top = niceMax(Math.max(floor, ...values));
  const plotW = BOX.w - BOX.left - BOX.right;
  const plotH = BOX.h - BOX.top - BOX.bottom;
  const x = (at) => BOX.left + (Math.min(Math.max(at, window.from), window.to) - window.from) / span * plotW;
  const y = (v) => BOX.top + (1 - v / top) * plotH;
  const summary = series
    .map((s) => {
      const last = s.points.map((p) => p.v).filter(isNum).pop();
      return s.label + ' latest ' + (last === undefined ? 'no data' : format(last));
    })
    .join(', ');
  const root = svg('svg', { class: 'chart', viewBox: '0 0 ' + BOX.w + ' ' + BOX.h, role: 'img', 'aria-label': caption + ': ' + summary });
  for (const v of values.length ? [0, top / 2, top] : [0]) {
    root.appendChild(svg('line', { x1: BOX.left, x2: BOX.w - BOX.right, y1: y(v), y2: y(v), class: 'grid' }));
    root.appendChild(svg('text', { x: BOX.left - 4, y: y(v) + 3, 'text-anchor': 'end', text: axis(v) }));
  }
  if (!values.length) {
    const middle = { x: BOX.left + plotW / 2, y: BOX.top + plotH / 2, 'text-anchor': 'middle', class: 'no-data' };
    root.appendChild(svg('text', { ...middle, text: 'no data in this window' }));
  }
  root.appendChild(svg('text', { x: BOX.left, y: BOX.h - 4, text: fmtTime(window.from).slice(0, 5) }));
  root.appendChild(svg('text', { x: BOX.w - BOX.right, y: BOX.h - 4, 'text-anchor': 'end', text: fmtTime(window.to).slice(0, 5) }));
  for (const s of series) {
    const group = svg('g', { class: 'line-' + s.track, 'data-series': s.track });
    for (const run of runs(s.points)) {
      if (run.length === 1) group.appendChild(svg('circle', { cx: x(run[0].at), cy: y(run[0].v), r: 2.5 }));
      else group.appendChild(svg('polyline', { points: run.map((p) => x(p.at).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' ') }));
    }
    root.appendChild(group);
  }
  return el('figure', null, [el('figcaption', { text: caption }), root]);
}

function legend() {
  const key = (track, label) => {
    const sample = svg('svg', { width: 22, height: 8, 'aria-hidden': 'true', class: 'line-' + track }, [
      svg('line', { x1: 0, x2: 22, y1: 4, y2: 4 }),
    ]);
    return el('span', null, [sample, label]);
  };
  return el('p', { class: 'legend' }, [key('stable', 'stable'), key('candidate', 'candidate')]);
}
`;
