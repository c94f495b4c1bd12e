// CloudTrail: every management event plus object-level (data) events on the request/result bucket.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ReadWriteType, Trail } from 'aws-cdk-lib/aws-cloudtrail';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucket } from './secure-bucket.ts';

export interface AuditTrailProps {
  /** Object-level reads and writes on this bucket are recorded. */
  readonly dataBucket: IBucket;
  readonly dataKey: IKey;
  readonly logKey: IKey;
  readonly accessLogs: IBucket;
}

export class AuditTrail extends Construct {
  readonly trail: Trail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    // CloudTrail may use the key only for this account's trails (its documented encryption context).
    const { account, partition } = Stack.of(this);
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': account } };
    const cloudtrail = new ServicePrincipal('cloudtrail.amazonaws.com');
    props.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudtrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          ...fromThisAccount,
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
    );
    props.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudtrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    const bucket = secureBucket(this, 'Logs', { encryptionKey: props.dataKey, accessLogs: props.accessLogs });
    this.trail = new Trail(this, 'Trail', {
      bucket,
      encryptionKey: props.dataKey,
      enableFileValidation: true,
      includeGlobalServiceEvents: true,
      managementEvents: ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: new LogGroup(this, 'TrailLogs', {
        encryptionKey: props.logKey,
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    });
    this.trail.addS3EventSelector([{ bucket: props.dataBucket }], { readWriteType: ReadWriteType.ALL });
  }
}
