// What any answer of the API must look like, whatever was sent: a 2xx/4xx (503 only for the
// documented "model not routed yet"), JSON, a request id, and every error as {error:{code,message}}.
import type { FuzzCase } from './api-arbitraries.ts';
import type { RawResponse } from './keep-alive-client.ts';

export const PREDICTION_ID = /^[A-Za-z0-9_-]{8,64}$/;

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Throws a ContractViolation naming the broken rule; returns the parsed body otherwise. */
export function checkAnswer(c: FuzzCase, res: RawResponse): unknown {
  const fail = (rule: string): never => {
    throw new ContractViolation(
      `${rule}: ${c.request.method} ${c.request.path} -> ${res.status} ${res.text.slice(0, 300)}`,
    );
  };
  const documented503 = res.status === 503 && res.text.includes('"ModelNotRouted"');
  if (res.status >= 500 && !documented503) fail('5xx answer');
  if (res.status < 200 || (res.status >= 300 && res.status < 400)) fail('unexpected status');
  if (typeof res.headers['x-request-id'] !== 'string') fail('no x-request-id');
  if (c.request.method === 'HEAD') return undefined;
  if (!String(res.headers['content-type']).startsWith('application/json')) fail('not JSON');
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    fail('body is not JSON');
  }
  if (res.status >= 400) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code !== 'string' || error.code === '' || typeof error.message !== 'string')
      fail('error body is not {error:{code,message}}');
  }
  if (res.status === 202) {
    const id = (body as { id?: unknown }).id;
    if (c.kind !== 'submit' || typeof id !== 'string' || !PREDICTION_ID.test(id)) fail('202 without a prediction id');
    if (res.headers.location !== `/v1/predictions/${id}`) fail('202 without its Location');
  }
  if (res.status === 200 && c.kind === 'invoke' && !(body as { outputs?: unknown }).outputs)
    fail('200 without outputs');
  return body;
}

/** FUZZ_SEED=<n> replays a run; the default keeps CI deterministic. */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Number.NaN;
  return Number.isInteger(fromEnv) ? fromEnv : 20_261_124;
}
