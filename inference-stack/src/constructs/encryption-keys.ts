// One customer-managed key per concern: a key policy that lets SNS use a key must not also open SQS data.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export class EncryptionKeys extends Construct {
  /** S3 data, state and log buckets. */
  readonly data: Key;
  /** SNS topics (requests, results, release events). */
  readonly topics: Key;
  /** SQS lanes and dead-letter queues. */
  readonly queues: Key;
  /** CloudWatch Logs groups (Lambda, API access logs, CloudTrail). */
  readonly logs: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string, description: string) =>
      new Key(this, name, {
        description,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.data = key('Data', 'model-release: S3 data, state and logs');
    this.topics = key('Topics', 'model-release: SNS topics');
    this.queues = key('Queues', 'model-release: SQS lanes and DLQs');
    this.logs = key('Logs', 'model-release: CloudWatch Logs');

    const region = Stack.of(this).region;
    this.logs.grantEncryptDecrypt(new ServicePrincipal(`logs.${region}.amazonaws.com`));
    // SNS delivers into the encrypted lanes, CloudWatch alarms publish into the encrypted topics.
    this.queues.grantEncryptDecrypt(new ServicePrincipal('sns.amazonaws.com'));
    this.topics.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topics.grantEncryptDecrypt(new ServicePrincipal('events.amazonaws.com'));
  }
}
