import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/cli/render-rollout.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { runMlrelease } from './run-cli.ts';

const MANIFEST = `apiVersion: mlrelease/v1
endpoint: { name: e, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: canary, steps: [ { weight: 10, bake: 30s } ] }
models:
  - { name: fraud-detector, version: 1.1.0, artifact: m.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 3] } }
`;

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('mlrelease traffic', () => {
  it('sends example invokes to the platform named in platform.json until --for is over', async () => {
    // Prepare: a stand-in platform that answers invokes like the local API.
    const seen: { url: string; auth: string; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ version: '1.0.0', track: 'stable', outputs: [[0.1]] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = await mkdtemp(join(tmpdir(), 'traffic-'));
    dirs.push(dir);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(join(dir, 'models.yaml'), MANIFEST);
    await writeFile(join(dir, 'platform.json'), JSON.stringify({ url, token: 'tok', pid: 1, dataPlane: 'local' }));

    // Act
    const run = await runMlrelease(['traffic', '--rps', '50', '--for', '400ms', '--state-dir', '.'], dir);
    await new Promise<void>((r) => server.close(() => r()));

    // Assess
    expect(run.code).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({ url: '/v1/models/fraud-detector/invoke', auth: 'Bearer tok' });
    expect(JSON.parse(seen[0]!.body).inputs.x[0]).toHaveLength(3);
    expect(run.out).toMatch(/sent \d+: fraud-detector@1\.0\.0 \(stable\) \d+ ok, 0 failed/);
  });

  it('says how to start a platform when none runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traffic-'));
    dirs.push(dir);

    const run = await runMlrelease(['traffic', '--state-dir', '.'], dir);

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/no local platform is running .*start one with `npm start`/);
  });
});

describe('status while a gate waits for requests', () => {
  const record = (outcome: string, why: string) =>
    ({
      model: 'fraud-detector',
      phase: 'Progressing',
      step: 0,
      weight: 10,
      stable: { version: '1.0.0', targetModel: 't' },
      candidate: { version: '1.1.0' },
      release: { version: '1.1.0' },
      history: [],
      lastVerdict: { at: 0, outcome, why },
    }) as unknown as RolloutRecord;

  it('says the rollout waits for requests and how to send some', () => {
    const text = renderStatus(record('wait', '12/100 candidate requests'));

    expect(text).toContain('gates: wait: 12/100 candidate requests');
    expect(text).toContain('waiting for requests');
    expect(text).toContain('mlrelease traffic --rps 20');
    expect(text).toContain('npm start -- --traffic 20');
  });

  it('gives no hint once the gates pass', () => {
    expect(renderStatus(record('pass', '150 requests, error rate 0.00%, p99 30ms'))).not.toContain('waiting');
  });
});
