import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import { renderStatus } from '../../src/cli/render-rollout.ts';
import { assessGates, type GateSignals } from '../../src/domain/gates/assess-gates.ts';
import { assessDeadLetters, type DeadLetterEvidence } from '../../src/domain/gates/dead-letter-gate.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routeFor } from '../../src/domain/rollout/route-for.ts';
import type { MetricWindow } from '../../src/ports/metrics.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] };
const empty: MetricWindow = { count: 0, errors: 0, p50Ms: undefined, p99Ms: undefined };
const healthy: MetricWindow = { count: 500, errors: 0, p50Ms: 20, p99Ms: 40 };
const evidence = (count: number, oldestAgeMs?: number): DeadLetterEvidence => ({
  version: '1.1.0',
  count,
  ...(oldestAgeMs !== undefined ? { oldestAgeMs } : {}),
  requestIds: Array.from({ length: count }, (_, i) => `req-${i}`),
});
const signals = (candidate: MetricWindow, deadLetters?: DeadLetterEvidence): GateSignals => ({
  candidate,
  stable: healthy,
  strata: [],
  alarms: [],
  ...(deadLetters ? { deadLetters } : {}),
});

describe('the dead-letter gate', () => {
  it.each([
    ['no dead letters, default gate', undefined, 0, undefined, false],
    ['one dead letter, default gate (max 0)', undefined, 1, 1_000, true],
    ['at max', { max: 3 }, 3, 1_000, false],
    ['one above max', { max: 3 }, 4, 1_000, true],
    ['within max, at max age', { max: 3, maxAgeMs: 60_000 }, 2, 60_000, false],
    ['within max, 1 ms over max age', { max: 3, maxAgeMs: 60_000 }, 2, 60_001, true],
    ['no dead letters: age is not looked at', { max: 3, maxAgeMs: 60_000 }, 0, undefined, false],
  ])('%s', (_, gate, count, age, fails) => {
    expect(assessDeadLetters(gate, evidence(count, age)).fails).toBe(fails);
  });

  it('keeps five example request ids, oldest first', () => {
    expect(assessDeadLetters({ max: 10 }, evidence(7, 5_000)).examples).toEqual([
      'req-0',
      'req-1',
      'req-2',
      'req-3',
      'req-4',
    ]);
  });
});

describe('assessGates with dead letters', () => {
  it('rolls back on the candidate dead letters before minRequests, naming them', () => {
    const v = assessGates(signals(empty, evidence(2, 30_000)), { gates });

    expect(v.outcome).toBe('fail');
    expect(v.why).toBe(
      'dead letters: 2 dead letters of candidate 1.1.0 (max 0), oldest 30s old; e.g. requests req-0, req-1',
    );
    expect(v.outcome === 'fail' && v.failedBy.kind).toBe('dead-letters');
  });

  it('passes as before with none, and records the evidence', () => {
    const v = assessGates(signals(healthy, evidence(0)), { gates });

    expect(v.outcome).toBe('pass');
    expect(v.why).toBe('500 requests, error rate 0.00%, p99 40ms');
    expect(v.deadLetters).toMatchObject({ count: 0, max: 0, fails: false });
  });

  it('says so when some are tolerated', () => {
    const v = assessGates(signals(healthy, evidence(1, 2_000)), { gates: { ...gates, deadLetters: { max: 2 } } });

    expect(v.outcome).toBe('pass');
    expect(v.why).toMatch(/; 1 dead letter of candidate 1\.1\.0 \(max 2\), oldest 2s old/);
  });

  it('keeps a failing verdict of another gate as it was', () => {
    const v = assessGates(signals({ ...healthy, errors: 100 }, evidence(1, 0)), { gates });

    expect(v.outcome === 'fail' && v.failedBy.kind).toBe('threshold');
    expect(v.deadLetters?.count).toBe(1);
  });

  it('without evidence (no reader) decides exactly as before', () => {
    const v = assessGates(signals(empty), { gates });

    expect(v).toEqual({ outcome: 'wait', why: '0/100 candidate requests' });
  });
});

describe('models.yaml gates.deadLetters', () => {
  const manifest = (gatesYaml: string) =>
    loadManifest(
      `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 1m } ]
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 10${gatesYaml} }
models:
  - { name: fraud, version: 1.0.0, artifact: m.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`,
      'models.yaml',
    );

  it('reads max and maxAge, max defaulting to 0', () => {
    const full = manifest(', deadLetters: { max: 2, maxAge: 5m }');
    const ageOnly = manifest(', deadLetters: { maxAge: 30s }');

    expect(full.ok && full.manifest.models[0]!.release.gates.deadLetters).toEqual({ max: 2, maxAgeMs: 300_000 });
    expect(ageOnly.ok && ageOnly.manifest.models[0]!.release.gates.deadLetters).toEqual({ max: 0, maxAgeMs: 30_000 });
  });

  it('leaves it out when not written (the default gate applies)', () => {
    const none = manifest('');

    expect(none.ok && none.manifest.models[0]!.release.gates.deadLetters).toBeUndefined();
  });

  it('refuses a negative max and a bad age with their positions', () => {
    const bad = manifest(', deadLetters: { max: -1, maxAge: soon }');

    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual([
      'defaults.release.gates.deadLetters.max',
      'defaults.release.gates.deadLetters.maxAge',
    ]);
  });
});

describe('rollout records written before the dead-letter gate', () => {
  // Written by the release before this one (controller harness: canary, lastVerdict without deadLetters).
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/rollout-records-before-dead-letters.json', import.meta.url), 'utf8'),
  ) as { progressing: RolloutRecord; rolledBack: RolloutRecord };

  it('progress, route and show as they did, and take the default gate', () => {
    const rolled = progress(
      fixture.progressing,
      assessGates(signals(empty, evidence(1, 0)), fixture.progressing.policy),
      1_011_000,
    );

    expect(fixture.progressing.policy.gates.deadLetters).toBeUndefined();
    expect(rolled.changed && rolled.record.phase).toBe('RolledBack');
    expect(rolled.changed && rolled.record.history.at(-1)?.deadLetters).toMatchObject({ count: 1, max: 0 });
    expect(routeFor(fixture.rolledBack)).toMatchObject({ candidateWeight: 0 });
    expect(renderStatus(fixture.rolledBack)).not.toMatch(/dead letters/);
    expect(renderStatus(fixture.progressing)).toMatch(/gates: wait: 7\/100 candidate requests/);
  });
});

describe('status', () => {
  it('shows the dead letters on one line while the candidate runs', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/rollout-records-before-dead-letters.json', import.meta.url), 'utf8'),
    ) as { progressing: RolloutRecord };
    const deadLetters = assessDeadLetters(undefined, evidence(0));
    const r = { ...fixture.progressing, lastVerdict: { at: 0, outcome: 'pass', why: 'ok', deadLetters } };

    expect(
      renderStatus(r)
        .split('\n')
        .filter((l) => l.includes('dead letters')),
    ).toEqual(['    dead letters: 0 dead letters of candidate 1.1.0 (max 0)']);
  });
});
