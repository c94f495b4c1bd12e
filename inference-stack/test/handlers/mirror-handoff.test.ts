// The synchronous path of a shadow: the invoke hands the mirrored request to the mirror queue (it
// cannot work after answering), bounded and counted; the mirror function runs it from there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import { MemoryMirrorStore } from '../../../release-tools/src/adapters/local/memory-mirror-store.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { MirrorDrop } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import {
  decodeMirrorMessage,
  encodeMirrorMessage,
  type MirrorJob,
  MirrorMessageError,
} from '../../src/domain/mirror-message.ts';
import type { NamedTensors } from '../../src/domain/tensors/tensor.ts';
import { invokeSync } from '../../src/handlers/invoke-sync.ts';
import { MirrorAfterResult } from '../../src/handlers/mirror-after-result.ts';
import { MAX_MIRROR_MESSAGE_BYTES, MirrorHandoff } from '../../src/handlers/mirror-handoff.ts';
import { offerMirrorJobs } from '../../src/handlers/mirror-jobs.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics, ScriptedHost } from '../support/fakes.ts';

const out = (p: number): NamedTensors => ({ probability: { dtype: 'float32', shape: [1, 1], data: [p] } });
const candidate = { track: 'candidate' as const, version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' };
const job = (requestId: string, data: number[] = [1]): MirrorJob => ({
  model: 'churn',
  requestId,
  inputs: { features: { dtype: 'float32', shape: [1, data.length], data } },
  stable: { version: '1.0.0', outputs: out(0.2) },
  candidate,
});

function handoffWith(send: (body: string) => Promise<string>, options = {}) {
  const sent: { body: string; attributes: Record<string, string> | undefined }[] = [];
  const drops: MirrorDrop[] = [];
  const errors: unknown[] = [];
  let fire: () => void = () => {};
  const timer = new Promise<void>((resolve) => {
    fire = resolve;
  });
  const handoff = new MirrorHandoff(
    {
      queue: {
        send: (body, attributes) => {
          sent.push({ body, attributes });
          return send(body);
        },
      },
      drops: { dropped: (d) => drops.push(d) },
      now: () => 7_000,
      sleep: () => timer,
      onError: (e) => errors.push(e),
    },
    options,
  );
  return { handoff, sent, drops, errors, fire };
}

describe('MirrorHandoff', () => {
  it('sends the mirrored request to the mirror queue and waits for the send', async () => {
    const { handoff, sent, drops } = handoffWith(async () => 'm-1');

    expect(handoff.offer(job('r1'))).toBe(true);
    await handoff.settle();

    expect(sent).toEqual([{ body: expect.any(String), attributes: { model: 'churn' } }]);
    expect(decodeMirrorMessage(sent[0]!.body)).toEqual({ job: job('r1'), offeredAt: 7_000 });
    expect(drops).toEqual([]);
  });

  it('drops and counts a second request in one invocation, and one too large for SQS, without sending', async () => {
    const { handoff, sent, drops } = handoffWith(async () => 'm-1');
    const huge = job(
      'huge',
      Array.from({ length: MAX_MIRROR_MESSAGE_BYTES / 4 }, () => 0.123456),
    );

    expect(handoff.offer(huge)).toBe(false);
    expect(handoff.offer(job('r1'))).toBe(true);
    expect(handoff.offer(job('r2'))).toBe(false);
    await handoff.settle();

    expect(sent).toHaveLength(1);
    expect(drops).toEqual([
      { model: 'churn', candidateVersion: '1.1.0', at: 7_000 },
      { model: 'churn', candidateVersion: '1.1.0', at: 7_000 },
    ]);
  });

  it('counts a failed send as dropped and reports it', async () => {
    const { handoff, drops, errors } = handoffWith(async () => {
      throw new Error('KMS.ThrottlingException');
    });

    handoff.offer(job('r1'));
    await handoff.settle();

    expect(drops).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ message: 'KMS.ThrottlingException' })]);
  });

  it('answers after timeoutMs however slow the send, counting it dropped', async () => {
    const { handoff, drops, fire } = handoffWith(() => new Promise<string>(() => {}), { timeoutMs: 50 });

    handoff.offer(job('r1'));
    const settled = handoff.settle();
    fire();
    await settled;

    expect(drops).toHaveLength(1);
  });
});

describe('invokeSync with the handoff', () => {
  const shadow: ModelRoute = {
    model: 'churn',
    stable: { version: '1.0.0', targetModel: 'churn/1.0.0.tar.gz' },
    candidate: { version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' },
    candidateWeight: 0,
    mode: 'weighted',
    mirror: 100,
  };
  const call = async (route: ModelRoute) => {
    const { handoff, sent } = handoffWith(async () => 'm-1');
    const host = new ScriptedHost(() => ({ outputs: out(0.2), inferenceMs: 1, loadMs: 0 }));
    const response = await invokeSync(apiRequest({ pathParams: { model: 'churn' }, json: { inputs: [[1, 2]] } }), {
      catalog: catalogFromSignatures({ churn: oneInput('x', 'float32', [-1, 2], 8) }),
      routes: { route: async () => route },
      host,
      metrics: new RecordingMetrics(),
      random: () => 0.5,
      now: () => 5_000,
      mirror: handoff,
    });
    await handoff.settle();
    return { response, sent, host };
  };

  it("answers stable's outputs and hands the request off; the candidate is not invoked here", async () => {
    const { response, sent, host } = await call(shadow);

    expect(response).toMatchObject({ statusCode: 200, body: { version: '1.0.0', track: 'stable' } });
    expect(host.calls.map((c) => c.targetModel)).toEqual(['churn/1.0.0.tar.gz']);
    expect(decodeMirrorMessage(sent[0]!.body).job).toMatchObject({
      requestId: 'req-1',
      inputs: { x: { dtype: 'float32', shape: [1, 2], data: [1, 2] } },
      stable: { version: '1.0.0', outputs: out(0.2) },
      candidate: { version: '1.1.0', targetModel: 'churn/1.1.0.tar.gz' },
    });
  });

  it('hands nothing off when the route table sets no mirror', async () => {
    const { mirror: _, ...noMirror } = shadow;

    const { sent } = await call(noMirror);

    expect(sent).toEqual([]);
  });
});

describe('the mirror function: queued mirrored requests', () => {
  const store = () => {
    const memory = new MemoryMirrorStore();
    return {
      memory,
      sink: { pair: memory.pair.bind(memory), dropped: memory.dropped.bind(memory), flush: async () => {} },
    };
  };
  const everything = { model: 'churn', candidateVersion: '1.1.0', since: 0, until: Number.MAX_SAFE_INTEGER };

  it('mirrors what the invoke handed off, drops and counts what waited too long, reports what it cannot read', async () => {
    const { memory, sink } = store();
    const host = new ScriptedHost(() => ({ outputs: out(0.9), inferenceMs: 1, loadMs: 0 }));
    const mirror = new MirrorAfterResult(
      { host, metrics: new RecordingMetrics(), pairs: sink, now: () => 400_000, sleep: () => new Promise(() => {}) },
      { maxJobs: 10, concurrency: 2, deadline: 1e15 },
    );
    const errors: string[] = [];

    offerMirrorJobs(
      [
        { messageId: 'fresh', body: encodeMirrorMessage(job('fresh'), 399_000) },
        { messageId: 'stale', body: encodeMirrorMessage(job('stale'), 1_000) },
        { messageId: 'garbage', body: '{"format":9}' },
      ],
      { mirror, now: () => 400_000, maxAgeMs: 300_000, onError: (id) => errors.push(id) },
    );
    const outcome = await mirror.finish();

    expect(outcome).toEqual({ mirrored: 1, dropped: 1 });
    const evidence = await memory.pairs(everything);
    expect(evidence.pairs.map((p) => p.requestId)).toEqual(['fresh']);
    expect(evidence.dropped).toBe(1);
    expect(errors).toEqual(['garbage']);
    expect(host.calls.map((c) => c.targetModel)).toEqual(['churn/1.1.0.tar.gz']);
  });
});

describe('mirror message format', () => {
  it('reads a message written in format 1 (fixture), a Neo candidate by its variant', () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/mirror-message-v1/message.json'), 'utf8');

    const { job: read, offeredAt } = decodeMirrorMessage(text);

    expect(offeredAt).toBe(1_764_720_000_000);
    expect(read).toEqual({
      model: 'churn-scorer',
      requestId: 'gw-req-1',
      inputs: { features: { dtype: 'float32', shape: [1, 2], data: [0.5, 0.25] } },
      stable: { version: '2.0.0', outputs: { probability: { dtype: 'float32', shape: [1, 1], data: [0.75] } } },
      candidate: {
        track: 'candidate',
        version: '2.1.0',
        targetModel: 'churn-scorer/2.1.0-0123456789ab/model.tar.gz',
        targetVariant: 'churn-scorer-2-1-0',
      },
    });
  });

  it('refuses a format it does not know', () => {
    expect(() => decodeMirrorMessage('{"format":2}')).toThrow(MirrorMessageError);
  });
});
