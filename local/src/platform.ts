// `npm start` in one process: the data plane (local files + in-process queues, or fauxqs), the ONNX Runtime multi-model host, the
// worker loop, the HTTP API with API Gateway behaviour, models.yaml watching and the controller
// loop. The pieces other modules build (controller, metric store, dashboard, prepare) plug in here.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RouteTableCache } from '../../inference-stack/src/domain/route-table-cache.ts';
import type { Role } from '../../inference-stack/src/handlers/authorize.ts';
import { hs256Verifier, signHs256 } from '../../inference-stack/src/handlers/jwt-verifier.ts';
import { ShadowMirror } from '../../inference-stack/src/handlers/shadow-mirror.ts';
import { processBatch } from '../../inference-stack/src/handlers/worker.ts';
import type { ModelHost } from '../../inference-stack/src/ports/model-host.ts';
import type { DeliveryTarget } from '../../inference-stack/src/ports/queue.ts';
import { DirArtifactStore } from '../../model-registry/src/adapters/local/dir-artifact-store.ts';
import type { Manifest, ModelSignature, ModelSpec } from '../../model-registry/src/domain/manifest/types.ts';
import type { ArtifactStore } from '../../model-registry/src/ports/artifact-store.ts';
import { FileStateStore } from '../../release-tools/src/adapters/local/file-state-store.ts';
import { MemoryMirrorStore } from '../../release-tools/src/adapters/local/memory-mirror-store.ts';
import { MemoryStateStore } from '../../release-tools/src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../release-tools/src/adapters/state-route-table.ts';
import { LocalPipelineRecorder, RecordedPipelineRuns } from '../../release-tools/src/pipeline-view/recorded-runs.ts';
import type { MetricSink } from '../../release-tools/src/ports/metrics.ts';
import type { MirrorSink } from '../../release-tools/src/ports/mirrored-pairs.ts';
import type { TrafficRouter } from '../../release-tools/src/ports/traffic-router.ts';
import {
  type DataPlane,
  type DataPlaneKind,
  type Durability,
  REQUESTS_PREFIX,
  RESULTS_PREFIX,
  startDataPlane,
} from './data-plane.ts';
import { copyArtifact } from './default-prepare.ts';
import { DiskSpaceGuard, type StatDisk } from './disk-space/disk-space-guard.ts';
import { watchUntilWritable } from './disk-space/writable-watch.ts';
import { writeAdmission } from './disk-space/write-admission.ts';
import { probeWritable, type WriteProbe } from './disk-space/write-probe.ts';
import { apiRoutes } from './http/api-routes.ts';
import { cachedVerifier } from './http/cached-verifier.ts';
import { startHttpServer } from './http/http-server.ts';
import { TokenBuckets } from './http/token-bucket.ts';
import { readManifestFile, watchManifest } from './manifest-watcher.ts';
import { removePlatformFile, writePlatformFile } from './platform-file.ts';
import { type AlarmEvents, type Controller, ReleaseLoop } from './release-loop.ts';
import { type LocalServing, startLocalServing } from './sagemaker/local-serving.ts';
import { sageMakerRuntimeRoutes } from './sagemaker/runtime-route.ts';
import { acquireStateDirLock } from './state-dir-lock.ts';
import { TallyMetricSink } from './tally-metric-sink.ts';
import { WorkerFailures } from './worker-failures.ts';
import { startWorkerLoop } from './worker-loop.ts';

export interface PlatformOptions {
  /** 0 picks a free port (tests). @default 8080 */
  readonly port?: number;
  /** @default '.mlrelease' */
  readonly stateDir?: string;
  /** 'local': files + in-process queues, survives kill -9; 'fauxqs': the AWS SDK path on an emulator. @default 'local' */
  readonly dataPlane?: DataPlaneKind;
  /** What a 202 survives on the 'local' data plane (see DataPlaneOptions). @default 'power' */
  readonly durability?: Durability;
  /** @default 'models.yaml' */
  readonly manifestPath?: string;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** [0, 1). @default Math.random */
  readonly random?: () => number;
  readonly newId?: () => string;
  readonly controller?: Controller;
  readonly alarmEvents?: AlarmEvents;
  /** @default 5000 */
  readonly controllerTickMs?: number;
  readonly metricSink?: MetricSink;
  /** Where shadow releases' mirrored pairs go (the controller's divergence gate reads them). @default kept in memory */
  readonly mirrorSink?: MirrorSink;
  readonly traffic?: TrafficRouter;
  readonly artifacts?: ArtifactStore;
  /** spec -> TargetModel (artifact key). @default copy the local artifact into the artifact store */
  readonly prepare?: (spec: ModelSpec) => Promise<string>;
  readonly dashboard?: { html(): string; data(): Promise<unknown> };
  readonly limits?: { readonly maxBodyBytes?: number; readonly ratePerSecond?: number; readonly burst?: number };
  /**
   * How long stop() lets in-flight HTTP requests finish before closing their connections, so a slow
   * client cannot hold the shutdown (queued work has its own `worker.drainTimeoutMs`). @default 10000
   */
  readonly drainTimeoutMs?: number;
  /**
   * The state dir's disk. New work is refused (507) while its free space is under `reserveBytes`;
   * a state dir that cannot be written at start (full, read-only) starts the platform read-only.
   * @default statfs(2), a reserve of 64 MiB (5% of a smaller disk), a 4 KiB probe write
   */
  readonly disk?: {
    readonly statDisk?: StatDisk;
    readonly reserveBytes?: number;
    readonly probe?: (dir: string) => Promise<WriteProbe>;
    /** How often a read-only platform probes its state dir again. @default 30000 */
    readonly probeEveryMs?: number;
  };
  readonly worker?: {
    readonly maxReceiveCount?: number;
    readonly waitSeconds?: number;
    readonly retryDelaySeconds?: (receiveCount: number) => number;
    /** How long stop() waits for queued requests to be processed. @default 10000 */
    readonly drainTimeoutMs?: number;
  };
  /** @default 512 MiB */
  readonly memoryCapBytes?: number;
  /**
   * A host built by the caller (who then also closes it), e.g. shared with the controller's warm-up.
   * @default the serving container as a child process, behind a local multi-model endpoint
   */
  readonly host?: ModelHost;
  /** The serving container behind `host`, when the caller started it (exposed for tests). */
  readonly serving?: LocalServing;
  /** @default 1000 */
  readonly routeCacheTtlMs?: number;
  readonly log?: (line: string) => void;
}

export interface Platform {
  readonly url: string;
  /** `--endpoint-url` for SageMaker Runtime clients (InvokeEndpoint), when the serving container is the host. */
  readonly sageMakerRuntimeUrl: string | undefined;
  /** The endpoint name InvokeEndpoint answers for (models.yaml endpoint.name). */
  readonly endpointName: () => string;
  readonly port: number;
  /** Admin-role bearer token, valid 12 h, signed with this run's secret. */
  readonly devToken: string;
  /**
   * Why the platform is read-only (its state dir could not be written at start): it serves reads
   * and status, refuses writes, runs no worker and no releases, and probes the state dir until it
   * can write, then leaves read-only mode by itself. Undefined when it writes.
   */
  readonly readOnly: string | undefined;
  issueToken(role: Role, options?: { sub?: string; ttlSeconds?: number }): Promise<string>;
  /** Graceful: stop accepting, drain HTTP and worker batches, then release everything. */
  stop(): Promise<void>;
  readonly internals: {
    readonly dataPlane: DataPlane;
    readonly host: ModelHost;
    /** The serving container child process, when this platform's host runs on it. */
    readonly serving: LocalServing | undefined;
    readonly traffic: TrafficRouter;
    readonly metrics: TallyMetricSink;
    readonly reconcile: () => Promise<unknown>;
    readonly httpInflight: () => number;
  };
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const newId = options.newId ?? randomUUID;
  const log = options.log ?? (() => {});
  const stateDir = resolve(options.stateDir ?? '.mlrelease');
  const manifestPath = resolve(options.manifestPath ?? 'models.yaml');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const initial = await readManifestFile(manifestPath);
  if (!initial.manifest) throw new Error(`models.yaml is invalid:\n${initial.problems.join('\n')}`);
  const probe = await (options.disk?.probe ?? probeWritable)(stateDir);
  // Why the platform is read-only, until the state dir can be written again (then undefined).
  let readOnly = probe.writable ? undefined : probe.reason;
  if (readOnly) log(`the state dir ${stateDir} cannot be written (${readOnly}): starting read-only`);
  // Before anything is written: one platform per state dir (a kill -9'd one's lock is taken over).
  // A read-only platform writes nothing, so it takes no lock (it could not write one) until it can.
  let lock = readOnly ? { release: async () => {} } : await acquireStateDirLock(stateDir);
  let locked = !readOnly;

  const secret = new Uint8Array(randomBytes(32));
  const issueToken = (role: Role, o: { sub?: string; ttlSeconds?: number } = {}) =>
    signHs256(secret, { sub: o.sub ?? `dev-${role}`, role, ttlSeconds: o.ttlSeconds ?? 12 * 3600, now });
  const artifacts = options.artifacts ?? new DirArtifactStore(join(stateDir, 'artifacts'));
  const traffic = options.traffic ?? new StateRouteTable(new MemoryStateStore());
  const routes = new RouteTableCache(traffic, { ttlMs: options.routeCacheTtlMs ?? 1000, now });
  const metrics = new TallyMetricSink(options.metricSink);
  const serving = options.host
    ? options.serving
    : startLocalServing({ artifacts, stateDir, memoryCapBytes: options.memoryCapBytes ?? 512 * 2 ** 20, log });
  const host = options.host ?? serving!.endpoint;
  const signatures = new Map<string, ModelSignature>();
  let versions: { name: string; version: string }[] = [];
  let endpointName = initial.manifest.endpoint.name;
  const catalog = { signature: (model: string) => signatures.get(model) };

  // With a controller, requests are validated against the version they are routed to, which it
  // knows after each reconcile (a held or not yet switched version does not serve); standalone, every
  // model serves its declared version.
  const controller = options.controller;
  const served = controller?.servedSignatures?.bind(controller);
  const refreshSignatures = async () => {
    if (!served) return;
    const next = await served().catch((error: unknown) => log(`signatures not refreshed: ${String(error)}`));
    if (!next) return;
    signatures.clear();
    for (const [model, signature] of Object.entries(next)) signatures.set(model, signature);
  };
  const releases = new ReleaseLoop({
    traffic,
    prepare: options.prepare ?? copyArtifact(manifestPath, artifacts),
    ...(controller
      ? {
          controller: {
            reconcile: () => controller.reconcile().finally(refreshSignatures),
            ...(controller.apply ? { apply: (manifest: Manifest) => controller.apply!(manifest) } : {}),
          },
        }
      : {}),
    ...(options.alarmEvents ? { alarmEvents: options.alarmEvents } : {}),
    tickMs: options.controllerTickMs ?? 5_000,
    onRoutesChanged: () => routes.invalidate(),
    log,
  });
  let applied = initial.manifest;
  const applyManifest = async (manifest: NonNullable<typeof initial.manifest>) => {
    applied = manifest;
    if (!served) {
      signatures.clear();
      for (const spec of manifest.models) signatures.set(spec.name, spec.signature);
    }
    versions = manifest.models.map((m) => ({ name: m.name, version: m.version }));
    endpointName = manifest.endpoint.name;
    if (!readOnly) await releases.apply(manifest);
  };

  const dataPlane = await startDataPlane({
    kind: options.dataPlane ?? 'local',
    stateDir,
    maxReceiveCount: options.worker?.maxReceiveCount ?? 3,
    ...(options.durability ? { durability: options.durability } : {}),
    now,
  }).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  const stops: (() => Promise<void> | void)[] = [() => lock.release(), () => dataPlane.stop()];
  if (!options.host) stops.push(() => serving!.close());
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    await applyManifest(initial.manifest);
    // Shadow releases: mirrored requests run here, after stable answered, and are drained at stop.
    const mirror = new ShadowMirror({
      host,
      metrics,
      pairs: options.mirrorSink ?? new MemoryMirrorStore(),
      now,
      onError: (error) => log(`shadow mirror: ${String(error)}`),
    });
    stops.push(() => mirror.drained());
    // Why each message last failed, handed to the queue with its release so a DLQ keeps the reason
    // and a full disk does not count toward it.
    const failures = new WorkerFailures();
    const workerDeps = {
      store: dataPlane.store,
      routes,
      host,
      metrics,
      resultsTopic: dataPlane.resultsTopic,
      requestsPrefix: REQUESTS_PREFIX,
      resultsPrefix: RESULTS_PREFIX,
      random,
      now,
      mirror,
      onError: (messageId: string, error: unknown, target?: DeliveryTarget) => {
        failures.note(messageId, error, target);
        log(`worker: message ${messageId} failed: ${String(error)}`);
      },
    };
    const startWorker = () =>
      startWorkerLoop({
        queues: dataPlane.queues,
        process: (records) => processBatch(records, workerDeps),
        ...(options.worker?.waitSeconds !== undefined ? { waitSeconds: options.worker.waitSeconds } : {}),
        ...(options.worker?.retryDelaySeconds ? { retryDelaySeconds: options.worker.retryDelaySeconds } : {}),
        failure: (messageId) => failures.take(messageId),
        onError: (error) => log(`worker: ${String(error)}`),
      });
    // Read-only: accepted requests stay on disk, pending, until the state dir can be written.
    let worker = readOnly ? undefined : startWorker();
    stops.push(() => worker?.stop({ drainTimeoutMs: options.worker?.drainTimeoutMs ?? 10_000 }));
    const recover = async () => {
      const recovery = await dataPlane.recover();
      if (recovery.recovered > 0) log(`recovered ${recovery.recovered} accepted requests`);
      for (const d of recovery.damaged)
        log(`accepted request ${d.key} in ${stateDir} is damaged (${d.reason}); answered as failed`);
      if (recovery.remaining > 0) log(`${recovery.remaining} more accepted requests wait for the next start`);
    };
    // As SageMaker puts an endpoint InService only once its container answers /ping.
    if (serving) await serving.ready;
    if (!readOnly) await recover();
    const limits = options.limits ?? {};
    const verify = cachedVerifier(hs256Verifier(secret, { now }), { now });
    // The dashboard checks Host against the port, known once the server listens.
    let listening = 0;
    const disk = new DiskSpaceGuard({
      dir: stateDir,
      ...(options.disk?.statDisk ? { statDisk: options.disk.statDisk } : {}),
      ...(options.disk?.reserveBytes !== undefined ? { reserveBytes: options.disk.reserveBytes } : {}),
      now,
    });
    const http = await startHttpServer({
      routes: [
        ...apiRoutes({
          submit: { store: dataPlane.store, catalog, routes, requestsPrefix: REQUESTS_PREFIX, newId, now },
          get: { store: dataPlane.store, requestsPrefix: REQUESTS_PREFIX, resultsPrefix: RESULTS_PREFIX },
          invoke: { catalog, routes, host, metrics, random, now, mirror },
          models: () => versions,
          routeTable: () => traffic.readTable(),
          readOnly: () => readOnly,
          reconcile: () => releases.reconcile(),
          deadLetters: () => dataPlane.deadLetters(),
          redrive: (selection) => dataPlane.redrive(selection),
          ...(options.dashboard ? { dashboard: { source: options.dashboard, verify, port: () => listening } } : {}),
        }),
        // SageMaker Runtime's InvokeEndpoint, when the host is the serving container.
        ...(serving ? sageMakerRuntimeRoutes({ endpointName: () => endpointName, endpoint: serving.endpoint }) : []),
      ],
      verify,
      throttle: new TokenBuckets(limits.ratePerSecond ?? 100, limits.burst ?? 200, now),
      maxBodyBytes: limits.maxBodyBytes ?? 256 * 1024,
      drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
      newRequestId: newId,
      port: options.port ?? 8080,
      host: '127.0.0.1',
      onError: (error, requestId) => log(`http: request ${requestId} failed: ${String(error)}`),
      ...writeAdmission({ readOnly: () => readOnly, guard: disk, log }),
    });
    listening = http.port;
    stops.push(() => http.close());
    // Each saved models.yaml is a pipeline run, as a commit is on AWS (`mlrelease pipeline status`).
    const pipelineRuns = new LocalPipelineRecorder(
      new RecordedPipelineRuns(new FileStateStore(join(stateDir, 'state'))),
      now,
      (error) => log(`pipeline run not recorded: ${String(error)}`),
    );
    const watcher = watchManifest(
      manifestPath,
      async (manifest, text) => {
        if (readOnly) return log('models.yaml changed; not applied: the platform is read-only');
        const versions = manifest.models.map((m) => `${m.name}@${m.version}`).join(', ');
        log(`models.yaml changed: ${versions}`);
        await pipelineRuns.released(text, versions, () => applyManifest(manifest));
      },
      async (problems, text) => {
        log(`models.yaml is invalid, keeping the previous version:\n  ${problems.join('\n  ')}`);
        if (text !== undefined && !readOnly) await pipelineRuns.rejected(text, problems);
      },
    );
    stops.push(() => watcher.close());
    if (!readOnly) releases.start();
    stops.push(() => releases.stop());

    const url = `http://127.0.0.1:${http.port}`;
    const devToken = await issueToken('admin', { sub: 'dev' });
    // Tells `mlrelease dlq` (and scripts) where this platform answers and how to authenticate.
    let announced = false;
    const announce = async () => {
      await writePlatformFile(stateDir, { url, token: devToken, pid: process.pid, dataPlane: dataPlane.kind });
      announced = true;
    };
    stops.push(() => (announced ? removePlatformFile(stateDir, process.pid) : undefined));
    if (!readOnly) await announce();
    // Read-only until the state dir can be written: then everything a writable start does, in its order.
    const watch = readOnly
      ? watchUntilWritable({
          dir: stateDir,
          probe: options.disk?.probe ?? probeWritable,
          ...(options.disk?.probeEveryMs !== undefined ? { everyMs: options.disk.probeEveryMs } : {}),
          log,
          // Each step is done once, should a later one fail and the next probe try again.
          onWritable: async () => {
            if (!locked) lock = await acquireStateDirLock(stateDir);
            locked = true;
            // Routes before the worker, as at a writable start: recovered work finds its model served.
            await releases.apply(applied);
            worker ??= startWorker();
            await recover();
            await announce();
            releases.start();
            readOnly = undefined;
            log(`the state dir ${stateDir} can be written again: left read-only mode`);
          },
        })
      : undefined;
    stops.push(() => watch?.stop());
    let stopping: Promise<void> | undefined;
    return {
      url,
      sageMakerRuntimeUrl: serving ? url : undefined,
      endpointName: () => endpointName,
      port: http.port,
      devToken,
      get readOnly() {
        return readOnly;
      },
      issueToken,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
      internals: {
        dataPlane,
        host,
        serving,
        traffic,
        metrics,
        reconcile: () => releases.reconcile(),
        httpInflight: http.inflight,
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
