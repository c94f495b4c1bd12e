// requests/ object created -> publisher Lambda -> requests topic with `lane` and `model` attributes.
// S3 cannot set SNS message attributes itself, and the lanes filter on them, hence the small publisher.
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REQUESTS_PREFIX } from './data-bucket.ts';
import { handlerFunction } from './handler-function.ts';

export interface RequestIntakeProps {
  readonly bucket: IBucket;
  readonly requestsTopic: ITopic;
  readonly logKey: IKey;
  readonly queueKey: IKey;
}

export class RequestIntake extends Construct {
  readonly publisher: NodejsFunction;
  /** S3 events the publisher could not forward after the asynchronous retries. */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: RequestIntakeProps) {
    super(scope, id);
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.publisher = handlerFunction(this, 'Publisher', {
      entry: 's3EventPublisher',
      logKey: props.logKey,
      environment: {
        DATA_BUCKET: props.bucket.bucketName,
        REQUESTS_PREFIX,
        REQUESTS_TOPIC_ARN: props.requestsTopic.topicArn,
      },
      reservedConcurrency: 20,
    });
    // S3 invokes asynchronously: after two retries the event lands in the failure queue, not nowhere.
    this.publisher.configureAsyncInvoke({ onFailure: new SqsDestination(this.failures), retryAttempts: 2 });
    props.requestsTopic.grantPublish(this.publisher);
    props.bucket.grantRead(this.publisher, `${REQUESTS_PREFIX}*`);
    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.publisher), {
      prefix: REQUESTS_PREFIX,
    });
  }
}
