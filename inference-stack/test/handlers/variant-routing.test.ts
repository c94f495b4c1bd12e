// A single-model (Neo-compiled) version is routed exactly like an MME one (same weights, sticky keys
// and per-version metrics) but invoked by TargetVariant on the variant endpoint. Both handlers run
// with the real SageMakerModelHost on a mocked SageMaker Runtime client; every input it sends is
// checked against botocore's API model by the suite's setup file.
import 'aws-sdk-client-mock-vitest/extend';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { SageMakerModelHost } from '../../src/adapters/aws/sagemaker-model-host.ts';
import type { StoredRequest, StoredResult } from '../../src/domain/prediction.ts';
import { route } from '../../src/domain/router.ts';
import { invokeSync } from '../../src/handlers/invoke-sync.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { processBatch } from '../../src/handlers/worker.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics, RecordingTopic } from '../support/fakes.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const runtime = mockClient(SageMakerRuntimeClient);
beforeEach(() => {
  runtime.reset();
  runtime.on(InvokeEndpointCommand).resolves({
    Body: new TextEncoder().encode(
      JSON.stringify({ outputs: { score: { dtype: 'float32', shape: [1, 1], data: [0.25] } } }),
    ) as never,
  });
});

const host = () =>
  new SageMakerModelHost({
    client: new SageMakerRuntimeClient({ region: 'eu-west-1' }),
    endpointName: 'scoring-mme',
    variantEndpointName: 'scoring-neo',
  });

/** A/B between two Neo-compiled versions, sticky on x-user-id. */
const neoRoute: ModelRoute = {
  model: 'fraud',
  stable: {
    version: '1.0.0',
    targetModel: 'fraud/1.0.0-aaaaaaaaaaaa/model-ml_c5.tar.gz',
    targetVariant: 'fraud-1-0-0-aaaaaaaaaaaa',
  },
  candidate: {
    version: '1.1.0',
    targetModel: 'fraud/1.1.0-bbbbbbbbbbbb/model-ml_c5.tar.gz',
    targetVariant: 'fraud-1-1-0-bbbbbbbbbbbb',
  },
  candidateWeight: 50,
  mode: 'sticky',
  sticky: { source: 'header', name: 'x-user-id' },
};
/** The same route as the multi-model endpoint sees it: no variants. */
const mmeRoute: ModelRoute = {
  ...neoRoute,
  stable: { version: neoRoute.stable.version, targetModel: neoRoute.stable.targetModel },
  candidate: { version: neoRoute.candidate!.version, targetModel: neoRoute.candidate!.targetModel },
};
const signature = oneInput('features', 'float32', [-1, 2], 8);
const tensors = { features: { dtype: 'float32' as const, shape: [1, 2], data: [1, 2] } };

describe('routing a single-model (Neo) version by TargetVariant', () => {
  it('the router picks the same side for the same sticky key as on the MME, and names its variant', () => {
    for (const user of ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6', 'u-7', 'u-8']) {
      const context = { headers: { 'x-user-id': user } };
      const neo = route(neoRoute, context, () => 0.5);
      const mme = route(mmeRoute, context, () => 0.5);

      expect({ track: neo.track, version: neo.version }).toEqual({ track: mme.track, version: mme.version });
      expect(neo.targetVariant).toBe(neoRoute[neo.track]!.targetVariant);
      expect(mme.targetVariant).toBeUndefined();
    }
  });

  it('the sync API invokes the variant endpoint with TargetVariant (no TargetModel) and records per-version metrics', async () => {
    const metrics = new RecordingMetrics();
    const users = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6'];

    for (const user of users)
      await invokeSync(
        apiRequest({
          pathParams: { model: 'fraud' },
          json: { inputs: [[1, 2]] },
          headers: { 'content-type': 'application/json', 'x-user-id': user },
        }),
        {
          catalog: catalogFromSignatures({ fraud: signature }),
          routes: { route: async () => neoRoute },
          host: host(),
          metrics,
          random: () => 0.5,
          now: () => 1_000,
        },
      );

    const sent = runtime.commandCalls(InvokeEndpointCommand).map((c) => c.args[0].input);
    const expected = users.map((user) => route(neoRoute, { headers: { 'x-user-id': user } }, () => 0.5));
    expect(sent.map((input) => [input.EndpointName, input.TargetVariant, input.TargetModel])).toEqual(
      expected.map((d) => ['scoring-neo', d.targetVariant, undefined]),
    );
    expect(metrics.records.map((r) => [r.model, r.track, r.version, r.error])).toEqual(
      expected.map((d) => ['fraud', d.track, d.version, false]),
    );
  });

  it('the worker invokes the variant with TargetVariant and stores the version that answered', async () => {
    const store = new MemoryObjectStore();
    const request: StoredRequest = {
      id: 'req-00000001',
      model: 'fraud',
      lane: 'standard',
      format: 2,
      inputs: tensors,
      routing: { headers: { 'x-user-id': 'u-3' } },
      submittedAt: 900,
    };
    await store.put('requests/req-00000001.json', JSON.stringify(request));
    const decision = route(neoRoute, request.routing, () => 0.5);

    const response = await processBatch(
      [
        {
          messageId: 'm-1',
          body: JSON.stringify({ id: request.id, key: 'requests/req-00000001.json', model: 'fraud', lane: 'standard' }),
        },
      ],
      {
        store,
        routes: { route: async () => neoRoute },
        host: host(),
        metrics: new RecordingMetrics(),
        resultsTopic: new RecordingTopic(),
        requestsPrefix: 'requests/',
        resultsPrefix: 'results/',
        random: () => 0.5,
        now: () => 1_000,
      },
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-neo',
      TargetVariant: decision.targetVariant,
    });
    expect(runtime.commandCalls(InvokeEndpointCommand)[0]!.args[0].input.TargetModel).toBeUndefined();
    expect(store.json<StoredResult>('results/req-00000001.json')).toMatchObject({
      status: 'done',
      version: decision.version,
      track: decision.track,
    });
  });

  it('an MME route still invokes by TargetModel on the multi-model endpoint', async () => {
    await host().invoke('fraud/1.0.0-aaaaaaaaaaaa/model.onnx', tensors);

    expect(runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-mme',
      TargetModel: 'fraud/1.0.0-aaaaaaaaaaaa/model.onnx',
    });
    expect(runtime.commandCalls(InvokeEndpointCommand)[0]!.args[0].input.TargetVariant).toBeUndefined();
  });

  it('a variant route without a configured variant endpoint fails as a model error, not a call to the MME', async () => {
    const mmeOnly = new SageMakerModelHost({
      client: new SageMakerRuntimeClient({ region: 'eu-west-1' }),
      endpointName: 'scoring-mme',
    });

    await expect(mmeOnly.invoke('fraud/x', tensors, { targetVariant: 'fraud-1-0-0-a' })).rejects.toThrow(
      /no variant endpoint is configured to serve fraud-1-0-0-a/,
    );
    expect(runtime).toHaveReceivedCommandTimes(InvokeEndpointCommand, 0);
  });
});
