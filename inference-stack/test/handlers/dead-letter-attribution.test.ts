// The worker's side of attributable dead letters: a request's deliveries all go to one version, a
// failed delivery reports that version, and its last allowed receive is announced once.
import { describe, expect, it } from 'vitest';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { DeadLetterNotice } from '../../../release-tools/src/ports/dead-letters.ts';
import type { StoredRequest } from '../../src/domain/prediction.ts';
import { route } from '../../src/domain/router.ts';
import { requestDraw } from '../../src/handlers/dead-letter-attribution.ts';
import { processBatch, type WorkerDeps } from '../../src/handlers/worker.ts';
import type { DeliveryTarget } from '../../src/ports/queue.ts';
import { RecordingMetrics, RecordingTopic, ScriptedHost } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const canary: ModelRoute = {
  model: 'fraud',
  stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-aaa/model.onnx' },
  candidate: { version: '1.1.0', targetModel: 'fraud/1.1.0-bbb/model.onnx' },
  candidateWeight: 30,
  mode: 'weighted',
};
const ids = Array.from({ length: 40 }, (_, i) => `req-${String(i).padStart(8, '0')}`);

async function setup(maxReceiveCount = 3) {
  const store = new MemoryObjectStore();
  const failures: { messageId: string; target: DeliveryTarget | undefined }[] = [];
  const notices: DeadLetterNotice[] = [];
  // The candidate drops every call (not a model error answer: the delivery fails and is retried).
  const host = new ScriptedHost((targetModel) => {
    if (targetModel.startsWith('fraud/1.1.0')) throw new Error('connection reset');
    return { outputs: { score: { dtype: 'float32', shape: [1, 1], data: [1] } }, inferenceMs: 1, loadMs: 0 };
  });
  let draws = 0;
  const deps: WorkerDeps = {
    store,
    routes: { route: async () => canary },
    host,
    metrics: new RecordingMetrics(),
    resultsTopic: new RecordingTopic(),
    requestsPrefix: 'requests/',
    resultsPrefix: 'results/',
    // A different draw at every call: the delivery's routing must not depend on it.
    random: () => (draws++ % 10) / 10,
    now: () => 50_000,
    onError: (messageId, _error, target) => failures.push({ messageId, target }),
    deadLetters: { maxReceiveCount, sink: { deadLettered: (n) => notices.push(n) } },
  };
  for (const id of ids) {
    const request: StoredRequest = {
      id,
      model: 'fraud',
      lane: 'standard',
      format: 2,
      inputs: { features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } },
      routing: {},
      submittedAt: 1_000,
    };
    await store.put(`requests/${id}.json`, JSON.stringify(request));
  }
  const delivery = (receiveCount: number) =>
    ids.map((id) => ({
      messageId: `m-${id}`,
      body: JSON.stringify({ id, key: `requests/${id}.json`, model: 'fraud', lane: 'standard' }),
      receiveCount,
    }));
  return { deps, failures, notices, delivery };
}

describe('attributable dead letters in the worker', () => {
  it('draws once per request: the same value at every call, spread like a random draw over ids', () => {
    const draw = requestDraw('fraud', 'req-00000007');
    const buckets = Array.from({ length: 2_000 }, (_, i) => Math.floor(requestDraw('fraud', `req-${i}`)() * 10));

    expect([draw(), draw()]).toEqual([draw(), draw()]);
    expect(draw()).not.toBe(requestDraw('churn', 'req-00000007')());
    for (let b = 0; b < 10; b++) expect(buckets.filter((x) => x === b).length).toBeGreaterThan(140);
  });

  it('fails the same requests at every delivery and reports the version each was routed to', async () => {
    const { deps, failures, delivery } = await setup();
    const onCandidate = ids.filter((id) => route(canary, {}, requestDraw('fraud', id)).track === 'candidate');

    const first = await processBatch(delivery(1), deps);
    const second = await processBatch(
      delivery(2).filter((r) => first.batchItemFailures.some((f) => f.itemIdentifier === r.messageId)),
      deps,
    );

    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(onCandidate.map((id) => `m-${id}`));
    expect(second.batchItemFailures).toEqual(first.batchItemFailures);
    expect(new Set(failures.map((f) => JSON.stringify(f.target)))).toEqual(
      new Set([JSON.stringify({ model: 'fraud', version: '1.1.0' })]),
    );
  });

  it('announces a dead letter on the last allowed receive only, with the routed version', async () => {
    const { deps, notices, delivery } = await setup(3);

    await processBatch(delivery(2), deps);
    expect(notices).toEqual([]);
    const last = await processBatch(delivery(3), deps);

    expect(notices).toHaveLength(last.batchItemFailures.length);
    expect(notices.every((n) => n.model === 'fraud' && n.version === '1.1.0' && n.at === 50_000)).toBe(true);
  });

  it('reports no version for a failure before routing (an unknown request)', async () => {
    const { deps, failures, notices } = await setup(1);
    const missing = {
      messageId: 'm-missing',
      body: JSON.stringify({ id: 'req-99999999', key: 'requests/req-99999999.json', model: 'fraud', lane: 'standard' }),
      receiveCount: 5,
    };

    await processBatch([missing], deps);

    expect(failures).toEqual([{ messageId: 'm-missing', target: undefined }]);
    expect(notices).toEqual([]);
  });
});
