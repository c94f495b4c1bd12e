// One behavioural contract for every Topic adapter: what a subscriber sees.
import { expect, it } from 'vitest';
import type { Topic, TopicMessage } from '../../../src/ports/topic.ts';

export interface TopicUnderTest {
  readonly topic: Topic;
  /** What a subscriber received so far. */
  delivered(): Promise<TopicMessage[]>;
}

export function topicContract(makeTopic: () => Promise<TopicUnderTest>): void {
  it('delivers the body and string attributes and answers a message id', async () => {
    const { topic, delivered } = await makeTopic();
    const id = await topic.publish({ body: '{"id":"p1"}', attributes: { model: 'fraud', lane: 'standard' } });
    expect(id).not.toBe('');
    expect(await delivered()).toEqual([{ body: '{"id":"p1"}', attributes: { model: 'fraud', lane: 'standard' } }]);
  });

  it('publishes a message without attributes', async () => {
    const { topic, delivered } = await makeTopic();
    await topic.publish({ body: 'plain' });
    expect(await delivered()).toEqual([{ body: 'plain', attributes: {} }]);
  });
}
