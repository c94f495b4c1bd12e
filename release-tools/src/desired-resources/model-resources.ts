// Pure: what each model of the desired manifest needs outside the controller's own state, rendered
// with the same helpers the CDK stack used: its gate alarms, its dashboard and its catalog entry
// (the signature the API validates requests against). A fingerprint per model says when to re-apply.
import { renderAlarms } from '../../../inference-stack/src/constructs/observability/render-alarms.ts';
import { renderDashboard } from '../../../inference-stack/src/constructs/observability/render-dashboard.ts';
import type { AlarmSpec, DashboardSpec } from '../../../inference-stack/src/constructs/observability/specs.ts';
import { type RoutedVersion, servedSignatures } from '../../../inference-stack/src/domain/served-signature.ts';
import { stableHash } from '../../../inference-stack/src/domain/stable-hash.ts';
import type { Manifest, ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { type AlarmTiming, DEFAULT_ALARM_TIMING } from '../domain/alarms/alarm-definition.ts';

export interface ModelResources {
  readonly model: string;
  readonly alarms: readonly AlarmSpec[];
  readonly dashboard: DashboardSpec;
  /** Changes whenever anything above changes. */
  readonly fingerprint: string;
}

export interface RenderInputs {
  /** Dead-letter queues every model dashboard shows. */
  readonly deadLetterQueueNames: readonly string[];
  readonly timing?: AlarmTiming;
}

export function renderModelResources(manifest: Manifest, inputs: RenderInputs): ModelResources[] {
  const timing = inputs.timing ?? DEFAULT_ALARM_TIMING;
  return manifest.models.map((model) => {
    const alarms = renderAlarms({ ...manifest, models: [model] }, timing);
    const dashboard = renderDashboard(model, { deadLetterQueueNames: inputs.deadLetterQueueNames });
    return { model: model.name, alarms, dashboard, fingerprint: fingerprint({ alarms, dashboard }) };
  });
}

/** The API's model catalog, as the controller publishes it and the submit/invoke functions read it. */
// Format 1 held one input per model ({name, dtype, shape, maxBatch}); format 2 every model's whole
// signature. Readers take both (inference-stack/src/adapters/object-store-catalog.ts).
export interface CatalogDocument {
  readonly formatVersion: 2;
  readonly models: Readonly<Record<string, ModelSignature>>;
}

/** Each model's signature as its callers must send it: the routed version's while the declared one does not serve. */
export function renderCatalog(
  manifest: Manifest,
  routedOf: (model: string) => RoutedVersion | undefined = () => undefined,
): CatalogDocument {
  return { formatVersion: 2, models: servedSignatures(manifest.models, routedOf) };
}

/** What the controller last applied, per model: kept in its state so an unchanged tick makes no call. */
export interface AppliedResources {
  readonly formatVersion: 1;
  readonly models: Readonly<Record<string, string>>;
  readonly catalog?: string;
}

export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  return `${stableHash(text).toString(16)}-${text.length}`;
}
