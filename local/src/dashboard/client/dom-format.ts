// Browser code (shipped as text inside the page): DOM builders and number formatting.
// Text only ever reaches the DOM through textContent or setAttribute, never as markup.
export const DOM_FORMAT_JS = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';
const NUM = new Intl.NumberFormat('en-US');
const PHASES = ['Pending', 'Compiling', 'Registered', 'Progressing', 'Paused', 'Promoted', 'RolledBack', 'Aborted'];
const OUTCOMES = ['pass', 'fail', 'inconclusive'];

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children || []) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}
const el = (tag, attrs, children) => fill(document.createElement(tag), attrs, children);
const svg = (tag, attrs, children) => fill(document.createElementNS(SVG_NS, tag), attrs, children);

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const trim = (text) => text.replace(/\.0+$|(\.\d*?)0+$/, '$1');
const fmtCount = (v) => (isNum(v) ? NUM.format(v) : '—');
const fmtPct = (v) => (isNum(v) ? (v * 100).toFixed(2) + '%' : '—');
const fmtWeight = (v) => (isNum(v) ? trim(v.toFixed(1)) + '%' : '—');
const fmtMs = (v) => (isNum(v) ? (v < 100 ? v.toFixed(1) : String(Math.round(v))) + ' ms' : '—');
const fmtTime = (at) => (isNum(at) ? new Date(at).toISOString().slice(11, 19) : '—');
const fmtP = (v) => (!isNum(v) ? '—' : v < 0.001 ? '< 0.001' : v.toFixed(3));
const signed = (text, v) => (v > 0 ? '+' : '') + text;
const fmtEffect = (v, metric) =>
  !isNum(v) ? '—' : metric === 'latency' ? signed(v.toFixed(1) + ' ms', v) : signed((v * 100).toFixed(2) + ' pp', v);
const fmtGateValue = (gate, v) =>
  !isNum(v) ? '—' : /errorrate/i.test(gate) ? fmtPct(v) : /ms$|latency/i.test(gate) ? fmtMs(v) : NUM.format(v);
const axisPct = (v) => trim((v * 100).toFixed(2)) + '%';
const axisMs = (v) => trim(v.toFixed(v < 10 ? 1 : 0)) + ' ms';
const axisCount = (v) => NUM.format(Math.round(v));
const phaseOf = (p) => (PHASES.includes(p) ? p : 'Unknown');
const outcomeOf = (o) => (OUTCOMES.includes(o) ? o : 'inconclusive');
const badge = (text, cls) => el('span', { class: 'badge ' + cls, text });
`;
