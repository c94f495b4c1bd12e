// GET /v1/predictions/{id}: the result when there is one, pending while only the request exists.
// Only the principal that submitted it may read it: to anyone else it does not exist (404, not 403,
// so ids cannot be probed).
import { isPredictionId } from '../domain/names.ts';
import { visibleTo } from '../domain/ownership.ts';
import { requestKey, resultKey, type StoredRequest, type StoredResult } from '../domain/prediction.ts';
import { getJson, type ObjectStore } from '../ports/object-store.ts';
import { type ApiRequest, type ApiResponse, apiError, json } from './api.ts';

export interface GetPredictionDeps {
  readonly store: ObjectStore;
  readonly requestsPrefix: string;
  readonly resultsPrefix: string;
}

export async function getPrediction(request: ApiRequest, deps: GetPredictionDeps): Promise<ApiResponse> {
  const id = request.pathParams.id ?? '';
  if (!isPredictionId(id)) return apiError(400, 'InvalidPredictionId', 'prediction id must match [A-Za-z0-9_-]{8,64}');
  const caller = request.principal?.sub;
  const notFound = apiError(404, 'PredictionNotFound', `no prediction ${id}`);
  const result = await getJson<StoredResult>(deps.store, resultKey(deps.resultsPrefix, id));
  if (result) {
    if (!visibleTo(result.owner, caller)) return notFound;
    const { owner: _owner, ...shown } = result;
    return json(200, shown);
  }
  const bytes = await deps.store.get(requestKey(deps.requestsPrefix, id));
  if (!bytes) return notFound;
  // A torn request names no owner it could be shown to; the worker answers it with a failed result.
  const pending = parseOrUndefined(bytes);
  return pending && visibleTo(pending.owner, caller) ? json(200, { id, status: 'pending' }) : notFound;
}

function parseOrUndefined(bytes: Uint8Array): Pick<StoredRequest, 'owner'> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === 'object' ? (value as Pick<StoredRequest, 'owner'>) : undefined;
  } catch {
    return undefined;
  }
}
