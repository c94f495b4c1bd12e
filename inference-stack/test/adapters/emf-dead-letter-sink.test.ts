import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfDeadLetterSink } from '../../src/adapters/aws/emf-dead-letter-sink.ts';

afterEach(() => vi.restoreAllMocks());

describe('EmfDeadLetterSink', () => {
  it('emits DeadLettered = 1 with exactly the Model and Version dimensions the controller reads', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    // Act
    new EmfDeadLetterSink({ namespace: 'ModelRelease' }).deadLettered({ model: 'fraud', version: '1.1.0', at: 0 });
    // Assess
    const docs = lines.map((l) => JSON.parse(l)).filter((doc) => doc._aws);
    expect(docs).toHaveLength(1);
    expect(docs[0]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'ModelRelease',
      Dimensions: [['Model', 'Version']],
      Metrics: [{ Name: 'DeadLettered', Unit: 'Count' }],
    });
    expect(docs[0]).toMatchObject({ Model: 'fraud', Version: '1.1.0', DeadLettered: 1 });
  });
});
