// Everything the controller talks to, as ports.
import type { ModelHost } from '../../../inference-stack/src/ports/model-host.ts';
import type { JudgeLooks } from '../domain/stats/judge-result.ts';
import type { Clock } from '../ports/clock.ts';
import type { DeadLetterReader } from '../ports/dead-letters.ts';
import type { DesiredResources, ResourceSync } from '../ports/desired-resources.ts';
import type { DesiredStateSource } from '../ports/desired-state.ts';
import type { AlarmReader, MetricsReader } from '../ports/metrics.ts';
import type { MirrorReader } from '../ports/mirrored-pairs.ts';
import type { ProductionVariants } from '../ports/production-variants.ts';
import type { ReleaseEventSink } from '../ports/release-event-sink.ts';
import type { ReleasePreparer } from '../ports/release-preparer.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { TrafficRouter } from '../ports/traffic-router.ts';
import type { WebhookCaller } from '../ports/webhook.ts';
import type { WeightGauge } from '../ports/weight-gauge.ts';

export interface ControllerDeps {
  readonly store: StateStore;
  readonly desired: DesiredStateSource;
  readonly router: TrafficRouter;
  readonly preparer: ReleasePreparer;
  readonly host: Pick<ModelHost, 'warm'>;
  readonly metrics: MetricsReader;
  readonly alarms: AlarmReader;
  /** Mirrored pairs of shadow releases, for the divergence gate. @default none: the gate sees no pairs and waits */
  readonly mirror?: MirrorReader;
  /**
   * The candidate's dead letters on the async path, for the dead-letter gate. @default none: the gate
   * does not look (the local platform and the controller Lambda both set it)
   */
  readonly deadLetters?: DeadLetterReader;
  readonly events: ReleaseEventSink;
  /**
   * The variant endpoint serving single-model (Neo) versions: a version's variant is added before it
   * is warmed and taken off once no record needs it. @default none: no variant is created (locally
   * the warm-up through TargetVariant then says such a version is served only on AWS)
   */
  readonly variants?: ProductionVariants;
  /** Asks the webhook step gates (models.yaml gates.webhooks). @default FetchWebhookCaller (Node's fetch) */
  readonly webhooks?: WebhookCaller;
  /** Publishes the candidate weight per model (CloudWatch on AWS). @default none */
  readonly gauge?: WeightGauge;
  /**
   * Gate alarms, dashboards and the API catalog, synced with the desired state every tick (AWS).
   * When set, a candidate gets no traffic until its gate alarms exist. @default none (local: the
   * platform defines its alarms and catalog from models.yaml itself)
   */
  readonly resources?: DesiredResources;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Attempts per model when another writer wins the compare-and-swap. @default 5 */
  readonly maxConflictRetries?: number;
  /** Models reconciled at once. @default DEFAULT_CONCURRENCY (32) */
  readonly concurrency?: number;
  /**
   * When the judge may decide. Only the bench sets another value, to measure the alternatives
   * side by side through this same controller. @default 'sequential'
   */
  readonly judgeLooks?: JudgeLooks;
}

export interface ModelReport {
  readonly model: string;
  readonly phase: string;
  /** What this tick did, in words ("advanced", "baking (20s left)", "rolled-back"...). */
  readonly action: string;
  readonly changed: boolean;
  readonly conflicts: number;
  /** The version models.yaml names for this model (absent when it is being retired). */
  readonly version?: string;
  /** The message of the error that stopped this model's reconcile; the others went on. */
  readonly error?: string;
  /** That error itself, with its stack and cause, for the logs. */
  readonly failure?: unknown;
}

export interface ReconcileReport {
  readonly at: number;
  readonly models: readonly ModelReport[];
  /** What the resource sync did, when the controller has one. */
  readonly resources?: ResourceSync;
  /** What taking unused production variants off the variant endpoint did, when there is one. */
  readonly variants?: { readonly removed: readonly string[]; readonly deferred?: string; readonly error?: string };
}
