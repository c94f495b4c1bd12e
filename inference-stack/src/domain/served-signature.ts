// Which signature the API validates a model's requests against: the one of the version its callers
// are routed to (stable, or a candidate carrying all the traffic), as recorded when it was released.
// models.yaml may already name a version that does not serve: a signature change refused (held), a
// breaking all-at-once release not switched yet, a rolled-back candidate. Validating against it
// would answer the served version's callers 400. A compatible candidate in a canary accepts whatever
// stable accepts, so stable's signature is right for requests routed to either. Both planes use
// this: the catalog the AWS controller publishes and the local platform's.
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';

export interface DeclaredModel {
  readonly name: string;
  readonly version: string;
  readonly signature: ModelSignature;
}

/** The version a rollout record routes requests to; `signature` is absent in records older than it. */
export interface RoutedVersion {
  readonly version: string;
  readonly signature?: ModelSignature;
}

export function servedSignature(declared: DeclaredModel, routed: RoutedVersion | undefined): ModelSignature {
  // Nothing routed yet: the declared version is the first to serve. The same version: models.yaml's
  // declaration is the latest word on it. An old record: the declaration is all there is.
  if (!routed?.signature || routed.version === declared.version) return declared.signature;
  return routed.signature;
}

export function servedSignatures(
  models: readonly DeclaredModel[],
  routedOf: (model: string) => RoutedVersion | undefined,
): Record<string, ModelSignature> {
  return Object.fromEntries(models.map((m) => [m.name, servedSignature(m, routedOf(m.name))]));
}
