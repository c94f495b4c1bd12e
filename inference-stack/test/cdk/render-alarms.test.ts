import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../pipeline/src/build-app.ts';
import { alarmDefinitions } from '../../../release-tools/src/domain/alarms/alarm-definition.ts';
import { renderAlarms } from '../../src/constructs/observability/render-alarms.ts';
import { THIRD_MODEL, TWO_MODELS } from './test-app.ts';

const manifest = readManifest(TWO_MODELS, 'models.yaml');

describe('renderAlarms', () => {
  it('renders one error-rate and one p99-latency alarm per model and track', () => {
    // Act
    const names = renderAlarms(manifest).map((a) => a.name);
    // Assess
    expect(names).toEqual([
      'mlrelease-fraud-detector-stable-error-rate',
      'mlrelease-fraud-detector-stable-p99-latency',
      'mlrelease-fraud-detector-candidate-error-rate',
      'mlrelease-fraud-detector-candidate-p99-latency',
      'mlrelease-churn-scorer-stable-error-rate',
      'mlrelease-churn-scorer-stable-p99-latency',
      'mlrelease-churn-scorer-candidate-error-rate',
      'mlrelease-churn-scorer-candidate-p99-latency',
    ]);
  });

  it('takes thresholds from each model gates, defaults or its own', () => {
    const alarms = renderAlarms(manifest);
    const threshold = (name: string) => alarms.find((a) => a.name === name)?.threshold;
    expect(threshold('mlrelease-fraud-detector-candidate-error-rate')).toBe(0.02);
    expect(threshold('mlrelease-fraud-detector-candidate-p99-latency')).toBe(150);
    expect(threshold('mlrelease-churn-scorer-candidate-error-rate')).toBe(0.005);
    expect(threshold('mlrelease-churn-scorer-candidate-p99-latency')).toBe(80);
  });

  it('computes the error rate as Errors / Invocations of the same model and track', () => {
    const alarm = renderAlarms(manifest).find((a) => a.name === 'mlrelease-churn-scorer-candidate-error-rate');
    expect(alarm?.source).toMatchObject({
      kind: 'math',
      expression: 'errors / invocations',
      usingMetrics: {
        errors: {
          namespace: 'ModelRelease',
          metricName: 'Errors',
          dimensions: { Model: 'churn-scorer', Track: 'candidate' },
          statistic: 'Sum',
        },
        invocations: { metricName: 'Invocations', dimensions: { Model: 'churn-scorer', Track: 'candidate' } },
      },
    });
  });

  it('watches the p99 of Latency for the latency gate', () => {
    const alarm = renderAlarms(manifest).find((a) => a.name === 'mlrelease-fraud-detector-stable-p99-latency');
    expect(alarm?.source).toEqual({
      kind: 'metric',
      metric: expect.objectContaining({
        metricName: 'Latency',
        statistic: 'p99',
        dimensions: { Model: 'fraud-detector', Track: 'stable' },
      }),
    });
  });

  it('renders the same alarms the local evaluator runs: names, thresholds, timing, missing data', () => {
    // Prepare: one timing, in milliseconds, for both planes.
    const timing = { periodMs: 30_000, evaluationPeriods: 4, datapointsToAlarm: 3 };
    // Act
    const cdk = renderAlarms(manifest, timing);
    const local = alarmDefinitions(manifest, timing);
    // Assess
    expect(cdk.map(({ description: _, source: __, ...definition }) => definition)).toEqual(local);
    const alarm = cdk.find((a) => a.name === 'mlrelease-churn-scorer-candidate-p99-latency')!;
    expect(alarm).toMatchObject({
      evaluationPeriods: 4,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    expect(alarm.source).toMatchObject({ kind: 'metric', metric: { periodSeconds: 30 } });
  });

  it('adds four alarms when a model is added to models.yaml', () => {
    const grown = readManifest(TWO_MODELS + THIRD_MODEL, 'models.yaml');
    const added = renderAlarms(grown).filter((a) => a.model === 'eta-predictor');
    expect(renderAlarms(grown)).toHaveLength(renderAlarms(manifest).length + 4);
    expect(added.map((a) => `${a.track}/${a.metric}`)).toEqual([
      'stable/error-rate',
      'stable/p99-latency',
      'candidate/error-rate',
      'candidate/p99-latency',
    ]);
  });
});
