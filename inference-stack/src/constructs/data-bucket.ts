// The request/result bucket. MFA delete cannot be set by CloudFormation: see README-infra.md.
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type Bucket, type IBucket, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MIRROR_PREFIX } from '../../../release-tools/src/domain/mirror-batch.ts';
import { secureBucket } from './secure-bucket.ts';

export const REQUESTS_PREFIX = 'requests/';
export const RESULTS_PREFIX = 'results/';
/** Where the multi-model endpoint loads model archives from (TargetModel is relative to it). */
export const MODELS_PREFIX = 'models/';
/** Idempotency-Key -> prediction id mappings written by submit (handlers/submit.ts). */
export const IDEMPOTENCY_PREFIX = 'idempotency/';
/** Shadow releases' mirrored pairs: the worker and the mirror function write, the controller reads. */
export { MIRROR_PREFIX };

export interface DataBucketProps {
  readonly encryptionKey: IKey;
  readonly accessLogs: IBucket;
  /** Requests are inputs only needed until their result exists. @default 7 */
  readonly requestRetentionDays?: number;
  /** Results are read soon after they land, then rarely. @default 0 */
  readonly resultsTieringDays?: number;
  /** Mirrored pairs are evidence for a shadow's gate (minutes to days), then history. @default 30 */
  readonly mirrorRetentionDays?: number;
}

export class DataBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    const days = props.requestRetentionDays ?? 7;
    this.bucket = secureBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      accessLogs: props.accessLogs,
      lifecycleRules: [
        {
          id: 'expire-requests',
          prefix: REQUESTS_PREFIX,
          expiration: Duration.days(days),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'tier-results',
          prefix: RESULTS_PREFIX,
          transitions: [
            {
              storageClass: StorageClass.INTELLIGENT_TIERING,
              transitionAfter: Duration.days(props.resultsTieringDays ?? 0),
            },
          ],
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'expire-mirrored-pairs',
          prefix: MIRROR_PREFIX,
          expiration: Duration.days(props.mirrorRetentionDays ?? 30),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
  }
}
