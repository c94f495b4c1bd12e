// Release events to an SNS topic, with attributes subscribers can filter on (model, type).
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ReleaseEvent, ReleaseEventSink } from '../../ports/release-event-sink.ts';

export class SnsEventSink implements ReleaseEventSink {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: ReleaseEvent): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: `mlrelease ${event.model} ${event.version}: ${event.type}`.slice(0, 100),
        Message: JSON.stringify(event),
        MessageAttributes: {
          model: { DataType: 'String', StringValue: event.model },
          type: { DataType: 'String', StringValue: event.type },
        },
      }),
    );
  }
}
