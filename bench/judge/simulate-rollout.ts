// One simulated release through the real controller: createController().reconcile on a fake clock,
// the real route table and router, the local metric store and alarm evaluator with the local
// platform's settings, and the release policy of the repository's models.yaml (fraud-detector).
// Traffic: 50 requests per second, lognormal latency; the controller ticks every 5 s.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { route } from '../../inference-stack/src/domain/router.ts';
import { LOCAL_ALARM_TIMING } from '../../local/src/embedded-release-control.ts';
import { mulberry32 } from '../../local/src/example-models/prng.ts';
import { loadManifest } from '../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Judge, Manifest, ModelSpec } from '../../model-registry/src/domain/manifest/types.ts';
import { LocalAlarmEvaluator } from '../../release-tools/src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../release-tools/src/adapters/local/memory-metric-store.ts';
import { MemoryStateStore } from '../../release-tools/src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../release-tools/src/adapters/state-route-table.ts';
import { createController } from '../../release-tools/src/controller/create-controller.ts';
import { alarmDefinitions } from '../../release-tools/src/domain/alarms/alarm-definition.ts';
import { rolloutKey } from '../../release-tools/src/domain/deployed-models.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import type { JudgeLooks } from '../../release-tools/src/domain/stats/judge-result.ts';
import type { MetricsReader } from '../../release-tools/src/ports/metrics.ts';

export const MODEL = 'fraud-detector';
export const RATE_PER_SECOND = 50;
export const TICK_MS = 5_000;
const STABLE_MEDIAN_MS = 20;
/** Log-space spread of latency: p99 / p50 = exp(2.326 * 0.5), about 3.2. */
const SIGMA = 0.5;

export interface Scenario {
  readonly name: string;
  /** Which judge runs: the models.yaml default (latency), or the error-rate judge at the same alpha. */
  readonly metric: 'latency' | 'error-rate';
  /** Candidate latency from the stable one for the same request. */
  readonly candidateLatency: (ms: number) => number;
  readonly stableErrorRate: number;
  readonly candidateErrorRate: number;
  /** Multiplies both versions' latency from the second canary step on (a change common to both). */
  readonly commonDriftAtStep2?: number;
  /** Whether the candidate is worse (detection) or not (false rollback). */
  readonly worse: boolean;
}

export interface RolloutOutcome {
  readonly result: 'promoted' | 'judge' | 'other' | 'unfinished';
  /** ms from the candidate's first traffic to its rollback. */
  readonly msToRollback?: number;
  readonly candidateRequests?: number;
  /** What rolled it back when it was not the judge. */
  readonly why?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The repository's models.yaml, with fraud-detector at `version` and the scenario's judge. */
const manifests = new Map<string, Manifest>();

export function benchManifest(version: string, metric: Scenario['metric']): Manifest {
  const key = `${version}/${metric}`;
  const cached = manifests.get(key);
  if (cached) return cached;
  const manifest = readManifest(version, metric);
  manifests.set(key, manifest);
  return manifest;
}

function readManifest(version: string, metric: Scenario['metric']): Manifest {
  let text = readFileSync(join(here, '..', '..', 'models.yaml'), 'utf8');
  text = text.replace(/(name: fraud-detector\n\s+version: )[^\n]+/, `$1${version}`);
  const loaded = loadManifest(text, 'models.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues[0]));
  const manifest = loaded.manifest;
  if (metric === 'latency') return manifest;
  // The error-rate judge at the default judge's alpha; the error-rate threshold off, so that the
  // judge alone decides (with 1% errors on both tracks the 1% threshold would roll back half).
  const models = manifest.models.map((m): ModelSpec => {
    if (m.name !== MODEL) return m;
    const alpha = m.release.judge?.alpha ?? 0.05;
    const judge: Judge = { metric: 'error-rate', test: 'sequential-binomial', alpha };
    return { ...m, release: { ...m.release, judge, gates: { ...m.release.gates, maxErrorRate: 1 } } };
  });
  return { ...manifest, models };
}

export async function simulateRollout(scenario: Scenario, looks: JudgeLooks, seed: number): Promise<RolloutOutcome> {
  return (await simulateRollouts(scenario, [looks], seed)).get(looks)!;
}

/**
 * The same release under several rules at once: one controller per rule, each with its own state
 * and route table, over one stream of traffic. Until a rule's rollout ends, every rule's controller
 * routes alike (the judge moves no weight before it rolls back), so the traffic each sees is exactly
 * what it would have seen alone with this seed; the traffic, metrics and alarms are simulated once
 * instead of once per rule. A route that differs between rules still running would break that, and
 * throws.
 */
export async function simulateRollouts(
  scenario: Scenario,
  rules: readonly JudgeLooks[],
  seed: number,
): Promise<Map<JudgeLooks, RolloutOutcome>> {
  const random = mulberry32(seed);
  let now = 1_700_000_000_000;
  const before = benchManifest('1.0.0', scenario.metric);
  const after = benchManifest('1.1.0', scenario.metric);
  let desired = before;
  const metrics = new MemoryMetricStore({ bucketMs: 1_000, random: mulberry32(seed ^ 0x5bd1e995) });
  const alarms = new LocalAlarmEvaluator(metrics);
  alarms.define(alarmDefinitions(after, LOCAL_ALARM_TIMING));
  // Every rule's controller asks the same questions of the same metrics within a tick: answer once.
  const answers = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const known = answers.get(key) as Promise<T> | undefined;
    if (known) return known;
    const answer = read();
    answers.set(key, answer);
    return answer;
  };
  const reader: MetricsReader = {
    window: (q) => once(`window ${JSON.stringify(q)}`, () => metrics.window(q)),
    strata: (q) => once(`strata ${JSON.stringify(q)}`, () => metrics.strata(q)),
  };
  const running = rules.map((looks) => {
    const store = new MemoryStateStore();
    const router = new StateRouteTable(store);
    const controller = createController({
      store,
      desired: { read: async () => desired },
      router,
      preparer: {
        prepare: async (spec) => ({
          targetModel: `${spec.name}/${spec.version}-000000000000/model.onnx`,
          sha256: '0'.repeat(64),
        }),
      },
      host: { warm: async () => ({ loadMs: 1, alreadyLoaded: true }) },
      metrics: rules.length > 1 ? reader : metrics,
      alarms,
      events: { publish: async () => undefined },
      clock: { now: () => now, sleep: async () => undefined },
      judgeLooks: looks,
    });
    const record = async () => (await store.get<RolloutRecord>(rolloutKey(MODEL)))?.value;
    return { looks, controller, router, record };
  });
  const outcomes = new Map<JudgeLooks, RolloutOutcome>();
  const normal = () => {
    // Box-Muller; 1 - u keeps the logarithm finite.
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  // Routes and steps change only on a tick, so reading them after each tick is exact.
  let modelRoute: Awaited<ReturnType<StateRouteTable['readTable']>>['routes'][string] | undefined;
  let drifted = false;
  const oneSecondOfTraffic = () => {
    for (let i = 0; i < RATE_PER_SECOND; i++) {
      const at = now + Math.floor((i * 1000) / RATE_PER_SECOND);
      if (!modelRoute) continue;
      const decision = route(modelRoute, {}, random);
      const candidate = decision.track === 'candidate' && decision.version === '1.1.0';
      let latency = STABLE_MEDIAN_MS * Math.exp(SIGMA * normal());
      if (drifted) latency *= scenario.commonDriftAtStep2!;
      if (candidate) latency = scenario.candidateLatency(latency);
      const error = random() < (candidate ? scenario.candidateErrorRate : scenario.stableErrorRate);
      metrics.record({ model: MODEL, track: decision.track, version: decision.version, latencyMs: latency, error, at });
    }
    answers.clear();
    now += 1_000;
  };
  /** Ticks every rule still running and returns their records; a rule whose rollout ended gets its outcome. */
  const tick = async () => {
    alarms.evaluate(now);
    const records: (RolloutRecord | undefined)[] = [];
    let shared: string | undefined;
    for (const rule of running) {
      if (outcomes.has(rule.looks)) continue;
      await rule.controller.reconcile(now);
      const r = await rule.record();
      records.push(r);
      if (
        r?.release.version === '1.1.0' &&
        (r.phase === 'Promoted' || r.phase === 'RolledBack' || r.phase === 'Aborted')
      ) {
        outcomes.set(rule.looks, outcomeOf(r));
        continue;
      }
      const table = await rule.router.readTable();
      const mine = JSON.stringify([table.routes[MODEL], r?.step]);
      if (shared !== undefined && mine !== shared) throw new Error(`rules diverged before an outcome (seed ${seed})`);
      shared = mine;
      modelRoute = table.routes[MODEL];
      drifted = scenario.commonDriftAtStep2 !== undefined && r?.candidate !== undefined && r.step >= 1;
    }
    return records;
  };

  // 1.0.0 goes straight to stable.
  for (let i = 0; i < 10 && !(await tick()).every((r) => r?.phase === 'Promoted'); i++);
  // Stable alone for a while, then the release of 1.1.0.
  for (let s = 0; s < 5; s++) oneSecondOfTraffic();
  desired = after;
  for (let second = 0; second < 240 && outcomes.size < running.length; second++) {
    if (second % (TICK_MS / 1000) === 0) {
      await tick();
      if (outcomes.size === running.length) break;
    }
    oneSecondOfTraffic();
  }
  for (const rule of running) if (!outcomes.has(rule.looks)) outcomes.set(rule.looks, { result: 'unfinished' });
  return outcomes;
}

function outcomeOf(r: RolloutRecord): RolloutOutcome {
  if (r.phase === 'Promoted') return { result: 'promoted' };
  const last = r.history.at(-1)!;
  const msToRollback = last.at - (r.trafficSince ?? last.at);
  if (last.judge?.candidateWorse) return { result: 'judge', msToRollback, candidateRequests: last.judge.candidateN };
  return { result: 'other', msToRollback, why: last.why };
}
