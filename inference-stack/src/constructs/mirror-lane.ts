// The synchronous path of a shadow release: the invoke function hands each mirrored request to this
// queue (it cannot work after it has answered), and the mirror function invokes the candidate and
// writes the pairs under mirror/ in the data bucket. The function's concurrency is capped so that
// mirrored work cannot take the endpoint from live traffic; what waits too long is dropped, counted.
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MIRROR_PREFIX } from './data-bucket.ts';
import { handlerFunction } from './handler-function.ts';
import type { EndpointRef } from './multi-model-endpoint.ts';

export interface MirrorLaneProps {
  /** The data bucket: pairs go under MIRROR_PREFIX. */
  readonly bucket: IBucket;
  readonly queueKey: IKey;
  readonly logKey: IKey;
  readonly endpointName: string;
  readonly endpointArn: string;
  /** Single-model (Neo) versions' endpoint, invoked by TargetVariant. @default none */
  readonly variantEndpoint?: EndpointRef;
  /** Mirror functions running at once (SQS event source maxConcurrency, at least 2). @default 2 */
  readonly maxConcurrency?: number;
  /** A mirrored request older than this is dropped and counted, not sent to the candidate. @default 5 minutes */
  readonly maxAge?: Duration;
}

export class MirrorLane extends Construct {
  readonly queue: Queue;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: MirrorLaneProps) {
    super(scope, id);
    const timeout = Duration.seconds(30);
    const maxAge = props.maxAge ?? Duration.minutes(5);
    const queueProps = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.queueKey, enforceSSL: true };
    // Only a mirror function that crashed or timed out leaves a message here: it handles every one.
    const deadLetterQueue = new Queue(this, 'Dlq', { ...queueProps, retentionPeriod: Duration.days(1) });
    this.queue = new Queue(this, 'Queue', {
      ...queueProps,
      // Older than maxAge is dropped by the function anyway; the retention only bounds a stopped consumer.
      retentionPeriod: Duration.hours(1),
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 2 },
    });
    this.function = handlerFunction(this, 'Function', {
      entry: 'mirror',
      logKey: props.logKey,
      memoryMb: 512,
      timeout,
      noDeadLetterReason:
        'Invoked by an SQS event source mapping: a failed batch returns to the mirror queue, and its DLQ after 2 receives.',
      environment: {
        ENDPOINT_NAME: props.endpointName,
        ...(props.variantEndpoint ? { VARIANT_ENDPOINT_NAME: props.variantEndpoint.name } : {}),
        MIRROR_BUCKET: props.bucket.bucketName,
        MIRROR_PREFIX,
        MIRROR_MAX_AGE_MS: String(maxAge.toMilliseconds()),
      },
    });
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: Math.max(2, props.maxConcurrency ?? 2),
      }),
    );
    props.bucket.grantPut(this.function, `${MIRROR_PREFIX}*`);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [props.endpointArn, ...(props.variantEndpoint ? [props.variantEndpoint.arn] : [])],
      }),
    );
  }

  /** Lets `fn` hand mirrored requests to the queue (MIRROR_QUEUE_URL). */
  grantHandoff(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment('MIRROR_QUEUE_URL', this.queue.queueUrl);
  }
}
