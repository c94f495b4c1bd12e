// Lambda configuration from environment variables (names shared with the CDK inference stack).
// Clients and caches are module singletons so warm invocations reuse them.
import { randomUUID } from 'node:crypto';
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { envOr, requireEnv } from '../../../release-tools/src/config/environment.ts';
import { METRICS_NAMESPACE } from '../../../release-tools/src/domain/metric-contract.ts';
import { ROUTE_TABLE_KEY } from '../../../release-tools/src/domain/state-keys.ts';
import { EmfMetricSink } from '../adapters/aws/emf-metric-sink.ts';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.ts';
import { SageMakerModelHost } from '../adapters/aws/sagemaker-model-host.ts';
import { SnsTopic } from '../adapters/aws/sns-topic.ts';
import { ObjectStoreRouteTable } from '../adapters/object-store-route-table.ts';
import { RouteTableCache } from '../domain/route-table-cache.ts';
import { catalogFromSignatures, type ModelCatalog } from '../handlers/model-catalog.ts';

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
export const modelHost = once(() => new SageMakerModelHost({ endpointName: env('ENDPOINT_NAME') }));
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
/** MODEL_SIGNATURES: JSON {model: ModelSignature}, rendered from models.yaml at synth time. */
export const catalog = once((): ModelCatalog => {
  const signatures = JSON.parse(env('MODEL_SIGNATURES', '{}')) as Record<string, ModelSignature>;
  return catalogFromSignatures(signatures);
});
/** LANES: comma-separated lane names the stack created (a submit to another lane would wait for ever). */
export const lanes = once(() => env('LANES', 'standard,priority').split(',').filter(Boolean));
export const newId = () => randomUUID();
