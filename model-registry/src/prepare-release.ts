// Application service the release controller, the pipeline's Register stage and the local platform
// call: everything a version needs before traffic can move to it. Idempotent: the same inputs give
// the same keys, and a version already registered from the same bytes is returned as it is.
import { sha256Hex } from './adapters/sha256.ts';
import { type CompileModelDeps, compileModel, precheckModel } from './compile-model.ts';
import type { ModelSpec } from './domain/manifest/types.ts';
import type { ArtifactRef } from './ports/artifact-store.ts';
import type { CompileReport } from './ports/compiler.ts';
import {
  type ApprovalStatus,
  type ModelRegistry,
  type Registration,
  RegistryConflictError,
} from './ports/model-registry.ts';

export interface PrepareReleaseDeps extends CompileModelDeps {
  readonly registry: ModelRegistry;
  readonly clock: () => Date;
  /** Who asked: a user, or the pipeline's role. */
  readonly who: string;
  /** Git commit of models.yaml, for lineage. */
  readonly commit?: string;
  /** Approval status of a new registration. @default 'PendingManualApproval' */
  readonly approval?: ApprovalStatus;
}

export interface PreparedRelease {
  readonly source: ArtifactRef;
  /** Its key is the TargetModel. */
  readonly compiled: ArtifactRef;
  readonly report: CompileReport;
  readonly registration: Registration;
  /** True when the version was registered before and nothing was compiled. */
  readonly reused: boolean;
}

export async function prepareRelease(spec: ModelSpec, deps: PrepareReleaseDeps): Promise<PreparedRelease> {
  // Pre-checks run even for a registered version: models.yaml may have changed around it.
  const bytes = await precheckModel(spec, deps);
  const existing = await deps.registry.get(spec.name, spec.version);
  if (existing) {
    // Same version, other bytes: refuse before compiling anything.
    if (existing.lineage.source.sha256 !== sha256Hex(bytes)) throw new RegistryConflictError(spec.name, spec.version);
    const { source, compiled, compileReport: report } = existing.lineage;
    return { source, compiled, report, registration: existing, reused: true };
  }
  const { source, compiled, report } = await compileModel(spec, { ...deps, readArtifact: async () => bytes });
  const registration = await deps.registry.register({
    model: spec.name,
    version: spec.version,
    framework: spec.framework,
    signature: spec.signature,
    target: spec.compile.target,
    lineage: {
      ...(deps.commit ? { sourceCommit: deps.commit } : {}),
      source,
      compiled,
      compileReport: report,
      registeredBy: deps.who,
      registeredAt: deps.clock().toISOString(),
    },
    ...(deps.approval ? { approval: deps.approval } : {}),
  });
  return { source, compiled, report, registration, reused: false };
}
