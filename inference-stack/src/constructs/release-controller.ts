// The level-triggered release controller: runs on a schedule and at once when a gate alarm changes state.
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { type ITopic, Subscription, SubscriptionProtocol } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { APPLIED_RESOURCES_KEY } from '../../../release-tools/src/desired-resources/cloudwatch-desired-resources.ts';
import { ROLLOUT_PREFIX } from '../../../release-tools/src/domain/deployed-models.ts';
import { ALARM_PREFIX, METRICS_NAMESPACE } from '../../../release-tools/src/domain/metric-contract.ts';
import {
  CATALOG_KEY,
  MANIFEST_KEY,
  ROUTE_TABLE_KEY,
  STATE_PREFIX,
} from '../../../release-tools/src/domain/state-keys.ts';
import { variantResourcePrefix } from '../../../release-tools/src/domain/variant-name.ts';
import { acknowledge } from './acknowledge.ts';
import { MIRROR_PREFIX, MODELS_PREFIX } from './data-bucket.ts';
import { handlerFunction } from './handler-function.ts';
import type { EndpointRef } from './multi-model-endpoint.ts';
import { secureBucket } from './secure-bucket.ts';

/** Where the controller's S3StateStore keeps rollouts, intents and the pipeline's prepared releases. */

export interface ReleaseControllerProps {
  readonly dataKey: IKey;
  readonly logKey: IKey;
  readonly queueKey: IKey;
  readonly accessLogs: IBucket;
  /** Release events (transitions with who/why) are published here. */
  readonly eventsTopic: ITopic;
  readonly endpointName: string;
  /** Alarm names models.yaml lists in `gates.alarms`, which the controller must also read. */
  readonly extraGateAlarms?: readonly string[];
  /** The controller warms a candidate on the endpoint (InvokeEndpoint) before routing traffic to it. */
  readonly endpointArn: string;
  /**
   * The endpoint of single-model (Neo) versions: the controller adds a version's production variant
   * (its model on the Neo image, served with `roleArn`, from `modelBucket`'s models/ prefix) and
   * removes it when no rollout needs it. @default none: such versions cannot be served
   */
  readonly variants?: {
    readonly endpoint: EndpointRef;
    readonly roleArn: string;
    readonly modelBucket: IBucket;
  };
  /** EventBridge schedule expression. @default 'rate(1 minute)' */
  readonly schedule?: string;
  /** Subscribed to the events topic when set. */
  readonly notificationEmail?: string;
  /**
   * Where the data plane writes shadow releases' mirrored pairs (under MIRROR_PREFIX): the
   * controller lists and reads them for the divergence gate. @default none: that gate sees no pairs
   */
  readonly mirrorBucket?: IBucket;
  /** Dead-letter queues the per-model dashboards show (the controller writes those dashboards). */
  readonly deadLetterQueueNames?: readonly string[];
  /** @default none (see HandlerFunctionProps.reservedConcurrency); the state store's CAS keeps concurrent reconciles safe */
  readonly reservedConcurrency?: number;
}

export class ReleaseController extends Construct {
  readonly function: NodejsFunction;
  /** Rollout state, the desired manifest and the route table. */
  readonly stateBucket: Bucket;

  constructor(scope: Construct, id: string, props: ReleaseControllerProps) {
    super(scope, id);
    this.stateBucket = secureBucket(this, 'State', { encryptionKey: props.dataKey, accessLogs: props.accessLogs });
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function = handlerFunction(this, 'Function', {
      entry: 'controller',
      logKey: props.logKey,
      timeout: Duration.seconds(60),
      // 1 (one reconcile at a time) keeps CAS retries rare when opted in; the state store guards correctness either way.
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrency: props.reservedConcurrency }),
      deadLetterQueue: deadLetters,
      environment: {
        STATE_BUCKET: this.stateBucket.bucketName,
        MANIFEST_KEY,
        ROUTE_TABLE_BUCKET: this.stateBucket.bucketName,
        ROUTE_TABLE_KEY,
        EVENTS_TOPIC_ARN: props.eventsTopic.topicArn,
        ENDPOINT_NAME: props.endpointName,
        // Per-model alarms and dashboards follow models.yaml at run time (see release-tools/src/desired-resources).
        ALARM_ARN_PREFIX: `arn:${Stack.of(this).partition}:cloudwatch:${Stack.of(this).region}:${Stack.of(this).account}:alarm:`,
        DEAD_LETTER_QUEUE_NAMES: (props.deadLetterQueueNames ?? []).join(','),
        ...(props.mirrorBucket ? { MIRROR_BUCKET: props.mirrorBucket.bucketName, MIRROR_PREFIX } : {}),
        ...(props.variants
          ? {
              VARIANT_ENDPOINT_NAME: props.variants.endpoint.name,
              VARIANT_ROLE_ARN: props.variants.roleArn,
              MODELS_S3_URI: props.variants.modelBucket.s3UrlForObject(MODELS_PREFIX),
              VARIANT_KMS_KEY_ID: props.dataKey.keyArn,
            }
          : {}),
      },
    });
    const target = new LambdaFunction(this.function, { deadLetterQueue: deadLetters, retryAttempts: 2 });
    new Rule(this, 'Schedule', {
      schedule: Schedule.expression(props.schedule ?? 'rate(1 minute)'),
      targets: [target],
    });
    new Rule(this, 'OnGateAlarm', {
      description: 'Reconcile at once when a model gate alarm changes state',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: [{ wildcard: `${ALARM_PREFIX}*-candidate-*` }, { wildcard: `${ALARM_PREFIX}*-stable-*` }],
        },
      },
      targets: [target],
    });

    this.grantState(props.dataKey);
    // Lambda sends failed asynchronous events to the encrypted DLQ with this role.
    props.queueKey.grant(this.function, 'kms:GenerateDataKey', 'kms:Decrypt');
    props.eventsTopic.grantPublish(this.function);
    this.grantSignals(props.extraGateAlarms ?? []);
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['sagemaker:InvokeEndpoint'], resources: [props.endpointArn] }),
    );
    if (props.mirrorBucket) this.grantMirror(props.mirrorBucket, props.dataKey);
    if (props.variants) this.grantVariants(props.variants.endpoint, props.variants.roleArn, props.dataKey);
    if (props.notificationEmail)
      new Subscription(this, 'Email', {
        topic: props.eventsTopic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: props.notificationEmail,
      });
  }

  // Reads the desired manifest (the pipeline's), its own state, intents (the CLI's) and prepared
  // releases (the pipeline's); writes only rollout records, the route table, the catalog and its
  // applied-resources record. It deletes nothing.
  private grantState(dataKey: IKey): void {
    const bucket = this.stateBucket;
    bucket.grantRead(this.function, MANIFEST_KEY);
    bucket.grantRead(this.function, `${STATE_PREFIX}*`);
    bucket.grantRead(this.function, ROUTE_TABLE_KEY);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [
          bucket.arnForObjects(`${STATE_PREFIX}${ROLLOUT_PREFIX}*`),
          bucket.arnForObjects(ROUTE_TABLE_KEY),
          // The run-time catalog the API reads, and the record of the alarms/dashboards it applied.
          bucket.arnForObjects(CATALOG_KEY),
          bucket.arnForObjects(`${STATE_PREFIX}${APPLIED_RESOURCES_KEY}.json`),
        ],
      }),
    );
    dataKey.grant(this.function, 'kms:GenerateDataKey');
  }

  // Mirrored pairs: listed under the mirror prefix only (the rest of the data bucket, requests and
  // results, is the callers' data) and read; the bucket's key decrypts them.
  private grantMirror(bucket: IBucket, dataKey: IKey): void {
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${MIRROR_PREFIX}*`] } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${MIRROR_PREFIX}*`)] }),
    );
    dataKey.grant(this.function, 'kms:Decrypt');
  }

  // The variant endpoint, and the models and endpoint configs named after it (variantResourcePrefix):
  // created, described and deleted by name; passing the endpoint's execution role to SageMaker only.
  private grantVariants(endpoint: EndpointRef, roleArn: string, dataKey: IKey): void {
    const fn = this.function;
    const stack = fn.stack;
    const arn = (type: string, name: string) =>
      `arn:${stack.partition}:sagemaker:${stack.region}:${stack.account}:${type}/${name.toLowerCase()}`;
    const prefix = variantResourcePrefix(endpoint.name);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'sagemaker:InvokeEndpoint',
          'sagemaker:DescribeEndpoint',
          'sagemaker:CreateEndpoint',
          'sagemaker:UpdateEndpoint',
          'sagemaker:DeleteEndpoint',
        ],
        resources: [endpoint.arn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'sagemaker:CreateModel',
          'sagemaker:DeleteModel',
          'sagemaker:CreateEndpointConfig',
          'sagemaker:DescribeEndpointConfig',
          'sagemaker:DeleteEndpointConfig',
        ],
        resources: [arn('model', `${prefix}*`), arn('endpoint-config', `${prefix}*`)],
      }),
    );
    // Listing has no resource-level permissions; it finds the left-over configs and models to delete.
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sagemaker:ListModels', 'sagemaker:ListEndpointConfigs'], resources: ['*'] }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );
    // SageMaker checks the variants' volume key and encrypts with it through a grant made with the
    // caller's rights; the grant only for an AWS service acting on its resource.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['kms:DescribeKey'], resources: [dataKey.keyArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: [dataKey.keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
    acknowledge(fn, [
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:model/${prefix.toLowerCase()}*]`,
        'One SageMaker model per Neo-compiled version in use, named after the variant endpoint (known only at run time).',
      ],
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:endpoint-config/${prefix.toLowerCase()}*]`,
        'One endpoint config per set of variants, named after the variant endpoint (known only at run time).',
      ],
    ]);
  }

  private grantSignals(extraGateAlarms: readonly string[]): void {
    const fn = this.function;
    const stack = fn.stack;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: [`${ALARM_PREFIX}*`, ...extraGateAlarms].map(
          (name) => `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${name}`,
        ),
      }),
    );
    // The controller owns the gate alarms and dashboards of every model in models.yaml, by prefix.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
        resources: [`arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${ALARM_PREFIX}*`],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'],
        // Dashboards are global: their ARN has no region.
        resources: [`arn:${stack.partition}:cloudwatch::${stack.account}:dashboard/${ALARM_PREFIX}*`],
      }),
    );
    // GetMetricData and PutMetricData support no resource-level permissions; the namespace condition scopes writes.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
      }),
    );
    acknowledge(fn, [
      [
        'AwsSolutions-IAM5[Resource::*]',
        'cloudwatch:GetMetricData/PutMetricData and sagemaker:ListModels/ListEndpointConfigs have no resource-level permissions; metric writes are limited to the ModelRelease namespace by condition.',
      ],
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:${ALARM_PREFIX}*]`,
        'The controller reads, creates and deletes the gate alarms of the models in models.yaml (known only at run time); they share the mlrelease- prefix.',
      ],
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch::<AWS::AccountId>:dashboard/${ALARM_PREFIX}*]`,
        'The controller writes one dashboard per model in models.yaml (known only at run time); they share the mlrelease- prefix.',
      ],
    ]);
  }
}
