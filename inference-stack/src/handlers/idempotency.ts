// Idempotency keys belong to the caller that sent them: the mapping's object key hashes
// (owner, model, key), so two callers choosing the same key never share an id. The mapping keeps a
// fingerprint of the request body: a key reused with a different body is a conflict, not the old
// result.
import { createHash } from 'node:crypto';
import { getJson, ObjectExistsError, type ObjectStore } from '../ports/object-store.ts';

/** Stored at `<prefix><sha256>.json`; `owner` and `fingerprint` are absent in mappings written before them. */
export interface IdempotencyMapping {
  readonly id: string;
  readonly model: string;
  readonly owner?: string;
  readonly fingerprint?: string;
}

export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
}

export interface IdempotencyClaim {
  readonly store: ObjectStore;
  readonly prefix: string;
  readonly owner: string | undefined;
  readonly model: string;
  readonly key: string;
  /** The parsed request body; per-call headers (trace ids) are not part of what is compared. */
  readonly body: unknown;
  readonly newId: () => string;
}

/** The first request with a key wins the mapping key -> id; a retry with the same body reads the winner's id. */
export async function claimId(claim: IdempotencyClaim): Promise<string> {
  const digest = sha256(`${claim.owner ?? ''}\u0000${claim.model}\u0000${claim.key}`);
  const mappingKey = `${claim.prefix}${digest}.json`;
  const fingerprint = sha256(canonicalJson(claim.body));
  const mapping: IdempotencyMapping = {
    id: claim.newId(),
    model: claim.model,
    ...(claim.owner === undefined ? {} : { owner: claim.owner }),
    fingerprint,
  };
  try {
    await claim.store.put(mappingKey, JSON.stringify(mapping), { ifNoneMatch: '*' });
    return mapping.id;
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    const existing = await getJson<IdempotencyMapping>(claim.store, mappingKey);
    if (!existing) throw new Error(`idempotency mapping vanished: ${mappingKey}`, { cause: error });
    if (existing.fingerprint !== undefined && existing.fingerprint !== fingerprint)
      throw new IdempotencyConflictError(
        `Idempotency-Key ${claim.key} was already used with a different request body (prediction ${existing.id})`,
      );
    return existing.id;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level, so key order in the body does not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
