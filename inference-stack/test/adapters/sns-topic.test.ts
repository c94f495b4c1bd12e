import 'aws-sdk-client-mock-vitest/extend';
import { PublishCommand, SNSServiceException } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { SnsTopic } from '../../src/adapters/aws/sns-topic.ts';
import { mockedSnsTopic } from '../support/mocked-aws.ts';
import { topicContract } from './contracts/topic.contract.ts';

const arn = 'arn:aws:sns:us-east-1:123456789012:inference-requests';
let current: ReturnType<typeof mockedSnsTopic> | undefined;
const fresh = () => {
  current?.mock.restore();
  current = mockedSnsTopic();
  return current;
};
afterEach(() => current?.mock.reset());

describe('SnsTopic (aws-sdk-client-mock) contract', () => {
  topicContract(async () => {
    const { client, delivered } = fresh();
    return { topic: new SnsTopic({ client, topicArn: arn }), delivered };
  });
});

describe('SnsTopic commands', () => {
  it('publishes attributes as String message attributes for filter policies', async () => {
    const { mock, client } = fresh();
    await new SnsTopic({ client, topicArn: arn }).publish({
      body: 'b',
      attributes: { model: 'fraud', lane: 'priority' },
    });
    expect(mock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: arn,
      Message: 'b',
      MessageAttributes: {
        model: { DataType: 'String', StringValue: 'fraud' },
        lane: { DataType: 'String', StringValue: 'priority' },
      },
    });
  });

  it('propagates a publish failure', async () => {
    const { mock, client } = fresh();
    const throttled = new SNSServiceException({
      name: 'Throttled',
      $fault: 'client',
      $metadata: { httpStatusCode: 429 },
    });
    mock.on(PublishCommand).rejects(throttled);
    await expect(new SnsTopic({ client, topicArn: arn }).publish({ body: 'b' })).rejects.toBe(throttled);
  });
});
