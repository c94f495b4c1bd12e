// What the request handlers need from the route table: one model's route (cached with a TTL).
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { type ApiResponse, apiError } from './api.ts';

export interface RouteLookup {
  route(model: string): Promise<ModelRoute | undefined>;
}

/** Seconds a caller waits before asking again for a model with no version serving. */
const NOT_ROUTED_RETRY_AFTER_S = 30;

/**
 * A model in models.yaml with no version serving (not released yet, or its first version aborted):
 * refused at the door, on the async path too, so nothing is accepted that could only reach the DLQ.
 */
export function notRouted(model: string): ApiResponse {
  return apiError(
    503,
    'ModelNotRouted',
    `${model} has no version serving (not released yet, or its first version was aborted or rolled back); nothing was accepted, retry once a version is released`,
    { 'retry-after': String(NOT_ROUTED_RETRY_AFTER_S) },
  );
}
