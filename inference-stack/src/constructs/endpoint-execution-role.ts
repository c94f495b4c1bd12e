// The role SageMaker assumes for the multi-model endpoint: read model archives, pull the image, log.
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { MODELS_PREFIX } from './data-bucket.ts';

/** `<account>.dkr.ecr.<region>.<suffix>/<repository>[:tag|@digest]` -> its registry account and repository. */
export function ecrRepositoryOf(image: string): { account: string; repository: string } | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.[^/]+\/([^:@]+)/.exec(image);
  return match ? { account: match[1]!, repository: match[2]! } : undefined;
}

/**
 * @param image the serving image as configured (`{region}` not yet filled in); the role may pull from
 *   its repository only (or, for an image that is not an ECR URI, from this account's repositories).
 */
export function endpointExecutionRole(
  scope: Construct,
  modelBucket: IBucket,
  key: IKey,
  image: string | { readonly repositoryArn: string },
): Role {
  const stack = Stack.of(scope);
  // An image asset names its repository exactly; a configured URI is parsed.
  const source =
    typeof image === 'string' ? (ecrRepositoryOf(image) ?? { account: stack.account, repository: '*' }) : undefined;
  const repositoryArn =
    typeof image === 'string'
      ? `arn:${stack.partition}:ecr:${stack.region}:${source!.account}:repository/${source!.repository}`
      : image.repositoryArn;
  const role = new Role(scope, 'ExecutionRole', { assumedBy: new ServicePrincipal('sagemaker.amazonaws.com') });
  modelBucket.grantRead(role, `${MODELS_PREFIX}*`);
  key.grantDecrypt(role);
  role.addToPolicy(
    new PolicyStatement({
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }),
  );
  role.addToPolicy(
    new PolicyStatement({
      actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      resources: [repositoryArn],
    }),
  );
  role.addToPolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/sagemaker/Endpoints/*`],
    }),
  );
  role.addToPolicy(
    new PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', 'AWS/SageMaker'] } },
    }),
  );

  acknowledge(role, [
    [
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken and cloudwatch:PutMetricData have no resource-level permissions (PutMetricData is namespace-scoped by condition).',
    ],
    [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/Endpoints/*]',
      'SageMaker names endpoint log groups itself under this path.',
    ],
  ]);
  return role;
}
