// aws-sdk-client-mock clients that behave like a tiny S3 bucket / SQS queue, so the behavioural
// contracts run against the real adapters with mocked SDK clients (and tests can assert commands).
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';

export function mockedS3Bucket(pageSize = 2) {
  const mock = mockClient(S3Client);
  const objects = new Map<string, Uint8Array>();
  mock.on(PutObjectCommand).callsFake(async (input) => {
    if (input.IfNoneMatch === '*' && objects.has(input.Key))
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      });
    const body = input.Body as string | Uint8Array;
    objects.set(input.Key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
    return { ETag: '"etag"' };
  });
  mock.on(GetObjectCommand).callsFake(async (input) => {
    const bytes = objects.get(input.Key);
    if (!bytes)
      throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    return { Body: { transformToByteArray: async () => bytes } };
  });
  mock.on(ListObjectsV2Command).callsFake(async (input) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const start = Number(input.ContinuationToken ?? 0);
    const page = keys.slice(start, start + pageSize);
    const more = start + pageSize < keys.length;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(start + pageSize) } : {}),
    };
  });
  return { mock, client: new S3Client({ region: 'us-east-1' }) };
}

export function mockedSqsQueue(now: () => number = Date.now) {
  const mock = mockClient(SQSClient);
  type Stored = {
    id: string;
    body: string;
    attributes: Record<string, string>;
    receipt: string;
    visibleAt: number;
    count: number;
  };
  const messages: Stored[] = [];
  let seq = 0;
  mock.on(SendMessageCommand).callsFake(async (input) => {
    const id = `m-${++seq}`;
    const attributes = Object.fromEntries(
      Object.entries(input.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        (v as { StringValue?: string }).StringValue ?? '',
      ]),
    );
    messages.push({ id, body: input.MessageBody, attributes, receipt: '', visibleAt: 0, count: 0 });
    return { MessageId: id };
  });
  mock.on(ReceiveMessageCommand).callsFake(async (input) => {
    const visible = messages.filter((m) => m.visibleAt <= now()).slice(0, input.MaxNumberOfMessages ?? 1);
    for (const m of visible) {
      m.count++;
      m.receipt = `r-${m.id}-${m.count}`;
      m.visibleAt = now() + (input.VisibilityTimeout ?? 30) * 1000;
    }
    return visible.length === 0
      ? {}
      : {
          Messages: visible.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.receipt,
            Body: m.body,
            Attributes: { ApproximateReceiveCount: String(m.count) },
            ...(Object.keys(m.attributes).length > 0
              ? {
                  MessageAttributes: Object.fromEntries(
                    Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
                  ),
                }
              : {}),
          })),
        };
  });
  mock.on(DeleteMessageCommand).callsFake(async (input) => {
    const index = messages.findIndex((m) => m.receipt === input.ReceiptHandle);
    if (index >= 0) messages.splice(index, 1);
    return {};
  });
  mock.on(ChangeMessageVisibilityCommand).callsFake(async (input) => {
    const message = messages.find((m) => m.receipt === input.ReceiptHandle);
    if (message) message.visibleAt = now() + input.VisibilityTimeout * 1000;
    return {};
  });
  mock.on(GetQueueAttributesCommand).callsFake(async () => ({
    Attributes: {
      ApproximateNumberOfMessages: String(messages.filter((m) => m.visibleAt <= now()).length),
      ApproximateNumberOfMessagesNotVisible: String(messages.filter((m) => m.visibleAt > now()).length),
    },
  }));
  return { mock, client: new SQSClient({ region: 'us-east-1' }) };
}

export function mockedSnsTopic() {
  const mock = mockClient(SNSClient);
  let seq = 0;
  mock.on(PublishCommand).callsFake(async () => ({ MessageId: `sns-${++seq}` }));
  const delivered = async () =>
    mock.commandCalls(PublishCommand).map((call) => ({
      body: call.args[0].input.Message ?? '',
      attributes: Object.fromEntries(
        Object.entries(call.args[0].input.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']),
      ),
    }));
  return { mock, client: new SNSClient({ region: 'us-east-1' }), delivered };
}
