// Every AWS SDK v3 client the code builds, mocked at the class (aws-sdk-client-mock) over small
// in-memory services, with each command the code sends recorded with its input and outcome. A role's
// calls are what its real code sends here while it runs.
import {
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  DescribeAlarmsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeCloudWatch } from '../../../release-tools/test/adapters/fake-cloudwatch.ts';
import { fakeVariantEndpoints } from '../../../release-tools/test/adapters/fake-variant-endpoint.ts';
import { fakeS3, fakeSageMaker } from '../../../release-tools/test/cli/aws/fake-aws.ts';

export interface RecordedCall {
  /** SDK client name without `Client`, e.g. `S3`, `SageMakerRuntime`. */
  readonly client: string;
  /** Command name without `Command`, e.g. `GetObject`. */
  readonly command: string;
  readonly input: Record<string, unknown>;
  /** What the service answered, when it did not fail. */
  readonly output?: Record<string, unknown>;
  /** Name of the error the service answered with (NoSuchKey, PreconditionFailed...), if any. */
  readonly error?: string;
}

export type RecordingAws = ReturnType<typeof recordingAws>;

export function recordingAws() {
  const s3 = fakeS3();
  const sagemaker = fakeSageMaker(s3);
  // The variant endpoint the controller creates for Neo versions (settle() finishes its updates).
  const variants = fakeVariantEndpoints(sagemaker.mock);
  const cloudwatch = fakeCloudWatch([]);
  for (const command of [PutMetricDataCommand, PutMetricAlarmCommand, DeleteAlarmsCommand, DeleteDashboardsCommand])
    cloudwatch.mock.on(command as typeof PutMetricDataCommand).resolves({});
  cloudwatch.mock.on(PutDashboardCommand).resolves({ DashboardValidationMessages: [] });
  // The stack creates every gate alarm (model-alarms.ts) and the controller reads them: answer each
  // named one as OK. This suite checks who may call DescribeAlarms, not which alarms exist.
  cloudwatch.mock.on(DescribeAlarmsCommand).callsFake(async (input: { AlarmNames?: string[] }) => ({
    MetricAlarms: (input.AlarmNames ?? []).map((AlarmName) => ({
      AlarmName,
      StateValue: 'OK',
      StateReason: '',
      StateUpdatedTimestamp: new Date(0),
    })),
  }));
  const runtime = mockClient(SageMakerRuntimeClient);
  runtime.on(InvokeEndpointCommand).resolves({
    Body: new TextEncoder().encode(
      JSON.stringify({ outputs: { score: { dtype: 'float32', shape: [1], data: [0.5] } } }),
    ) as never,
  });
  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
  type Stub = { calls(): { args: unknown[]; returnValue: unknown }[]; resetHistory(): void; restore(): void };
  const mocks: [string, Stub][] = [
    ['S3', s3.mock as never],
    ['SageMaker', sagemaker.mock as never],
    ['CloudWatch', cloudwatch.mock as never],
    ['SageMakerRuntime', runtime as never],
    ['SNS', sns as never],
    ['SQS', sqs as never],
  ];

  return {
    s3,
    sagemaker,
    variants,
    /** The calls sent since the last `forget()`, in the order each client received them. */
    async calls(): Promise<RecordedCall[]> {
      const out: RecordedCall[] = [];
      for (const [client, mock] of mocks)
        for (const call of mock.calls()) {
          const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
          const outcome = await Promise.resolve(call.returnValue).then(
            (output) => ({ output: output as Record<string, unknown> }),
            (e: { name?: string }) => ({ error: e?.name ?? 'Error' }),
          );
          out.push({
            client,
            command: command.constructor.name.replace(/Command$/, ''),
            input: command.input,
            ...outcome,
          });
        }
      return out;
    },
    forget(): void {
      for (const [, mock] of mocks) mock.resetHistory();
    },
    restore(): void {
      for (const [, mock] of mocks) mock.restore();
    },
  };
}
