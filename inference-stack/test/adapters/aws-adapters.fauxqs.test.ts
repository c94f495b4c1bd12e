// The same contracts against the real AWS SDK adapters talking to an in-process fauxqs.
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Emulator, startEmulator } from '../../../local/src/emulator/fauxqs-emulator.ts';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.ts';
import { SnsTopic } from '../../src/adapters/aws/sns-topic.ts';
import { SqsQueue } from '../../src/adapters/aws/sqs-queue.ts';
import { objectStoreContract } from './contracts/object-store.contract.ts';
import { queueContract } from './contracts/queue.contract.ts';
import { topicContract } from './contracts/topic.contract.ts';

let emulator: Emulator;
let n = 0;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

async function newQueue(): Promise<SqsQueue> {
  const out = await emulator.sqs.send(new CreateQueueCommand({ QueueName: `q-${++n}` }));
  return new SqsQueue({ client: emulator.sqs, queueUrl: out.QueueUrl! });
}

describe('S3ObjectStore on fauxqs contract', () => {
  objectStoreContract(async () => {
    const bucket = `bucket-${++n}`;
    await emulator.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return new S3ObjectStore({ client: emulator.s3, bucket });
  });
});

describe('SqsQueue on fauxqs contract', () => {
  queueContract(newQueue);
});

describe('SnsTopic on fauxqs contract', () => {
  topicContract(async () => {
    const topic = await emulator.sns.send(new CreateTopicCommand({ Name: `t-${++n}` }));
    const queue = await newQueue();
    const attrs = await emulator.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    await emulator.sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn!,
        Protocol: 'sqs',
        Endpoint: attrs.Attributes!.QueueArn!,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    return {
      topic: new SnsTopic({ client: emulator.sns, topicArn: topic.TopicArn! }),
      delivered: async () =>
        (await queue.receive({ waitSeconds: 1 })).map((m) => ({ body: m.body, attributes: m.attributes })),
    };
  });
});
