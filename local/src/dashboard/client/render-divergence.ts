// Browser code: a shadow release's divergence panel (pairs compared, share beyond tolerance against
// what the gate tolerates, dropped mirrored work, example request ids), or nothing without one.
export const RENDER_DIVERGENCE_JS = `
const DIVERGENCE_VERDICTS = {
  diverges: ['diverges', 'v-fail'],
  'above-tolerance': ['above tolerance, not conclusive', 'v-inconclusive'],
  'within-tolerance': ['within tolerance', 'v-pass'],
  'no-pairs': ['no pairs compared yet', 'v-inconclusive'],
};

function divergenceRule(d) {
  return d.metric === 'disagreement'
    ? 'disagreement rate, threshold ' + fmtPct(d.threshold)
    : 'abs-diff-p99: a pair is beyond tolerance when its outputs differ by more than ' + String(d.threshold);
}

function divergencePanel(m, id) {
  const d = m.divergence;
  if (!d) return null;
  const [words, cls] = DIVERGENCE_VERDICTS[d.verdict] || ['unknown', 'v-inconclusive'];
  const headingId = id + '-divergence';
  const examples = d.examples.length
    ? el('ol', { class: 'examples', 'data-field': 'div-examples' }, d.examples.map((rid) => el('li', null, [el('code', { text: rid })])))
    : el('p', { class: 'none-yet', 'data-field': 'div-examples', text: 'No pair beyond tolerance.' });
  return el('section', { class: 'divergence', 'data-panel': 'divergence', 'aria-labelledby': headingId }, [
    el('h3', { id: headingId, class: 'section' }, [
      'Divergence (candidate vs stable on mirrored requests) ',
      el('span', { class: 'badge ' + cls, 'data-field': 'div-verdict', text: words }),
    ]),
    el('p', { class: 'detail', 'data-field': 'div-rule', text: divergenceRule(d) + ', α ' + String(d.alpha) }),
    el('dl', { class: 'stats' }, [
      stat('Mirrored', isNum(d.mirroring) ? fmtWeight(d.mirroring) + ' of stable' : 'off', 'div-mirroring'),
      stat('Pairs compared', fmtCount(d.pairs), 'div-pairs'),
      stat(d.metric === 'disagreement' ? 'Disagreeing' : 'Beyond tolerance', fmtCount(d.exceeding) + ' (' + fmtPct(d.share) + ')', 'div-exceeding'),
      stat('Tolerated', fmtPct(d.tolerated), 'div-tolerated'),
      stat('Dropped', fmtCount(d.dropped), 'div-dropped'),
    ]),
    el('p', { class: 'detail', 'data-field': 'div-evidence', text:
      'p99 |diff| ' + (isNum(d.p99AbsDiff) ? d.p99AbsDiff.toPrecision(3) : '—') +
      ' · e-value ' + (isNum(d.eValue) ? d.eValue.toPrecision(3) : '—') + ' (fails at 1/α)' +
      ' · as of ' + fmtTime(d.at) + ' UTC' }),
    el('h4', { class: 'section', text: 'Example requests (most divergent first)' }),
    examples,
  ]);
}
`;
