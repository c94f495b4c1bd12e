// Compiling -> Registered: compile the artifact for the endpoint, store it content-addressed and
// register it. Implemented by model-registry's prepareRelease; idempotent for the same spec.
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';

export interface PreparedRelease {
  /** Artifact key, `<model>/<version>-<sha12>/<file>`: the MME TargetModel. */
  readonly targetModel: string;
  readonly sha256: string;
}

export interface ReleasePreparer {
  prepare(spec: ModelSpec): Promise<PreparedRelease>;
}
