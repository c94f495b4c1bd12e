// Requests belong to the principal that submitted them (issue 15, finding 1): idempotency keys are
// scoped per principal, a key reused with different inputs is a 409, and one caller cannot read
// another's prediction. Records written before owners were stored (fixtures/pre-owner, written by
// the code before this change) stay readable.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import type { StoredRequest, StoredResult } from '../../src/domain/prediction.ts';
import type { Principal } from '../../src/handlers/api.ts';
import { getPrediction } from '../../src/handlers/get-prediction.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { type SubmitDeps, submitPrediction } from '../../src/handlers/submit.ts';
import { processRecord } from '../../src/handlers/worker.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics, RecordingTopic, sumHost } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';
import { routesExcept } from '../support/routes-except.ts';

const alice: Principal = { sub: 'alice', role: 'invoke' };
const bob: Principal = { sub: 'bob', role: 'invoke' };
const prefixes = { requestsPrefix: 'requests/', resultsPrefix: 'results/' };

function setup() {
  const store = new MemoryObjectStore();
  let n = 0;
  const deps: SubmitDeps = {
    store,
    catalog: catalogFromSignatures({ fraud: oneInput('features', 'float32', [-1, 2], 4) }),
    routes: routesExcept(),
    requestsPrefix: 'requests/',
    newId: () => `id-${String(++n).padStart(6, '0')}`,
    now: () => 1_700_000_000_000,
  };
  return { store, deps };
}

const submit = (principal: Principal | undefined, json: unknown, headers: Record<string, string> = {}) =>
  apiRequest({
    pathParams: { model: 'fraud' },
    json,
    headers: { 'content-type': 'application/json', ...headers },
    ...(principal ? { principal } : {}),
  });
const get = (principal: Principal, id: string) =>
  apiRequest({ method: 'GET', pathParams: { id }, principal, body: undefined });

async function complete(store: MemoryObjectStore, id: string) {
  await processRecord(
    { messageId: 'm', body: JSON.stringify({ id, key: `requests/${id}.json`, model: 'fraud', lane: 'standard' }) },
    {
      store,
      routes: {
        route: async () => ({
          model: 'fraud',
          stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-aaa/model.onnx' },
          candidateWeight: 0,
          mode: 'weighted',
        }),
      },
      host: sumHost(),
      metrics: new RecordingMetrics(),
      resultsTopic: new RecordingTopic(),
      ...prefixes,
      random: () => 0.5,
      now: () => 1_700_000_000_500,
    },
  );
}

describe('idempotency keys are scoped per principal', () => {
  it('gives two principals sending the same key their own ids and requests', async () => {
    // Prepare
    const { store, deps } = setup();
    const key = { 'idempotency-key': 'order-42' };
    // Act
    const a = await submitPrediction(submit(alice, { inputs: [[1, 2]] }, key), deps);
    const b = await submitPrediction(submit(bob, { inputs: [[1, 2]] }, key), deps);
    // Assess
    expect(a.body).toEqual({ id: 'id-000001', status: 'pending' });
    expect(b.body).toEqual({ id: 'id-000002', status: 'pending' });
    expect(await store.list('requests/')).toEqual(['requests/id-000001.json', 'requests/id-000002.json']);
    expect(store.json<StoredRequest>('requests/id-000001.json')).toMatchObject({ owner: 'alice' });
    expect(store.json<StoredRequest>('requests/id-000002.json')).toMatchObject({ owner: 'bob' });
  });

  it('answers 409 IdempotencyConflict when a key is reused with different inputs, storing nothing new', async () => {
    const { store, deps } = setup();
    const key = { 'idempotency-key': 'order-42' };
    await submitPrediction(submit(alice, { inputs: [[1, 2]] }, key), deps);
    const reused = await submitPrediction(submit(alice, { inputs: [[9, 9]] }, key), deps);
    expect(reused).toMatchObject({ statusCode: 409, body: { error: { code: 'IdempotencyConflict' } } });
    expect(await store.list('requests/')).toEqual(['requests/id-000001.json']);
  });

  it('answers 409 when the same key names another lane', async () => {
    const { deps } = setup();
    const key = { 'idempotency-key': 'k' };
    await submitPrediction(submit(alice, { inputs: [[1, 2]] }, key), deps);
    const reused = await submitPrediction(submit(alice, { inputs: [[1, 2]], lane: 'priority' }, key), deps);
    expect(reused.statusCode).toBe(409);
  });

  it('treats a retry with the same body but other per-call headers as the same request', async () => {
    const { deps } = setup();
    const key = { 'idempotency-key': 'k' };
    const first = await submitPrediction(submit(alice, { inputs: [[1, 2]] }, { ...key, 'x-amzn-trace-id': 'a' }), deps);
    const retry = await submitPrediction(submit(alice, { inputs: [[1, 2]] }, { ...key, 'x-amzn-trace-id': 'b' }), deps);
    expect(retry).toEqual(first);
  });
});

describe('GET /v1/predictions/{id} answers only its owner', () => {
  it('answers 404 to another principal while pending and once done, and the result to its owner', async () => {
    // Prepare
    const { store, deps } = setup();
    const submitted = await submitPrediction(submit(alice, { inputs: [[1, 2]] }), deps);
    const id = (submitted.body as { id: string }).id;
    const get2 = { store, ...prefixes };
    // Act / Assess: pending
    expect(await getPrediction(get(bob, id), get2)).toMatchObject({
      statusCode: 404,
      body: { error: { code: 'PredictionNotFound' } },
    });
    expect(await getPrediction(get(alice, id), get2)).toEqual({ statusCode: 200, body: { id, status: 'pending' } });
    // Act / Assess: done
    await complete(store, id);
    expect(store.json<StoredResult>(`results/${id}.json`)).toMatchObject({ owner: 'alice', status: 'done' });
    expect(await getPrediction(get(bob, id), get2)).toMatchObject({ statusCode: 404 });
    expect(await getPrediction(get(alice, id), get2)).toMatchObject({ statusCode: 200, body: { status: 'done' } });
  });

  it('answers 404 to a caller with no principal for an owned request', async () => {
    const { store, deps } = setup();
    const submitted = await submitPrediction(submit(alice, { inputs: [[1, 2]] }), deps);
    const id = (submitted.body as { id: string }).id;
    const response = await getPrediction(apiRequest({ method: 'GET', pathParams: { id } }), { store, ...prefixes });
    expect(response.statusCode).toBe(404);
  });
});

describe('records written before owners were stored (fixtures/pre-owner)', () => {
  const fixture = (name: string) => readFile(new URL(`../fixtures/pre-owner/${name}`, import.meta.url), 'utf8');

  it('a pending pre-owner request stays readable, and the worker completes it', async () => {
    const store = new MemoryObjectStore();
    await store.put('requests/pre-owner-0001.json', await fixture('request.json'));
    expect(await getPrediction(get(bob, 'pre-owner-0001'), { store, ...prefixes })).toEqual({
      statusCode: 200,
      body: { id: 'pre-owner-0001', status: 'pending' },
    });
    await complete(store, 'pre-owner-0001');
    const result = store.json<StoredResult>('results/pre-owner-0001.json');
    expect(result).toMatchObject({ status: 'done', prediction: { score: { data: [3] } } });
    expect(result).not.toHaveProperty('owner');
  });

  it('a pre-owner result stays readable', async () => {
    const store = new MemoryObjectStore();
    await store.put('requests/pre-owner-0001.json', await fixture('request.json'));
    await store.put('results/pre-owner-0001.json', await fixture('result.json'));
    const response = await getPrediction(get(alice, 'pre-owner-0001'), { store, ...prefixes });
    expect(response).toMatchObject({ statusCode: 200, body: { status: 'done', id: 'pre-owner-0001' } });
  });

  it('a pre-owner idempotency mapping is not shared: the same key now gets a fresh id for its caller', async () => {
    const { store, deps } = setup();
    // The object key the code before this change wrote for (fraud, order-42).
    await store.put(
      'idempotency/4c9b694211f5ef30bef25284b11a5168a743d97cf7fe74d9a9158c99c5a08668.json',
      await fixture('idempotency-mapping.json'),
    );
    const response = await submitPrediction(submit(bob, { inputs: [[1, 2]] }, { 'idempotency-key': 'order-42' }), deps);
    expect(response.body).not.toEqual({ id: 'pre-owner-0001', status: 'pending' });
  });
});
