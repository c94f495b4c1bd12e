// SageMaker multi-model endpoint: one model in MultiModel mode over the S3 models/ prefix, so a
// TargetModel (`<model>/<version>-<sha12>/<file>`) is loaded on first use; instances scale on invocations.
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
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
import { variantEndpointNameOf } from '../../../release-tools/src/domain/variant-name.ts';
import { acknowledge } from './acknowledge.ts';
import { MODELS_PREFIX } from './data-bucket.ts';
import { endpointExecutionRole } from './endpoint-execution-role.ts';

export const VARIANT_NAME = 'AllTraffic';
/** AutoRollbackConfig.Alarms holds at most 10 alarms (SageMaker API model). */
export const MAX_ROLLBACK_ALARMS = 10;

export interface MultiModelEndpointProps {
  /** `endpoint` block of models.yaml: name, instance type, instance range, scaling target. */
  readonly spec: EndpointSpec;
  readonly modelBucket: IBucket;
  readonly key: IKey;
  /** Inference image; `{region}` is replaced by the stack's region. */
  readonly containerImage: string;
  /** The image's ECR repository when it is an image asset (its URI is then only known at deploy). */
  readonly imageRepositoryArn?: string;
  /**
   * Alarms that roll a variant-level (blue/green) endpoint update back, besides the endpoint's own 5XX and
   * p99 model-latency alarms, most important first (SageMaker takes at most 10).
   */
  readonly rollbackAlarmNames?: readonly string[];
  /** The endpoint's p99 ModelLatency alarm threshold, ms. @default 1000 */
  readonly maxP99LatencyMs?: number;
  /** Where the endpoint's 5XX alarm is announced. */
  readonly alarmTopic: ITopic;
}

/** An endpoint the Lambda functions invoke: its name and ARN. */
export interface EndpointRef {
  readonly name: string;
  readonly arn: string;
}

export class MultiModelEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;
  /**
   * The endpoint serving single-model (Neo) versions as production variants. Not synthesized: the
   * controller creates it with the first such version and deletes it with the last (an endpoint
   * cannot exist without a variant, and its variants follow models.yaml at run time).
   */
  readonly variantEndpoint: EndpointRef;
  /** The role SageMaker serves models with; the controller passes it to each variant's model. */
  readonly executionRoleArn: string;

  constructor(scope: Construct, id: string, props: MultiModelEndpointProps) {
    super(scope, id);
    const { spec } = props;
    const stack = Stack.of(this);
    const role = endpointExecutionRole(
      this,
      props.modelBucket,
      props.key,
      props.imageRepositoryArn ? { repositoryArn: props.imageRepositoryArn } : props.containerImage,
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
    this.executionRoleArn = role.roleArn;
    const variantEndpointName = variantEndpointNameOf(spec.name);
    this.variantEndpoint = {
      name: variantEndpointName,
      // SageMaker ARNs carry the name in lower case.
      arn: `arn:${stack.partition}:sagemaker:${stack.region}:${stack.account}:endpoint/${variantEndpointName.toLowerCase()}`,
    };
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
    const latencyAlarmName = `${ALARM_PREFIX}endpoint-${spec.name}-p99-model-latency`;
    const latency = new Alarm(this, 'ModelLatencyP99', {
      alarmName: latencyAlarmName,
      alarmDescription: `Endpoint ${spec.name}: p99 model latency above ${props.maxP99LatencyMs ?? 1000} ms`,
      metric: new Metric({
        namespace: 'AWS/SageMaker',
        metricName: 'ModelLatency', // microseconds
        dimensionsMap: { EndpointName: spec.name, VariantName: VARIANT_NAME },
        statistic: 'p99',
        period: Duration.minutes(1),
      }),
      threshold: (props.maxP99LatencyMs ?? 1000) * 1000,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    latency.addAlarmAction(new SnsAction(props.alarmTopic));
    const wanted = [errorsAlarmName, latencyAlarmName, ...(props.rollbackAlarmNames ?? [])];
    const rollbackAlarms = wanted.slice(0, MAX_ROLLBACK_ALARMS);
    if (wanted.length > MAX_ROLLBACK_ALARMS)
      Annotations.of(this).addWarningV2(
        'mlrelease:rollback-alarms',
        `SageMaker takes ${MAX_ROLLBACK_ALARMS} rollback alarms; ${wanted.length - MAX_ROLLBACK_ALARMS} stable-track alarms are left out of the endpoint's auto-rollback (the endpoint-level 5XX and latency alarms cover every model)`,
      );
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
        autoRollbackConfiguration: { alarms: rollbackAlarms.map((alarmName) => ({ alarmName })) },
      },
    });
    endpoint.node.addDependency(errors, latency);
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
