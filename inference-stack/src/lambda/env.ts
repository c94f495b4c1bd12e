// Lambda configuration from environment variables (names shared with the CDK inference stack).
// Clients and caches are module singletons so warm invocations reuse them.
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { S3MirrorStore } from '../../../release-tools/src/adapters/aws/s3-mirror-store.ts';
import { envOr, optionalEnv, requireEnv } from '../../../release-tools/src/config/environment.ts';
import { METRICS_NAMESPACE } from '../../../release-tools/src/domain/metric-contract.ts';
import { MIRROR_PREFIX } from '../../../release-tools/src/domain/mirror-batch.ts';
import { CATALOG_KEY, ROUTE_TABLE_KEY } from '../../../release-tools/src/domain/state-keys.ts';
import { EmfDeadLetterSink } from '../adapters/aws/emf-dead-letter-sink.ts';
import { EmfMetricSink } from '../adapters/aws/emf-metric-sink.ts';
import { EmfMirrorDrops } from '../adapters/aws/emf-mirror-drops.ts';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.ts';
import { SageMakerModelHost } from '../adapters/aws/sagemaker-model-host.ts';
import { SnsTopic } from '../adapters/aws/sns-topic.ts';
import { SqsQueue } from '../adapters/aws/sqs-queue.ts';
import { ObjectStoreCatalog } from '../adapters/object-store-catalog.ts';
import { ObjectStoreRouteTable } from '../adapters/object-store-route-table.ts';
import { RouteTableCache } from '../domain/route-table-cache.ts';
import { MirrorAfterResult } from '../handlers/mirror-after-result.ts';
import { MirrorHandoff } from '../handlers/mirror-handoff.ts';
import type { ModelCatalog } from '../handlers/model-catalog.ts';

/** A variable of this function's environment: its fallback when unset or empty, else it must be set. */
export function env(name: string, fallback?: string): string {
  return fallback === undefined ? requireEnv(process.env, name) : envOr(process.env, name, fallback);
}

export const prefixes = () => ({
  requestsPrefix: env('REQUESTS_PREFIX', 'requests/'),
  resultsPrefix: env('RESULTS_PREFIX', 'results/'),
});

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};

export const dataStore = once(() => new S3ObjectStore({ bucket: env('DATA_BUCKET') }));
export const requestsTopic = once(() => new SnsTopic({ topicArn: env('REQUESTS_TOPIC_ARN') }));
export const resultsTopic = once(() => new SnsTopic({ topicArn: env('RESULTS_TOPIC_ARN') }));
export const modelHost = once(() => {
  // Single-model (Neo) versions are production variants of their own endpoint, when one is configured.
  const variantEndpointName = process.env.VARIANT_ENDPOINT_NAME;
  return new SageMakerModelHost({
    endpointName: env('ENDPOINT_NAME'),
    ...(variantEndpointName ? { variantEndpointName } : {}),
  });
});
/** The lanes' maxReceiveCount (MAX_RECEIVE_COUNT, set by the Worker construct); unset: no DeadLettered metric. */
export const deadLetterNotes = once(() => {
  const maxReceiveCount = Number(process.env.MAX_RECEIVE_COUNT);
  return Number.isInteger(maxReceiveCount) && maxReceiveCount > 0
    ? { maxReceiveCount, sink: new EmfDeadLetterSink({ namespace: env('METRICS_NAMESPACE', METRICS_NAMESPACE) }) }
    : undefined;
});
export const metricSink = once(() => new EmfMetricSink({ namespace: env('METRICS_NAMESPACE', METRICS_NAMESPACE) }));
export const routeCache = once(
  () =>
    new RouteTableCache(
      new ObjectStoreRouteTable(
        new S3ObjectStore({ bucket: env('ROUTE_TABLE_BUCKET') }),
        env('ROUTE_TABLE_KEY', ROUTE_TABLE_KEY),
      ),
      { ttlMs: Number(env('ROUTE_TABLE_TTL_MS', '5000')) },
    ),
);
/** The models the API serves: published by the release controller from the desired models.yaml. */
export const catalogSource = once(
  () =>
    new ObjectStoreCatalog(new S3ObjectStore({ bucket: env('CATALOG_BUCKET') }), env('CATALOG_KEY', CATALOG_KEY), {
      ttlMs: Number(env('CATALOG_TTL_MS', '10000')),
    }),
);
export const catalog = (): Promise<ModelCatalog> => catalogSource().current();
/** LANES: comma-separated lane names the stack created (a submit to another lane would wait for ever). */
export const lanes = once(() => env('LANES', 'standard,priority').split(',').filter(Boolean));
export const newId = () => randomUUID();

const mirrorClient = once(() => new S3Client({}));
/** What the Lambda keeps back from the mirror's deadline: the batch's PUT and the return. */
const MIRROR_RESERVE_MS = 2_000;

/**
 * Shadow releases' mirror for one invocation (its buffer is that invocation's pairs), or undefined
 * when the stack gives no MIRROR_BUCKET. Bounded by MIRROR_MAX_PER_INVOCATION mirrored requests,
 * MIRROR_CONCURRENCY at once, and a deadline MIRROR_BUDGET_MS from now that leaves the invocation
 * MIRROR_RESERVE_MS before its timeout (context.getRemainingTimeInMillis()).
 */
export function shadowMirror(
  context: { getRemainingTimeInMillis(): number } | undefined,
  onError: (error: unknown) => void,
): MirrorAfterResult | undefined {
  const bucket = optionalEnv(process.env, 'MIRROR_BUCKET');
  if (!bucket) return undefined;
  const now = Date.now();
  const budgetMs = Number(env('MIRROR_BUDGET_MS', '5000'));
  const remainingMs = context ? context.getRemainingTimeInMillis() - MIRROR_RESERVE_MS : budgetMs;
  return new MirrorAfterResult(
    {
      host: modelHost(),
      metrics: metricSink(),
      pairs: new S3MirrorStore({ client: mirrorClient(), bucket, prefix: env('MIRROR_PREFIX', MIRROR_PREFIX) }),
      now: Date.now,
      sleep,
      onError,
    },
    {
      maxJobs: Number(env('MIRROR_MAX_PER_INVOCATION', '10')),
      concurrency: Number(env('MIRROR_CONCURRENCY', '4')),
      deadline: now + Math.max(0, Math.min(budgetMs, remainingMs)),
    },
  );
}

/** A timer that does not keep the event loop alive. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const mirrorQueue = once(() => new SqsQueue({ queueUrl: env('MIRROR_QUEUE_URL') }));
const mirrorDrops = once(() => new EmfMirrorDrops({ namespace: env('METRICS_NAMESPACE', METRICS_NAMESPACE) }));

/**
 * The synchronous invoke's handoff of one invocation's mirrored request to the mirror queue, or
 * undefined when the stack gives no MIRROR_QUEUE_URL. Waits MIRROR_HANDOFF_TIMEOUT_MS for the send
 * at most; drops are a CloudWatch metric (MirrorDropped).
 */
export function mirrorHandoff(onError: (error: unknown) => void): MirrorHandoff | undefined {
  if (!optionalEnv(process.env, 'MIRROR_QUEUE_URL')) return undefined;
  return new MirrorHandoff(
    { queue: mirrorQueue(), drops: mirrorDrops(), now: Date.now, sleep, onError },
    { timeoutMs: Number(env('MIRROR_HANDOFF_TIMEOUT_MS', '100')) },
  );
}
