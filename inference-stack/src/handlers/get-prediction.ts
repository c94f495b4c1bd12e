// GET /v1/predictions/{id}: the result when there is one, pending while only the request exists.
import { isPredictionId } from '../domain/names.ts';
import { requestKey, resultKey, type StoredResult } from '../domain/prediction.ts';
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
  const result = await getJson<StoredResult>(deps.store, resultKey(deps.resultsPrefix, id));
  if (result) return json(200, result);
  const pending = await deps.store.get(requestKey(deps.requestsPrefix, id));
  if (pending) return json(200, { id, status: 'pending' });
  return apiError(404, 'PredictionNotFound', `no prediction ${id}`);
}
