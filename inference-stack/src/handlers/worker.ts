// Processes a batch of queued requests: route, invoke the model host, write results/<id>.json once,
// record metrics, notify. Transient failures are returned for retry (partial batch failure); a
// model's own error is a `failed` result and is not retried.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import type { MirrorJob } from '../domain/mirror-message.ts';
import { isPredictionId } from '../domain/names.ts';
import type { Latencies, RequestNotice, StoredRequest, StoredResult } from '../domain/prediction.ts';
import { PREDICTION_FORMAT, readStoredRequest, requestKey, requestTensors, resultKey } from '../domain/prediction.ts';
import { invokeOptions, mirrorOf, type RandomSource, route } from '../domain/router.ts';
import { toJsonTensors } from '../domain/tensors/tensor-json.ts';
import { type ModelHost, ModelInvocationError } from '../ports/model-host.ts';
import { getJson, ObjectExistsError, type ObjectStore } from '../ports/object-store.ts';
import type { DeliveryTarget } from '../ports/queue.ts';
import type { Topic } from '../ports/topic.ts';
import { type DeadLetterNotes, noteIfLast, type Routed, requestDraw } from './dead-letter-attribution.ts';
import type { RouteLookup } from './route-lookup.ts';
import type { ShadowMirror } from './shadow-mirror.ts';

export interface WorkRecord {
  readonly messageId: string;
  readonly body: string;
  /** This delivery's number (SQS ApproximateReceiveCount); absent: unknown, never the last. */
  readonly receiveCount?: number;
}

export interface WorkerDeps {
  readonly store: ObjectStore;
  readonly routes: RouteLookup;
  readonly host: ModelHost;
  readonly metrics: MetricSink;
  readonly resultsTopic: Topic;
  readonly requestsPrefix: string;
  readonly resultsPrefix: string;
  readonly random: RandomSource;
  readonly now: () => number;
  /** `target`: the version the failed delivery was routed to; absent when it failed before routing. */
  readonly onError?: (messageId: string, error: unknown, target?: DeliveryTarget) => void;
  /** Where a message failed on its last allowed receive is announced (AWS: the DeadLettered metric). @default none */
  readonly deadLetters?: DeadLetterNotes;
  /** Where shadow releases mirror requests to, after stable's result is stored; absent: nothing is mirrored. */
  readonly mirror?: Pick<ShadowMirror, 'offer'>;
}

export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/**
 * The message itself is malformed: no retry can succeed. It still goes back as a batch failure, so
 * after maxReceiveCount the lane's DLQ keeps it (and its alarm fires) for `mlrelease dlq`; the log
 * says at once that it is poison, not a passing failure.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/** How the Lambda face logs a failed message (Powertools Logger: the error with its stack). */
export function logFailure(log: Pick<Logger, 'error'>, messageId: string, error: unknown): void {
  if (error instanceof PoisonMessageError)
    log.error('poison message: retries cannot help, the DLQ will keep it', { messageId, error });
  else log.error('message failed; SQS redelivers it', { messageId, error });
}

export async function processBatch(records: readonly WorkRecord[], deps: WorkerDeps): Promise<BatchResponse> {
  const outcomes = await Promise.all(
    records.map(async (record) => {
      const routed: Routed = {};
      try {
        await processRecord(record, deps, routed);
        return undefined;
      } catch (error) {
        deps.onError?.(record.messageId, error, routed.target);
        noteIfLast(record.receiveCount, routed.target, deps.deadLetters, deps.now());
        return { itemIdentifier: record.messageId };
      }
    }),
  );
  return { batchItemFailures: outcomes.filter((o) => o !== undefined) };
}

export async function processRecord(
  record: WorkRecord,
  deps: WorkerDeps,
  routed: Routed = {},
): Promise<StoredResult | undefined> {
  const notice = parseNotice(record.body);
  const key = resultKey(deps.resultsPrefix, notice.id);
  // Redelivery of a message already handled: the stored result stands. Its notice may not have gone
  // out (publish failed after the write), so it is sent again: notifications are at-least-once.
  const existing = await getJson<StoredResult>(deps.store, key);
  if (existing) {
    await notify(existing, key, deps);
    return undefined;
  }
  const stored = await getJson<unknown>(deps.store, requestKey(deps.requestsPrefix, notice.id));
  if (!stored) throw new Error(`request ${notice.id} not found`);
  const request = readStoredRequest(stored);

  const { result, mirror } = await run(request, deps, routed);
  try {
    await deps.store.put(key, JSON.stringify(result), { ifNoneMatch: '*' });
  } catch (error) {
    // Another delivery of the same message won the race; its result, metrics and notice stand.
    if (error instanceof ObjectExistsError) return undefined;
    throw error;
  }
  if (result.version && result.track)
    deps.metrics.record({
      model: result.model,
      track: result.track,
      version: result.version,
      latencyMs: result.latencies.loadMs + result.latencies.inferenceMs,
      error: result.status === 'failed',
      at: result.completedAt,
    });
  // Only the delivery whose result was stored mirrors, so a redelivery is not a second pair.
  if (mirror) deps.mirror?.offer(mirror);
  await notify(result, key, deps);
  return result;
}

async function notify(result: StoredResult, key: string, deps: WorkerDeps): Promise<void> {
  await deps.resultsTopic.publish({
    body: JSON.stringify({ id: result.id, status: result.status, model: result.model, version: result.version, key }),
    attributes: { model: result.model, status: result.status },
  });
}

/** Stable's result, and the request to mirror to a shadow candidate once that result is stored. */
async function run(
  request: StoredRequest,
  deps: WorkerDeps,
  routed: Routed,
): Promise<{ readonly result: StoredResult; readonly mirror?: MirrorJob | undefined }> {
  const started = deps.now();
  const base = {
    format: PREDICTION_FORMAT,
    id: request.id,
    ...(request.owner === undefined ? {} : { owner: request.owner }),
    model: request.model,
  };
  const latencies = (loadMs: number, inferenceMs: number): Latencies => ({
    queueMs: Math.max(0, started - request.submittedAt),
    loadMs,
    inferenceMs,
    totalMs: Math.max(0, deps.now() - request.submittedAt),
  });
  const modelRoute = await deps.routes.route(request.model);
  if (!modelRoute) throw new Error(`no route for ${request.model} yet`);
  // Drawn from the request, so a redelivery goes where the first delivery went (dead-letter-attribution.ts).
  const decision = route(modelRoute, request.routing, requestDraw(request.model, request.id));
  routed.target = { model: request.model, version: decision.version };
  const target = { ...base, version: decision.version, track: decision.track };
  try {
    const inputs = requestTensors(request);
    const invocation = await deps.host.invoke(decision.targetModel, inputs, invokeOptions(decision));
    const shadow = deps.mirror && mirrorOf(modelRoute, decision, deps.random);
    const mirror: MirrorJob | undefined = shadow
      ? {
          model: request.model,
          requestId: request.id,
          inputs,
          stable: { version: decision.version, outputs: invocation.outputs },
          candidate: shadow,
        }
      : undefined;
    return {
      mirror,
      result: {
        ...target,
        status: 'done',
        prediction: toJsonTensors(invocation.outputs),
        latencies: latencies(invocation.loadMs, invocation.inferenceMs),
        completedAt: deps.now(),
      },
    };
  } catch (error) {
    if (!(error instanceof ModelInvocationError)) throw error;
    const elapsed = deps.now() - started;
    return {
      result: {
        ...target,
        status: 'failed',
        error: { code: 'ModelError', message: error.message },
        latencies: latencies(0, elapsed),
        completedAt: deps.now(),
      },
    };
  }
}

/** Accepts the notice itself (raw delivery) or wrapped in an SNS envelope. */
export function parseNotice(body: string): RequestNotice {
  let value: unknown;
  try {
    value = JSON.parse(body);
    const envelope = value as { Type?: unknown; Message?: unknown };
    if (envelope.Type === 'Notification' && typeof envelope.Message === 'string') value = JSON.parse(envelope.Message);
  } catch (error) {
    throw new PoisonMessageError('message body is not JSON', { cause: error });
  }
  const notice = value as Partial<RequestNotice>;
  if (typeof notice.id !== 'string' || !isPredictionId(notice.id) || typeof notice.model !== 'string')
    throw new PoisonMessageError('message is not a request notice');
  return { id: notice.id, key: String(notice.key ?? ''), model: notice.model, lane: String(notice.lane ?? 'standard') };
}
