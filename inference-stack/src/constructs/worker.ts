// The worker: drains every lane, invokes the multi-model endpoint, writes results and announces them.
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ROUTE_TABLE_KEY } from '../../../release-tools/src/domain/state-keys.ts';
import { MIRROR_PREFIX, REQUESTS_PREFIX, RESULTS_PREFIX } from './data-bucket.ts';
import { handlerFunction } from './handler-function.ts';
import type { EndpointRef } from './multi-model-endpoint.ts';
import { type Lane, MAX_RECEIVE_COUNT } from './request-lanes.ts';

export interface WorkerProps {
  readonly lanes: readonly Lane[];
  readonly bucket: IBucket;
  readonly resultsTopic: ITopic;
  readonly stateBucket: IBucket;
  readonly endpointName: string;
  readonly endpointArn: string;
  /** Single-model (Neo) versions' endpoint, invoked by TargetVariant. @default none */
  readonly variantEndpoint?: EndpointRef;
  readonly logKey: IKey;
  /** @default 1024 */
  readonly memoryMb?: number;
  /** @default none (see HandlerFunctionProps.reservedConcurrency) */
  readonly reservedConcurrency?: number;
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 1 */
  readonly batchingWindowSeconds?: number;
  /** @default 30 seconds */
  readonly timeout?: Duration;
}

export class Worker extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    this.function = handlerFunction(this, 'Function', {
      entry: 'worker',
      logKey: props.logKey,
      memoryMb: props.memoryMb ?? 1024,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrency: props.reservedConcurrency }),
      timeout: props.timeout ?? Duration.seconds(30),
      noDeadLetterReason:
        'Invoked by SQS event source mappings, not asynchronously: failed messages return to their lane and reach the lane DLQ after 5 receives.',
      environment: {
        DATA_BUCKET: props.bucket.bucketName,
        REQUESTS_PREFIX,
        RESULTS_PREFIX,
        RESULTS_TOPIC_ARN: props.resultsTopic.topicArn,
        ENDPOINT_NAME: props.endpointName,
        ...(props.variantEndpoint ? { VARIANT_ENDPOINT_NAME: props.variantEndpoint.name } : {}),
        ROUTE_TABLE_BUCKET: props.stateBucket.bucketName,
        ROUTE_TABLE_KEY,
        // Shadow releases: the candidate's answers to mirrored requests, compared, go here as pairs.
        MIRROR_BUCKET: props.bucket.bucketName,
        MIRROR_PREFIX,
        // The worker announces a message failed on its last allowed receive (the DeadLettered metric).
        MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT),
      },
    });
    for (const lane of props.lanes) {
      this.function.addEventSource(
        new SqsEventSource(lane.queue, {
          batchSize: props.batchSize ?? 10,
          maxBatchingWindow: Duration.seconds(props.batchingWindowSeconds ?? 1),
          // One poison message must not send its whole batch back for a retry.
          reportBatchItemFailures: true,
        }),
      );
    }
    props.bucket.grantRead(this.function, `${REQUESTS_PREFIX}*`);
    // A redelivered message finds its result already written and only re-announces it.
    props.bucket.grantRead(this.function, `${RESULTS_PREFIX}*`);
    props.bucket.grantPut(this.function, `${RESULTS_PREFIX}*`);
    props.bucket.grantPut(this.function, `${MIRROR_PREFIX}*`);
    props.stateBucket.grantRead(this.function, ROUTE_TABLE_KEY);
    props.resultsTopic.grantPublish(this.function);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [props.endpointArn, ...(props.variantEndpoint ? [props.variantEndpoint.arn] : [])],
      }),
    );
  }
}
