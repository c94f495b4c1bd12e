import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { type InvokeSyncDeps, invokeSync } from '../../src/handlers/invoke-sync.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics, ScriptedHost, sumHost } from '../support/fakes.ts';

const abRoute: ModelRoute = {
  model: 'churn',
  stable: { version: '2.0.0', targetModel: 'churn/2.0.0-aaa/model.onnx' },
  candidate: { version: '2.1.0', targetModel: 'churn/2.1.0-bbb/model.onnx' },
  candidateWeight: 100,
  mode: 'weighted',
};

function setup(host = sumHost(), route: ModelRoute | null = abRoute) {
  const metrics = new RecordingMetrics();
  const deps: InvokeSyncDeps = {
    catalog: catalogFromSignatures({ churn: oneInput('x', 'float32', [-1, 2], 8) }),
    routes: { route: async () => route ?? undefined },
    host,
    metrics,
    random: () => 0.5,
    now: () => 5_000,
  };
  return { deps, metrics, host };
}

const invoke = (json: unknown) => apiRequest({ pathParams: { model: 'churn' }, json });

describe('invokeSync', () => {
  it('answers the routed version, track, outputs and latencies, and records a metric', async () => {
    // Prepare
    const { deps, metrics, host } = setup();
    // Act
    const response = await invokeSync(
      invoke({
        inputs: [
          [1, 2],
          [3, 4],
        ],
      }),
      deps,
    );
    // Assess
    expect(response).toEqual({
      statusCode: 200,
      body: {
        model: 'churn',
        version: '2.1.0',
        track: 'candidate',
        outputs: { score: { dtype: 'float32', shape: [2, 1], data: [10] } },
        latencies: { loadMs: 0, inferenceMs: 2 },
      },
    });
    expect(host.calls[0]).toEqual({
      targetModel: 'churn/2.1.0-bbb/model.onnx',
      input: { x: { dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 4] } },
    });
    expect(metrics.records).toEqual([
      { model: 'churn', track: 'candidate', version: '2.1.0', latencyMs: 2, error: false, at: 5_000 },
    ]);
  });

  it('answers 424 naming the failing version on a model error and records an error metric', async () => {
    const { deps, metrics } = setup(
      new ScriptedHost((t) => {
        throw new ModelInvocationError(t, 'boom');
      }),
    );
    const response = await invokeSync(invoke({ inputs: [[1, 2]] }), deps);
    expect(response).toMatchObject({
      statusCode: 424,
      body: { error: { code: 'ModelError' }, model: expect.any(String), version: expect.any(String) },
    });
    expect(metrics.records[0]).toMatchObject({ error: true, track: 'candidate' });
  });

  it.each([
    ['a dropped socket', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
  ])('lets %s through (the face answers 500) without counting it as an error of the version', async (_, failure) => {
    // Prepare: the host fails before any model ran.
    const { deps, metrics } = setup(
      new ScriptedHost(() => {
        throw failure;
      }),
    );
    // Act / Assess
    await expect(invokeSync(invoke({ inputs: [[1, 2]] }), deps)).rejects.toBe(failure);
    expect(metrics.records).toEqual([]);
  });

  it('answers 503 while the model has no route', async () => {
    const { deps, host } = setup(sumHost(), null);
    const response = await invokeSync(invoke({ inputs: [[1, 2]] }), deps);
    expect(response).toMatchObject({ statusCode: 503, body: { error: { code: 'ModelNotRouted' } } });
    expect(host.calls).toHaveLength(0);
  });

  it('validates inputs before routing', async () => {
    const { deps, host } = setup();
    const response = await invokeSync(invoke({ inputs: [['a', 2]] }), deps);
    expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidInputs' } } });
    expect(host.calls).toHaveLength(0);
  });
});
