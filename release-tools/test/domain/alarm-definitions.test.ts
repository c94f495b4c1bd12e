import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import { alarmDefinitions } from '../../src/domain/alarms/alarm-definition.ts';
import { candidateAlarms } from '../../src/domain/alarms/alarm-names.ts';

const manifest = (() => {
  const result = loadManifest(
    `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 1m }, { weight: 100, bake: 1m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 100 }
models:
  - { name: fraud, version: 1.0.0, artifact: m/fraud/1.0.0/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`,
    'test.yaml',
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.manifest;
})();

describe('alarm definitions from models.yaml', () => {
  it('defines error-rate and p99 alarms per track, 2 of 3 one-minute periods, no traffic healthy', () => {
    const common = {
      model: 'fraud',
      comparison: 'GreaterThanThreshold',
      periodMs: 60_000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
    };
    expect(alarmDefinitions(manifest)).toEqual([
      { ...common, name: 'mlrelease-fraud-stable-error-rate', track: 'stable', metric: 'error-rate', threshold: 0.02 },
      { ...common, name: 'mlrelease-fraud-stable-p99-latency', track: 'stable', metric: 'p99-latency', threshold: 200 },
      {
        ...common,
        name: 'mlrelease-fraud-candidate-error-rate',
        track: 'candidate',
        metric: 'error-rate',
        threshold: 0.02,
      },
      {
        ...common,
        name: 'mlrelease-fraud-candidate-p99-latency',
        track: 'candidate',
        metric: 'p99-latency',
        threshold: 200,
      },
    ]);
  });

  it('takes another timing when given one', () => {
    const timing = { periodMs: 10_000, evaluationPeriods: 5, datapointsToAlarm: 3 };
    expect(alarmDefinitions(manifest, timing)[0]).toMatchObject(timing);
  });

  it("names a model's candidate alarms", () => {
    expect(candidateAlarms('fraud')).toEqual([
      'mlrelease-fraud-candidate-error-rate',
      'mlrelease-fraud-candidate-p99-latency',
    ]);
  });
});
