// DesiredResources on AWS: PutMetricAlarm / PutDashboard for each model whose rendered resources
// changed, DeleteAlarms / DeleteDashboards for retired ones, and the API's catalog as one object in
// the state bucket. What was applied is remembered in the state store (fingerprints), so a tick
// where nothing changed makes no CloudWatch call.
import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import type { RoutedVersion } from '../../../inference-stack/src/domain/served-signature.ts';
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';
import { mapLimited } from '../controller/map-limited.ts';
import { alarmName } from '../domain/alarms/alarm-names.ts';
import { rolloutKey } from '../domain/deployed-models.ts';
import { dashboardName, TRACKS } from '../domain/metric-contract.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { routedVersion } from '../domain/rollout/route-for.ts';
import type { RouteTable } from '../domain/route-table.ts';
import type { DesiredResources, ResourceSync } from '../ports/desired-resources.ts';
import type { StateStore } from '../ports/state-store.ts';
import { putMetricAlarmInput } from './alarm-input.ts';
import { type DashboardPlace, dashboardBody } from './dashboard-body.ts';
import {
  type AppliedResources,
  type CatalogDocument,
  fingerprint,
  renderCatalog,
  renderModelResources,
} from './model-resources.ts';

/** State keys: what was applied, and the catalog (object `state/catalog.json` in the state bucket). */
export const APPLIED_RESOURCES_KEY = 'resources/applied';
export const CATALOG_STATE_KEY = 'catalog';

export interface CloudWatchDesiredResourcesOptions {
  readonly cloudwatch: CloudWatchClient;
  readonly store: StateStore;
  /** Alarm and OK transitions are announced here (the release events topic). */
  readonly actionTopicArn: string;
  readonly place: DashboardPlace;
  readonly deadLetterQueueNames: readonly string[];
  /** Models written at once (PutMetricAlarm is rate-limited per account). @default 4 */
  readonly concurrency?: number;
}

export class CloudWatchDesiredResources implements DesiredResources {
  constructor(private readonly o: CloudWatchDesiredResourcesOptions) {}

  async sync(manifest: Manifest, routes?: RouteTable): Promise<ResourceSync> {
    const current = await this.o.store.get<AppliedResources>(APPLIED_RESOURCES_KEY);
    const before = current?.value.models ?? {};
    const next: Record<string, string> = {};
    const gated = new Set<string>();
    const applied: string[] = [];
    const errors: string[] = [];
    const rendered = renderModelResources(manifest, { deadLetterQueueNames: this.o.deadLetterQueueNames });
    await mapLimited(rendered, this.o.concurrency ?? 4, async (r) => {
      if (before[r.model] !== r.fingerprint) {
        try {
          for (const spec of r.alarms)
            await this.o.cloudwatch.send(new PutMetricAlarmCommand(putMetricAlarmInput(spec, this.o.actionTopicArn)));
          await this.o.cloudwatch.send(
            new PutDashboardCommand({
              DashboardName: r.dashboard.dashboardName,
              DashboardBody: dashboardBody(r.dashboard, this.o.place),
            }),
          );
          applied.push(r.model);
        } catch (error) {
          errors.push(`${r.model}: ${(error as Error).name}: ${(error as Error).message}`);
          return;
        }
      }
      next[r.model] = r.fingerprint;
      gated.add(r.model);
    });

    const desired = new Set(manifest.models.map((m) => m.name));
    const retired = Object.keys(before).filter((m) => !desired.has(m));
    const removed = await this.remove(retired, errors);
    for (const m of retired) if (!removed.includes(m)) next[m] = before[m]!;

    const catalog = renderCatalog(manifest, await this.routedVersions(manifest, routes, errors));
    const catalogPrint = fingerprint(catalog);
    const catalogDone = current?.value.catalog === catalogPrint || (await this.publishCatalog(catalog, errors));
    const record: AppliedResources = {
      formatVersion: 1,
      models: next,
      ...(catalogDone ? { catalog: catalogPrint } : current?.value.catalog ? { catalog: current.value.catalog } : {}),
    };
    if (JSON.stringify(record) !== JSON.stringify(current?.value)) {
      // Another controller writing the same record applied the same manifest: either record does.
      await this.o.store.put(APPLIED_RESOURCES_KEY, record, current?.version ?? null).catch((error: Error) => {
        if (error.name !== 'StateConflictError') errors.push(`applied record: ${error.message}`);
      });
    }
    return { gated, applied: applied.sort(), removed, errors };
  }

  private async remove(models: readonly string[], errors: string[]): Promise<string[]> {
    const removed: string[] = [];
    // DeleteAlarms and DeleteDashboards take at most 100 names a call.
    for (let i = 0; i < models.length; i += 25) {
      const chunk = models.slice(i, i + 25);
      try {
        await this.o.cloudwatch.send(
          new DeleteAlarmsCommand({
            AlarmNames: chunk.flatMap((m) =>
              TRACKS.flatMap((t) => [alarmName(m, t, 'error-rate'), alarmName(m, t, 'p99-latency')]),
            ),
          }),
        );
        await this.o.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: chunk.map(dashboardName) }));
        removed.push(...chunk);
      } catch (error) {
        // DeleteDashboards fails on a name that is already gone; the alarms went first, so retry.
        errors.push(`retiring ${chunk.join(', ')}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    return removed;
  }

  /**
   * The routed version of each model whose stable is not the version models.yaml names (held, not
   * switched yet, rolled back): read from its rollout record, which carries the signature it was
   * released with. The others serve the declared version, so their records are not read.
   */
  private async routedVersions(
    manifest: Manifest,
    routes: RouteTable | undefined,
    errors: string[],
  ): Promise<(model: string) => RoutedVersion | undefined> {
    const other = manifest.models.filter((m) => {
      const routed = routes?.routes[m.name]?.stable.version;
      return routed !== undefined && routed !== m.version;
    });
    const routed = new Map<string, RoutedVersion | undefined>();
    await mapLimited(other, this.o.concurrency ?? 4, async (m) => {
      try {
        const record = (await this.o.store.get<RolloutRecord>(rolloutKey(m.name)))?.value;
        routed.set(m.name, record && routedVersion(record));
      } catch (error) {
        errors.push(`catalog: rollout record of ${m.name}: ${(error as Error).message}`);
      }
    });
    return (model) => routed.get(model);
  }

  private async publishCatalog(catalog: CatalogDocument, errors: string[]): Promise<boolean> {
    try {
      const current = await this.o.store.get<CatalogDocument>(CATALOG_STATE_KEY);
      await this.o.store.put(CATALOG_STATE_KEY, catalog, current?.version ?? null);
      return true;
    } catch (error) {
      errors.push(`catalog: ${(error as Error).message}`);
      return false;
    }
  }
}
