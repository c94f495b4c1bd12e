// Browser code: one model's panel (tracks side by side, weight bar, charts, verdicts, history).
export const RENDER_MODEL_JS = `
const stat = (label, value, field) => el('div', null, [el('dt', { text: label }), el('dd', { 'data-field': field, text: value })]);

function trackCard(track, t) {
  return el('div', { class: 'track ' + track, 'data-track': track }, [
    el('h3', null, [track === 'stable' ? 'Stable ' : 'Candidate ', el('span', { class: 'version', 'data-field': 'version', text: t.version })]),
    el('dl', { class: 'stats' }, [
      stat('Traffic', fmtWeight(t.weight), 'weight'),
      stat('Requests', fmtCount(t.totals.requests), 'requests'),
      stat('Error rate', fmtPct(t.totals.errorRate), 'error-rate'),
      stat('p50', fmtMs(t.totals.p50Ms), 'p50'),
      stat('p99', fmtMs(t.totals.p99Ms), 'p99'),
    ]),
  ]);
}

function weightBar(m) {
  const segment = (track, weight) => {
    const text = weight >= 8 ? [el('span', { class: 'seg-name', text: track + ' ' }), fmtWeight(weight)] : [];
    const span = el('span', { class: 'seg-' + track }, text);
    span.style.width = Math.min(100, Math.max(0, weight)) + '%';
    return span;
  };
  const candidate = m.candidate ? m.candidate.weight : 0;
  const label = 'Traffic split: stable ' + fmtWeight(m.stable.weight) + ', candidate ' + fmtWeight(candidate);
  return el('div', { class: 'weight', role: 'img', 'aria-label': label }, [
    segment('stable', m.stable.weight),
    m.candidate ? segment('candidate', candidate) : null,
  ]);
}

function charts(m, window) {
  const tracks = [['stable', m.stable], ['candidate', m.candidate]].filter(([, t]) => t);
  const spec = (caption, pick, axis, format, floor) => ({
    caption, window, axis, format, floor,
    series: tracks.map(([track, t]) => ({ track, label: track, points: t.series.map((p) => ({ at: p.at, v: isNum(pick(p)) ? pick(p) : null })) })),
  });
  return el('div', { class: 'charts' }, [
    lineChart(spec('Requests per bucket', (p) => p.requests, axisCount, fmtCount, 10)),
    lineChart(spec('Error rate', (p) => p.errorRate, axisPct, fmtPct, 0.01)),
    lineChart(spec('p50 latency', (p) => p.p50Ms, axisMs, fmtMs, 1)),
    lineChart(spec('p99 latency', (p) => p.p99Ms, axisMs, fmtMs, 1)),
  ]);
}

// A heading names each table, so screen-reader users can jump to Gates or Judge of any model.
function table(id, title, headers, rows, empty) {
  return el('div', null, [
    el('h3', { id, class: 'section', text: title }),
    rows.length
      ? el('table', { 'aria-labelledby': id }, [
          el('thead', null, [el('tr', null, headers.map((h) => el('th', { scope: 'col', text: h })))]),
          el('tbody', null, rows.map((cells) => el('tr', null, cells.map((c) => el('td', null, [c]))))),
        ])
      : el('p', { class: 'none-yet', text: empty }),
  ]);
}

const verdictBadge = (outcome) => badge(outcomeOf(outcome), 'v-' + outcomeOf(outcome));

function verdicts(m, id) {
  const gates = m.gates.map((g) => [
    el('span', null, [g.gate, g.detail ? el('span', { class: 'detail', text: ' — ' + g.detail }) : null]),
    fmtGateValue(g.gate, g.observed),
    fmtGateValue(g.gate, g.threshold),
    verdictBadge(g.outcome),
  ]);
  const judges = m.judges.map((j) => [
    j.metric + ' (' + j.test + ')', fmtP(j.pValue), isNum(j.alpha) ? String(j.alpha) : '—', fmtEffect(j.effectSize, j.metric), verdictBadge(j.outcome),
  ]);
  return el('div', { class: 'panels' }, [
    table(id + '-gates', 'Gates', ['Gate', 'Observed', 'Limit', 'Verdict'], gates, 'No gate verdict yet.'),
    table(id + '-judge', 'Judge (candidate vs stable)', ['Metric', 'p-value', 'α', 'Effect', 'Verdict'], judges, 'No judge verdict yet.'),
  ]);
}

function history(m) {
  if (!m.history.length) return el('p', { class: 'none-yet', text: 'No events yet.' });
  return el('ol', { class: 'history' }, m.history.map((e) => el('li', null, [
    el('time', { datetime: new Date(e.at).toISOString(), text: fmtTime(e.at) }),
    el('strong', { text: e.type }),
    el('span', null, [el('span', { class: 'who', text: e.who + ': ' }), e.why]),
  ])));
}

function renderModel(m, index, window) {
  const id = 'model-' + index;
  const phase = phaseOf(m.phase);
  return el('section', { class: 'model', 'aria-labelledby': id, 'data-model': m.model }, [
    el('div', { class: 'model-head' }, [
      el('h2', { id, text: m.model }),
      el('span', { class: 'badge phase-' + phase, 'data-field': 'phase', text: phase }),
      m.step ? el('span', { class: 'step', 'data-field': 'step', text: 'step ' + m.step.index + ' of ' + m.step.count }) : null,
      m.verdict ? badge('verdict: ' + outcomeOf(m.verdict), 'v-' + outcomeOf(m.verdict)) : null,
    ]),
    el('div', { class: 'tracks' }, [
      trackCard('stable', m.stable),
      m.candidate ? trackCard('candidate', m.candidate) : el('div', { class: 'track none', text: 'No candidate: all traffic goes to stable.' }),
    ]),
    weightBar(m),
    el('h3', { class: 'section', text: 'Over time' }),
    legend(),
    charts(m, window),
    verdicts(m, id),
    divergencePanel(m, id),
    el('h3', { class: 'section', text: 'History (latest first)' }),
    history(m),
  ]);
}
`;
