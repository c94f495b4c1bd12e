// The body of POST /v1/admin/dlq/redrive: optional {lane, ids}; empty means every dead letter.
import { type ApiResponse, apiError } from '../../../inference-stack/src/handlers/api.ts';
import type { RedriveSelection } from '../dead-letters.ts';

export function parseRedriveSelection(
  body: string | undefined,
  lanes: readonly string[],
): { ok: true; selection: RedriveSelection } | { ok: false; response: ApiResponse } {
  const fail = (message: string) => ({ ok: false as const, response: apiError(400, 'InvalidRedrive', message) });
  if (body === undefined || body.trim() === '') return { ok: true, selection: {} };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return fail('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('body must be a JSON object');
  const { lane, ids, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return fail(`unknown fields: ${Object.keys(rest).join(', ')}`);
  if (lane !== undefined && (typeof lane !== 'string' || !lanes.includes(lane)))
    return fail(`lane must be one of ${lanes.join(', ')}`);
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 1000 || !ids.every((id) => typeof id === 'string')))
    return fail('ids must be an array of at most 1000 message ids');
  return {
    ok: true,
    selection: { ...(lane !== undefined ? { lane } : {}), ...(ids !== undefined ? { ids: ids as string[] } : {}) },
  };
}
