import { describe, expect, it } from 'vitest';
import { publishCreatedRequests } from '../../src/handlers/s3-event-publisher.ts';
import { RecordingTopic } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

async function setup() {
  const store = new MemoryObjectStore();
  const topic = new RecordingTopic();
  await store.put('requests/abcdefgh-1.json', JSON.stringify({ id: 'abcdefgh-1', model: 'fraud', lane: 'priority' }));
  return { store, topic, deps: { store, topic, requestsPrefix: 'requests/' } };
}

describe('publishCreatedRequests', () => {
  it('publishes one notice per request object with model and lane attributes', async () => {
    // Prepare
    const { topic, deps } = await setup();
    // Act
    const outcome = await publishCreatedRequests([{ bucket: 'data', key: 'requests/abcdefgh-1.json' }], deps);
    // Assess
    expect(outcome).toEqual({ published: ['abcdefgh-1'], skipped: [] });
    expect(topic.messages).toEqual([
      {
        body: JSON.stringify({ id: 'abcdefgh-1', key: 'requests/abcdefgh-1.json', model: 'fraud', lane: 'priority' }),
        attributes: { model: 'fraud', lane: 'priority' },
      },
    ]);
  });

  it('skips objects that are not request documents', async () => {
    const { topic, deps } = await setup();
    const outcome = await publishCreatedRequests(
      [
        { bucket: 'data', key: 'results/abcdefgh-1.json' },
        { bucket: 'data', key: 'requests/nested/abcdefgh-1.json' },
        { bucket: 'data', key: 'requests/missing-01.json' },
      ],
      deps,
    );
    expect(outcome.published).toEqual([]);
    expect(outcome.skipped.map((s) => s.reason)).toEqual([
      'not a request object',
      'not a request object',
      'request object not found',
    ]);
    expect(topic.messages).toEqual([]);
  });

  it('decodes URL-encoded keys as S3 events carry them', async () => {
    const { deps } = await setup();
    const outcome = await publishCreatedRequests([{ bucket: 'data', key: 'requests%2Fabcdefgh-1.json' }], deps);
    expect(outcome.published).toEqual(['abcdefgh-1']);
  });

  it('propagates a publish failure so the event is retried', async () => {
    const { topic, deps } = await setup();
    topic.failNext = 1;
    await expect(publishCreatedRequests([{ bucket: 'data', key: 'requests/abcdefgh-1.json' }], deps)).rejects.toThrow(
      'topic unavailable',
    );
  });
});
