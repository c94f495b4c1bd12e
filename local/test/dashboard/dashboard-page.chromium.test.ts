// The page in a real browser (Debian `chromium` driven by playwright-core): numbers, live updates,
// the error banner, hostile text and the empty state. Leaves test-results/dashboard.png behind.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { buildDashboardData, type DashboardInput } from '../../src/dashboard/dashboard-data.ts';
import { chromiumForTests } from '../support/find-chromium.ts';
import { fixtureInput, NOW } from './fixture.ts';
import { type DashboardServer, serveDashboard } from './serve-dashboard.ts';

const SCREENSHOT = fileURLToPath(new URL('../../../test-results/dashboard.png', import.meta.url));
const POLL_WAIT = { timeout: 6_000, interval: 100 };
const json = (input: DashboardInput) => ({ status: 200, body: JSON.stringify(buildDashboardData(input)) });

const executablePath = chromiumForTests('dashboard browser test');
let browser: Browser;
let server: DashboardServer;
let page: Page;
let problems: string[];

beforeAll(async () => {
  if (!executablePath) return;
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  if (!executablePath) return;
  server = await serveDashboard(json(fixtureInput()));
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  problems = [];
  // Script errors, CSP violations and dialogs (an injected alert) would all show up here.
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('Failed to load resource'))
      problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
});
afterEach(async () => {
  if (!executablePath) return;
  await page.close();
  await server.close();
});

const model = (name: string) => page.locator(`section.model[data-model="${name}"]`);
const field = (name: string, track: 'stable' | 'candidate', key: string) =>
  model(name).locator(`[data-track="${track}"] [data-field="${key}"]`);

describe.runIf(executablePath)('dashboard page in headless Chromium', () => {
  test('shows stable and candidate side by side with their numbers, verdicts and history', async () => {
    await page.goto(server.url);
    await model('fraud-detector').waitFor();

    const fraud = model('fraud-detector');
    expect(await field('fraud-detector', 'stable', 'version').textContent()).toBe('1.0.0');
    expect(await field('fraud-detector', 'candidate', 'version').textContent()).toBe('1.1.0');
    expect(await field('fraud-detector', 'stable', 'weight').textContent()).toBe('90%');
    expect(await field('fraud-detector', 'candidate', 'weight').textContent()).toBe('10%');
    expect(await field('fraud-detector', 'stable', 'requests').textContent()).toBe('9,450');
    expect(await field('fraud-detector', 'candidate', 'requests').textContent()).toBe('180');
    expect(await field('fraud-detector', 'stable', 'error-rate').textContent()).toBe('0.21%');
    expect(await field('fraud-detector', 'candidate', 'error-rate').textContent()).toBe('0.56%');
    expect(await field('fraud-detector', 'candidate', 'p50').textContent()).toBe('12.0 ms');
    expect(await field('fraud-detector', 'candidate', 'p99').textContent()).toBe('220 ms');
    expect(await fraud.locator('[data-field="phase"]').textContent()).toBe('Progressing');
    expect(await fraud.locator('[data-field="step"]').textContent()).toBe('step 1 of 2');
    expect(await fraud.getByRole('img', { name: /^Traffic split/ }).getAttribute('aria-label')).toBe(
      'Traffic split: stable 90%, candidate 10%',
    );
    const gateRow = fraud.locator('tr', { hasText: 'maxP99LatencyMs' });
    expect(await gateRow.locator('td').allTextContents()).toEqual(['maxP99LatencyMs', '240 ms', '200 ms', 'fail']);
    const judgeRow = fraud.locator('tr', { hasText: 'mann-whitney' });
    expect(await judgeRow.locator('td').allTextContents()).toEqual([
      'latency (mann-whitney)',
      '< 0.001',
      '0.05',
      '+31.5 ms',
      'fail',
    ]);
    expect(await fraud.locator('ol.history strong').allTextContents()).toEqual(['StepStarted', 'Started']);
    expect(await fraud.locator('svg.chart').count()).toBe(4);
    expect(await fraud.locator('svg.chart g[data-series="candidate"] polyline').count()).toBe(4);
    expect(await model('churn-scorer').locator('.track.none').textContent()).toContain('No candidate');
    expect(await page.locator('#banner').isHidden()).toBe(true);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: SCREENSHOT.replace('.png', '-narrow.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test("shows a shadow release's divergence: pairs, share beyond tolerance, drops and example requests", async () => {
    await page.goto(server.url);
    const shadow = model('recommender');
    await shadow.waitFor();

    const panel = shadow.locator('[data-panel="divergence"]');
    const divergence = (key: string) => panel.locator(`[data-field="${key}"]`);
    expect(await panel.getByRole('heading', { level: 3 }).textContent()).toBe(
      'Divergence (candidate vs stable on mirrored requests) within tolerance',
    );
    expect(await divergence('div-rule').textContent()).toBe(
      'abs-diff-p99: a pair is beyond tolerance when its outputs differ by more than 0.01, α 0.05',
    );
    expect(await divergence('div-mirroring').textContent()).toBe('25% of stable');
    expect(await divergence('div-pairs').textContent()).toBe('1,204');
    expect(await divergence('div-exceeding').textContent()).toBe('7 (0.58%)');
    expect(await divergence('div-tolerated').textContent()).toBe('1.00%');
    expect(await divergence('div-dropped').textContent()).toBe('12');
    expect(await divergence('div-evidence').textContent()).toBe(
      'p99 |diff| 0.00931 · e-value 0.183 (fails at 1/α) · as of 12:14:00 UTC',
    );
    expect(await divergence('div-examples').locator('li').allTextContents()).toEqual([
      'req-01hf3k',
      'req-01hf3m',
      'req-01hf40',
      'req-01hf4c',
      'req-01hf51',
    ]);
    expect(await shadow.locator('[data-field="step"]').textContent()).toBe('step 1 of 2');
    expect(await field('recommender', 'candidate', 'weight').textContent()).toBe('0%');

    const stopped = model('<img src=x onerror=alert(1)>').locator('[data-panel="divergence"]');
    expect(await stopped.locator('[data-field="div-verdict"]').textContent()).toBe('diverges');
    expect(await stopped.locator('[data-field="div-exceeding"]').textContent()).toBe('20 (5.00%)');
    expect(await stopped.locator('[data-field="div-tolerated"]').textContent()).toBe('2.00%');
    expect(await stopped.locator('[data-field="div-mirroring"]').textContent()).toBe('off');
    expect(await stopped.locator('[data-field="div-examples"] li').textContent()).toBe('<img src=x onerror=alert(2)>');
    expect(await model('fraud-detector').locator('[data-panel="divergence"]').count()).toBe(0);
    expect(await page.locator('main img, main script').count()).toBe(0);

    await shadow.screenshot({ path: SCREENSHOT.replace('.png', '-divergence.png') });
    expect(problems).toEqual([]);
  });

  test('shows new data on the next poll without a reload', async () => {
    await page.goto(server.url);
    await model('fraud-detector').waitFor();
    const next = fixtureInput({ now: NOW + 60_000 });
    const promoted = next.rollouts.map((r) =>
      r.model === 'fraud-detector' ? { ...r, phase: 'Promoted' as const, step: undefined, candidateWeight: 50 } : r,
    );

    server.respond(json({ ...next, rollouts: promoted }));

    await expect
      .poll(() => model('fraud-detector').locator('[data-field="phase"]').textContent(), POLL_WAIT)
      .toBe('Promoted');
    expect(await field('fraud-detector', 'candidate', 'weight').textContent()).toBe('50%');
    expect(await page.locator('#updated').textContent()).toBe('12:16:00 UTC');
    expect(await page.locator('#announce').textContent()).toContain('fraud-detector: Promoted, candidate 50%');
    expect(problems).toEqual([]);
  });

  test('keeps the last data under a banner while data.json fails, and clears it on recovery', async () => {
    await page.goto(server.url);
    await model('fraud-detector').waitFor();

    server.respond({ status: 503, body: 'unavailable' });

    const banner = page.locator('#banner');
    await expect.poll(() => banner.isVisible(), POLL_WAIT).toBe(true);
    expect(await banner.textContent()).toBe(
      'Live updates interrupted (HTTP 503). Showing data from 12:15:00 UTC. Retrying every 2 s.',
    );
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await field('fraud-detector', 'stable', 'requests').textContent()).toBe('9,450');

    server.respond({ status: 200, body: '{"not":"dashboard data"' });
    await expect.poll(() => banner.textContent(), POLL_WAIT).toContain('Live updates interrupted (');
    expect(await field('fraud-detector', 'stable', 'requests').textContent()).toBe('9,450');

    server.respond(json(fixtureInput()));
    await expect.poll(() => banner.isHidden(), POLL_WAIT).toBe(true);
  });

  test('renders hostile model names and reasons as plain text', async () => {
    await page.goto(server.url);
    const hostile = model('<img src=x onerror=alert(1)>');
    await hostile.waitFor();

    expect(await hostile.locator('h2').textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await hostile.locator('ol.history li').textContent()).toContain('<script>alert("why")</script>');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test('says so when no model is being released', async () => {
    server.respond(json(fixtureInput({ rollouts: [] })));

    await page.goto(server.url);

    await expect
      .poll(() => page.locator('main .empty').textContent(), POLL_WAIT)
      .toContain('No model is being released yet');
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('false');
  });

  test('treats a data request that never answers as failed and keeps polling', async () => {
    await server.close();
    server = await serveDashboard(json(fixtureInput()), { timeoutMs: 500 });
    await page.goto(server.url);
    await model('fraud-detector').waitFor();

    server.respond('hang');

    const banner = page.locator('#banner');
    await expect
      .poll(() => banner.textContent(), POLL_WAIT)
      .toBe('Live updates interrupted (no answer within 0.5 s). Showing data from 12:15:00 UTC. Retrying every 2 s.');
    const asked = server.dataRequests();
    await expect.poll(() => server.dataRequests(), POLL_WAIT).toBeGreaterThan(asked);
    expect(await field('fraud-detector', 'stable', 'requests').textContent()).toBe('9,450');
  });

  test('shows a banner when the first load fails', async () => {
    server.respond({ status: 500, body: '' });

    await page.goto(server.url);

    await expect
      .poll(() => page.locator('#banner').textContent(), POLL_WAIT)
      .toBe('Live updates interrupted (HTTP 500). No data yet. Retrying every 2 s.');
  });
});
