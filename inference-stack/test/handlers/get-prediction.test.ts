import { describe, expect, it } from 'vitest';
import { getPrediction } from '../../src/handlers/get-prediction.ts';
import { apiRequest } from '../support/api-request.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const deps = (store: MemoryObjectStore) => ({ store, requestsPrefix: 'requests/', resultsPrefix: 'results/' });
const get = (id: string) => apiRequest({ method: 'GET', pathParams: { id } });

describe('getPrediction', () => {
  it('answers pending while only the request exists', async () => {
    const store = new MemoryObjectStore();
    await store.put('requests/abcdefgh.json', '{}');
    expect(await getPrediction(get('abcdefgh'), deps(store))).toEqual({
      statusCode: 200,
      body: { id: 'abcdefgh', status: 'pending' },
    });
  });

  it.each(['done', 'failed'])('answers the stored result once it is %s', async (status) => {
    const store = new MemoryObjectStore();
    const result = { id: 'abcdefgh', status, model: 'fraud' };
    await store.put('requests/abcdefgh.json', '{}');
    await store.put('results/abcdefgh.json', JSON.stringify(result));
    expect(await getPrediction(get('abcdefgh'), deps(store))).toEqual({ statusCode: 200, body: result });
  });

  it('answers 404 for an unknown id', async () => {
    const response = await getPrediction(get('abcdefgh'), deps(new MemoryObjectStore()));
    expect(response).toMatchObject({ statusCode: 404, body: { error: { code: 'PredictionNotFound' } } });
  });

  it.each(['../../etc', 'short', 'a/b/c/d/e/f'])('rejects the id %s without reading the store', async (id) => {
    const store = new MemoryObjectStore();
    const response = await getPrediction(get(id), deps(store));
    expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidPredictionId' } } });
  });
});
