// The small contracts other parts rely on, stated with their values written out: where state lives
// (a renamed key strands every record the previous release wrote), what metrics are called (alarms
// and dashboards key on them), how intents are numbered and what `plan` sees of a rollout record.
import { describe, expect, it } from 'vitest';
import { rolloutKey, toDeployedModel } from '../../src/domain/deployed-models.ts';
import { appendIntent, type Intent, type IntentLog, intentKey, pendingIntents } from '../../src/domain/intents.ts';
import {
  ALARM_PREFIX,
  dashboardName,
  METRICS_NAMESPACE,
  MetricName,
  TRACKS,
} from '../../src/domain/metric-contract.ts';
import { CATALOG_KEY, MANIFEST_KEY, ROUTE_TABLE_KEY, STATE_PREFIX } from '../../src/domain/state-keys.ts';
import { variantNameOf } from '../../src/domain/variant-name.ts';

describe('state layout', () => {
  it('keeps the keys the previous release wrote', () => {
    expect([MANIFEST_KEY, ROUTE_TABLE_KEY, CATALOG_KEY, STATE_PREFIX]).toEqual([
      'desired/models.yaml',
      'routes.json',
      'state/catalog.json',
      'state/',
    ]);
    expect(rolloutKey('fraud')).toBe('rollouts/fraud');
    expect(intentKey('fraud')).toBe('intents/fraud');
  });
});

describe('metric contract', () => {
  it('names the namespace, metrics, tracks and dashboards the alarms and dashboards read', () => {
    expect(METRICS_NAMESPACE).toBe('ModelRelease');
    expect(MetricName).toEqual({
      invocations: 'Invocations',
      errors: 'Errors',
      latency: 'Latency',
      latencyBucket: 'LatencyBucket',
      candidateWeight: 'CandidateWeight',
      mirrorDropped: 'MirrorDropped',
      deadLettered: 'DeadLettered',
    });
    expect(TRACKS).toEqual(['stable', 'candidate']);
    expect(ALARM_PREFIX).toBe('mlrelease-');
    expect(dashboardName('fraud')).toBe('mlrelease-fraud');
  });
});

describe('intents', () => {
  const promote = { type: 'promote', at: 5, who: 'ana' } as const;

  it('numbers the first intent 1 and each next one after the last', () => {
    const first = appendIntent(undefined, 'm', promote);
    const second = appendIntent(first, 'm', { type: 'abort', at: 6, who: 'bo', reason: 'slow' });

    expect(second).toEqual({
      model: 'm',
      intents: [
        { type: 'promote', at: 5, who: 'ana', seq: 1 },
        { type: 'abort', at: 6, who: 'bo', reason: 'slow', seq: 2 },
      ],
    });
  });

  it('keeps the last 50 intents, numbering on from the newest', () => {
    const full: IntentLog = {
      model: 'm',
      intents: Array.from({ length: 50 }, (_, i): Intent => ({ ...promote, seq: i + 1 })),
    };

    const log = appendIntent(full, 'm', promote);

    expect(log.intents).toHaveLength(50);
    expect(log.intents[0]!.seq).toBe(2);
    expect(log.intents.at(-1)!.seq).toBe(51);
    expect(appendIntent({ model: 'm', intents: full.intents.slice(1) }, 'm', promote).intents).toHaveLength(50);
  });

  it('is pending after the sequence number handled, not at it', () => {
    const log: IntentLog = { model: 'm', intents: [1, 2, 3].map((seq) => ({ ...promote, seq })) };

    expect(pendingIntents(log, 1).map((i) => i.seq)).toEqual([2, 3]);
    expect(pendingIntents(log, 3)).toEqual([]);
    expect(pendingIntents(undefined, 0)).toEqual([]);
  });
});

describe('variantNameOf', () => {
  const sha = '0123456789abcdef0123';

  it('names the variant from model, version and the first 12 hex of the bytes, dots made hyphens', () => {
    expect(variantNameOf('fraud', '1.2.0+build.7', sha)).toBe('fraud-1-2-0-build-7-0123456789ab');
  });

  it('cuts model and version to 50 characters so the name stays within the API model’s 63', () => {
    const name = variantNameOf('m'.repeat(60), '1.0.0', sha);
    expect(name).toBe(`${'m'.repeat(50)}-0123456789ab`);
    expect(name).toHaveLength(63);
  });
});

describe('toDeployedModel', () => {
  it('hands plan the stable, candidate and held versions, and the stable signature', () => {
    const signature = { inputs: [], outputs: [] } as never;

    expect(
      toDeployedModel({
        model: 'm',
        stable: { version: '1.0.0', signature },
        candidate: { version: '1.1.0' },
        rolledBackVersions: ['0.9.0'],
      }),
    ).toEqual({
      name: 'm',
      stableVersion: '1.0.0',
      stableSignature: signature,
      candidateVersion: '1.1.0',
      rolledBackVersions: ['0.9.0'],
    });
  });

  it('leaves out what the record does not have, an empty hold list included', () => {
    expect(toDeployedModel({ model: 'm', stable: { version: '1.0.0' }, rolledBackVersions: [] })).toEqual({
      name: 'm',
      stableVersion: '1.0.0',
    });
    expect(toDeployedModel({ model: 'm' })).toEqual({ name: 'm' });
  });
});
