// Compiling -> Registered: compile the artifact for the endpoint, store it content-addressed and
// register it. Implemented by model-registry's prepareRelease; idempotent for the same spec.
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import type { VariantServing } from './production-variants.ts';

export interface PreparedRelease {
  /** Artifact key, `<model>/<version>-<sha12>/<file>`: the MME TargetModel. */
  readonly targetModel: string;
  readonly sha256: string;
  /** A single-model (Neo-compiled) version: the production variant that serves it (TargetVariant). */
  readonly targetVariant?: string;
  /**
   * How that variant is served (image, instance type). Absent in records written before the
   * controller created variants itself: such a version is aborted with the fix (register it again).
   */
  readonly variant?: VariantServing;
}

export interface ReleasePreparer {
  /**
   * @throws ReleaseNotReadyError to be asked again on the next tick. A temporary failure (throttling,
   *   503, a dropped socket: temporary-failure.ts) is asked again too; any other error aborts the rollout.
   */
  prepare(spec: ModelSpec): Promise<PreparedRelease>;
}

/** The release is not ready yet (e.g. a compilation job is still running): ask again next tick. */
export class ReleaseNotReadyError extends Error {
  override readonly name = 'ReleaseNotReadyError';
  constructor(
    readonly model: string,
    readonly version: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${model} ${version}: ${reason}`, options);
  }
}
