// The inference stack: data bucket, lanes, worker, API, multi-model endpoint and release controller. The
// per-model alarms, dashboards and API catalog follow models.yaml at run time (the controller writes them).
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';
import { AuditTrail } from '../constructs/audit-trail.ts';
import { DataBucket } from '../constructs/data-bucket.ts';
import { EncryptionKeys } from '../constructs/encryption-keys.ts';
import { InferenceApi } from '../constructs/inference-api.ts';
import { MirrorLane } from '../constructs/mirror-lane.ts';
import { MultiModelEndpoint } from '../constructs/multi-model-endpoint.ts';
import { renderAlarms } from '../constructs/observability/render-alarms.ts';
import { ReleaseController } from '../constructs/release-controller.ts';
import { RequestIntake } from '../constructs/request-intake.ts';
import { RequestLanes } from '../constructs/request-lanes.ts';
import { accessLogBucket } from '../constructs/secure-bucket.ts';
import { ServingImage } from '../constructs/serving-image.ts';
import { acknowledgeSharedFindings } from '../constructs/shared-acknowledgements.ts';
import { Worker } from '../constructs/worker.ts';
import type { InfraConfig } from './infra-config.ts';
import { INFERENCE_OUTPUTS } from './stack-names.ts';

export interface InferenceStackProps extends StackProps {
  /** The loaded models.yaml: endpoint sizing, the gate alarms the endpoint rolls back on. */
  readonly manifest: Manifest;
  readonly config: InfraConfig;
}

export class InferenceStack extends Stack {
  readonly stateBucketName: string;
  readonly stateBucketArn: string;
  readonly dataBucketArn: string;
  readonly dataBucketName: string;
  readonly keys: EncryptionKeys;
  /** The multi-model endpoint's serving image (the configured URI, or this project's image asset). */
  readonly servingImageUri: string;

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
    const reserved = config.reservedConcurrency ?? {};
    new RequestIntake(this, 'Intake', {
      ...(reserved.publisher === undefined ? {} : { reservedConcurrency: reserved.publisher }),
      bucket: data.bucket,
      requestsTopic: lanes.topic,
      logKey: keys.logs,
      queueKey: keys.queues,
    });
    const servingImage = config.containerImage ? undefined : new ServingImage(this, 'ServingImage');
    this.servingImageUri = config.containerImage ?? servingImage!.imageUri;
    const endpoint = new MultiModelEndpoint(this, 'Endpoint', {
      spec: manifest.endpoint,
      modelBucket: data.bucket,
      key: keys.data,
      containerImage: this.servingImageUri,
      ...(servingImage ? { imageRepositoryArn: servingImage.asset.repository.repositoryArn } : {}),
      alarmTopic: events,
      // Every stable-track alarm can stop a variant change: error rates first, then p99 latencies.
      rollbackAlarmNames: [
        ...renderAlarms(manifest).filter((a) => a.track === 'stable' && a.metric === 'error-rate'),
        ...renderAlarms(manifest).filter((a) => a.track === 'stable' && a.metric === 'p99-latency'),
      ].map((a) => a.name),
      // The loosest model gate: the endpoint metric mixes every model (and MME cold loads).
      ...(manifest.models.length > 0
        ? { maxP99LatencyMs: Math.max(...manifest.models.map((m) => m.release.gates.maxP99LatencyMs)) }
        : {}),
    });
    const controller = new ReleaseController(this, 'Controller', {
      ...(reserved.controller === undefined ? {} : { reservedConcurrency: reserved.controller }),
      dataKey: keys.data,
      logKey: keys.logs,
      queueKey: keys.queues,
      accessLogs,
      eventsTopic: events,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      variants: {
        endpoint: endpoint.variantEndpoint,
        roleArn: endpoint.executionRoleArn,
        modelBucket: data.bucket,
      },
      extraGateAlarms: [...new Set(manifest.models.flatMap((m) => m.release.gates.alarms))],
      schedule: config.controllerSchedule,
      ...(config.notificationEmail ? { notificationEmail: config.notificationEmail } : {}),
      deadLetterQueueNames: lanes.lanes.map((l) => l.deadLetterQueue.queueName),
      mirrorBucket: data.bucket,
    });
    new Worker(this, 'Worker', {
      lanes: lanes.lanes,
      bucket: data.bucket,
      resultsTopic: results,
      stateBucket: controller.stateBucket,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      variantEndpoint: endpoint.variantEndpoint,
      logKey: keys.logs,
      memoryMb: config.workerMemoryMb,
      ...(reserved.worker === undefined ? {} : { reservedConcurrency: reserved.worker }),
      batchSize: config.workerBatchSize,
      batchingWindowSeconds: config.workerBatchingWindowSeconds,
      timeout: workerTimeout,
    });
    const api = new InferenceApi(this, 'Api', {
      ...(reserved.api === undefined ? {} : { reservedConcurrency: reserved.api }),
      ...(reserved.authorizer === undefined ? {} : { authorizerReservedConcurrency: reserved.authorizer }),
      envName: config.envName,
      bucket: data.bucket,
      stateBucket: controller.stateBucket,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      variantEndpoint: endpoint.variantEndpoint,
      logKey: keys.logs,
      throttle: config.apiThrottle,
      laneNames: config.lanes.map((l) => l.name),
    });
    // Shadow releases on the synchronous path: invoke hands mirrored requests to the mirror lane.
    const mirrorLane = new MirrorLane(this, 'Mirror', {
      bucket: data.bucket,
      queueKey: keys.queues,
      logKey: keys.logs,
      endpointName: endpoint.endpointName,
      endpointArn: endpoint.endpointArn,
      variantEndpoint: endpoint.variantEndpoint,
    });
    mirrorLane.grantHandoff(api.functions.invokeSync);
    new AuditTrail(this, 'Audit', { dataBucket: data.bucket, dataKey: keys.data, logKey: keys.logs, accessLogs });

    // Per-model gate alarms, dashboards and the API's model catalog are not synthesized here: the
    // controller creates them from the desired models.yaml at run time, so a model added by a commit
    // is servable, gated and charted without redeploying this stack (see release-tools/README.md).
    acknowledgeSharedFindings(this, [
      [
        /^Resource::<\w+\.Arn>\/(requests|results|models|idempotency|mirror)\/\*$/,
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
    // What `mlrelease --aws` needs from outside the pipeline (STATE_BUCKET, DATA_BUCKET), and doctor's endpoint.
    new CfnOutput(this, INFERENCE_OUTPUTS.stateBucket, {
      value: this.stateBucketName,
      description: 'STATE_BUCKET for mlrelease --aws',
    });
    new CfnOutput(this, INFERENCE_OUTPUTS.dataBucket, {
      value: this.dataBucketName,
      description: 'DATA_BUCKET for mlrelease --aws',
    });
    new CfnOutput(this, INFERENCE_OUTPUTS.endpoint, { value: endpoint.endpointName });
  }
}
