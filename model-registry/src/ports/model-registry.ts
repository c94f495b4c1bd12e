// Versioned, approvable model records with lineage: what was built from what, by whom, when.

import { type LegacyInput, signatureFromLegacyInput } from '../domain/manifest/read-signature.ts';
import type { Framework, ModelSignature } from '../domain/manifest/types.ts';
import type { ArtifactRef } from './artifact-store.ts';
import type { CompileReport } from './compiler.ts';

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];

export interface Lineage {
  /** Git commit of models.yaml that asked for this version, when known. */
  readonly sourceCommit?: string;
  readonly source: ArtifactRef;
  /** Its key is the MME TargetModel. */
  readonly compiled: ArtifactRef;
  readonly compileReport: CompileReport;
  readonly registeredBy: string;
  /** ISO 8601. */
  readonly registeredAt: string;
}

export interface ApprovalChange {
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly reason?: string;
}

export interface NewRegistration {
  readonly model: string;
  readonly version: string;
  readonly framework: Framework;
  readonly signature: ModelSignature;
  readonly target: string;
  readonly lineage: Lineage;
  /** @default 'PendingManualApproval' */
  readonly approval?: ApprovalStatus;
}

export interface Registration extends NewRegistration {
  readonly approval: ApprovalStatus;
  /** The last approval change, if any. */
  readonly approvalChange?: ApprovalChange;
  /** Backend identity: a file path locally, the ModelPackageArn on AWS. */
  readonly id: string;
}

export interface ModelRegistry {
  /**
   * Registers a version. Registering a version again with the same source bytes returns the stored
   * registration unchanged. @throws RegistryConflictError if the version exists with other bytes.
   */
  register(entry: NewRegistration): Promise<Registration>;
  get(model: string, version: string): Promise<Registration | undefined>;
  /** Every version of one model (or of all models), oldest registration first. */
  list(model?: string): Promise<Registration[]>;
  /** @throws VersionNotRegisteredError */
  setApproval(model: string, version: string, status: ApprovalStatus, change: ApprovalChange): Promise<Registration>;
}

export class RegistryConflictError extends Error {
  override readonly name = 'RegistryConflictError';
  constructor(
    readonly model: string,
    readonly version: string,
    options?: { cause?: unknown },
  ) {
    super(`${model}@${version} is already registered from different source bytes; publish a new version`, options);
  }
}

export class VersionNotRegisteredError extends Error {
  override readonly name = 'VersionNotRegisteredError';
  constructor(
    readonly model: string,
    readonly version: string,
  ) {
    super(`${model}@${version} is not registered`);
  }
}

/** Any other backend failure (access denied, throttling), with the original error as cause. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

export function sortRegistrations(list: readonly Registration[]): Registration[] {
  return [...list].sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.lineage.registeredAt.localeCompare(b.lineage.registeredAt) ||
      a.version.localeCompare(b.version),
  );
}

/** A stored registration as today's shape: records from before signatures carry one `input`. */
export function upgradeRegistration(
  raw: Registration | (Omit<Registration, 'signature'> & { input: LegacyInput }),
): Registration {
  if ('signature' in raw) return raw;
  const { input, ...rest } = raw;
  return { ...rest, signature: signatureFromLegacyInput(input) };
}
