// Keeps routes in step with models.yaml. With a controller wired, it runs reconcile() on a tick, on
// alarm changes and at once when models.yaml changes. Without one (standalone), every model simply
// serves its declared version (all-at-once), so `npm start` serves predictions on its own.
import type { Manifest, ModelSignature, ModelSpec } from '../../model-registry/src/domain/manifest/types.ts';
import type { TrafficRouter } from '../../release-tools/src/ports/traffic-router.ts';

export interface Controller {
  reconcile(): Promise<unknown>;
  /** Records a new desired state (as `mlrelease apply` does); the controller prepares each release. */
  apply?(manifest: Manifest): Promise<void>;
  /** Per model, the signature of the version its callers are routed to (servedSignature). */
  servedSignatures?(): Promise<Record<string, ModelSignature>>;
}

export interface AlarmEvents {
  /** Calls the listener on every alarm state change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface ReleaseLoopOptions {
  readonly traffic: TrafficRouter;
  readonly prepare: (spec: ModelSpec) => Promise<string>;
  readonly controller?: Controller;
  readonly alarmEvents?: AlarmEvents;
  /** @default 5000 */
  readonly tickMs?: number;
  /** Called after routes may have changed, so caches can drop their copy. */
  readonly onRoutesChanged: () => void;
  readonly log: (line: string) => void;
}

export class ReleaseLoop {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private readonly prepared = new Map<string, string>();

  constructor(private readonly options: ReleaseLoopOptions) {}

  start(): void {
    if (!this.options.controller) return;
    this.timer = setInterval(() => void this.reconcile().catch(() => {}), this.options.tickMs ?? 5_000);
    this.unsubscribe = this.options.alarmEvents?.onChange(() => void this.reconcile().catch(() => {}));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running?.catch(() => {});
  }

  /** A new manifest: prepare each model's artifact, then release. */
  async apply(manifest: Manifest): Promise<void> {
    if (this.options.controller) {
      // The controller compiles and registers each release itself (Compiling -> Registered).
      await this.options.controller.apply?.(manifest);
      await this.reconcile();
      return;
    }
    const ready: { spec: ModelSpec; targetModel: string }[] = [];
    for (const spec of manifest.models) {
      const targetModel = await this.prepare(spec);
      if (targetModel) ready.push({ spec, targetModel });
    }
    await this.routeDeclaredVersions(ready, manifest);
  }

  /** One reconcile at a time; a request during a run causes exactly one more run after it. */
  reconcile(): Promise<unknown> {
    const controller = this.options.controller;
    if (!controller) return Promise.resolve({ standalone: true });
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result: unknown;
      do {
        this.again = false;
        try {
          result = await controller.reconcile();
        } catch (error) {
          this.options.log(`controller: reconcile failed: ${String(error)}`);
          throw error;
        } finally {
          this.options.onRoutesChanged();
        }
      } while (this.again);
      return result;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async prepare(spec: ModelSpec): Promise<string | undefined> {
    const id = `${spec.name}@${spec.version}`;
    const known = this.prepared.get(id);
    if (known) return known;
    try {
      const targetModel = await this.options.prepare(spec);
      this.prepared.set(id, targetModel);
      return targetModel;
    } catch (error) {
      this.options.log(`prepare ${id} failed: ${String(error instanceof Error ? error.message : error)}`);
      return undefined;
    }
  }

  private async routeDeclaredVersions(ready: { spec: ModelSpec; targetModel: string }[], manifest: Manifest) {
    const { traffic } = this.options;
    const table = await traffic.readTable();
    for (const { spec, targetModel } of ready) {
      if (table.routes[spec.name]?.stable.targetModel === targetModel) continue;
      await traffic.setRoute({
        model: spec.name,
        stable: { version: spec.version, targetModel },
        candidateWeight: 0,
        mode: 'weighted',
      });
      this.options.log(`routed ${spec.name} -> ${spec.version} (standalone: all-at-once)`);
    }
    const declared = new Set(manifest.models.map((m) => m.name));
    for (const model of Object.keys(table.routes)) if (!declared.has(model)) await traffic.removeRoute(model);
    this.options.onRoutesChanged();
  }
}
