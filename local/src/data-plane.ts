// The asynchronous path's plumbing (object store with the S3 event, requests topic, lane queues
// with DLQs, results topic), in one of two kinds:
// - 'local' (default): files under <stateDir>/data and in-process SNS/SQS; accepted work survives
//   kill -9 (requests are on disk and re-enqueued on start, found through the pending index;
//   dead letters are on disk too);
// - 'fauxqs': the AWS SDK adapters against the in-process fauxqs emulator, so the AWS code path runs.
import type { ObjectStore } from '../../inference-stack/src/ports/object-store.ts';
import type { Queue } from '../../inference-stack/src/ports/queue.ts';
import type { Topic } from '../../inference-stack/src/ports/topic.ts';
import type { DeadLetterLane, RedriveOutcome, RedriveSelection } from './dead-letters.ts';
import type { Lane } from './lanes.ts';

export { REQUESTS_PREFIX, RESULTS_PREFIX } from './lanes.ts';

export type DataPlaneKind = 'local' | 'fauxqs';

export interface DataPlane {
  readonly kind: DataPlaneKind;
  /** Writes under requests/ publish the S3 event, as S3 -> Lambda would. */
  readonly store: ObjectStore;
  readonly resultsTopic: Topic;
  readonly lanes: readonly Lane[];
  /** One per lane, in `lanes` order. */
  readonly queues: readonly Queue[];
  readonly dlqs: readonly Queue[];
  /** Re-publishes the S3 event of every stored request that has no result yet (after a crash). */
  recover(options?: {
    limit?: number;
  }): Promise<{ recovered: number; remaining: number; damaged: readonly { key: string; reason: string }[] }>;
  /**
   * Removes stored requests past `requestRetentionDays` now, as the data bucket's lifecycle rule on
   * AWS (also done a little after start and hourly); returns their keys.
   */
  expireRequests(): Promise<readonly string[]>;
  deadLetters(): Promise<DeadLetterLane[]>;
  redrive(selection?: RedriveSelection): Promise<RedriveOutcome>;
  stop(): Promise<void>;
}

export interface DataPlaneOptions {
  /** @default 'local' */
  readonly kind?: DataPlaneKind;
  /** Where the 'local' kind keeps data/ and dlq/. */
  readonly stateDir: string;
  /** Deliveries before a message moves to the lane's DLQ. @default 3 */
  readonly maxReceiveCount?: number;
  /** @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * 'power': an accepted request is fsynced before its 202 (survives a power cut); 'process': it is
   * in the kernel's page cache (survives the platform being killed, not the machine). @default 'power'
   */
  readonly durability?: Durability;
  readonly now?: () => number;
  /**
   * Stored requests expire after this many days, as the data bucket's lifecycle rule expires
   * `requests/` on AWS (results are kept there too). @default the stack's requestRetentionDays
   */
  readonly requestRetentionDays?: number;
}

export type Durability = 'power' | 'process';

export async function startDataPlane(options: DataPlaneOptions): Promise<DataPlane> {
  if (options.kind === 'fauxqs') {
    const { startFauxqsDataPlane } = await import('./data-plane-fauxqs.ts');
    return startFauxqsDataPlane(options);
  }
  const { startLocalDataPlane } = await import('./memory-data-plane/local-data-plane.ts');
  return startLocalDataPlane(options);
}
