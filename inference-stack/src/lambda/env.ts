// Lambda configuration from environment variables (names shared with the CDK inference stack).
// Clients and caches are module singletons so warm invocations reuse them.
import { randomUUID } from 'node:crypto';
import { envOr, requireEnv } from '../../../release-tools/src/config/environment.ts';
import { METRICS_NAMESPACE } from '../../../release-tools/src/domain/metric-contract.ts';
import { CATALOG_KEY, ROUTE_TABLE_KEY } from '../../../release-tools/src/domain/state-keys.ts';
import { EmfMetricSink } from '../adapters/aws/emf-metric-sink.ts';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.ts';
import { SageMakerModelHost } from '../adapters/aws/sagemaker-model-host.ts';
import { SnsTopic } from '../adapters/aws/sns-topic.ts';
import { ObjectStoreCatalog } from '../adapters/object-store-catalog.ts';
import { ObjectStoreRouteTable } from '../adapters/object-store-route-table.ts';
import { RouteTableCache } from '../domain/route-table-cache.ts';
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
