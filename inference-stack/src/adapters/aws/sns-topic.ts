// Topic on SNS. Attributes are String message attributes so subscriptions can filter on them.
import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import type { Topic, TopicMessage } from '../../ports/topic.ts';

export type SnsTopicOptions = { readonly topicArn: string } & (
  | { readonly client: SNSClient }
  | { readonly clientConfig?: SNSClientConfig }
);

export class SnsTopic implements Topic {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsTopicOptions) {
    this.topicArn = options.topicArn;
    this.client = 'client' in options ? options.client : new SNSClient(options.clientConfig ?? {});
  }

  async publish(message: TopicMessage): Promise<string> {
    const attributes = Object.entries(message.attributes ?? {});
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: message.body,
        ...(attributes.length > 0
          ? {
              MessageAttributes: Object.fromEntries(
                attributes.map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
              ),
            }
          : {}),
      }),
    );
    return out.MessageId ?? '';
  }
}
