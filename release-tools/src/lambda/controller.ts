// The controller on AWS: an EventBridge schedule or a CloudWatch alarm state change runs one
// reconcile. Thin: wires the AWS adapters from the environment, logs what changed and what failed
// (Powertools Logger: JSON with the model, version and the error's stack), and fails the
// invocation when a model's reconcile failed, so Lambda's Errors metric, retries and alarms see it.
// The other models were reconciled all the same: a failure is reported after the whole tick.
import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchAlarmReader } from '../adapters/aws/cloudwatch-alarm-reader.ts';
import { CloudWatchDeadLetterReader } from '../adapters/aws/cloudwatch-dead-letter-reader.ts';
import { CloudWatchMetricsReader } from '../adapters/aws/cloudwatch-metrics-reader.ts';
import { CloudWatchWeightGauge } from '../adapters/aws/cloudwatch-weight-gauge.ts';
import { S3ManifestSource } from '../adapters/aws/s3-manifest-source.ts';
import { S3MirrorStore } from '../adapters/aws/s3-mirror-store.ts';
import { S3RouteTable } from '../adapters/aws/s3-route-table.ts';
import { S3StateStore } from '../adapters/aws/s3-state-store.ts';
import { SageMakerProductionVariants } from '../adapters/aws/sagemaker-production-variants.ts';
import { SageMakerWarmHost } from '../adapters/aws/sagemaker-warm-host.ts';
import { SnsEventSink } from '../adapters/aws/sns-event-sink.ts';
import { StatePreparedReleases } from '../adapters/aws/state-prepared-releases.ts';
import { type Env, envOr, optionalEnv, requireEnv } from '../config/environment.ts';
import { type Controller, createController } from '../controller/create-controller.ts';
import type { ReconcileReport } from '../controller/deps.ts';
import { sweepIdleVariantsSparingly } from '../controller/idle-variant-sweep.ts';
import { CloudWatchDesiredResources } from '../desired-resources/cloudwatch-desired-resources.ts';
import { MIRROR_PREFIX } from '../domain/mirror-batch.ts';
import { MANIFEST_KEY, ROUTE_TABLE_KEY } from '../domain/state-keys.ts';

export interface ControllerEvent {
  readonly source?: string;
  readonly 'detail-type'?: string;
  readonly detail?: { readonly alarmName?: string };
}

export interface ControllerResult {
  readonly trigger: string;
  readonly changed: readonly { model: string; phase: string; action: string }[];
  readonly errors: readonly { model: string; error: string }[];
}

export interface AwsClients {
  readonly s3: S3Client;
  readonly cloudwatch: CloudWatchClient;
  readonly runtime: SageMakerRuntimeClient;
  readonly sns: SNSClient;
  /** Manages the variant endpoint's production variants; needed when VARIANT_ENDPOINT_NAME is set. */
  readonly sagemaker?: SageMakerClient;
}

export function controllerFromEnv(env: Env, clients: AwsClients): Controller {
  const need = (name: string) => requireEnv(env, name);
  const store = new S3StateStore({ client: clients.s3, bucket: need('STATE_BUCKET') });
  // Single-model (Neo) versions are production variants of their own endpoint, when the stack has one.
  const variantEndpointName = env.VARIANT_ENDPOINT_NAME || undefined;
  return createController({
    store,
    desired: new S3ManifestSource(clients.s3, need('STATE_BUCKET'), envOr(env, 'MANIFEST_KEY', MANIFEST_KEY)),
    router: new S3RouteTable({
      client: clients.s3,
      bucket: need('ROUTE_TABLE_BUCKET'),
      key: envOr(env, 'ROUTE_TABLE_KEY', ROUTE_TABLE_KEY),
    }),
    preparer: new StatePreparedReleases(store),
    host: new SageMakerWarmHost({
      client: clients.runtime,
      endpointName: need('ENDPOINT_NAME'),
      ...(variantEndpointName ? { variantEndpointName } : {}),
    }),
    ...(variantEndpointName
      ? {
          variants: sweepIdleVariantsSparingly(
            new SageMakerProductionVariants({
              client: clients.sagemaker ?? new SageMakerClient({}),
              endpointName: variantEndpointName,
              roleArn: need('VARIANT_ROLE_ARN'),
              modelsS3Uri: need('MODELS_S3_URI'),
              ...(env.VARIANT_KMS_KEY_ID ? { kmsKeyId: env.VARIANT_KMS_KEY_ID } : {}),
            }),
            Date.now,
          ),
        }
      : {}),
    metrics: new CloudWatchMetricsReader(clients.cloudwatch),
    alarms: new CloudWatchAlarmReader(clients.cloudwatch),
    // The async path: the DeadLettered metric the worker emits by version, for the dead-letter gate.
    deadLetters: new CloudWatchDeadLetterReader(clients.cloudwatch),
    // Shadow releases: the pairs the worker and the mirror function write to the data bucket. Without
    // it a divergence gate sees no pairs and waits at 0/minRequests.
    ...(optionalEnv(env, 'MIRROR_BUCKET')
      ? {
          mirror: new S3MirrorStore({
            client: clients.s3,
            bucket: need('MIRROR_BUCKET'),
            prefix: envOr(env, 'MIRROR_PREFIX', MIRROR_PREFIX),
          }),
        }
      : {}),
    events: new SnsEventSink(clients.sns, need('EVENTS_TOPIC_ARN')),
    gauge: new CloudWatchWeightGauge(clients.cloudwatch),
    resources: new CloudWatchDesiredResources({
      cloudwatch: clients.cloudwatch,
      store,
      actionTopicArn: need('EVENTS_TOPIC_ARN'),
      place: { region: need('AWS_REGION'), alarmArnPrefix: need('ALARM_ARN_PREFIX') },
      deadLetterQueueNames: (env.DEAD_LETTER_QUEUE_NAMES ?? '').split(',').filter(Boolean),
    }),
  });
}

export class ReconcileFailedError extends Error {
  override readonly name = 'ReconcileFailedError';
  constructor(
    readonly result: ControllerResult,
    options?: { cause?: unknown },
  ) {
    const failed = result.errors.map((e) => `${e.model}: ${e.error}`).join('; ');
    super(`reconcile failed for ${result.errors.length} model(s): ${failed}`, options);
  }
}

export function createHandler(
  controller: () => Controller,
  logger: Logger = new Logger({ serviceName: 'mlrelease-controller' }),
) {
  return async (event: ControllerEvent): Promise<ControllerResult> => {
    const trigger = event.detail?.alarmName ? `alarm ${event.detail.alarmName}` : (event['detail-type'] ?? 'invoke');
    const report = await controller().reconcile();
    for (const m of report.models) {
      const about = { trigger, model: m.model, version: m.version, phase: m.phase };
      if (m.error !== undefined) logger.error('model reconcile failed', { ...about, error: m.failure ?? m.error });
      else if (m.changed) logger.info('model reconciled', { ...about, action: m.action });
    }
    // Alarms or dashboards that could not be synced hold that model's traffic: an operator must hear of it.
    for (const error of report.resources?.errors ?? []) logger.error('resource sync failed', { trigger, error });
    // Left-over variants cost instances, not correctness: said, and tried again next tick.
    if (report.variants?.error) logger.error('variant cleanup failed', { trigger, error: report.variants.error });
    else if (report.variants?.removed.length)
      logger.info('variants removed', { trigger, removed: report.variants.removed });
    const result = summarize(trigger, report);
    if (result.errors.length > 0) {
      const causes = [
        ...report.models.flatMap((m) => (m.error !== undefined ? [m.failure ?? m.error] : [])),
        ...(report.resources?.errors ?? []).map((error) => new Error(error)),
      ];
      throw new ReconcileFailedError(result, { cause: new AggregateError(causes) });
    }
    return result;
  };
}

function summarize(trigger: string, report: ReconcileReport): ControllerResult {
  return {
    trigger,
    changed: report.models.filter((m) => m.changed).map(({ model, phase, action }) => ({ model, phase, action })),
    errors: [
      ...report.models.flatMap((m) => (m.error ? [{ model: m.model, error: m.error }] : [])),
      ...(report.resources?.errors ?? []).map((error) => ({ model: '(resources)', error })),
    ],
  };
}

// Clients and adapters live as long as the Lambda container.
let cached: Controller | undefined;
export const handler = createHandler(() => {
  cached ??= controllerFromEnv(process.env, {
    s3: new S3Client({}),
    cloudwatch: new CloudWatchClient({}),
    runtime: new SageMakerRuntimeClient({}),
    sns: new SNSClient({}),
    sagemaker: new SageMakerClient({}),
  });
  return cached;
});
