import 'aws-sdk-client-mock-vitest/extend';
import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsQueue } from '../../src/adapters/aws/sqs-queue.ts';
import { mockedSqsQueue } from '../support/mocked-aws.ts';
import { queueContract } from './contracts/queue.contract.ts';

const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/requests-standard';
let current: ReturnType<typeof mockedSqsQueue> | undefined;
const fresh = () => {
  current?.mock.restore();
  current = mockedSqsQueue();
  return current;
};
afterEach(() => current?.mock.reset());

describe('SqsQueue (aws-sdk-client-mock) contract', () => {
  queueContract(async () => new SqsQueue({ client: fresh().client, queueUrl: url }));
});

describe('SqsQueue commands', () => {
  it('long-polls for up to 10 messages with the receive count and all attributes', async () => {
    const { mock, client } = fresh();
    await new SqsQueue({ client, queueUrl: url }).receive({ waitSeconds: 20 });
    expect(mock).toHaveReceivedCommandWith(ReceiveMessageCommand, {
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 20,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      MessageAttributeNames: ['All'],
    });
  });

  it('sends string message attributes', async () => {
    const { mock, client } = fresh();
    await new SqsQueue({ client, queueUrl: url }).send('b', { lane: 'priority' });
    expect(mock).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: url,
      MessageBody: 'b',
      MessageAttributes: { lane: { DataType: 'String', StringValue: 'priority' } },
    });
  });

  it('releases a message with ChangeMessageVisibility', async () => {
    const { mock, client } = fresh();
    await new SqsQueue({ client, queueUrl: url }).changeVisibility('rh-1', 0);
    expect(mock).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: url,
      ReceiptHandle: 'rh-1',
      VisibilityTimeout: 0,
    });
  });

  it('propagates a receive failure', async () => {
    const { mock, client } = fresh();
    const denied = new SQSServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    mock.on(ReceiveMessageCommand).rejects(denied);
    await expect(new SqsQueue({ client, queueUrl: url }).receive()).rejects.toBe(denied);
  });
});
