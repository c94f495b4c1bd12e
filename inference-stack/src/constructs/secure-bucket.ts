// The bucket baseline every bucket here shares: KMS, TLS only, no public access, versioned, access-logged.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';

export interface SecureBucketProps {
  readonly encryptionKey: IKey;
  /** Server access logs go here, under `<id>/`. */
  readonly accessLogs: IBucket;
  readonly lifecycleRules?: BucketProps['lifecycleRules'];
}

export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.KMS,
    encryptionKey: props.encryptionKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: `${id}/`,
    removalPolicy: RemovalPolicy.RETAIN,
    ...(props.lifecycleRules ? { lifecycleRules: props.lifecycleRules } : {}),
  });
}

/** The access-log bucket itself: S3 log delivery only supports SSE-S3 on the target bucket. */
export function accessLogBucket(scope: Construct, id: string): Bucket {
  const bucket = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(bucket, [
    ['AwsSolutions-S1', 'This is the server access log target; logging it into itself would loop.'],
    [
      'HIPAA.Security-S3BucketLoggingEnabled',
      'This is the server access log target; logging it into itself would loop.',
    ],
    [
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'S3 server access log delivery supports only SSE-S3 on the target bucket.',
    ],
  ]);
  return bucket;
}
