// Desired state (models.yaml) versus current state (rollout records): what a release would do.
// Pure: the caller reads current state through the state-store port; a plan never writes.

import type { Manifest, ModelSignature, ModelSpec, ReleasePolicy } from './manifest/types.ts';
import { formatDuration } from './manifest/units.ts';
import { compareSignatures, type SignatureChange } from './signature-compat.ts';

/** What the controller currently runs for one model. */
export interface DeployedModel {
  readonly name: string;
  readonly stableVersion?: string;
  /** Version being rolled out, if a rollout is in progress. */
  readonly candidateVersion?: string;
  /** Versions rolled back; not retried until models.yaml names another version. */
  readonly rolledBackVersions?: readonly string[];
  /** Stable's signature as released; absent for versions released before signatures were recorded. */
  readonly stableSignature?: ModelSignature;
}

export type PlanAction =
  | { readonly kind: 'new'; readonly model: string; readonly version: string; readonly strategy: string }
  | {
      readonly kind: 'release';
      readonly model: string;
      readonly from: string;
      readonly to: string;
      readonly strategy: string;
      readonly steps: string;
      /** A candidate in flight that this release replaces. */
      readonly supersedes?: string;
      /** Declared `release: { breaking: true }`: what callers must change (empty: nothing did). */
      readonly breaking?: readonly SignatureChange[];
    }
  | {
      /** The signature changed incompatibly and the entry does not declare the release breaking. */
      readonly kind: 'refused';
      readonly model: string;
      readonly from: string;
      readonly to: string;
      readonly changes: readonly SignatureChange[];
    }
  | { readonly kind: 'in-progress'; readonly model: string; readonly from: string; readonly to: string }
  | { readonly kind: 'held'; readonly model: string; readonly version: string; readonly reason: string }
  | { readonly kind: 'retire'; readonly model: string; readonly version: string }
  | { readonly kind: 'unchanged'; readonly model: string; readonly version: string };

export interface Plan {
  readonly actions: readonly PlanAction[];
  readonly summary: Readonly<Record<PlanAction['kind'], number>>;
}

export function describeSteps(policy: ReleasePolicy): string {
  switch (policy.strategy) {
    case 'canary':
      return policy.steps.map((s) => `${s.weight}% for ${formatDuration(s.bakeMs)}`).join(', then ');
    case 'linear':
      return `+${policy.increment}% every ${formatDuration(policy.intervalMs)}`;
    case 'ab':
      return `${policy.split}/${100 - policy.split} split on ${policy.sticky.source} ${policy.sticky.name} for ${formatDuration(policy.durationMs)}`;
    case 'all-at-once':
      return '100% at once';
    case 'shadow': {
      const shadow = `${policy.sample}% mirrored for ${formatDuration(policy.durationMs)}`;
      return policy.followedBy
        ? `${shadow}, then ${describeSteps({ ...policy.followedBy, gates: policy.gates })}`
        : shadow;
    }
  }
}

function actionFor(model: ModelSpec, current: DeployedModel | undefined): PlanAction {
  const { name, version, release } = model;
  if (!current?.stableVersion) {
    if (current?.candidateVersion === version) return { kind: 'in-progress', model: name, from: '-', to: version };
    return { kind: 'new', model: name, version, strategy: 'all-at-once' };
  }
  if (current.stableVersion === version) return { kind: 'unchanged', model: name, version };
  if (current.candidateVersion === version) {
    return { kind: 'in-progress', model: name, from: current.stableVersion, to: version };
  }
  if (current.rolledBackVersions?.includes(version)) {
    return {
      kind: 'held',
      model: name,
      version,
      reason: 'rolled back or aborted; name another version in models.yaml, or run mlrelease retry',
    };
  }
  const changes = current.stableSignature ? compareSignatures(current.stableSignature, model.signature) : [];
  if (changes.length > 0 && !model.breaking)
    return { kind: 'refused', model: name, from: current.stableVersion, to: version, changes };
  return {
    kind: 'release',
    model: name,
    from: current.stableVersion,
    to: version,
    strategy: release.strategy,
    steps: describeSteps(release),
    ...(current.candidateVersion ? { supersedes: current.candidateVersion } : {}),
    ...(model.breaking ? { breaking: changes } : {}),
  };
}

export function planRelease(desired: Manifest, current: readonly DeployedModel[]): Plan {
  const byName = new Map(current.map((c) => [c.name, c]));
  const desiredNames = new Set(desired.models.map((m) => m.name));
  const actions: PlanAction[] = desired.models.map((m) => actionFor(m, byName.get(m.name)));
  for (const c of current) {
    const version = c.stableVersion ?? c.candidateVersion;
    if (!desiredNames.has(c.name) && version) actions.push({ kind: 'retire', model: c.name, version });
  }
  const summary = { new: 0, release: 0, refused: 0, 'in-progress': 0, held: 0, retire: 0, unchanged: 0 };
  for (const a of actions) summary[a.kind]++;
  return { actions, summary };
}
