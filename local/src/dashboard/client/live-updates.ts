// Browser code: polls data.json, re-renders, and on failure keeps the last good data under a banner.
export const LIVE_UPDATES_JS = `
const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const main = document.getElementById('models');
const banner = document.getElementById('banner');
const updated = document.getElementById('updated');
const announcer = document.getElementById('announce');
let last = null;
let lastSummary = '';

function validate(data) {
  if (!data || typeof data !== 'object' || !Array.isArray(data.models) || !data.window) {
    throw new Error('unexpected data format');
  }
  return data;
}

function render(data) {
  // Build everything first: a malformed entry must not leave a half-drawn page behind.
  const content = data.models.length
    ? data.models.map((m, i) => renderModel(m, i, data.window))
    : [el('p', { class: 'empty', text: 'No model is being released yet. Change a version in models.yaml to start a rollout.' })];
  // A model whose record cannot be read is stopped: say so above everything else.
  const damaged = (Array.isArray(data.damaged) ? data.damaged : []).map((d) =>
    el('p', { class: 'damaged', role: 'alert', text: d.model + ': rollout stopped, its state file is damaged (' + d.location + ': ' + d.reason + ')' }),
  );
  main.replaceChildren(...damaged, ...content);
  main.setAttribute('aria-busy', 'false');
  updated.textContent = fmtTime(data.generatedAt) + ' UTC';
  updated.setAttribute('datetime', new Date(data.generatedAt).toISOString());
}

// Screen readers hear what changed (phase, weight, verdict), not every two-second refresh.
function announce(data) {
  const summary = data.models
    .map((m) => m.model + ': ' + phaseOf(m.phase) + (m.candidate ? ', candidate ' + fmtWeight(m.candidate.weight) : '') + (m.verdict ? ', verdict ' + m.verdict : ''))
    .join('; ');
  if (summary !== lastSummary) announcer.textContent = summary || 'No model is being released.';
  lastSummary = summary;
}

function showError(error) {
  const timedOut = error && error.name === 'TimeoutError';
  const reason = timedOut ? 'no answer within ' + config.timeoutMs / 1000 + ' s' : error && error.message ? error.message : String(error);
  const shown = last ? 'Showing data from ' + fmtTime(last.generatedAt) + ' UTC.' : 'No data yet.';
  const text = 'Live updates interrupted (' + reason + '). ' + shown + ' Retrying every ' + config.pollMs / 1000 + ' s.';
  // Rewriting the same text would make some screen readers repeat the alert on every poll.
  if (banner.textContent !== text) banner.textContent = text;
  banner.hidden = false;
  if (!last) main.setAttribute('aria-busy', 'false');
}

async function poll() {
  try {
    // A server that never answers must not stop the loop: give up on this poll and try the next.
    const signal = AbortSignal.timeout(config.timeoutMs);
    const response = await fetch(config.dataUrl, { cache: 'no-store', headers: { accept: 'application/json' }, signal });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const data = validate(await response.json());
    render(data);
    announce(data);
    last = data;
    banner.hidden = true;
    banner.textContent = '';
  } catch (error) {
    showError(error);
  } finally {
    setTimeout(poll, config.pollMs);
  }
}
poll();
`;
