// The controller on AWS: an EventBridge schedule or a CloudWatch alarm state change runs one
// reconcile. Thin: wires the AWS adapters from the environment and reports what changed.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchAlarmReader } from '../adapters/aws/cloudwatch-alarm-reader.ts';
import { CloudWatchMetricsReader } from '../adapters/aws/cloudwatch-metrics-reader.ts';
import { CloudWatchWeightGauge } from '../adapters/aws/cloudwatch-weight-gauge.ts';
import { S3ManifestSource } from '../adapters/aws/s3-manifest-source.ts';
import { S3RouteTable } from '../adapters/aws/s3-route-table.ts';
import { S3StateStore } from '../adapters/aws/s3-state-store.ts';
import { SageMakerWarmHost } from '../adapters/aws/sagemaker-warm-host.ts';
import { SnsEventSink } from '../adapters/aws/sns-event-sink.ts';
import { StatePreparedReleases } from '../adapters/aws/state-prepared-releases.ts';
import { type Env, envOr, requireEnv } from '../config/environment.ts';
import { type Controller, createController } from '../controller/create-controller.ts';
import type { ReconcileReport } from '../controller/deps.ts';
import { CloudWatchDesiredResources } from '../desired-resources/cloudwatch-desired-resources.ts';
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
}

export function controllerFromEnv(env: Env, clients: AwsClients): Controller {
  const need = (name: string) => requireEnv(env, name);
  const store = new S3StateStore({ client: clients.s3, bucket: need('STATE_BUCKET') });
  return createController({
    store,
    desired: new S3ManifestSource(clients.s3, need('STATE_BUCKET'), envOr(env, 'MANIFEST_KEY', MANIFEST_KEY)),
    router: new S3RouteTable({
      client: clients.s3,
      bucket: need('ROUTE_TABLE_BUCKET'),
      key: envOr(env, 'ROUTE_TABLE_KEY', ROUTE_TABLE_KEY),
    }),
    preparer: new StatePreparedReleases(store),
    host: new SageMakerWarmHost({ client: clients.runtime, endpointName: need('ENDPOINT_NAME') }),
    metrics: new CloudWatchMetricsReader(clients.cloudwatch),
    alarms: new CloudWatchAlarmReader(clients.cloudwatch),
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

export function createHandler(controller: () => Controller) {
  return async (event: ControllerEvent): Promise<ControllerResult> => {
    const trigger = event.detail?.alarmName ? `alarm ${event.detail.alarmName}` : (event['detail-type'] ?? 'invoke');
    return summarize(trigger, await controller().reconcile());
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
  });
  return cached;
});
