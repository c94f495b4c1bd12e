// POST /v1/models/{model}/predictions: validate, check a version serves the model, store
// requests/<id>.json, answer 202 + Location.
// The S3 event on that object is what enqueues the work.
import { isLane } from '../domain/names.ts';
import { PREDICTION_FORMAT, requestKey, type StoredRequest } from '../domain/prediction.ts';
import { readRequestInputs } from '../domain/tensors/read-request-inputs.ts';
import { toJsonTensors } from '../domain/tensors/tensor-json.ts';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.ts';
import { DEFAULT_CONFIG } from '../stack/infra-config.ts';
import { type ApiRequest, type ApiResponse, apiError, json, routingContext } from './api.ts';
import { claimId, IdempotencyConflictError } from './idempotency.ts';
import { invalidInputs, type ModelCatalog, readModelRequest } from './model-catalog.ts';
import { notRouted, type RouteLookup } from './route-lookup.ts';

export interface SubmitDeps {
  readonly store: ObjectStore;
  readonly catalog: ModelCatalog;
  /** The route table: a model with no version serving is refused rather than queued for the DLQ. */
  readonly routes: RouteLookup;
  readonly requestsPrefix: string;
  /** @default 'idempotency/' */
  readonly idempotencyPrefix?: string;
  readonly newId: () => string;
  readonly now: () => number;
  /**
   * Lanes that have a queue subscribed; a request naming another lane would be stored and never run.
   * @default the lanes of DEFAULT_CONFIG (standard, priority), which the local data plane also creates
   */
  readonly lanes?: readonly string[];
}

const DEFAULT_LANES = DEFAULT_CONFIG.lanes.map((l) => l.name);

export async function submitPrediction(request: ApiRequest, deps: SubmitDeps): Promise<ApiResponse> {
  const read = readModelRequest(request, deps.catalog);
  if (!read.ok) return read.response;
  const { model, signature, body } = read;
  const lane = body.lane ?? 'standard';
  if (typeof lane !== 'string' || !isLane(lane)) return apiError(400, 'InvalidLane', 'lane must match [a-z][a-z0-9-]*');
  const lanes = deps.lanes ?? DEFAULT_LANES;
  if (!lanes.includes(lane)) return apiError(400, 'UnknownLane', `lane must be one of ${lanes.join(', ')}`);
  const check = readRequestInputs(body.inputs, signature);
  if (!check.ok) return invalidInputs(check.errors);
  if (!(await deps.routes.route(model))) return notRouted(model);
  const idempotencyKey = request.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey))
    return apiError(400, 'InvalidIdempotencyKey', 'Idempotency-Key must be 1..128 printable ASCII characters');

  const owner = request.principal?.sub;
  const build = (id: string): StoredRequest => ({
    format: PREDICTION_FORMAT,
    id,
    ...(owner === undefined ? {} : { owner }),
    model,
    lane,
    inputs: toJsonTensors(check.tensors),
    routing: routingContext(request, body),
    submittedAt: deps.now(),
  });
  let id: string;
  try {
    id = idempotencyKey
      ? await claimId({
          store: deps.store,
          prefix: deps.idempotencyPrefix ?? 'idempotency/',
          owner,
          model,
          key: idempotencyKey,
          body,
          newId: deps.newId,
        })
      : deps.newId();
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return apiError(409, 'IdempotencyConflict', error.message);
    throw error;
  }
  await storeOnce(build(id), deps);
  return json(202, { id, status: 'pending' }, { location: `/v1/predictions/${id}` });
}

// Also repairs a crash between writing the mapping and the request: the retry writes the request.
async function storeOnce(stored: StoredRequest, deps: SubmitDeps): Promise<void> {
  try {
    await deps.store.put(requestKey(deps.requestsPrefix, stored.id), JSON.stringify(stored), { ifNoneMatch: '*' });
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
  }
}
