// Findings every stack of this app accepts for the same reason, acknowledged once per stack.
import type { Stack } from 'aws-cdk-lib';
import { acknowledge } from './acknowledge.ts';
import { acknowledgeWildcards, type WildcardRule } from './acknowledge-wildcards.ts';

/** Action groups CDK grant helpers emit; each statement's Resource limits it to one bucket or key of this app. */
export const GRANT_ACTION_GROUPS: WildcardRule = [
  /^Action::(s3:(GetObject|GetBucket|List|DeleteObject|Abort|PutObjectLegalHold|PutObjectRetention|PutObjectTagging|PutObjectVersionTagging)\*|kms:(ReEncrypt|GenerateDataKey)\*)$/,
  'Action groups emitted by CDK grant helpers (grantRead/grantPut/grantReadWrite/grantEncryptDecrypt); each statement is limited by its Resource to a single bucket or key of this app.',
];

export function acknowledgeSharedFindings(stack: Stack, wildcards: readonly WildcardRule[]): void {
  acknowledge(stack, [
    [
      'HIPAA.Security-IAMNoInlinePolicy',
      'CDK attaches each role\u2019s least-privilege grants as that role\u2019s own inline policy, reviewed and deployed with it; no other principal would share a managed policy.',
    ],
    [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Cross-region replication needs a second region and its own keys: a deployment decision (README-infra.md); versioning and RETAIN protect against deletion here.',
    ],
  ]);
  acknowledgeWildcards(stack, [GRANT_ACTION_GROUPS, ...wildcards]);
}
