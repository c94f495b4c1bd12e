// Which alarm states the gates see: the candidate track's own alarms speak about the current
// candidate only from the moment its traffic began; an external alarm (gates.alarms) always counts.
import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { readSignals } from '../../src/controller/read-signals.ts';
import { beginCompile, registered, startRollout } from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import type { AlarmReader, AlarmStatus } from '../../src/ports/metrics.ts';
import { manifestOf, model } from './harness.ts';

const TRAFFIC_SINCE = 1_000_000;
const NOW = TRAFFIC_SINCE + 60_000;

function rollout(externalAlarms: string[]): RolloutRecord {
  const spec = manifestOf(model('fraud', '1.1.0')).models[0]!;
  const r = registered(
    beginCompile(startRollout(undefined, spec, 0, 'test'), 1),
    2,
    'fraud/1.1.0-abc/model.onnx',
    'ab',
  );
  const policy = { ...r.policy, gates: { ...r.policy.gates, alarms: externalAlarms } };
  return { ...r, phase: 'Progressing', policy, trafficSince: TRAFFIC_SINCE, stepSince: TRAFFIC_SINCE };
}

const alarmsReading = (statuses: AlarmStatus[]): AlarmReader => ({
  states: async (names) => names.map((n) => statuses.find((s) => s.name === n)!),
});

const status = (name: string, state: AlarmStatus['state'], since: number): AlarmStatus => ({
  name,
  state,
  reason: 'Threshold Crossed',
  since,
});

describe('readSignals: alarm states', () => {
  const ownAlarms = (state: AlarmStatus['state'], since: number) => [
    status('mlrelease-fraud-candidate-error-rate', state, since),
    status('mlrelease-fraud-candidate-p99-latency', 'OK', 0),
  ];

  it('counts an external alarm that was already firing before the rollout began', async () => {
    const reader = alarmsReading([...ownAlarms('OK', 0), status('orders-api-5xx', 'ALARM', TRAFFIC_SINCE - 1)]);

    const signals = await readSignals(rollout(['orders-api-5xx']), NOW, new MemoryMetricStore(), reader);

    expect(signals.alarms.map((a) => [a.name, a.state])).toEqual([
      ['mlrelease-fraud-candidate-error-rate', 'OK'],
      ['mlrelease-fraud-candidate-p99-latency', 'OK'],
      ['orders-api-5xx', 'ALARM'],
    ]);
  });

  it('ignores the candidate track alarm still firing for an earlier candidate (ALARM since before this traffic)', async () => {
    const reader = alarmsReading(ownAlarms('ALARM', TRAFFIC_SINCE - 1));

    const signals = await readSignals(rollout([]), NOW, new MemoryMetricStore(), reader);

    expect(signals.alarms[0]).toMatchObject({ name: 'mlrelease-fraud-candidate-error-rate', state: 'OK' });
  });

  it('counts the candidate track alarm that fired at or after this traffic began', async () => {
    const reader = alarmsReading(ownAlarms('ALARM', TRAFFIC_SINCE));

    const signals = await readSignals(rollout([]), NOW, new MemoryMetricStore(), reader);

    expect(signals.alarms[0]).toMatchObject({ name: 'mlrelease-fraud-candidate-error-rate', state: 'ALARM' });
  });
});
