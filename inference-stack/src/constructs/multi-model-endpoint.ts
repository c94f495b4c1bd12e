// SageMaker multi-model endpoint: one model in MultiModel mode over the S3 models/ prefix, so a
// TargetModel (`<model>/<version>-<sha12>/<file>`) is loaded on first use; instances scale on invocations.
import { Stack } from 'aws-cdk-lib';
import { PredefinedMetric, ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnEndpoint, CfnEndpointConfig, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { EndpointSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { acknowledge } from './acknowledge.ts';
import { MODELS_PREFIX } from './data-bucket.ts';

export const VARIANT_NAME = 'AllTraffic';

export interface MultiModelEndpointProps {
  /** `endpoint` block of models.yaml: name, instance type, instance range, scaling target. */
  readonly spec: EndpointSpec;
  readonly modelBucket: IBucket;
  readonly key: IKey;
  /** Inference image; `{region}` is replaced by the stack's region. */
  readonly containerImage: string;
}

export class MultiModelEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;

  constructor(scope: Construct, id: string, props: MultiModelEndpointProps) {
    super(scope, id);
    const { spec } = props;
    const stack = Stack.of(this);
    const role = new Role(this, 'ExecutionRole', { assumedBy: new ServicePrincipal('sagemaker.amazonaws.com') });
    props.modelBucket.grantRead(role, `${MODELS_PREFIX}*`);
    props.key.grantDecrypt(role);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        resources: [`arn:${stack.partition}:ecr:${stack.region}:*:repository/*`],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/sagemaker/Endpoints/*`,
        ],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', 'AWS/SageMaker'] } },
      }),
    );

    const model = new CfnModel(this, 'Model', {
      executionRoleArn: role.roleArn,
      enableNetworkIsolation: true,
      primaryContainer: {
        image: props.containerImage.replaceAll('{region}', stack.region),
        mode: 'MultiModel',
        modelDataUrl: props.modelBucket.s3UrlForObject(MODELS_PREFIX),
      },
    });
    model.node.addDependency(role);
    const config = new CfnEndpointConfig(this, 'Config', {
      kmsKeyId: props.key.keyArn,
      productionVariants: [
        {
          variantName: VARIANT_NAME,
          modelName: model.attrModelName,
          instanceType: spec.instanceType,
          initialInstanceCount: spec.instances.min,
          initialVariantWeight: 1,
        },
      ],
    });
    const endpoint = new CfnEndpoint(this, 'Endpoint', {
      endpointName: spec.name,
      endpointConfigName: config.attrEndpointConfigName,
    });
    this.endpointName = spec.name;
    this.endpointArn = endpoint.ref;

    const target = new ScalableTarget(this, 'Scaling', {
      serviceNamespace: ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${spec.name}/variant/${VARIANT_NAME}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: spec.instances.min,
      maxCapacity: spec.instances.max,
    });
    target.node.addDependency(endpoint);
    target.scaleToTrackMetric('InvocationsPerInstance', {
      predefinedMetric: PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
      targetValue: spec.targetInvocationsPerInstance,
    });

    acknowledge(this, [
      [
        'AwsSolutions-SM1',
        'The endpoint reaches only S3 and ECR and runs with network isolation; no VPC resource is involved.',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'ecr:GetAuthorizationToken and cloudwatch:PutMetricData have no resource-level permissions (PutMetricData is namespace-scoped by condition).',
      ],
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:*:repository/*]',
        'The inference image lives in an AWS-owned Deep Learning Containers account that differs per region.',
      ],
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/Endpoints/*]',
        'SageMaker names endpoint log groups itself under this path.',
      ],
    ]);
  }
}
