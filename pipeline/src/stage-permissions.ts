// StagePermission (data in stages.ts) -> least-privilege IAM statements for that stage's CodeBuild role.
import type { Stack } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { StagePermission } from './stages.ts';

export interface PermissionTargets {
  readonly stateBucketArn: string;
  readonly dataKeyArn: string;
  /** Role SageMaker Neo assumes to read the source model and write the compiled one. */
  readonly compileRole: IRole;
  readonly modelsObjectsArn: string;
  /** The data bucket itself (bucket-level actions). */
  readonly dataBucketArn: string;
}

/**
 * Names of the SageMaker resources the pipeline creates. The registry names compilation jobs
 * `<model>-<version>-<sha12>` and model package groups after the model, and models.yaml may gain a model
 * before this stack is redeployed, so no narrower name pattern holds; set a prefix here if the registry
 * adopts one.
 */
export const SAGEMAKER_NAMES = '*';

export function stageStatements(permission: StagePermission, t: PermissionTargets, stack: Stack): PolicyStatement[] {
  const sm = (resource: string) => `arn:${stack.partition}:sagemaker:${stack.region}:${stack.account}:${resource}`;
  switch (permission) {
    case 'read-state':
      return [
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:ListBucket'],
          resources: [t.stateBucketArn, `${t.stateBucketArn}/*`],
        }),
        new PolicyStatement({ actions: ['kms:Decrypt'], resources: [t.dataKeyArn] }),
      ];
    case 'write-desired-state':
      return [
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${t.stateBucketArn}/desired/*`] }),
        new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [t.dataKeyArn] }),
      ];
    case 'write-prepared-release':
      // S3StateStore keeps state under state/; the controller's StatePreparedReleases reads releases/.
      return [
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${t.stateBucketArn}/state/releases/*`] }),
        new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [t.dataKeyArn] }),
      ];
    case 'compile':
      return [
        new PolicyStatement({
          actions: [
            'sagemaker:CreateCompilationJob',
            'sagemaker:DescribeCompilationJob',
            'sagemaker:StopCompilationJob',
          ],
          resources: [sm(`compilation-job/${SAGEMAKER_NAMES}`)],
        }),
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          resources: [t.modelsObjectsArn],
        }),
        // Compile first asks whether an artifact or compile record exists (HeadObject/GetObject). S3
        // answers 404 for a missing key only to a caller with s3:ListBucket on the bucket, and 403 to
        // anyone else; that check carries no s3:prefix, so a prefix condition would not help.
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [t.dataBucketArn] }),
        new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [t.dataKeyArn] }),
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [t.compileRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
      ];
    case 'register':
      return [
        new PolicyStatement({
          actions: [
            'sagemaker:CreateModelPackageGroup',
            'sagemaker:DescribeModelPackageGroup',
            'sagemaker:CreateModelPackage',
            'sagemaker:DescribeModelPackage',
            'sagemaker:ListModelPackages',
            'sagemaker:UpdateModelPackage',
            'sagemaker:AddTags',
          ],
          resources: [sm(`model-package-group/${SAGEMAKER_NAMES}`), sm(`model-package/${SAGEMAKER_NAMES}`)],
        }),
        // A List action: no resource-level permission exists.
        new PolicyStatement({ actions: ['sagemaker:ListModelPackageGroups'], resources: ['*'] }),
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [t.modelsObjectsArn] }),
        new PolicyStatement({ actions: ['kms:Decrypt'], resources: [t.dataKeyArn] }),
      ];
  }
}
