import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import type { StoredRequest } from '../../src/domain/prediction.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { type SubmitDeps, submitPrediction } from '../../src/handlers/submit.ts';
import { apiRequest } from '../support/api-request.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';
import { routesExcept } from '../support/routes-except.ts';

function setup(routes = routesExcept()) {
  const store = new MemoryObjectStore();
  let n = 0;
  const deps: SubmitDeps = {
    store,
    catalog: catalogFromSignatures({ fraud: oneInput('features', 'float32', [-1, 2], 4) }),
    routes,
    requestsPrefix: 'requests/',
    newId: () => `id-${String(++n).padStart(6, '0')}`,
    now: () => 1_700_000_000_000,
  };
  return { store, deps };
}

const submit = (model: string, json: unknown, headers: Record<string, string> = {}) =>
  apiRequest({ pathParams: { model }, json, headers: { 'content-type': 'application/json', ...headers } });

describe('submitPrediction', () => {
  it('stores the request and answers 202 with the id and a Location', async () => {
    // Prepare
    const { store, deps } = setup();
    // Act
    const response = await submitPrediction(
      submit('fraud', { inputs: [[1, 2]], userId: 'u1' }, { 'x-user-id': 'u1', authorization: 'Bearer secret' }),
      deps,
    );
    // Assess
    expect(response).toEqual({
      statusCode: 202,
      body: { id: 'id-000001', status: 'pending' },
      headers: { location: '/v1/predictions/id-000001' },
    });
    expect(store.json<StoredRequest>('requests/id-000001.json')).toEqual({
      id: 'id-000001',
      model: 'fraud',
      lane: 'standard',
      format: 2,
      inputs: { features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } },
      routing: { headers: { 'x-user-id': 'u1' }, fields: { userId: 'u1' } },
      submittedAt: 1_700_000_000_000,
    });
  });

  it('returns the same id for a repeated Idempotency-Key and stores one request', async () => {
    // Prepare
    const { store, deps } = setup();
    const request = submit('fraud', { inputs: [[1, 2]] }, { 'idempotency-key': 'order-42' });
    // Act
    const first = await submitPrediction(request, deps);
    const second = await submitPrediction(request, deps);
    // Assess
    expect(second.body).toEqual(first.body);
    expect(await store.list('requests/')).toEqual(['requests/id-000001.json']);
  });

  it('gives different ids to the same Idempotency-Key on different models', async () => {
    const { deps } = setup();
    const withTwo = { ...deps, catalog: catalogFromSignatures({ a: sig(), b: sig() }) };
    const a = await submitPrediction(submit('a', { inputs: [[1, 2]] }, { 'idempotency-key': 'k' }), withTwo);
    const b = await submitPrediction(submit('b', { inputs: [[1, 2]] }, { 'idempotency-key': 'k' }), withTwo);
    expect(a.body).not.toEqual(b.body);
  });

  it('writes the request on retry when a crash left only the idempotency mapping', async () => {
    // Prepare
    const { store, deps } = setup();
    const request = submit('fraud', { inputs: [[1, 2]] }, { 'idempotency-key': 'k1' });
    await submitPrediction(request, deps);
    store.objects.delete('requests/id-000001.json');
    // Act
    const retry = await submitPrediction(request, deps);
    // Assess
    expect(retry.body).toEqual({ id: 'id-000001', status: 'pending' });
    expect(store.objects.has('requests/id-000001.json')).toBe(true);
  });

  it.each([
    {
      name: 'a path-traversal model name',
      model: '../secrets',
      json: { inputs: [[1, 2]] },
      status: 400,
      code: 'InvalidModelName',
    },
    {
      name: 'an upper-case model name',
      model: 'Fraud',
      json: { inputs: [[1, 2]] },
      status: 400,
      code: 'InvalidModelName',
    },
    { name: 'an unknown model', model: 'churn', json: { inputs: [[1, 2]] }, status: 404, code: 'ModelNotFound' },
    {
      name: 'inputs of the wrong width',
      model: 'fraud',
      json: { inputs: [[1, 2, 3]] },
      status: 400,
      code: 'InvalidInputs',
    },
    {
      name: 'a batch above maxBatch',
      model: 'fraud',
      json: { inputs: Array(5).fill([1, 2]) },
      status: 400,
      code: 'InvalidInputs',
    },
    { name: 'a body that is an array', model: 'fraud', json: [[1, 2]], status: 400, code: 'BadRequest' },
    { name: 'a bad lane', model: 'fraud', json: { inputs: [[1, 2]], lane: '../x' }, status: 400, code: 'InvalidLane' },
  ])('rejects $name with $status $code and stores nothing', async ({ model, json, status, code }) => {
    const { store, deps } = setup();
    const response = await submitPrediction(submit(model, json), deps);
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatchObject({ error: { code } });
    expect(store.objects.size).toBe(0);
  });

  it('refuses a model with no version serving (its first version aborted) with 503 and Retry-After, and stores nothing', async () => {
    // Prepare: fraud is in models.yaml, but the route table has no route for it.
    const { store, deps } = setup(routesExcept('fraud'));
    // Act
    const response = await submitPrediction(submit('fraud', { inputs: [[1, 2]] }, { 'idempotency-key': 'k' }), deps);
    // Assess: before, 202 and a request that could only end in the DLQ.
    expect(response).toMatchObject({
      statusCode: 503,
      body: { error: { code: 'ModelNotRouted', message: expect.stringContaining('fraud has no version serving') } },
      headers: { 'retry-after': '30' },
    });
    expect(store.objects.size).toBe(0);
  });

  it('rejects a body that is not JSON', async () => {
    const { deps } = setup();
    const response = await submitPrediction(apiRequest({ pathParams: { model: 'fraud' }, body: '{nope' }), deps);
    expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'BadRequest' } } });
  });

  it('rejects an Idempotency-Key with control characters', async () => {
    const { deps } = setup();
    const response = await submitPrediction(submit('fraud', { inputs: [[1, 2]] }, { 'idempotency-key': 'a\nb' }), deps);
    expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidIdempotencyKey' } } });
  });
});

function sig() {
  return oneInput('features', 'float32', [-1, 2], 4);
}
