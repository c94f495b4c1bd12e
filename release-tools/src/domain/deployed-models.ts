// The part of a rollout record that planning needs. The rollout controller owns the full record;
// this is the stable contract between it and `mlrelease plan`.
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import type { DeployedModel } from '../../../model-registry/src/domain/plan.ts';

export const ROLLOUT_PREFIX = 'rollouts/';

export function rolloutKey(model: string): string {
  return `${ROLLOUT_PREFIX}${model}`;
}

/** Minimal fields every rollout record carries. */
export interface RolloutSummary {
  readonly model: string;
  readonly stable?: { readonly version: string; readonly signature?: ModelSignature };
  readonly candidate?: { readonly version: string };
  readonly rolledBackVersions?: readonly string[];
}

export function toDeployedModel(record: RolloutSummary): DeployedModel {
  return {
    name: record.model,
    ...(record.stable ? { stableVersion: record.stable.version } : {}),
    ...(record.stable?.signature ? { stableSignature: record.stable.signature } : {}),
    ...(record.candidate ? { candidateVersion: record.candidate.version } : {}),
    ...(record.rolledBackVersions?.length ? { rolledBackVersions: record.rolledBackVersions } : {}),
  };
}
