import { mulberry32 } from '../../../local/src/example-models/prng.ts';
// A controller on in-memory adapters with an injected clock, for simulated rollouts.
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest, ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import { createController } from '../../src/controller/create-controller.ts';
import type { ControllerDeps } from '../../src/controller/deps.ts';
import { alarmDefinitions } from '../../src/domain/alarms/alarm-definition.ts';
import { rolloutKey } from '../../src/domain/deployed-models.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import type { DesiredResources } from '../../src/ports/desired-resources.ts';
import type { MirrorReader } from '../../src/ports/mirrored-pairs.ts';
import type { ReleaseEvent } from '../../src/ports/release-event-sink.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import type { WebhookCaller } from '../../src/ports/webhook.ts';

export function manifestOf(models: string, release = ''): Manifest {
  const text = `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release:
${
  release ||
  `    strategy: canary
    steps: [ { weight: 10, bake: 1m }, { weight: 50, bake: 1m }, { weight: 100, bake: 1m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 100 }
    judge: { metric: latency, test: mann-whitney, alpha: 0.01 }`
}
models:
${models}`;
  const result = loadManifest(text, 'test.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.manifest;
}

export function model(name: string, version: string): string {
  return `  - { name: ${name}, version: ${version}, artifact: m/${name}/${version}/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }\n`;
}

export interface HarnessOptions {
  readonly store?: StateStore;
  readonly alarmPeriodMs?: number;
  /** Alarms, dashboards and catalog synced every tick, as on AWS. @default none */
  readonly resources?: DesiredResources;
  /** Mirrored pairs of shadow releases, for the divergence gate. @default none */
  readonly mirror?: MirrorReader;
  /** Answers the webhook step gates. @default none: the controller's default, Node's fetch */
  readonly webhooks?: WebhookCaller;
}

export function harness(initial: Manifest, options: HarnessOptions = {}) {
  let desired: Manifest | undefined = initial;
  let now = 1_000_000;
  const store = options.store ?? new MemoryStateStore();
  const metrics = new MemoryMetricStore({ bucketMs: 1_000, random: seeded(7) });
  const alarms = new LocalAlarmEvaluator(metrics);
  const timing = { periodMs: options.alarmPeriodMs ?? 10_000, evaluationPeriods: 3, datapointsToAlarm: 2 };
  alarms.define(alarmDefinitions(initial, timing));
  const events: ReleaseEvent[] = [];
  const prepared: string[] = [];
  const warmed: string[] = [];
  const router = new StateRouteTable(store);
  const deps: ControllerDeps = {
    store,
    desired: { read: async () => desired },
    router,
    preparer: {
      prepare: async (spec: ModelSpec) => {
        prepared.push(`${spec.name}@${spec.version}`);
        return { targetModel: `${spec.name}/${spec.version}-abcdef123456/model.onnx`, sha256: 'ab'.repeat(32) };
      },
    },
    host: {
      warm: async (targetModel: string) => {
        warmed.push(targetModel);
        return { loadMs: 42, alreadyLoaded: false };
      },
    },
    metrics,
    alarms,
    events: { publish: async (e) => void events.push(e) },
    clock: { now: () => now, sleep: async () => undefined },
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.mirror ? { mirror: options.mirror } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  };
  const controller = createController(deps);
  const random = seeded(11);
  return {
    store,
    router,
    metrics,
    alarms,
    events,
    prepared,
    warmed,
    deps,
    controller,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    setDesired(m: Manifest | undefined) {
      desired = m;
    },
    async record(name: string): Promise<RolloutRecord | undefined> {
      return (await store.get<RolloutRecord>(rolloutKey(name)))?.value;
    },
    async tick() {
      alarms.evaluate(now);
      return controller.reconcile(now);
    },
    /** `count` requests spread over the last second, split by the current route weight. */
    async traffic(name: string, count: number, candidate: { latencyMs: number; errorRate: number }) {
      const route = (await router.readTable()).routes[name];
      if (!route) return;
      for (let i = 0; i < count; i++) {
        const toCandidate = route.candidate && random() * 100 < route.candidateWeight;
        const jitter = random() * 10;
        metrics.record({
          model: name,
          track: toCandidate ? 'candidate' : 'stable',
          version: toCandidate ? route.candidate!.version : route.stable.version,
          latencyMs: (toCandidate ? candidate.latencyMs : 20) + jitter,
          error: toCandidate ? random() < candidate.errorRate : false,
          at: now - 999 + Math.floor((i * 999) / count),
        });
      }
    },
  };
}

/** Deterministic PRNG (mulberry32). */
export const seeded = mulberry32;
