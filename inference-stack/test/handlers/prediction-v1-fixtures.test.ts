// Requests and results written by the code before named tensors (fixtures captured from it, with
// the real churn-scorer model) stay readable: the worker runs an old request, GET serves an old result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildExampleModel, findExample } from '../../../local/src/example-models/index.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { OnnxRuntimeModelHost } from '../../src/adapters/local/onnx-runtime-model-host.ts';
import { readStoredRequest, type StoredResult, UnreadableRequestError } from '../../src/domain/prediction.ts';
import { getPrediction } from '../../src/handlers/get-prediction.ts';
import { processRecord } from '../../src/handlers/worker.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics, RecordingTopic } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prediction-v1/${name}`, import.meta.url), 'utf8');
const ID = 'v1-request-0001';

describe('format 1 documents', () => {
  it('reads a format 1 request as one named tensor', () => {
    const request = readStoredRequest(JSON.parse(fixture('request.json')));
    expect(request.format).toBe(2);
    expect(request.inputs.features?.dtype).toBe('float32');
    expect(request.inputs.features?.shape).toEqual([2, 12]);
    expect(request.inputs.features?.data.slice(0, 3)).toEqual([1, 2, 3]);
    expect(request.routing).toEqual({ headers: { 'x-user-id': 'u-17' }, fields: {} });
  });

  it('refuses a format it does not know, rather than guessing', () => {
    expect(() => readStoredRequest({ format: 3 })).toThrow(UnreadableRequestError);
  });

  it('the worker runs a format 1 request on the real model and gets the same answer as then', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    await store.put(`requests/${ID}.json`, fixture('request.json'));
    const bytes = buildExampleModel(findExample('churn-scorer', '1.0.0'));
    const host = new OnnxRuntimeModelHost({ artifacts: { get: async () => bytes } });
    const route: ModelRoute = {
      model: 'churn-scorer',
      stable: { version: '1.0.0', targetModel: 'churn-scorer/1.0.0-abc/model.onnx' },
      candidateWeight: 0,
      mode: 'weighted',
    };
    let clock = 1_764_676_800_100;
    // Act
    const result = await processRecord(
      { messageId: 'm1', body: JSON.stringify({ id: ID, key: `requests/${ID}.json`, model: 'churn-scorer' }) },
      {
        store,
        routes: { route: async () => route },
        host,
        metrics: new RecordingMetrics(),
        resultsTopic: new RecordingTopic(),
        requestsPrefix: 'requests/',
        resultsPrefix: 'results/',
        random: () => 0.5,
        now: () => clock++,
      },
    );
    await host.close();
    // Assess: the probabilities the old code stored for this request
    const old = JSON.parse(fixture('result.json')) as Extract<StoredResult, { status: 'done' }>;
    expect(result?.status).toBe('done');
    const prediction = result?.status === 'done' ? result.prediction.probability : undefined;
    expect(prediction).toEqual({ dtype: 'float32', ...old.prediction.probability });
  });

  it('GET serves a format 1 result as it was stored', async () => {
    const store = new MemoryObjectStore();
    await store.put(`results/${ID}.json`, fixture('result.json'));
    const response = await getPrediction(apiRequest({ pathParams: { id: ID } }), {
      store,
      requestsPrefix: 'requests/',
      resultsPrefix: 'results/',
    });
    expect(response).toEqual({ statusCode: 200, body: JSON.parse(fixture('result.json')) });
  });
});
