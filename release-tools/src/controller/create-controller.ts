// The controller: one level-triggered reconcile over every model, safe to run twice and from two
// places at once (compare-and-swap on each record; the loser re-reads and decides again).
import type { Manifest, ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { ROLLOUT_PREFIX, rolloutKey } from '../domain/deployed-models.ts';
import { INTENT_PREFIX, type IntentLog, intentKey } from '../domain/intents.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { routeFor, sameRoute } from '../domain/rollout/route-for.ts';
import { variantsInUse } from '../domain/rollout/variants-in-use.ts';
import type { RouteTable } from '../domain/route-table.ts';
import { systemClock } from '../ports/clock.ts';
import type { DesiredResources, ResourceSync } from '../ports/desired-resources.ts';
import { StateConflictError } from '../ports/state-store.ts';
import { decide } from './decide.ts';
import type { ControllerDeps, ModelReport, ReconcileReport } from './deps.ts';
import { mapLimited } from './map-limited.ts';

export interface Controller {
  reconcile(now?: number): Promise<ReconcileReport>;
}

/**
 * Models reconciled at once. Each costs 1-3 S3 round trips (~20 ms each); 32 keeps 1,000 models
 * near 1-2 s a tick while staying well under S3's per-prefix request rates (bench/controller-s3).
 */
export const DEFAULT_CONCURRENCY = 32;

export function createController(deps: ControllerDeps): Controller {
  const clock = deps.clock ?? systemClock;
  const maxRetries = deps.maxConflictRetries ?? 5;

  async function reconcileModel(
    name: string,
    spec: ModelSpec | undefined,
    now: number,
    table: RouteTable,
    mayHaveIntents: boolean,
    gated: boolean,
    seen: Map<string, RolloutRecord>,
  ): Promise<ModelReport> {
    for (let conflicts = 0; ; conflicts++) {
      const [current, intents] = await Promise.all([
        deps.store.get<RolloutRecord>(rolloutKey(name)),
        // Listed once per tick: most models have no intent log, so their GET is saved (a CLI
        // intent written after the listing is seen at the next tick, or on a retry here).
        mayHaveIntents || conflicts > 0 ? deps.store.get<IntentLog>(intentKey(name)) : undefined,
      ]);
      const decision = await decide(spec, current?.value, intents?.value, now, deps, gated);
      let record = current?.value;
      if (decision.changed) {
        try {
          await deps.store.put(rolloutKey(name), decision.record, current?.version ?? null);
        } catch (error) {
          // Another controller got there first: decide again from what it wrote.
          if (error instanceof StateConflictError && conflicts < maxRetries) continue;
          throw error;
        }
        record = decision.record;
        await publishNew(current?.value, decision.record);
      }
      if (record) seen.set(name, record);
      // The route follows the record; re-asserting it heals a crash between the two writes.
      const route = record ? routeFor(record) : undefined;
      const routeChanged = !sameRoute(route, table.routes[name]);
      if (routeChanged) {
        if (route) await deps.router.setRoute(route);
        else await deps.router.removeRoute(name);
      }
      // Also re-sent while a candidate is live, so the dashboard's weight line has no gaps.
      if (deps.gauge && (routeChanged || route?.candidate)) {
        const weight = route?.candidate ? route.candidateWeight : 0;
        // A metric must never hold up a step or a rollback.
        await deps.gauge.set(name, weight).catch(() => undefined);
      }
      return {
        model: name,
        phase: record?.phase ?? 'none',
        action: decision.action,
        changed: decision.changed,
        conflicts,
        ...(spec ? { version: spec.version } : {}),
      };
    }
  }

  /** Takes off the variant endpoint what no record needs any more (after the records were written). */
  async function retainVariants(
    models: readonly ModelReport[],
    seen: ReadonlyMap<string, RolloutRecord>,
  ): Promise<ReconcileReport['variants']> {
    if (!deps.variants) return undefined;
    // A model whose record could not be read may still need its variant: remove nothing this tick.
    const failed = models.filter((m) => m.error !== undefined).map((m) => m.model);
    if (failed.length > 0) return { removed: [], deferred: `records unread: ${failed.join(', ')}` };
    return deps.variants
      .retainOnly(variantsInUse(seen.values()))
      .catch((error: Error) => ({ removed: [], error: error.message }));
  }

  async function publishNew(before: RolloutRecord | undefined, after: RolloutRecord): Promise<void> {
    // At most once: a crash right after the write loses these notifications, never the history.
    for (const event of after.history.slice(before?.history.length ?? 0)) {
      await deps.events.publish({ model: after.model, ...event }).catch(() => undefined);
    }
  }

  return {
    async reconcile(now = clock.now()) {
      const [manifest, keys, intentKeys, table] = await Promise.all([
        deps.desired.read(),
        deps.store.list(ROLLOUT_PREFIX),
        deps.store.list(INTENT_PREFIX),
        deps.router.readTable(),
      ]);
      // Without a desired state, do nothing rather than retire everything.
      if (!manifest) return { at: now, models: [] };
      const specs = new Map(manifest.models.map((m) => [m.name, m]));
      const names = [...new Set([...specs.keys(), ...keys.map((k) => k.slice(ROLLOUT_PREFIX.length))])];
      const withIntents = new Set(intentKeys.map((k) => k.slice(INTENT_PREFIX.length)));
      // Alarms, dashboards and catalog follow the manifest before any model moves, so a new model's
      // gates exist before its candidate gets traffic. A failed sync holds traffic, never rollbacks.
      const resources = deps.resources ? await syncResources(deps.resources, manifest, table) : undefined;
      const seen = new Map<string, RolloutRecord>();
      // One model's failure must not hold up the others' rollouts and rollbacks: it is reported.
      const models = await mapLimited(names, deps.concurrency ?? DEFAULT_CONCURRENCY, (name) =>
        reconcileModel(
          name,
          specs.get(name),
          now,
          table,
          withIntents.has(name),
          resources?.gated.has(name) ?? true,
          seen,
        ).catch(
          (error: unknown): ModelReport => ({
            model: name,
            phase: 'unknown',
            action: 'error',
            changed: false,
            conflicts: 0,
            ...(specs.has(name) ? { version: specs.get(name)!.version } : {}),
            error: error instanceof Error ? error.message : String(error),
            failure: error,
          }),
        ),
      );
      // A model that moved may now route its callers to another signature (an all-at-once switch):
      // the API's catalog follows in this tick rather than the next (unchanged parts cost no call).
      const resynced =
        deps.resources && resources && models.some((m) => m.changed)
          ? await syncResources(deps.resources, manifest, await deps.router.readTable())
          : undefined;
      const synced =
        resynced && resources ? { ...resources, errors: [...resources.errors, ...resynced.errors] } : resources;
      const variants = await retainVariants(models, seen);
      return { at: now, models, ...(synced ? { resources: synced } : {}), ...(variants ? { variants } : {}) };
    },
  };
}

function syncResources(resources: DesiredResources, manifest: Manifest, table: RouteTable): Promise<ResourceSync> {
  return resources
    .sync(manifest, table)
    .catch((error: Error): ResourceSync => ({ gated: new Set(), applied: [], removed: [], errors: [error.message] }));
}
