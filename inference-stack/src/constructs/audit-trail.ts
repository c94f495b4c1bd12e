// CloudTrail: every management event plus object-level (data) events on the request/result bucket.
import { RemovalPolicy } from 'aws-cdk-lib';
import { ReadWriteType, Trail } from 'aws-cdk-lib/aws-cloudtrail';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
    props.dataKey.grant(new ServicePrincipal('cloudtrail.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:DescribeKey');
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
