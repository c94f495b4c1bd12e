import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfMetricSink } from '../../src/adapters/aws/emf-metric-sink.ts';

afterEach(() => vi.restoreAllMocks());

describe('EmfMetricSink', () => {
  it('emits one EMF document per invocation with Model/Track and Model/Track/Version dimension sets', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const sink = new EmfMetricSink({ namespace: 'ModelRelease' });
    // Act
    sink.record({ model: 'fraud', track: 'candidate', version: '1.1.0', latencyMs: 12, error: true, at: 0 });
    // Assess
    const emf = lines.map((l) => JSON.parse(l)).find((doc) => doc._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('ModelRelease');
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['Model', 'Track'],
      ['Model', 'Track', 'Version'],
    ]);
    expect(emf).toMatchObject({
      Model: 'fraud',
      Track: 'candidate',
      Version: '1.1.0',
      Invocations: 1,
      Errors: 1,
      Latency: 12,
    });
  });

  it('emits a second document counting the request in its latency bucket, for the judge', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const sink = new EmfMetricSink({ namespace: 'ModelRelease' });
    // Act: 12 ms lies in (2^(14/4), 2^(15/4)] = (11.31, 13.45] ms.
    sink.record({ model: 'fraud', track: 'stable', version: '1.0.0', latencyMs: 12, error: false, at: 0 });
    // Assess
    const docs = lines.map((l) => JSON.parse(l)).filter((doc) => doc._aws);
    expect(docs).toHaveLength(2);
    expect(docs[1]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Model', 'Track', 'Version', 'Bucket']]);
    expect(docs[1]._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'LatencyBucket', Unit: 'Count' }]);
    expect(docs[1]).toMatchObject({ Version: '1.0.0', Bucket: 'le=13.45', LatencyBucket: 1 });
    expect(docs[1].Invocations).toBeUndefined();
  });
});
