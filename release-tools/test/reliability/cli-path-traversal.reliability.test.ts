// Hostile model names given to every CLI verb that takes one: refused (exit 1 or 2) with a message
// on stderr, and not a byte changed on disk, inside the state dir or next to it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../../../local/test/reliability/support/tree-snapshot.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { runCli } from '../../src/cli/app.ts';
import { HashingReleasePreparer } from '../cli/hashing-release-preparer.ts';

let root: string;
let dir: string;

async function cli(...argv: string[]) {
  let err = '';
  const metrics = new MemoryMetricStore();
  const code = await runCli(argv, {
    out: { write: () => undefined },
    err: { write: (s) => (err += s) },
    cwd: dir,
    env: { USER: 'mallory' },
    platform: {
      controllerDeps: () => ({
        metrics,
        alarms: new LocalAlarmEvaluator(metrics),
        preparer: new HashingReleasePreparer(() => dir),
      }),
    },
  });
  return { code, err };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-traversal-'));
  dir = join(root, 'repo');
  await mkdir(join(dir, 'models'), { recursive: true });
  await writeFile(join(dir, 'models/m.onnx'), 'bytes');
  await writeFile(join(root, 'x.json'), '{"bait":true}');
  await writeFile(
    join(dir, 'models.yaml'),
    `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults: { compile: { target: ml_c5 }, release: { strategy: all-at-once, gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 1 } } }
models:
  - { name: fraud, version: 1.0.0, artifact: models/m.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`,
  );
  expect((await cli('apply')).code).toBe(0);
  for (let i = 0; i < 4; i++) expect((await cli('controller', 'run', '--once')).code).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const names = [
  '../x',
  '../../x',
  `${'../'.repeat(12)}etc/passwd`,
  '/etc/passwd',
  'fraud/../../x',
  '.',
  '..',
  'fraud\u0000',
  '․․/x',
  '%2e%2e%2fx',
];
const verbs = [
  ['promote'],
  ['promote', '--full'],
  ['rollback'],
  ['abort'],
  ['pause'],
  ['resume'],
  ['status'],
  ['history'],
];

describe('CLI path traversal (reliability)', () => {
  it('refuses hostile model names on every verb and changes nothing on disk', async () => {
    // Prepare
    const before = await snapshotTree(root);

    // Act
    const runs = [];
    for (const name of names)
      for (const verb of verbs) runs.push({ argv: [...verb, name], ...(await cli(verb[0]!, name, ...verb.slice(1))) });

    // Assess
    const accepted = runs.filter((r) => r.code === 0 || r.err.trim() === '');
    expect(accepted.map((r) => JSON.stringify(r))).toEqual([]);
    expect(runs.every((r) => r.code === 1 || r.code === 2)).toBe(true);
    expect(await snapshotTree(root)).toEqual(before);
    expect(runs).toHaveLength(names.length * verbs.length);
  });
});
