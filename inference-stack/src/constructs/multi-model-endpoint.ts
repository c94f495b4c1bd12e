// SageMaker multi-model endpoint: one model in MultiModel mode over the S3 models/ prefix, so a
// TargetModel (`<model>/<version>-<sha12>/<file>`) is loaded on first use; instances scale on invocations.
import { Duration, Stack } from 'aws-cdk-lib';
import { PredefinedMetric, ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnEndpoint, CfnEndpointConfig, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { EndpointSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { ALARM_PREFIX } from '../../../release-tools/src/domain/metric-contract.ts';
import { acknowledge } from './acknowledge.ts';
import { MODELS_PREFIX } from './data-bucket.ts';
import { endpointExecutionRole } from './endpoint-execution-role.ts';

export const VARIANT_NAME = 'AllTraffic';

export interface MultiModelEndpointProps {
  /** `endpoint` block of models.yaml: name, instance type, instance range, scaling target. */
  readonly spec: EndpointSpec;
  readonly modelBucket: IBucket;
  readonly key: IKey;
  /** Inference image; `{region}` is replaced by the stack's region. */
  readonly containerImage: string;
  /** Alarms that roll a variant-level (blue/green) endpoint update back, besides the endpoint's own 5XX alarm. */
  readonly rollbackAlarmNames?: readonly string[];
  /** Where the endpoint's 5XX alarm is announced. */
  readonly alarmTopic: ITopic;
}

export class MultiModelEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;

  constructor(scope: Construct, id: string, props: MultiModelEndpointProps) {
    super(scope, id);
    const { spec } = props;
    const stack = Stack.of(this);
    const role = endpointExecutionRole(this, props.modelBucket, props.key, props.containerImage);

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
    const errorsAlarmName = `${ALARM_PREFIX}endpoint-${spec.name}-5xx`;
    const errors = new Alarm(this, 'Invocation5xx', {
      alarmName: errorsAlarmName,
      alarmDescription: `Endpoint ${spec.name} answers with 5XX errors`,
      metric: new Metric({
        namespace: 'AWS/SageMaker',
        metricName: 'Invocation5XXErrors',
        dimensionsMap: { EndpointName: spec.name, VariantName: VARIANT_NAME },
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
      threshold: 5,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    errors.addAlarmAction(new SnsAction(props.alarmTopic));
    const rollbackAlarms = [errorsAlarmName, ...(props.rollbackAlarmNames ?? [])];
    const endpoint = new CfnEndpoint(this, 'Endpoint', {
      endpointName: spec.name,
      endpointConfigName: config.attrEndpointConfigName,
      // Variant-level changes (instance type, image) shift on SageMaker's blue/green guardrails: 10% canary
      // capacity first, rolled back if any alarm fires. Model versions never go this way (the router does).
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: {
            type: 'CANARY',
            canarySize: { type: 'CAPACITY_PERCENT', value: 10 },
            waitIntervalInSeconds: 300,
          },
          terminationWaitInSeconds: 300,
          maximumExecutionTimeoutInSeconds: 3600,
        },
        autoRollbackConfiguration: { alarms: rollbackAlarms.slice(0, 10).map((alarmName) => ({ alarmName })) },
      },
    });
    endpoint.node.addDependency(errors);
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
    ]);
  }
}
