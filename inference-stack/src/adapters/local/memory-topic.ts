// Topic with SNS semantics in process: each publish is delivered to every subscribed queue whose
// filter policy matches the message attributes (raw message delivery, as the lanes use).
import { randomUUID } from 'node:crypto';
import { type FilterPolicy, matchesFilterPolicy } from '../../domain/filter-policy.ts';
import type { Queue } from '../../ports/queue.ts';
import type { Topic, TopicMessage } from '../../ports/topic.ts';

interface Subscription {
  readonly queue: Pick<Queue, 'send'>;
  readonly filterPolicy: FilterPolicy | undefined;
}

export class MemoryTopic implements Topic {
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly newId: () => string = randomUUID) {}

  subscribe(queue: Pick<Queue, 'send'>, options: { filterPolicy?: FilterPolicy } = {}): void {
    this.subscriptions.push({ queue, filterPolicy: options.filterPolicy });
  }

  async publish(message: TopicMessage): Promise<string> {
    const attributes = message.attributes ?? {};
    // Awaited: when publish resolves every matching queue holds the message (SNS's durable accept).
    await Promise.all(
      this.subscriptions
        .filter((s) => matchesFilterPolicy(s.filterPolicy, attributes))
        .map((s) => s.queue.send(message.body, attributes)),
    );
    return this.newId();
  }
}
