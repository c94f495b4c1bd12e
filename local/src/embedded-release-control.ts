// The release controller of `npm start`: the same controller, state store, route table and
// alarm semantics as on AWS, on local adapters that share the state dir with the `mlrelease` CLI.
// So `mlrelease status/promote/rollback` in another terminal act on this platform.
import { join } from 'node:path';
import { servedSignatures } from '../../inference-stack/src/domain/served-signature.ts';
import { DirArtifactStore } from '../../model-registry/src/adapters/local/dir-artifact-store.ts';
import type { Manifest } from '../../model-registry/src/domain/manifest/types.ts';
import { FileStateStore } from '../../release-tools/src/adapters/local/file-state-store.ts';
import { ListedDeadLetterReader } from '../../release-tools/src/adapters/local/listed-dead-letter-reader.ts';
import { LocalAlarmEvaluator } from '../../release-tools/src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../release-tools/src/adapters/local/memory-metric-store.ts';
import { MemoryMirrorStore } from '../../release-tools/src/adapters/local/memory-mirror-store.ts';
import { RegistryReleasePreparer } from '../../release-tools/src/adapters/local/registry-release-preparer.ts';
import { DESIRED_KEY, StateDesiredSource } from '../../release-tools/src/adapters/local/state-desired-source.ts';
import { ROUTES_KEY, StateRouteTable } from '../../release-tools/src/adapters/state-route-table.ts';
import { createController } from '../../release-tools/src/controller/create-controller.ts';
import type { ReconcileReport } from '../../release-tools/src/controller/deps.ts';
import { wakeOnStateChange } from '../../release-tools/src/controller/state-change-wake.ts';
import { type AlarmTiming, alarmDefinitions } from '../../release-tools/src/domain/alarms/alarm-definition.ts';
import { rolloutKey } from '../../release-tools/src/domain/deployed-models.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import { routedVersion } from '../../release-tools/src/domain/rollout/route-for.ts';
import { type Clock, systemClock } from '../../release-tools/src/ports/clock.ts';
import { readRolloutState } from '../../release-tools/src/read-deployed-models.ts';
import { dashboardHtml } from './dashboard/page.ts';
import { dashboardData } from './dashboard-source.ts';
import { deadLetterFiles } from './dead-letter-files.ts';
import { startLocalServing } from './sagemaker/local-serving.ts';

/** Short periods so a bad candidate is caught in seconds on a laptop (AWS uses 1-minute periods). */
export const LOCAL_ALARM_TIMING: AlarmTiming = { periodMs: 5_000, evaluationPeriods: 3, datapointsToAlarm: 2 };

export interface EmbeddedReleaseControlOptions {
  readonly stateDir: string;
  readonly manifestPath: string;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly log: (line: string) => void;
  /** @default LOCAL_ALARM_TIMING */
  readonly alarmTiming?: AlarmTiming;
  /** How often alarms are evaluated. @default 1000 */
  readonly evaluateEveryMs?: number;
  /** @default 512 MiB */
  readonly memoryCapBytes?: number;
  /** Who applies models.yaml changes. @default 'local' */
  readonly who?: string;
}

export function createEmbeddedReleaseControl(options: EmbeddedReleaseControlOptions) {
  const clock = options.clock ?? systemClock;
  // The desired state is re-applied from models.yaml at start and the route table re-derived from the
  // records by the next reconcile, so a damaged copy of either is moved aside rather than fatal.
  const store = new FileStateStore(join(options.stateDir, 'state'), {
    rebuildable: [DESIRED_KEY, ROUTES_KEY],
    onDamaged: (error) => options.log(error.message),
  });
  const artifacts = new DirArtifactStore(join(options.stateDir, 'artifacts'));
  // The serving container, as a child process: every release and invocation goes through its contract.
  const serving = startLocalServing({
    artifacts,
    stateDir: options.stateDir,
    memoryCapBytes: options.memoryCapBytes ?? 512 * 2 ** 20,
    log: options.log,
  });
  const host = serving.endpoint;
  const metrics = new MemoryMetricStore({ bucketMs: 1_000, ...(options.random ? { random: options.random } : {}) });
  const alarms = new LocalAlarmEvaluator(metrics);
  // Shadow releases' mirrored pairs, recorded by the platform's mirror and read by the divergence gate.
  const mirrors = new MemoryMirrorStore();
  const traffic = new StateRouteTable(store);
  const desired = new StateDesiredSource(store);
  const who = options.who ?? 'local';
  const core = createController({
    store,
    desired,
    router: traffic,
    preparer: new RegistryReleasePreparer({ stateDir: options.stateDir, store, clock, who }),
    host,
    metrics,
    alarms,
    mirror: mirrors,
    // The lanes' DLQs on disk, attributed by version: the dead-letter gate of async canaries.
    deadLetters: new ListedDeadLetterReader(deadLetterFiles(options.stateDir)),
    events: {
      publish: async (e) =>
        options.log(`${e.model} ${e.version}: ${e.from ?? '-'} -> ${e.to} [${e.type}] ${e.why} (by ${e.who})`),
    },
    clock,
  });

  const controller = {
    async apply(manifest: Manifest): Promise<void> {
      alarms.define(alarmDefinitions(manifest, options.alarmTiming ?? LOCAL_ALARM_TIMING));
      await desired.record({ manifest, appliedAt: clock.now(), source: options.manifestPath, who });
    },
    /** Reconciles until nothing moves, so a new version goes Pending -> Registered -> serving at once. */
    async reconcile(): Promise<ReconcileReport> {
      let report = await core.reconcile();
      for (let i = 0; i < 5 && report.models.some((m) => m.changed && !m.error); i++) report = await core.reconcile();
      for (const m of report.models) if (m.error) options.log(`controller: ${m.model}: ${m.error}`);
      return report;
    },
    /** What the API validates against: the routed version's recorded signature while models.yaml's does not serve. */
    async servedSignatures() {
      const [manifest, { records }] = await Promise.all([desired.read(), readRolloutState<RolloutRecord>(store)]);
      const routed = new Map(records.map((r) => [r.model, routedVersion(r)]));
      return servedSignatures(manifest?.models ?? [], (model) => routed.get(model));
    },
  };

  const timers: NodeJS.Timeout[] = [];

  return {
    store,
    artifacts,
    host,
    serving,
    metrics,
    mirrors,
    alarms,
    traffic,
    controller,
    /** Wakes the controller on an alarm change and on intents written by the CLI in another process. */
    alarmEvents: {
      onChange(listener: () => void): () => void {
        const offAlarms = alarms.onChange(() => listener());
        const offState = wakeOnStateChange(store)(listener);
        return () => {
          offAlarms();
          offState();
        };
      },
    },
    dashboard: {
      html: () => dashboardHtml({ dataUrl: '/dashboard/data.json' }),
      data: async () => {
        const { records, damaged } = await readRolloutState<RolloutRecord>(store);
        return dashboardData(records, metrics.buckets(clock.now() - 15 * 60_000), clock.now(), damaged);
      },
    },
    /** Phase of the model's rollout of `version`; undefined until the controller has started it. */
    async rolloutPhase(model: string, version: string): Promise<string | undefined> {
      const record = (await store.get<RolloutRecord>(rolloutKey(model)))?.value;
      return record?.release.version === version ? record.phase : undefined;
    },
    start(): void {
      const evaluate = () => alarms.evaluate(clock.now());
      timers.push(setInterval(evaluate, options.evaluateEveryMs ?? 1_000));
    },
    async stop(): Promise<void> {
      for (const t of timers) clearInterval(t);
      await serving.close();
    },
  };
}

export type EmbeddedReleaseControl = ReturnType<typeof createEmbeddedReleaseControl>;
