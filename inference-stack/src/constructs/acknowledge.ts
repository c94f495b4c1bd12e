// cdk-nag 3 findings we accept, each with its reason next to the construct it concerns.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges each `[ruleId, reason]` on the construct and everything under it. */
export function acknowledge(scope: IConstruct, findings: readonly (readonly [id: string, reason: string])[]): void {
  Validations.of(scope).acknowledge(...findings.map(([id, reason]) => ({ id, reason })));
}

export const NO_VPC_REASON =
  'No private network resource is reached: the function only calls AWS APIs (S3, SNS, SQS, SageMaker) over TLS with IAM auth; a VPC would add NAT/endpoints cost without reducing exposure.';
