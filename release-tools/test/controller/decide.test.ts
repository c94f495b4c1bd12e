// decide() one step at a time, with stub ports: which step follows which state, and which failures
// abort a rollout (a verdict on the release) versus wait for the next tick (a passing condition).
import { InvokeEndpointCommand, SageMakerRuntimeClient, ServiceUnavailable } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelInvocationError } from '../../../inference-stack/src/ports/model-host.ts';
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { SageMakerWarmHost } from '../../src/adapters/aws/sagemaker-warm-host.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { decide } from '../../src/controller/decide.ts';
import type { ControllerDeps } from '../../src/controller/deps.ts';
import { appendIntent } from '../../src/domain/intents.ts';
import {
  beginCompile,
  promote,
  registered,
  retire,
  rollBack,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routeFor } from '../../src/domain/rollout/route-for.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import type { ProductionVariants } from '../../src/ports/production-variants.ts';
import { ReleaseNotReadyError } from '../../src/ports/release-preparer.ts';
import { manifestOf, model } from './harness.ts';

const NOW = 5_000_000;
const spec: ModelSpec = manifestOf(model('fraud', '1.1.0')).models[0]!;
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

function deps(overrides: Partial<ControllerDeps>): ControllerDeps {
  const unused = () => {
    throw new Error('not used by this step');
  };
  return {
    store: unused as never,
    desired: unused as never,
    router: unused as never,
    preparer: { prepare: async () => ({ targetModel: 'fraud/1.1.0-abc/model.onnx', sha256: 'ab' }) },
    host: { warm: async () => ({ loadMs: 10, alreadyLoaded: false }) },
    metrics: unused as never,
    alarms: unused as never,
    events: unused as never,
    ...overrides,
  };
}

const compiling = (): RolloutRecord => beginCompile(startRollout(undefined, spec, NOW - 10, 'new model'), NOW - 5);
const registeredFirst = (): RolloutRecord => registered(compiling(), NOW - 1, 'fraud/1.1.0-abc/model.onnx', 'ab');

describe('decide: Compiling', () => {
  it('registers the prepared release', async () => {
    const decision = await decide(spec, compiling(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'registered', record: { phase: 'Registered' } });
  });

  it('keeps the production variant of a single-model (Neo) release, and its route names it for both tracks', async () => {
    const variant = 'fraud-1-1-0-abcabcabcabc';
    const preparer = {
      prepare: async () => ({
        targetModel: 'fraud/1.1.0-abc/model-ml_c5.tar.gz',
        sha256: 'ab',
        targetVariant: variant,
      }),
    };

    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));

    if (!decision.changed) throw new Error('expected the release to be registered');
    expect(decision.record.candidate).toMatchObject({ targetVariant: variant });
    const live = promote(decision.record, { at: NOW, who: 'test', why: 'first version' });
    expect(live.stable).toMatchObject({ version: '1.1.0', targetVariant: variant });
    expect(routeFor(live)?.stable).toEqual({
      version: '1.1.0',
      targetModel: 'fraud/1.1.0-abc/model-ml_c5.tar.gz',
      targetVariant: variant,
    });
    // An MME release writes the route as before: no variant key.
    expect(routeFor(promote(registeredFirst(), { at: NOW, who: 'test', why: 'x' }))?.stable).toEqual({
      version: '1.1.0',
      targetModel: 'fraud/1.1.0-abc/model.onnx',
    });
  });

  it('waits without a write while the release is not ready', async () => {
    const preparer = {
      prepare: async () => {
        throw new ReleaseNotReadyError('fraud', '1.1.0', 'compilation job InProgress');
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toEqual({ changed: false, action: 'waiting: fraud 1.1.0: compilation job InProgress' });
  });

  it('waits without a write when preparing is throttled, instead of aborting the release', async () => {
    const preparer = {
      prepare: async () => {
        throw throttled();
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toEqual({ changed: false, action: 'retrying: prepare failed for now: Rate exceeded' });
  });

  it('aborts when preparing fails for good', async () => {
    const preparer = {
      prepare: async () => {
        throw new Error('artifact m/fraud/1.1.0/model.onnx does not exist');
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
    if (decision.changed)
      expect(decision.record.history.at(-1)?.why).toBe(
        'prepare failed: artifact m/fraud/1.1.0/model.onnx does not exist',
      );
  });
});

describe('decide: Registered (warm-up before traffic)', () => {
  const runtime = mockClient(SageMakerRuntimeClient);
  afterEach(() => runtime.reset());
  const sageMakerHost = () => new SageMakerWarmHost({ client: new SageMakerRuntimeClient({}), endpointName: 'mme' });

  it('promotes a first version once it is loaded', async () => {
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'promoted', record: { phase: 'Promoted' } });
  });

  it('waits without a write when the endpoint answers ServiceUnavailable to the warm-up', async () => {
    runtime
      .on(InvokeEndpointCommand)
      .rejects(new ServiceUnavailable({ $metadata: { httpStatusCode: 503 }, message: 'busy' }));
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host: sageMakerHost() }));
    expect(decision).toEqual({ changed: false, action: 'retrying: warm-up failed for now: busy' });
  });

  it('aborts when the model cannot be loaded', async () => {
    const host = {
      warm: async (target: string) => {
        throw new ModelInvocationError(target, 'could not load model.onnx');
      },
    };
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host }));
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
  });
});

const v = (version: string): ModelSpec => manifestOf(model('fraud', version)).models[0]!;
/** fraud 1.0.0 stable, 1.1.0 taking 10% of traffic since NOW - 1000. */
function progressing(): RolloutRecord {
  const stable = promote(
    registered(
      beginCompile(startRollout(undefined, v('1.0.0'), 1, 'new model'), 2),
      3,
      'fraud/1.0.0-a/model.onnx',
      'aa',
    ),
    {
      at: 4,
      why: 'first version of the model',
    },
  );
  const next = registered(
    beginCompile(startRollout(stable, spec, 10, 'models.yaml names 1.1.0'), 11),
    12,
    'fraud/1.1.0-abc/model.onnx',
    'ab',
  );
  return startTraffic(next, planOf(next.policy), NOW - 1_000);
}
const okAlarms = {
  states: async (names: readonly string[]) =>
    names.map((name) => ({ name, state: 'OK' as const, reason: '', since: 0 })),
};

describe('decide: what models.yaml asks for', () => {
  it('retires a model models.yaml no longer names, once', async () => {
    const first = await decide(undefined, progressing(), undefined, NOW, deps({}));
    expect(first).toMatchObject({ changed: true, action: 'retired', record: { phase: 'Retired' } });
    const again = await decide(undefined, first.changed ? first.record : undefined, undefined, NOW, deps({}));
    expect(again).toEqual({ changed: false, action: 'absent' });
    expect(await decide(undefined, undefined, undefined, NOW, deps({}))).toEqual({ changed: false, action: 'absent' });
  });

  it('starts a model seen for the first time, and one back after retirement', async () => {
    expect(await decide(spec, undefined, undefined, NOW, deps({}))).toMatchObject({
      changed: true,
      action: 'started',
      record: { phase: 'Pending', release: { version: '1.1.0' } },
    });
    const retired = retire(progressing(), NOW - 1);
    expect(await decide(spec, retired, undefined, NOW, deps({}))).toMatchObject({
      changed: true,
      action: 'started',
      record: { phase: 'Pending' },
    });
  });

  it('aborts the candidate when models.yaml names the stable version again', async () => {
    const decision = await decide(v('1.0.0'), progressing(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
    if (decision.changed) expect(decision.record.history.at(-1)?.why).toBe('models.yaml names stable 1.0.0 again');
  });

  it('supersedes the candidate with a newer version', async () => {
    const decision = await decide(v('1.2.0'), progressing(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({
      changed: true,
      action: 'started',
      record: { phase: 'Pending', release: { version: '1.2.0' } },
    });
    if (decision.changed) expect(decision.record.history.at(-1)?.why).toBe('models.yaml names 1.2.0; supersedes 1.1.0');
  });

  it('holds a rolled-back version until models.yaml names another, then releases the hold before starting it', async () => {
    const rolledBack = rollBack(progressing(), { at: NOW - 1, why: 'alarm' });
    const same = await decide(spec, rolledBack, undefined, NOW, deps({}));
    expect(same.changed).toBe(false);
    const released = await decide(v('1.2.0'), rolledBack, undefined, NOW, deps({}));
    expect(released).toMatchObject({ changed: true, action: 'hold released' });
    const next = await decide(v('1.2.0'), released.changed ? released.record : undefined, undefined, NOW, deps({}));
    expect(next).toMatchObject({ changed: true, action: 'started', record: { release: { version: '1.2.0' } } });
    if (next.changed) expect(next.record.history.at(-1)?.why).toBe('models.yaml names 1.2.0');
  });

  it('drops intents recorded before a new rollout started', async () => {
    const intents = appendIntent(undefined, 'fraud', { type: 'promote', at: NOW - 5, who: 'ana' });
    const decision = await decide(spec, undefined, intents, NOW, deps({}));
    expect(decision.changed && decision.record.intentSeq).toBe(intents.intents.at(-1)!.seq);
  });

  it('applies a pending intent before the next step', async () => {
    const r = progressing();
    const intents = appendIntent(undefined, 'fraud', { type: 'pause', at: NOW - 5, who: 'ana' });
    const decision = await decide(spec, r, intents, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'intent pause', record: { phase: 'Paused' } });
  });

  it('begins compiling a pending release', async () => {
    const pending = startRollout(undefined, spec, NOW - 1, 'new model');
    expect(await decide(spec, pending, undefined, NOW, deps({}))).toMatchObject({
      changed: true,
      action: 'compiling',
      record: { phase: 'Compiling' },
    });
  });

  it('leaves an ended rollout as it is', async () => {
    const rolledBack = rollBack(progressing(), { at: NOW - 1, why: 'alarm' });
    const promoted = { ...rolledBack, phase: 'Promoted' as const, rolledBackVersions: [] };
    expect(await decide(v(promoted.release.version), promoted, undefined, NOW, deps({}))).toEqual({
      changed: false,
      action: 'promoted',
    });
  });
});

describe('decide: warm-up history', () => {
  it('notes the load time, and whether the model was already loaded, before traffic', async () => {
    const host = { warm: async () => ({ loadMs: 41.6, alreadyLoaded: true }) };
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host }));
    expect(decision.changed && decision.record.history.find((e) => e.type === 'warmed')).toMatchObject({
      type: 'warmed',
      at: NOW,
      why: 'loaded in 42ms (already loaded)',
    });
    expect(decision.changed && decision.record.warm).toEqual({ loadMs: 41.6, alreadyLoaded: true });
  });

  it('starts traffic on the first step when there is a stable version to compare with', async () => {
    const withStable = progressing();
    const registeredNext = { ...withStable, phase: 'Registered' as const, weight: 0, step: 0 };
    const host = { warm: async () => ({ loadMs: 900, alreadyLoaded: false }) };
    const decision = await decide(spec, registeredNext, undefined, NOW, deps({ host }));
    expect(decision).toMatchObject({ changed: true, action: 'progressing', record: { phase: 'Progressing' } });
    if (decision.changed) expect(decision.record.history.find((e) => e.type === 'warmed')?.why).toBe('loaded in 900ms');
  });

  it('names the warm-up failure when it aborts', async () => {
    const host = {
      warm: async (target: string) => {
        throw new ModelInvocationError(target, 'could not load model.onnx');
      },
    };
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host }));
    expect(decision.changed && decision.record.history.at(-1)).toMatchObject({
      at: NOW,
      why: 'warm-up failed: fraud/1.1.0-abc/model.onnx: could not load model.onnx',
    });
  });
});

describe('decide: Progressing', () => {
  it('records a changed verdict once, then stays quiet while it holds', async () => {
    const ports = deps({ metrics: new MemoryMetricStore(), alarms: okAlarms });
    const first = await decide(spec, progressing(), undefined, NOW, ports);
    expect(first).toMatchObject({ changed: true, record: { phase: 'Progressing', lastVerdict: { at: NOW } } });
    const again = await decide(spec, first.changed ? first.record : undefined, undefined, NOW + 1, ports);
    expect(again.changed).toBe(false);
    expect(again.action).toBe(first.action);
  });
});

/** Stable 1.0.0 answers in 40-60 ms, candidate 1.1.0 in 140-160 ms: under the 200 ms p99 gate, slower to the judge. */
function slowerCandidate(from: number, to: number): MemoryMetricStore {
  const metrics = new MemoryMetricStore({ bucketMs: 1_000 });
  const n = 300;
  for (let i = 0; i < n; i++) {
    const at = from + Math.floor(((to - from) * i) / n);
    const jitter = (i * 7) % 21;
    metrics.record({ model: 'fraud', track: 'stable', version: '1.0.0', latencyMs: 40 + jitter, error: false, at });
    metrics.record({ model: 'fraud', track: 'candidate', version: '1.1.0', latencyMs: 140 + jitter, error: false, at });
  }
  return metrics;
}
/** Stable 1.0.0 and candidate 1.1.0 both answer 300 requests in 40-60 ms, from NOW - 900 on. */
function equallyFast(): MemoryMetricStore {
  const metrics = new MemoryMetricStore({ bucketMs: 1_000 });
  for (let i = 0; i < 300; i++)
    for (const [track, version] of [
      ['stable', '1.0.0'],
      ['candidate', '1.1.0'],
    ] as const)
      metrics.record({
        model: 'fraud',
        track,
        version,
        latencyMs: 40 + ((i * 7) % 21),
        error: false,
        at: NOW - 900 + i,
      });
  return metrics;
}
const firing = {
  states: async (names: readonly string[]) =>
    names.map((name) => ({ name, state: 'ALARM' as const, reason: 'breached', since: NOW })),
};
/** The last step (100%) of the canary, its 1-minute bake over; traffic since NOW - 1000. */
const atFinalLook = (): RolloutRecord => ({ ...progressing(), step: 2, weight: 100, stepSince: NOW - 61_000 });

describe('decide: the judge and the final look', () => {
  it('judges at every tick by default: a slower candidate is rolled back at its first step', async () => {
    const ports = deps({ metrics: slowerCandidate(NOW - 900, NOW), alarms: okAlarms });

    const decision = await decide(spec, progressing(), undefined, NOW, ports);

    expect(decision).toMatchObject({
      changed: true,
      action: 'rolled-back',
      record: { phase: 'RolledBack', lastVerdict: { at: NOW, outcome: 'fail' } },
    });
    // The verdict that status shows keeps the judge's figures.
    expect(decision.changed && decision.record.lastVerdict?.judge).toMatchObject({
      metric: 'latency',
      candidateWorse: true,
    });
  });

  it('with one look, does not judge before the last step has baked', async () => {
    const ports = deps({ metrics: slowerCandidate(NOW - 900, NOW), alarms: okAlarms, judgeLooks: 'one-look' });

    const decision = await decide(spec, progressing(), undefined, NOW, ports);

    // Still inside step 1's bake (1 minute from NOW - 1000): nothing to do but record the verdict.
    expect(decision).toMatchObject({ action: 'baking (59s left)', record: { phase: 'Progressing' } });
  });

  it('with one look, judges once the last step has baked, and rolls a slower candidate back', async () => {
    const ports = deps({ metrics: slowerCandidate(NOW - 900, NOW), alarms: okAlarms, judgeLooks: 'one-look' });

    const decision = await decide(spec, atFinalLook(), undefined, NOW, ports);

    expect(decision).toMatchObject({ changed: true, action: 'rolled-back', record: { phase: 'RolledBack' } });
  });

  it('promotes at the final look when the candidate is as fast as stable', async () => {
    const metrics = equallyFast();

    const decision = await decide(spec, atFinalLook(), undefined, NOW, deps({ metrics, alarms: okAlarms }));

    expect(decision).toMatchObject({ changed: true, action: 'promoted', record: { phase: 'Promoted' } });
  });

  it('asks no step gate while paused, even with the bake over and the gates passing', async () => {
    const metrics = equallyFast();
    const asked: string[] = [];
    const webhooks = {
      post: async (request: { url: string }) => {
        asked.push(request.url);
        return { kind: 'response' as const, status: 200, body: { json: { pass: true } } };
      },
    };
    const r = atFinalLook();
    const gates = {
      ...r.policy.gates,
      webhooks: [
        {
          url: 'https://checks.example.com/gate',
          timeoutMs: 1_000,
          on: 'promote' as const,
          onFailure: 'hold' as const,
        },
      ],
      manual: { on: 'promote' as const },
    };
    const paused: RolloutRecord = { ...r, phase: 'Paused', pausedAt: NOW - 70_000, policy: { ...r.policy, gates } };

    const decision = await decide(spec, paused, undefined, NOW, deps({ metrics, alarms: okAlarms, webhooks }));

    expect(decision).toMatchObject({ action: 'paused', record: { phase: 'Paused', lastVerdict: { outcome: 'pass' } } });
    expect(decision.changed && decision.record.stepGates).toBeUndefined();
    expect(decision.changed && decision.record.history).toEqual(paused.history);
    expect(asked).toEqual([]);
  });

  it('rolls a paused rollout back when its alarm fires: pausing freezes progress, not safety', async () => {
    const paused = { ...progressing(), phase: 'Paused' as const };

    const decision = await decide(
      spec,
      paused,
      undefined,
      NOW,
      deps({ metrics: new MemoryMetricStore(), alarms: firing }),
    );

    expect(decision).toMatchObject({ changed: true, action: 'rolled-back', record: { phase: 'RolledBack' } });
  });
});

describe('decide: gate alarms, holds, retries and history', () => {
  it('gives a candidate no traffic until its gate alarms exist; a first version needs none', async () => {
    const withStable = { ...progressing(), phase: 'Registered' as const, weight: 0, step: 0 };

    expect(await decide(spec, withStable, undefined, NOW, deps({}), false)).toEqual({
      changed: false,
      action: 'waiting: gate alarms not in place yet',
    });
    expect(await decide(spec, registeredFirst(), undefined, NOW, deps({}), false)).toMatchObject({
      changed: true,
      action: 'promoted',
    });
  });

  it('records why a first version became stable', async () => {
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({}));

    expect(decision.changed && decision.record.history.at(-1)).toMatchObject({
      at: NOW,
      why: 'first version of the model',
    });
  });

  it('records a first start, and a start after retirement, as a new model', async () => {
    const first = await decide(spec, undefined, undefined, NOW, deps({}));
    const back = await decide(spec, retire(progressing(), NOW - 1), undefined, NOW, deps({}));

    expect(first.changed && first.record.history.at(-1)?.why).toBe('new model');
    expect(back.changed && back.record.history.at(-1)?.why).toBe('new model');
  });

  it('says when and why a hold was released', async () => {
    const rolledBack = rollBack(progressing(), { at: NOW - 1, why: 'alarm' });

    const decision = await decide(v('1.2.0'), rolledBack, undefined, NOW, deps({}));

    expect(decision.changed && decision.record.history.at(-1)).toMatchObject({
      type: 'hold-released',
      at: NOW,
      why: 'hold on 1.1.0 released: models.yaml names 1.2.0',
    });
  });

  it('leaves a promoted model alone while models.yaml names its stable version', async () => {
    const promoted = promote(progressing(), { at: NOW - 1, why: 'all steps healthy' });

    expect(await decide(spec, promoted, undefined, NOW, deps({}))).toEqual({ changed: false, action: 'promoted' });
  });

  it('does not hold a candidate stopped because models.yaml went back to stable: naming it again restarts it', async () => {
    const aborted = await decide(v('1.0.0'), progressing(), undefined, NOW, deps({}));
    if (!aborted.changed) throw new Error('expected an abort');

    const again = await decide(spec, aborted.record, undefined, NOW + 1, deps({}));

    expect(aborted.record.rolledBackVersions).toEqual([]);
    expect(again).toMatchObject({ changed: true, action: 'started', record: { phase: 'Pending' } });
    expect(again.changed && again.record.history.at(-1)?.why).toBe('models.yaml names 1.1.0 again');
  });

  it('does not start a held version that is not the current release (a record with an older hold)', async () => {
    // 1.1.0 held from an earlier rollback while 1.2.0's rollout ended; models.yaml names 1.1.0.
    const rolledBack = rollBack(progressing(), { at: NOW - 1, why: 'alarm' });
    const olderHold = { ...rolledBack, release: { ...rolledBack.release, version: '1.2.0' } };

    expect(await decide(spec, olderHold, undefined, NOW, deps({}))).toEqual({
      changed: false,
      action: 'held: 1.1.0 was rolled back or aborted',
    });
  });

  it('retries a held version when a user asks (mlrelease retry)', async () => {
    const rolledBack = rollBack(progressing(), { at: NOW - 1, why: 'alarm' });
    const intents = appendIntent(undefined, 'fraud', { type: 'retry', at: NOW - 5, who: 'ana' });
    const withIntents = { ...rolledBack, intentSeq: 0 };

    const decision = await decide(spec, withIntents, intents, NOW, deps({}));

    expect(decision).toMatchObject({ changed: true, action: 'intent retry', record: { phase: 'Pending' } });
    expect(decision.changed && decision.record.history.at(-1)?.why).toBe('retry of 1.1.0, requested by ana');
  });

  it('starts a model with an empty intent log', async () => {
    const decision = await decide(spec, undefined, { model: 'fraud', intents: [] }, NOW, deps({}));

    expect(decision).toMatchObject({ changed: true, action: 'started', record: { intentSeq: 0 } });
  });
});

describe('decide: the production variant of a single-model (Neo) release', () => {
  const variant = 'fraud-1-1-0-abcabcabcabc';
  const targetModel = 'fraud/1.1.0-abc/model-ml_c5.tar.gz';
  /** 1.0.0 stable (MME); 1.1.0 registered on its own production variant, not warmed yet. */
  const registeredNeo = (): RolloutRecord => {
    const r = progressing();
    const base: RolloutRecord = { ...r, phase: 'Compiling', candidate: r.release, weight: 0, step: 0 };
    return registered(base, NOW - 1, targetModel, 'ab', variant);
  };
  const preparedWith = (variantServing?: { image: string; instanceType: string }) => ({
    prepare: async () => ({
      targetModel,
      sha256: 'ab',
      targetVariant: variant,
      ...(variantServing ? { variant: variantServing } : {}),
    }),
  });
  const failing = (error: () => Error) => ({
    prepare: async () => {
      throw error();
    },
  });
  const variantsServing = (serve: ProductionVariants['serve']) => {
    const served: string[] = [];
    const variants: ProductionVariants = {
      serve: async (v) => {
        served.push(`${v.name} ${v.targetModel} ${v.image} ${v.instanceType}`);
        return serve(v);
      },
      retainOnly: async () => ({ removed: [] }),
    };
    return { variants, served };
  };
  const image = { image: 'neo-image:1', instanceType: 'ml.c5.xlarge' };

  it('adds the variant from the prepared release, and warms the version only once it is ready', async () => {
    const warmed: string[] = [];
    const host = {
      warm: async (target: string, options?: { targetVariant?: string }) => {
        warmed.push(`${target} ${options?.targetVariant}`);
        return { loadMs: 10, alreadyLoaded: false };
      },
    };
    const notYet = variantsServing(async () => ({ ready: false, why: 'endpoint Updating' }));

    const waiting = await decide(
      spec,
      registeredNeo(),
      undefined,
      NOW,
      deps({ preparer: preparedWith(image), host, ...notYet }),
    );

    expect(waiting).toEqual({ changed: false, action: 'waiting: endpoint Updating' });
    expect(notYet.served).toEqual([`${variant} ${targetModel} neo-image:1 ml.c5.xlarge`]);
    expect(warmed).toEqual([]);

    const ready = variantsServing(async () => ({ ready: true }));
    const started = await decide(
      spec,
      registeredNeo(),
      undefined,
      NOW,
      deps({ preparer: preparedWith(image), host, ...ready }),
    );
    expect(started).toMatchObject({ changed: true, action: 'progressing' });
    expect(warmed).toEqual([`${targetModel} ${variant}`]);
  });

  it('adds no variant for a multi-model version, even where the controller can add variants', async () => {
    const none = variantsServing(async () => {
      throw new Error('not used for an MME version');
    });
    const r = progressing();
    const mme = registered(
      { ...r, phase: 'Compiling', candidate: r.release, weight: 0, step: 0 },
      NOW - 1,
      'fraud/1.1.0-abc/model.onnx',
      'ab',
    );

    const decision = await decide(spec, mme, undefined, NOW, deps(none));

    expect(decision).toMatchObject({ changed: true, action: 'progressing' });
    expect(none.served).toEqual([]);
  });

  it.each([
    ['throttled', throttled, 'retrying: prepared release unreadable for now: Rate exceeded'],
    [
      'not ready',
      () => new ReleaseNotReadyError('fraud', '1.1.0', 'registration being written'),
      'retrying: prepared release unreadable for now: fraud 1.1.0: registration being written',
    ],
  ])('waits without a write when the prepared release is %s', async (_case, error, action) => {
    const ready = variantsServing(async () => ({ ready: true }));

    const decision = await decide(spec, registeredNeo(), undefined, NOW, deps({ preparer: failing(error), ...ready }));

    expect(decision).toEqual({ changed: false, action });
    expect(ready.served).toEqual([]);
  });

  it('aborts, naming the error, when the prepared release cannot be read for good', async () => {
    const ready = variantsServing(async () => ({ ready: true }));

    const decision = await decide(
      spec,
      registeredNeo(),
      undefined,
      NOW,
      deps({ preparer: failing(() => new Error('releases/fraud/1.1.0 is not JSON')), ...ready }),
    );

    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
    expect(decision.changed && decision.record.history.at(-1)).toMatchObject({
      at: NOW,
      type: 'aborted',
      why: 'prepare failed: releases/fraud/1.1.0 is not JSON',
    });
    expect(ready.served).toEqual([]);
  });

  it('aborts, saying how to fix it, when the prepared release names no inference image', async () => {
    const ready = variantsServing(async () => ({ ready: true }));

    const decision = await decide(spec, registeredNeo(), undefined, NOW, deps({ preparer: preparedWith(), ...ready }));

    expect(decision.changed && decision.record.history.at(-1)?.why).toBe(
      `production variant ${variant}: the registered release names no inference image; run the Register stage again (mlrelease register fraud)`,
    );
    expect(ready.served).toEqual([]);
  });

  it('waits without a write when the variant endpoint is throttled, and aborts when it refuses the variant', async () => {
    const throttledEndpoint = variantsServing(async () => {
      throw throttled();
    });
    expect(
      await decide(
        spec,
        registeredNeo(),
        undefined,
        NOW,
        deps({ preparer: preparedWith(image), ...throttledEndpoint }),
      ),
    ).toEqual({ changed: false, action: 'retrying: variant endpoint unavailable for now: Rate exceeded' });

    const refusing = variantsServing(async () => {
      throw new Error('ResourceLimitExceeded: ml.c5.xlarge');
    });
    const decision = await decide(
      spec,
      registeredNeo(),
      undefined,
      NOW,
      deps({ preparer: preparedWith(image), ...refusing }),
    );
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
    expect(decision.changed && decision.record.history.at(-1)?.why).toBe(
      `production variant ${variant} could not be created: ResourceLimitExceeded: ml.c5.xlarge`,
    );
  });
});

describe('decide: a signature that breaks stable’s callers', () => {
  const fraudWith = (version: string, shape: string, dtype = 'float32') =>
    manifestOf(
      `  - { name: fraud, version: ${version}, artifact: m/fraud/${version}/model.onnx, framework: onnx, input: { name: x, dtype: ${dtype}, shape: ${shape} } }\n`,
    ).models[0]!;
  /** 1.0.0 ([-1, 4] float32) stable and promoted. */
  const stable = (): RolloutRecord =>
    promote(
      registered(
        beginCompile(startRollout(undefined, v('1.0.0'), 1, 'new model'), 2),
        3,
        'fraud/1.0.0-a/model.onnx',
        'aa',
      ),
      { at: 4, why: 'first version of the model' },
    );
  const why = (changes: string) =>
    `signature incompatible with stable 1.0.0: ${changes} (set release: { strategy: all-at-once, breaking: true } to release it anyway)`;

  it('holds the version, naming every change, once', async () => {
    const wider = fraudWith('1.1.0', '[-1, 5]', 'float64');

    const first = await decide(wider, stable(), undefined, NOW, deps({}));

    expect(first).toMatchObject({ changed: true, action: 'held', record: { phase: 'Promoted' } });
    const held = first.changed ? first.record : stable();
    const reason = why('input "x" dtype float32 -> float64; input "x" shape [-1, 4] -> [-1, 5]');
    expect(held.history.at(-1)).toEqual({
      at: NOW,
      rolloutId: 1,
      type: 'held',
      version: '1.1.0',
      to: 'Promoted',
      who: 'controller',
      why: reason,
    });
    expect(await decide(wider, held, undefined, NOW + 1, deps({}))).toEqual({
      changed: false,
      action: `held: ${reason}`,
    });
  });

  it('says it again for another version with the same change, and for the same version with another change', async () => {
    const first = await decide(fraudWith('1.1.0', '[-1, 5]'), stable(), undefined, NOW, deps({}));
    const held = first.changed ? first.record : stable();

    const otherVersion = await decide(fraudWith('1.2.0', '[-1, 5]'), held, undefined, NOW + 1, deps({}));
    expect(otherVersion.changed && otherVersion.record.history.at(-1)).toMatchObject({
      type: 'held',
      version: '1.2.0',
    });

    const otherChange = await decide(fraudWith('1.1.0', '[-1, 6]'), held, undefined, NOW + 1, deps({}));
    expect(otherChange.changed && otherChange.record.history.at(-1)).toMatchObject({
      type: 'held',
      version: '1.1.0',
      why: why('input "x" shape [-1, 4] -> [-1, 6]'),
    });
  });

  it('says it when the last event has the same words but is not a hold', async () => {
    const reason = why('input "x" shape [-1, 4] -> [-1, 5]');
    const r = stable();
    const noted: RolloutRecord = {
      ...r,
      history: [...r.history, { ...r.history.at(-1)!, type: 'intent-ignored', version: '1.1.0', why: reason }],
    };

    const decision = await decide(fraudWith('1.1.0', '[-1, 5]'), noted, undefined, NOW, deps({}));

    expect(decision).toMatchObject({ changed: true, action: 'held' });
  });

  it('compares with nothing when stable recorded no signature (older records), or there is no stable yet', async () => {
    const { signature: _s, ...unsigned } = stable().stable!;
    const older: RolloutRecord = { ...stable(), stable: unsigned, history: [] };
    expect(await decide(fraudWith('1.1.0', '[-1, 5]'), older, undefined, NOW, deps({}))).toMatchObject({
      changed: true,
      action: 'started',
    });

    const first = beginCompile(startRollout(undefined, v('1.0.0'), 1, 'new model'), 2);
    expect(await decide(fraudWith('1.1.0', '[-1, 5]'), first, undefined, NOW, deps({}))).toMatchObject({
      changed: true,
      action: 'started',
      record: { release: { version: '1.1.0' } },
    });
  });
});
