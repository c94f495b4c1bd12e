// Which signature the API validates a model's requests against: the one of the version its callers
// are routed to, which is stable's as recorded when it was released. models.yaml may already name a
// version that does not serve: a signature change refused (held), a breaking all-at-once release
// not switched yet, a rolled-back candidate. Validating against it would answer stable's callers 400.
// A compatible candidate in a canary accepts whatever stable accepts, so stable's signature is
// right for the requests routed to either. Both planes use this: the catalog the AWS controller
// publishes and the local platform's.
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';

export interface DeclaredModel {
  readonly name: string;
  readonly version: string;
  readonly signature: ModelSignature;
}

/** A rollout record's stable version; `signature` is absent in records written before it was recorded. */
export interface StableVersion {
  readonly version: string;
  readonly signature?: ModelSignature;
}

export function servedSignature(declared: DeclaredModel, stable: StableVersion | undefined): ModelSignature {
  // No stable yet: the declared version is the first to serve. The same version: models.yaml's
  // declaration is the latest word on it. An old record: the declaration is all there is.
  if (!stable?.signature || stable.version === declared.version) return declared.signature;
  return stable.signature;
}

export function servedSignatures(
  models: readonly DeclaredModel[],
  stableOf: (model: string) => StableVersion | undefined,
): Record<string, ModelSignature> {
  return Object.fromEntries(models.map((m) => [m.name, servedSignature(m, stableOf(m.name))]));
}
