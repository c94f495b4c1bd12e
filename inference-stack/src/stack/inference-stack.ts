// The inference stack: data bucket, lanes, worker, API, multi-model endpoint, release controller, and the
// per-model alarms and dashboards rendered from models.yaml.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';
import { AuditTrail } from '../constructs/audit-trail.ts';
import { DataBucket } from '../constructs/data-bucket.ts';
import { EncryptionKeys } from '../constructs/encryption-keys.ts';
import { InferenceApi } from '../constructs/inference-api.ts';
import { MultiModelEndpoint } from '../constructs/multi-model-endpoint.ts';
import { ModelAlarms } from '../constructs/observability/model-alarms.ts';
import { ModelDashboards } from '../constructs/observability/model-dashboards.ts';
import { renderAlarms } from '../constructs/observability/render-alarms.ts';
import { renderDashboards } from '../constructs/observability/render-dashboard.ts';
import { renderModelSignatures } from '../constructs/observability/render-model-signatures.ts';
import { ReleaseController } from '../constructs/release-controller.ts';
import { RequestIntake } from '../constructs/request-intake.ts';
import { RequestLanes } from '../constructs/request-lanes.ts';
import { accessLogBucket } from '../constructs/secure-bucket.ts';
import { acknowledgeSharedFindings } from '../constructs/shared-acknowledgements.ts';
import { Worker } from '../constructs/worker.ts';
import type { InfraConfig } from './infra-config.ts';

export interface InferenceStackProps extends StackProps {
  /** The loaded models.yaml: endpoint sizing, per-model gates for alarms and dashboards. */
  readonly manifest: Manifest;
  readonly config: InfraConfig;
}

export class InferenceStack extends Stack {
  readonly stateBucketName: string;
  readonly stateBucketArn: string;
  readonly dataBucketArn: string;
  readonly dataBucketName: string;
  readonly keys: EncryptionKeys;

  constructor(scope: Construct, id: string, props: InferenceStackProps) {
    super(scope, id, props);
    const { manifest, config } = props;
    const keys = new EncryptionKeys(this, 'Keys');
    this.keys = keys;
    const accessLogs = accessLogBucket(this, 'AccessLogs');
    const data = new DataBucket(this, 'Data', {
      encryptionKey: keys.data,
      accessLogs,
      requestRetentionDays: config.requestRetentionDays,
      resultsTieringDays: config.resultsTieringDays,
    });
    const topic = (name: string) => new Topic(this, name, { masterKey: keys.topics, enforceSSL: true });
    const results = topic('Results');
    const events = topic('ReleaseEvents');

    const workerTimeout = Duration.seconds(30);
    const lanes = new RequestLanes(this, 'Lanes', {
      lanes: config.lanes,
      topicKey: keys.topics,
      queueKey: keys.queues,
      // AWS guidance for Lambda SQS sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      alarmTopic: events,
    });
    new RequestIntake(this, 'Intake', {
      bucket: data.bucket,
      requestsTopic: lanes.topic,
      logKey: keys.logs,
      queueKey: keys.queues,
    });
    const endpoint = new MultiModelEndpoint(this, 'Endpoint', {
      spec: manifest.endpoint,
      modelBucket: data.bucket,
      key: keys.data,
      containerImage: config.containerImage,
      alarmTopic: events,
      // SageMaker accepts at most 10 rollback alarms; the stable tracks' error rates come first.
      rollbackAlarmNames: renderAlarms(manifest)
        .filter((a) => a.track === 'stable' && a.metric === 'error-rate')
        .map((a) => a.name),
    });
    const controller = new ReleaseController(this, 'Controller', {
      dataKey: keys.data,
      logKey: keys.logs,
      queueKey: keys.queues,
      accessLogs,
      eventsTopic: events,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      extraGateAlarms: [...new Set(manifest.models.flatMap((m) => m.release.gates.alarms))],
      schedule: config.controllerSchedule,
      ...(config.notificationEmail ? { notificationEmail: config.notificationEmail } : {}),
    });
    new Worker(this, 'Worker', {
      lanes: lanes.lanes,
      bucket: data.bucket,
      resultsTopic: results,
      stateBucket: controller.stateBucket,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      logKey: keys.logs,
      memoryMb: config.workerMemoryMb,
      reservedConcurrency: config.workerReservedConcurrency,
      batchSize: config.workerBatchSize,
      batchingWindowSeconds: config.workerBatchingWindowSeconds,
      timeout: workerTimeout,
    });
    new InferenceApi(this, 'Api', {
      envName: config.envName,
      bucket: data.bucket,
      stateBucket: controller.stateBucket,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      logKey: keys.logs,
      throttle: config.apiThrottle,
      modelSignatures: renderModelSignatures(manifest),
      laneNames: config.lanes.map((l) => l.name),
      resultCacheTtl: Duration.seconds(config.resultCacheTtlSeconds),
    });
    new AuditTrail(this, 'Audit', { dataBucket: data.bucket, dataKey: keys.data, logKey: keys.logs, accessLogs });

    new ModelAlarms(this, 'ModelAlarms', { alarms: renderAlarms(manifest), notify: events });
    new ModelDashboards(this, 'ModelDashboards', {
      dashboards: renderDashboards(manifest, {
        deadLetterQueueNames: lanes.lanes.map((l) => l.deadLetterQueue.queueName),
      }),
    });
    acknowledgeSharedFindings(this, [
      [
        /^Resource::<\w+\.Arn>\/(requests|results|models|idempotency)\/\*$/,
        'Objects under one prefix of the data bucket: request ids and model versions are only known at run time.',
      ],
      [
        /^Resource::<ControllerState\w+\.Arn>\/state\/(rollouts\/)?\*$/,
        'The controller reads its state (rollouts, intents, prepared releases, one object per model) and writes rollout records.',
      ],
    ]);
    this.stateBucketName = controller.stateBucket.bucketName;
    this.stateBucketArn = controller.stateBucket.bucketArn;
    this.dataBucketArn = data.bucket.bucketArn;
    this.dataBucketName = data.bucket.bucketName;
  }
}
