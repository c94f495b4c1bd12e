// What AWS authorizes for each recorded SDK call: the IAM action(s), the resource ARN and the request
// context, including the KMS calls a service makes with the caller's credentials (S3 SSE-KMS, SNS
// and SQS encryption) for the key the template puts on that bucket, topic or queue.
import { ACCOUNT, PARTITION, REGION } from './cfn-resolver.ts';
import type { IamModel } from './iam-model.ts';
import type { RecordedCall } from './recording-aws.ts';

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
  /** Where the request comes from: the SDK call, or the service acting for the role. */
  readonly via: string;
}

const s3Object = (bucket: unknown, key: unknown) => `arn:${PARTITION}:s3:::${String(bucket)}/${String(key)}`;
const s3Bucket = (bucket: unknown) => `arn:${PARTITION}:s3:::${String(bucket)}`;
const regional = (service: string, rest: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${rest}`;
const sagemaker = (type: string, name: unknown) => regional('sagemaker', `${type}/${String(name).toLowerCase()}`);
export const queueArnOfUrl = (url: unknown) => regional('sqs', String(url).split('/').at(-1)!);
const dashboard = (name: unknown) => `arn:${PARTITION}:cloudwatch::${ACCOUNT}:dashboard/${String(name)}`;
const MISSING = new Set(['NoSuchKey', 'NotFound']);

/** `s3://bucket/key` -> [bucket, key]. */
export function splitS3Uri(uri: string): [string, string] {
  const [bucket, ...key] = uri.replace(/^s3:\/\//, '').split('/');
  return [bucket!, key.join('/')];
}

export function requestsFor(call: RecordedCall, model: IamModel): IamRequest[] {
  const via = `${call.client} ${call.command}`;
  const i = call.input;
  const kms = (resourceArn: string, actions: string[], explicitKey?: unknown): IamRequest[] => {
    const key = explicitKey ? String(explicitKey) : model.encryptionKeyOf(resourceArn);
    return key ? actions.map((action) => ({ action, resource: key, via: `${via} (SSE-KMS)` })) : [];
  };
  switch (`${call.client}:${call.command}`) {
    case 'S3:GetObject':
    case 'S3:HeadObject': {
      const object = s3Object(i.Bucket, i.Key);
      const get = { action: 's3:GetObject', resource: object, via };
      // S3 answers 404 to a missing key only when the caller may list the bucket; otherwise 403.
      if (call.error && MISSING.has(call.error))
        return [get, { action: 's3:ListBucket', resource: s3Bucket(i.Bucket), via: `${via} (missing key: 404)` }];
      return [get, ...kms(object, ['kms:Decrypt'])];
    }
    case 'S3:PutObject': {
      const object = s3Object(i.Bucket, i.Key);
      return [
        { action: 's3:PutObject', resource: object, via },
        ...kms(object, ['kms:GenerateDataKey'], i.SSEKMSKeyId),
      ];
    }
    case 'S3:CreateMultipartUpload':
    case 'S3:UploadPart':
    case 'S3:CompleteMultipartUpload': {
      const object = s3Object(i.Bucket, i.Key);
      return [
        { action: 's3:PutObject', resource: object, via },
        ...kms(object, ['kms:GenerateDataKey', 'kms:Decrypt'], i.SSEKMSKeyId),
      ];
    }
    case 'S3:AbortMultipartUpload':
      return [{ action: 's3:AbortMultipartUpload', resource: s3Object(i.Bucket, i.Key), via }];
    case 'S3:DeleteObject':
      return [{ action: 's3:DeleteObject', resource: s3Object(i.Bucket, i.Key), via }];
    case 'S3:ListObjectsV2':
      return [
        {
          action: 's3:ListBucket',
          resource: s3Bucket(i.Bucket),
          context: { 's3:prefix': String(i.Prefix ?? '') },
          via,
        },
      ];
    case 'SNS:Publish': {
      const topic = String(i.TopicArn);
      return [{ action: 'sns:Publish', resource: topic, via }, ...kms(topic, ['kms:GenerateDataKey', 'kms:Decrypt'])];
    }
    case 'SQS:SendMessage': {
      const queue = queueArnOfUrl(i.QueueUrl);
      return [
        { action: 'sqs:SendMessage', resource: queue, via },
        ...kms(queue, ['kms:GenerateDataKey', 'kms:Decrypt']),
      ];
    }
    case 'SQS:ReceiveMessage': {
      const queue = queueArnOfUrl(i.QueueUrl);
      return [{ action: 'sqs:ReceiveMessage', resource: queue, via }, ...kms(queue, ['kms:Decrypt'])];
    }
    case 'SQS:DeleteMessage':
    case 'SQS:ChangeMessageVisibility':
    case 'SQS:GetQueueAttributes':
      return [{ action: `sqs:${call.command}`, resource: queueArnOfUrl(i.QueueUrl), via }];
    case 'SageMakerRuntime:InvokeEndpoint':
      return [{ action: 'sagemaker:InvokeEndpoint', resource: sagemaker('endpoint', i.EndpointName), via }];
    case 'SageMaker:UpdateEndpoint':
    case 'SageMaker:DescribeEndpoint':
    case 'SageMaker:CreateEndpoint':
    case 'SageMaker:DeleteEndpoint':
      return [
        { action: `sagemaker:${call.command}`, resource: sagemaker('endpoint', i.EndpointName), via },
        ...tags(call, sagemaker('endpoint', i.EndpointName)),
      ];
    case 'SageMaker:CreateModel':
      return [
        { action: 'sagemaker:CreateModel', resource: sagemaker('model', i.ModelName), via },
        passRoleToSageMaker(i.ExecutionRoleArn, `${via} (ExecutionRoleArn)`),
        ...tags(call, sagemaker('model', i.ModelName)),
      ];
    case 'SageMaker:DeleteModel':
      return [{ action: 'sagemaker:DeleteModel', resource: sagemaker('model', i.ModelName), via }];
    case 'SageMaker:CreateEndpointConfig': {
      const config = sagemaker('endpoint-config', i.EndpointConfigName);
      // SageMaker makes a grant on the volume key with the caller's rights (for the endpoint it serves).
      const key = i.KmsKeyId
        ? [
            { action: 'kms:DescribeKey', resource: String(i.KmsKeyId), via: `${via} (KmsKeyId)` },
            {
              action: 'kms:CreateGrant',
              resource: String(i.KmsKeyId),
              context: { 'kms:GrantIsForAWSResource': 'true' },
              via: `${via} (KmsKeyId)`,
            },
          ]
        : [];
      return [{ action: 'sagemaker:CreateEndpointConfig', resource: config, via }, ...key, ...tags(call, config)];
    }
    case 'SageMaker:DescribeEndpointConfig':
    case 'SageMaker:DeleteEndpointConfig':
      return [
        { action: `sagemaker:${call.command}`, resource: sagemaker('endpoint-config', i.EndpointConfigName), via },
      ];
    case 'CloudWatch:DescribeAlarms':
      return ((i.AlarmNames as string[] | undefined) ?? ['*']).map((name) => ({
        action: 'cloudwatch:DescribeAlarms',
        resource: regional('cloudwatch', `alarm:${name}`),
        via,
      }));
    case 'CloudWatch:PutMetricAlarm':
      return [
        { action: 'cloudwatch:PutMetricAlarm', resource: regional('cloudwatch', `alarm:${String(i.AlarmName)}`), via },
      ];
    case 'CloudWatch:DeleteAlarms':
      return ((i.AlarmNames as string[] | undefined) ?? []).map((name) => ({
        action: 'cloudwatch:DeleteAlarms',
        resource: regional('cloudwatch', `alarm:${name}`),
        via,
      }));
    // Dashboards are global: their ARN has no region.
    case 'CloudWatch:PutDashboard':
    case 'CloudWatch:GetDashboard':
      return [{ action: `cloudwatch:${call.command}`, resource: dashboard(i.DashboardName), via }];
    case 'CloudWatch:DeleteDashboards':
      return ((i.DashboardNames as string[] | undefined) ?? []).map((name) => ({
        action: 'cloudwatch:DeleteDashboards',
        resource: dashboard(name),
        via,
      }));
    case 'CloudWatch:GetMetricData':
      return [{ action: 'cloudwatch:GetMetricData', resource: '*', via }];
    case 'CloudWatch:PutMetricData':
      return [
        {
          action: 'cloudwatch:PutMetricData',
          resource: '*',
          context: { 'cloudwatch:namespace': String(i.Namespace) },
          via,
        },
      ];
    case 'SageMaker:CreateCompilationJob':
      return [
        { action: 'sagemaker:CreateCompilationJob', resource: sagemaker('compilation-job', i.CompilationJobName), via },
        passRoleToSageMaker(i.RoleArn, `${via} (RoleArn)`),
        ...tags(call, sagemaker('compilation-job', i.CompilationJobName)),
      ];
    case 'SageMaker:DescribeCompilationJob':
    case 'SageMaker:StopCompilationJob':
      return [
        { action: `sagemaker:${call.command}`, resource: sagemaker('compilation-job', i.CompilationJobName), via },
      ];
    case 'SageMaker:CreateModelPackageGroup':
    case 'SageMaker:DescribeModelPackageGroup': {
      const group = sagemaker('model-package-group', i.ModelPackageGroupName);
      return [{ action: `sagemaker:${call.command}`, resource: group, via }, ...tags(call, group)];
    }
    case 'SageMaker:CreateModelPackage': {
      const created = String(
        call.output?.ModelPackageArn ?? sagemaker('model-package', `${i.ModelPackageGroupName}/1`),
      );
      return [{ action: 'sagemaker:CreateModelPackage', resource: created.toLowerCase(), via }, ...tags(call, created)];
    }
    case 'SageMaker:DescribeModelPackage':
      return [{ action: 'sagemaker:DescribeModelPackage', resource: packageArn(i.ModelPackageName), via }];
    case 'SageMaker:UpdateModelPackage':
      return [{ action: 'sagemaker:UpdateModelPackage', resource: packageArn(i.ModelPackageArn), via }];
    case 'SageMaker:ListModelPackages':
    case 'SageMaker:ListModelPackageGroups':
    case 'SageMaker:ListModels':
    case 'SageMaker:ListEndpointConfigs':
      return [{ action: `sagemaker:${call.command}`, resource: '*', via }];
    default:
      throw new Error(`no IAM mapping for ${via}: add it to iam-requests.ts`);
  }
}

/** A role named in a SageMaker request is passed to SageMaker (iam:PassRole). */
function passRoleToSageMaker(roleArn: unknown, via: string): IamRequest {
  return {
    action: 'iam:PassRole',
    resource: String(roleArn),
    context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
    via,
  };
}

function packageArn(name: unknown): string {
  const text = String(name);
  return (text.startsWith('arn:') ? text : regional('sagemaker', `model-package/${text}`)).toLowerCase();
}

// Creating a resource with Tags is also authorized as sagemaker:AddTags on it.
function tags(call: RecordedCall, arn: string): IamRequest[] {
  const list = call.input.Tags as unknown[] | undefined;
  return list && list.length > 0
    ? [{ action: 'sagemaker:AddTags', resource: arn.toLowerCase(), via: `${call.client} ${call.command} (Tags)` }]
    : [];
}
