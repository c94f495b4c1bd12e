// The Lambdas' shadow mirror: bounded by a count and a deadline within one invocation, after
// stable's result is stored, with what it cannot do dropped and counted.
import { describe, expect, it } from 'vitest';
import { MemoryMirrorStore } from '../../../release-tools/src/adapters/local/memory-mirror-store.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { BufferedMirrorSink } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import type { MirrorJob } from '../../src/domain/mirror-message.ts';
import type { StoredRequest } from '../../src/domain/prediction.ts';
import type { NamedTensors } from '../../src/domain/tensors/tensor.ts';
import { MirrorAfterResult, type MirrorAfterResultDeps } from '../../src/handlers/mirror-after-result.ts';
import { processBatch, type WorkerDeps } from '../../src/handlers/worker.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { RecordingMetrics, RecordingTopic, ScriptedHost } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const out = (p: number): NamedTensors => ({ probability: { dtype: 'float32', shape: [1, 1], data: [p] } });
const candidate = { track: 'candidate' as const, version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' };
const job = (requestId: string): MirrorJob => ({
  model: 'churn',
  requestId,
  inputs: { features: { dtype: 'float32', shape: [1, 1], data: [1] } },
  stable: { version: '1.0.0', outputs: out(0.2) },
  candidate,
});
const everything = { model: 'churn', candidateVersion: '1.1.0', since: 0, until: Number.MAX_SAFE_INTEGER };

/** The memory store behind a flush that counts (and may fail). */
function bufferedStore(failFlush = false) {
  const store = new MemoryMirrorStore();
  const flushes = { count: 0 };
  const sink: BufferedMirrorSink = {
    pair: (p) => store.pair(p),
    dropped: (d) => store.dropped(d),
    flush: async () => {
      flushes.count++;
      if (failFlush) throw new Error('S3 down');
    },
  };
  return { store, sink, flushes };
}

/** A timer the test fires. */
function manualTimer() {
  let fire: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { sleep: () => fired, fire: () => fire() };
}

function mirrorWith(
  over: Partial<MirrorAfterResultDeps> & Pick<MirrorAfterResultDeps, 'host'>,
  budget = { maxJobs: 10, concurrency: 2, deadline: 1_000 },
) {
  const { store, sink, flushes } = bufferedStore();
  const metrics = new RecordingMetrics();
  const errors: unknown[] = [];
  const mirror = new MirrorAfterResult(
    {
      metrics,
      pairs: sink,
      now: () => 500,
      sleep: manualTimer().sleep,
      onError: (e) => errors.push(e),
      ...over,
    },
    budget,
  );
  return { mirror, store, flushes, metrics, errors };
}

describe('MirrorAfterResult: bounded within one invocation', () => {
  it('mirrors each offered request and flushes the pairs once, at the end', async () => {
    const host = new ScriptedHost(() => ({ outputs: out(0.9), inferenceMs: 3, loadMs: 0 }));
    const { mirror, store, flushes, metrics } = mirrorWith({ host });

    mirror.offer(job('r1'));
    mirror.offer(job('r2'));
    const outcome = await mirror.finish();

    expect(outcome).toEqual({ mirrored: 2, dropped: 0 });
    expect(flushes.count).toBe(1);
    expect((await store.pairs(everything)).pairs.map((p) => [p.requestId, p.disagree])).toEqual([
      ['r1', true],
      ['r2', true],
    ]);
    expect(metrics.records).toHaveLength(2);
    expect(host.calls.map((c) => c.targetModel)).toEqual(['churn/1.1.0.tar.gz', 'churn/1.1.0.tar.gz']);
  });

  it('drops and counts what is offered beyond maxJobs', async () => {
    const host = new ScriptedHost(() => ({ outputs: out(0.2), inferenceMs: 1, loadMs: 0 }));
    const { mirror, store } = mirrorWith({ host }, { maxJobs: 2, concurrency: 1, deadline: 1_000 });

    const accepted = ['a', 'b', 'c', 'd'].map((id) => mirror.offer(job(id)));
    const outcome = await mirror.finish();

    expect(accepted).toEqual([true, true, false, false]);
    expect(outcome).toEqual({ mirrored: 2, dropped: 2 });
    expect(await store.pairs(everything)).toMatchObject({ dropped: 2 });
    expect(host.calls).toHaveLength(2);
  });

  it('at the deadline drops and counts what is queued or running, and keeps nothing a late answer brings', async () => {
    let answer: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const host = new ScriptedHost(async () => {
      await hanging;
      return { outputs: out(0.9), inferenceMs: 1, loadMs: 0 };
    });
    const timer = manualTimer();
    const { mirror, store, metrics, flushes } = mirrorWith(
      { host, sleep: timer.sleep },
      { maxJobs: 10, concurrency: 1, deadline: 1_000 },
    );
    mirror.offer(job('running'));
    mirror.offer(job('queued'));

    const finishing = mirror.finish();
    timer.fire();
    const outcome = await finishing;
    answer();
    await hanging;
    await new Promise((resolve) => setImmediate(resolve));

    expect(outcome).toEqual({ mirrored: 0, dropped: 2 });
    expect(await store.pairs(everything)).toEqual({ pairs: [], dropped: 2 });
    expect(metrics.records).toEqual([]);
    expect(flushes.count).toBe(1);
    expect(host.calls).toHaveLength(1);
  });

  it('drops what is offered once the deadline has passed, without invoking the candidate', async () => {
    const host = new ScriptedHost(() => ({ outputs: out(0.2), inferenceMs: 1, loadMs: 0 }));
    const { mirror } = mirrorWith({ host, now: () => 1_000 });

    expect(mirror.offer(job('late'))).toBe(false);
    expect(await mirror.finish()).toEqual({ mirrored: 0, dropped: 1 });
    expect(host.calls).toEqual([]);
  });

  it("counts a throttled candidate as dropped, its model error as the candidate's error", async () => {
    const host = new ScriptedHost((_t, input) => {
      if ((input.features!.data[0] as number) === 1) throw new Error('ThrottlingException');
      throw new ModelInvocationError('churn/1.1.0.tar.gz', 'bad shape');
    });
    const { mirror, store, metrics, errors } = mirrorWith({ host });
    const modelError = { ...job('model-error'), inputs: { features: { dtype: 'float32', shape: [1, 1], data: [2] } } };

    mirror.offer(job('throttled'));
    mirror.offer(modelError as MirrorJob);
    const outcome = await mirror.finish();

    expect(outcome).toEqual({ mirrored: 1, dropped: 1 });
    expect(await store.pairs(everything)).toEqual({ pairs: [], dropped: 1 });
    expect(metrics.records).toEqual([expect.objectContaining({ track: 'candidate', version: '1.1.0', error: true })]);
    expect(errors).toEqual([expect.objectContaining({ message: 'ThrottlingException' })]);
  });

  it('reports a failed flush and still finishes: the results are stored already', async () => {
    const host = new ScriptedHost(() => ({ outputs: out(0.2), inferenceMs: 1, loadMs: 0 }));
    const { sink } = bufferedStore(true);
    const errors: unknown[] = [];
    const mirror = new MirrorAfterResult(
      {
        host,
        metrics: new RecordingMetrics(),
        pairs: sink,
        now: () => 0,
        sleep: manualTimer().sleep,
        onError: (e) => errors.push(e),
      },
      { maxJobs: 1, concurrency: 1, deadline: 10 },
    );

    mirror.offer(job('r1'));

    await expect(mirror.finish()).resolves.toEqual({ mirrored: 1, dropped: 0 });
    expect(errors).toEqual([expect.objectContaining({ message: 'S3 down' })]);
  });
});

describe('the worker with MirrorAfterResult', () => {
  const shadowRoute: ModelRoute = {
    model: 'churn',
    stable: { version: '1.0.0', targetModel: 'churn/1.0.0.tar.gz' },
    candidate: { version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' },
    candidateWeight: 0,
    mode: 'weighted',
    mirror: 100,
  };

  async function batchOf(route: ModelRoute, ids: string[], budget = { maxJobs: 10, concurrency: 2, deadline: 1e15 }) {
    const store = new MemoryObjectStore();
    const resultsAtCandidateCall: boolean[] = [];
    const host = new ScriptedHost((targetModel) => {
      if (targetModel === 'churn/1.1.0.tar.gz')
        resultsAtCandidateCall.push(store.objects.has('results/req-00000001.json'));
      return { outputs: out(targetModel === 'churn/1.1.0.tar.gz' ? 0.9 : 0.2), inferenceMs: 1, loadMs: 0 };
    });
    const { store: pairs, sink } = bufferedStore();
    const mirror = new MirrorAfterResult(
      { host, metrics: new RecordingMetrics(), pairs: sink, now: () => 1_000, sleep: manualTimer().sleep },
      budget,
    );
    const deps: WorkerDeps = {
      store,
      routes: { route: async () => route },
      host,
      metrics: new RecordingMetrics(),
      resultsTopic: new RecordingTopic(),
      requestsPrefix: 'requests/',
      resultsPrefix: 'results/',
      random: () => 0.5,
      now: () => 1_000,
      mirror,
    };
    const records = [];
    for (const id of ids) {
      const request: StoredRequest = {
        id,
        model: 'churn',
        lane: 'standard',
        format: 2,
        inputs: { features: { dtype: 'float32', shape: [1, 1], data: [1] } },
        routing: {},
        submittedAt: 900,
      };
      await store.put(`requests/${id}.json`, JSON.stringify(request));
      records.push({ messageId: `m-${id}`, body: JSON.stringify({ id, key: `requests/${id}.json`, model: 'churn' }) });
    }
    const response = await processBatch(records, deps);
    const outcome = await mirror.finish();
    return { response, outcome, pairs, resultsAtCandidateCall, host };
  }

  it("mirrors a request to the candidate only after stable's result is stored", async () => {
    const { response, outcome, pairs, resultsAtCandidateCall } = await batchOf(shadowRoute, ['req-00000001']);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(outcome).toEqual({ mirrored: 1, dropped: 0 });
    expect(resultsAtCandidateCall).toEqual([true]);
    expect((await pairs.pairs(everything)).pairs).toEqual([
      expect.objectContaining({ requestId: 'req-00000001', stableVersion: '1.0.0', candidateVersion: '1.1.0' }),
    ]);
  });

  it('mirrors nothing when the route table sets no mirror', async () => {
    const { mirror: _, ...noMirror } = shadowRoute;

    const { outcome, host } = await batchOf(noMirror, ['req-00000001', 'req-00000002']);

    expect(outcome).toEqual({ mirrored: 0, dropped: 0 });
    expect(host.calls.map((c) => c.targetModel)).toEqual(['churn/1.0.0.tar.gz', 'churn/1.0.0.tar.gz']);
  });

  it('drops and counts the batch’s mirrored requests beyond the budget; every result is still stored', async () => {
    const ids = ['req-00000001', 'req-00000002', 'req-00000003'];

    const { response, outcome, pairs } = await batchOf(shadowRoute, ids, {
      maxJobs: 1,
      concurrency: 1,
      deadline: 1e15,
    });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(outcome).toEqual({ mirrored: 1, dropped: 2 });
    expect(await pairs.pairs(everything)).toMatchObject({ dropped: 2 });
  });
});
