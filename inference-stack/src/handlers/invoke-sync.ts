// POST /v1/models/{model}/invoke: route and run the model in the request, for low-latency callers.
import type { MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import { invokeOptions, mirrorOf, type RandomSource, route } from '../domain/router.ts';
import { readRequestInputs } from '../domain/tensors/read-request-inputs.ts';
import { toJsonTensors } from '../domain/tensors/tensor-json.ts';
import { type ModelHost, ModelInvocationError } from '../ports/model-host.ts';
import { type ApiRequest, type ApiResponse, json, routingContext } from './api.ts';
import { invalidInputs, type ModelCatalog, readModelRequest } from './model-catalog.ts';
import { notRouted, type RouteLookup } from './route-lookup.ts';
import type { ShadowMirror } from './shadow-mirror.ts';

export interface InvokeSyncDeps {
  readonly catalog: ModelCatalog;
  readonly routes: RouteLookup;
  readonly host: ModelHost;
  readonly metrics: MetricSink;
  readonly random: RandomSource;
  /** Epoch ms. */
  readonly now: () => number;
  /** Where shadow releases mirror requests to; absent: nothing is mirrored. */
  readonly mirror?: Pick<ShadowMirror, 'offer'>;
}

export async function invokeSync(request: ApiRequest, deps: InvokeSyncDeps): Promise<ApiResponse> {
  const read = readModelRequest(request, deps.catalog);
  if (!read.ok) return read.response;
  const { model, signature, body } = read;
  const check = readRequestInputs(body.inputs, signature);
  if (!check.ok) return invalidInputs(check.errors);
  const modelRoute = await deps.routes.route(model);
  if (!modelRoute) return notRouted(model);

  const decision = route(modelRoute, routingContext(request, body), deps.random);
  const started = deps.now();
  const record = (error: boolean, latencyMs: number) =>
    deps.metrics.record({ model, track: decision.track, version: decision.version, latencyMs, error, at: started });
  try {
    const invocation = await deps.host.invoke(decision.targetModel, check.tensors, invokeOptions(decision));
    record(false, invocation.loadMs + invocation.inferenceMs);
    const shadow = deps.mirror && mirrorOf(modelRoute, decision, deps.random);
    if (shadow)
      deps.mirror!.offer({
        model,
        requestId: request.requestId,
        inputs: check.tensors,
        stable: { version: decision.version, outputs: invocation.outputs },
        candidate: shadow,
      });
    return json(200, {
      model,
      version: decision.version,
      track: decision.track,
      outputs: toJsonTensors(invocation.outputs),
      latencies: { loadMs: invocation.loadMs, inferenceMs: invocation.inferenceMs },
    });
  } catch (error) {
    // Throttling, a dropped socket, an endpoint down: not the routed version's error (the worker
    // counts the same way), so a throttle during a canary cannot roll back a healthy candidate.
    if (!(error instanceof ModelInvocationError)) throw error;
    record(true, deps.now() - started);
    // 424 as SageMaker's ModelError: the input was valid, the model failed. Say which version did.
    const failed = { code: 'ModelError', message: error.message };
    return json(424, { error: failed, model, version: decision.version, track: decision.track });
  }
}
