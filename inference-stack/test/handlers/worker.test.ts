import { describe, expect, it } from 'vitest';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { StoredRequest, StoredResult } from '../../src/domain/prediction.ts';
import {
  logFailure,
  PoisonMessageError,
  parseNotice,
  processBatch,
  type WorkerDeps,
} from '../../src/handlers/worker.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { RecordingMetrics, RecordingTopic, ScriptedHost, sumHost } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const fraudRoute: ModelRoute = {
  model: 'fraud',
  stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-aaa/model.onnx' },
  candidate: { version: '1.1.0', targetModel: 'fraud/1.1.0-bbb/model.onnx' },
  candidateWeight: 0,
  mode: 'weighted',
};

async function setup(host = sumHost(), routes: Record<string, ModelRoute> = { fraud: fraudRoute }) {
  const store = new MemoryObjectStore();
  const topic = new RecordingTopic();
  const metrics = new RecordingMetrics();
  let clock = 10_000;
  const deps: WorkerDeps = {
    store,
    routes: { route: async (model) => routes[model] },
    host,
    metrics,
    resultsTopic: topic,
    requestsPrefix: 'requests/',
    resultsPrefix: 'results/',
    random: () => 0.5,
    now: () => (clock += 5),
  };
  const submit = async (id: string, model = 'fraud') => {
    const request: StoredRequest = {
      id,
      model,
      lane: 'standard',
      format: 2,
      inputs: { features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } },
      routing: {},
      submittedAt: 9_000,
    };
    await store.put(`requests/${id}.json`, JSON.stringify(request));
    return { messageId: `m-${id}`, body: JSON.stringify({ id, key: `requests/${id}.json`, model, lane: 'standard' }) };
  };
  return { store, topic, metrics, deps, submit, host };
}

describe('processBatch', () => {
  it('writes a done result with version, track and latencies, records a metric and notifies', async () => {
    // Prepare
    const { store, topic, metrics, deps, submit, host } = await setup();
    const record = await submit('req-00000001');
    // Act
    const response = await processBatch([record], deps);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const result = store.json<StoredResult>('results/req-00000001.json');
    expect(result).toMatchObject({
      id: 'req-00000001',
      status: 'done',
      model: 'fraud',
      version: '1.0.0',
      track: 'stable',
      format: 2,
      prediction: { score: { dtype: 'float32', shape: [1, 1], data: [3] } },
      latencies: { queueMs: 1_005, loadMs: 0, inferenceMs: 2 },
    });
    expect(result?.latencies.totalMs).toBeGreaterThan(result?.latencies.queueMs ?? 0);
    expect(host.calls).toEqual([
      {
        targetModel: 'fraud/1.0.0-aaa/model.onnx',
        input: { features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } },
      },
    ]);
    expect(metrics.records).toEqual([
      expect.objectContaining({ model: 'fraud', track: 'stable', version: '1.0.0', error: false, latencyMs: 2 }),
    ]);
    expect(topic.messages).toEqual([
      {
        body: JSON.stringify({
          id: 'req-00000001',
          status: 'done',
          model: 'fraud',
          version: '1.0.0',
          key: 'results/req-00000001.json',
        }),
        attributes: { model: 'fraud', status: 'done' },
      },
    ]);
  });

  it('turns a model error into a failed result that is not retried', async () => {
    // Prepare
    const failing = new ScriptedHost((target) => {
      throw new ModelInvocationError(target, 'bad shape');
    });
    const { store, metrics, deps, submit } = await setup(failing);
    // Act
    const response = await processBatch([await submit('req-00000002')], deps);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(store.json<StoredResult>('results/req-00000002.json')).toMatchObject({
      status: 'failed',
      error: { code: 'ModelError', message: 'fraud/1.0.0-aaa/model.onnx: bad shape' },
      version: '1.0.0',
    });
    expect(metrics.records[0]?.error).toBe(true);
  });

  it('reports a transient failure for retry and writes no result', async () => {
    // Prepare
    const flaky = new ScriptedHost(() => {
      throw new Error('endpoint throttled');
    });
    const { store, deps, submit } = await setup(flaky);
    // Act
    const response = await processBatch([await submit('req-00000003')], deps);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-req-00000003' }]);
    expect(store.objects.has('results/req-00000003.json')).toBe(false);
  });

  it('fails only the poison message of a batch; the others succeed', async () => {
    // Prepare
    const { store, deps, submit } = await setup();
    const good = [await submit('req-0000000a'), await submit('req-0000000b')];
    const poison = [
      { messageId: 'poison-1', body: 'not json' },
      { messageId: 'poison-2', body: JSON.stringify({ id: '../../etc/passwd', model: 'fraud' }) },
    ];
    // Act
    const response = await processBatch([good[0]!, ...poison, good[1]!], deps);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'poison-1' }, { itemIdentifier: 'poison-2' }]);
    expect(await store.list('results/')).toEqual(['results/req-0000000a.json', 'results/req-0000000b.json']);
  });

  it('logs a poison message as poison and a passing failure as redelivered, each with its error', () => {
    // Prepare
    const logged: [string, Record<string, unknown>][] = [];
    const log = { error: (message: string, extra: Record<string, unknown>) => void logged.push([message, extra]) };
    const poison = (() => {
      try {
        parseNotice('not json');
      } catch (error) {
        return error;
      }
    })();
    const socket = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    // Act
    logFailure(log as never, 'm-1', poison);
    logFailure(log as never, 'm-2', socket);
    // Assess
    expect(poison).toBeInstanceOf(PoisonMessageError);
    expect(logged).toEqual([
      ['poison message: retries cannot help, the DLQ will keep it', { messageId: 'm-1', error: poison }],
      ['message failed; SQS redelivers it', { messageId: 'm-2', error: socket }],
    ]);
  });

  it('processes the same message twice into one result and one metric; the notice is sent again', async () => {
    // Prepare
    const { store, topic, metrics, deps, submit, host } = await setup();
    const record = await submit('req-00000004');
    // Act
    await processBatch([record], deps);
    const first = store.json<StoredResult>('results/req-00000004.json');
    await processBatch([record, record], deps);
    // Assess
    expect(store.json<StoredResult>('results/req-00000004.json')).toEqual(first);
    expect(host.calls).toHaveLength(1);
    expect(metrics.records).toHaveLength(1);
    expect(topic.messages).toHaveLength(3);
    expect(new Set(topic.messages.map((m) => m.body)).size).toBe(1);
  });

  it('keeps the first result when a concurrent delivery wins the conditional write', async () => {
    // Prepare: the other delivery writes its result while this one is invoking the model.
    const { store, topic, deps, submit } = await setup(
      new ScriptedHost(async () => {
        await store.put('results/req-00000005.json', JSON.stringify({ winner: true }));
        return { outputs: {}, inferenceMs: 1, loadMs: 0 };
      }),
    );
    // Act
    const response = await processBatch([await submit('req-00000005')], deps);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(store.json('results/req-00000005.json')).toEqual({ winner: true });
    expect(topic.messages).toHaveLength(0);
  });

  it('retries when the request object is missing or the model has no route yet', async () => {
    const { deps, submit } = await setup(sumHost(), {});
    const unrouted = await submit('req-00000006');
    const missing = { messageId: 'm-missing', body: JSON.stringify({ id: 'req-00000007', model: 'fraud' }) };
    const response = await processBatch([unrouted, missing], deps);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-req-00000006' }, { itemIdentifier: 'm-missing' }]);
  });

  it('retries when the result notification cannot be published, without a second result', async () => {
    // Prepare
    const { store, topic, deps, submit } = await setup();
    topic.failNext = 1;
    const record = await submit('req-00000008');
    // Act
    const first = await processBatch([record], deps);
    const second = await processBatch([record], deps);
    // Assess
    expect(first.batchItemFailures).toHaveLength(1);
    expect(second.batchItemFailures).toHaveLength(0);
    expect(await store.list('results/')).toEqual(['results/req-00000008.json']);
    expect(topic.messages).toEqual([expect.objectContaining({ attributes: { model: 'fraud', status: 'done' } })]);
  });
});

describe('parseNotice', () => {
  it('unwraps an SNS envelope (raw delivery off)', () => {
    const notice = { id: 'req-00000009', key: 'requests/req-00000009.json', model: 'fraud', lane: 'priority' };
    expect(parseNotice(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(notice) }))).toEqual(notice);
  });
});
