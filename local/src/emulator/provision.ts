// Creates the local equivalents of the inference stack's resources through the AWS APIs:
// data bucket, requests and results topics, one queue per lane with its DLQ and a filter policy.
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { LANES, type Lane, laneFilterPolicy } from '../lanes.ts';
import type { Emulator } from './fauxqs-emulator.ts';

export { LANES, type Lane } from '../lanes.ts';

export interface LaneQueues {
  readonly lane: Lane;
  readonly queueUrl: string;
  readonly dlqUrl: string;
}

export interface Provisioned {
  readonly bucket: string;
  readonly requestsTopicArn: string;
  readonly resultsTopicArn: string;
  readonly lanes: readonly LaneQueues[];
}

export interface ProvisionOptions {
  readonly bucket?: string;
  /** Deliveries before a message moves to the lane's DLQ. @default 3 */
  readonly maxReceiveCount?: number;
  /** @default 30 */
  readonly visibilityTimeoutSeconds?: number;
}

export async function provision(emulator: Emulator, options: ProvisionOptions = {}): Promise<Provisioned> {
  const bucket = options.bucket ?? 'model-release-data';
  await emulator.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const requestsTopicArn = await createTopic(emulator, 'inference-requests');
  const resultsTopicArn = await createTopic(emulator, 'inference-results');
  const lanes: LaneQueues[] = [];
  for (const lane of LANES) {
    const dlqUrl = await createQueue(emulator, `requests-${lane}-dlq`, {});
    const dlqArn = await queueArn(emulator, dlqUrl);
    const queueUrl = await createQueue(emulator, `requests-${lane}`, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 3 }),
    });
    await emulator.sns.send(
      new SubscribeCommand({
        TopicArn: requestsTopicArn,
        Protocol: 'sqs',
        Endpoint: await queueArn(emulator, queueUrl),
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(laneFilterPolicy(lane)) },
      }),
    );
    lanes.push({ lane, queueUrl, dlqUrl });
  }
  return { bucket, requestsTopicArn, resultsTopicArn, lanes };
}

async function createTopic(emulator: Emulator, name: string): Promise<string> {
  const out = await emulator.sns.send(new CreateTopicCommand({ Name: name }));
  return out.TopicArn!;
}

async function createQueue(emulator: Emulator, name: string, attributes: Record<string, string>): Promise<string> {
  const out = await emulator.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

async function queueArn(emulator: Emulator, queueUrl: string): Promise<string> {
  const out = await emulator.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return out.Attributes!.QueueArn!;
}
