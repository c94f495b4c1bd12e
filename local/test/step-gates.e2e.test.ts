// Step gates end to end through `npm start`'s pieces: the real controller POSTs a real local HTTP
// webhook (127.0.0.1, port 0), holds on its 503, moves on its pass, then waits for
// `mlrelease approve` run against the same state dir before it promotes, with who and why recorded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { WebhookBody } from '../../release-tools/src/domain/gates/webhook-body.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import { runMlrelease } from '../../release-tools/test/cli/run-cli.ts';
import type { EmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import { writeExampleModels } from '../src/example-models/index.ts';
import type { Platform } from '../src/platform.ts';
import { startControlledPlatform } from './support/controlled-platform.ts';
import { eventually } from './support/platform-fixture.ts';

const manifest = (webhook: string) => `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 50, bake: 10s } ]
    gates:
      maxErrorRate: 2%
      maxP99LatencyMs: 250
      minRequests: 20
      webhooks: [ { url: "${webhook}", timeout: 5s } ]
      manual: { on: promote }
models:
  - name: fraud-detector
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
`;

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let hook: Server;
let url: string;
/** What the webhook service answers next, and what it was sent. */
let answer = { status: 503, body: '{"error":"checks not ready"}' };
const received: WebhookBody[] = [];
let now = Date.UTC(2026, 11, 3, 6);
const clock = { now: () => now, sleep: async () => {} };

beforeAll(async () => {
  hook = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => {
      received.push(JSON.parse(text) as WebhookBody);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/gate`;
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-step-gates-e2e-'));
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, manifest(url));
  await writeExampleModels(dir);
  ({ control, platform } = await startControlledPlatform({ dir, manifestPath, clock, seeds: [5, 13] }));
});

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  hook?.closeAllConnections();
  await new Promise((resolve) => hook?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const row = (i: number) => Array.from({ length: 30 }, (_, j) => ((j * 7 + i) % 10) / 10);
async function invoke(n: number) {
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${platform.url}/v1/models/fraud-detector/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [row(i)] }),
    });
    await response.arrayBuffer();
  }
}
const record = async () => (await control.store.get<RolloutRecord>('rollouts/fraud-detector'))?.value;
const cli = (...argv: string[]) => runMlrelease([...argv, '--state-dir', join(dir, '.mlrelease')], dir);

describe('step gates through the local platform', () => {
  it('holds on the webhook, moves on its pass, then waits for mlrelease approve', { timeout: 120_000 }, async () => {
    await writeModelVersion(manifestPath, 'fraud-detector', '1.1.0', 'models/fraud-detector/1.1.0/model.onnx');
    await eventually(async () => ((await record())?.phase === 'Progressing' ? true : undefined));
    await invoke(120);

    // The bake is over and the metric gates pass: the webhook is asked, says 503, the step holds.
    now += 11_000;
    await platform.internals.reconcile();
    const held = await cli('status', 'fraud-detector');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      apiVersion: 'mlrelease/webhook/v1',
      model: 'fraud-detector',
      candidateVersion: '1.1.0',
      stableVersion: '1.0.0',
      step: 1,
      steps: 1,
      weight: 50,
      next: { kind: 'promote' },
      gates: { outcome: 'pass' },
    });
    expect(held.out).toContain(`step gates: webhook ${url}: hold (HTTP 503), asked 1 time`);
    expect(held.out).toContain('Progressing step 1 at 50%');

    // Ticks before the backoff ask nothing; after it, the service passes; a person must still approve.
    await platform.internals.reconcile();
    expect(received).toHaveLength(1);
    answer = { status: 200, body: '{"pass":true,"reason":"checks green"}' };
    now += 10_000;
    await platform.internals.reconcile();
    const waiting = await cli('status', 'fraud-detector');
    expect(received).toHaveLength(2);
    expect(waiting.out).toContain(
      `step gates: webhook ${url}: pass: checks green; waiting for approval (mlrelease approve fraud-detector --reason ...)`,
    );

    const approve = await cli('approve', 'fraud-detector', '--reason', 'release notes reviewed', '--actor', 'ana');
    expect(approve.code).toBe(0);
    const promoted = await eventually(async () => {
      await platform.internals.reconcile();
      const r = await record();
      return r?.phase === 'Promoted' ? r : undefined;
    });
    const history = await cli('history', 'fraud-detector');

    expect(received).toHaveLength(2);
    expect(promoted.stable?.version).toBe('1.1.0');
    expect(history.out).toMatch(/\[waiting\] by controller: webhook .*: hold \(HTTP 503\)/);
    expect(history.out).toMatch(/\[approved\] by ana: step 1 approved by ana: release notes reviewed/);
    expect(history.out).toMatch(
      /\[promoted\] by controller: all steps healthy: .*; webhook .*: pass: checks green; approved by ana: release notes reviewed/,
    );
  });
});
