// One customer-managed key per concern: a key policy that lets SNS use a key must not also open SQS data.
// Each service principal may use a key only for this account's resources (aws:SourceAccount with
// aws:SourceArn, or the encryption context the service documents), so no other account's topic,
// rule or log group can make the service use our keys (the confused-deputy problem).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
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

    allowLogsService(this.logs);
    const use = ['kms:GenerateDataKey*', 'kms:Decrypt'];
    // EventBridge dead-letters undeliverable controller events. (SNS delivering into the lanes gets its
    // statement per subscription from CDK, limited to the requests topic: see build-app.ts.)
    allowServiceFromAccount(this.queues, 'events.amazonaws.com', use, 'events', 'rule/*');
    // CloudWatch alarms publish into the encrypted topics.
    allowServiceFromAccount(this.topics, 'cloudwatch.amazonaws.com', use, 'cloudwatch', 'alarm:*');
  }
}

/** Lets `service` use `key` only on behalf of resources of `arnService` in this account and region. */
export function allowServiceFromAccount(
  key: IKey,
  service: string,
  actions: string[],
  arnService: string,
  resource: string,
): void {
  const { account, region, partition } = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(service)],
      actions,
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:${arnService}:${region}:${account}:${resource}` },
      },
    }),
  );
}

/** CloudWatch Logs may use the key only for this account's log groups in this region (its documented condition). */
export function allowLogsService(key: IKey): void {
  const { account, region, partition } = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
      },
    }),
  );
}
