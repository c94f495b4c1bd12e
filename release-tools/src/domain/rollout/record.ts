// The rollout record, one per model at `rollouts/<model>`: what runs now, the rollout in flight
// (or the last one) and its append-only history. It keeps RolloutSummary's fields for `plan`.
import type { ModelSignature, ReleasePolicy } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { RolloutSummary } from '../deployed-models.ts';
import type { DeadLetterResult } from '../gates/dead-letter-gate.ts';
import type { DivergenceResult } from '../gates/divergence-gate.ts';
import type { StepGateState } from '../gates/step-gates.ts';
import type { JudgeResult } from '../stats/judge-result.ts';
import type { HistoryEvent } from './history.ts';

export type Phase =
  | 'Pending'
  | 'Compiling'
  | 'Registered'
  | 'Progressing'
  | 'Paused'
  | 'Promoted'
  | 'RolledBack'
  | 'Aborted'
  | 'Retired';

export const TERMINAL_PHASES: readonly Phase[] = ['Promoted', 'RolledBack', 'Aborted', 'Retired'];

export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

export interface DeployedVersion {
  readonly version: string;
  /** The artifact as models.yaml names it, so `rollback --write-manifest` can write it back. */
  readonly artifact?: string;
  /** Artifact key, the MME TargetModel. */
  readonly targetModel: string;
  readonly sha256?: string;
  /** Set for a single-model (Neo-compiled) version: its production variant, routed by TargetVariant. */
  readonly targetVariant?: string;
  /** As models.yaml declared it when this version was released; absent in older records. */
  readonly signature?: ModelSignature;
}

export interface ReleaseSubject {
  readonly version: string;
  readonly artifact?: string;
  /** Set once the release is prepared (Registered). */
  readonly targetModel?: string;
  readonly sha256?: string;
  readonly targetVariant?: string;
  readonly signature?: ModelSignature;
}

export interface RolloutRecord extends RolloutSummary {
  readonly model: string;
  /** Increases with every rollout of this model; a new version in models.yaml starts a new one. */
  readonly rolloutId: number;
  readonly phase: Phase;
  readonly stable?: DeployedVersion;
  /** The version taking (or about to take) traffic; only while the rollout is not terminal. */
  readonly candidate?: ReleaseSubject;
  /** The version of the current or last rollout; kept after it ends, for status. */
  readonly release: ReleaseSubject;
  /** The policy in force when the rollout started. */
  readonly policy: ReleasePolicy;
  readonly step: number;
  /** Percent of traffic on the candidate (0..100). */
  readonly weight: number;
  readonly startedAt: number;
  /** Epoch ms the current step started; undefined before Progressing. */
  readonly stepSince?: number;
  /** Epoch ms traffic first reached the candidate: the start of its metric window. */
  readonly trafficSince?: number;
  readonly pausedAt?: number;
  /** Held versions (rolled back or aborted): not retried while models.yaml names them (holds.ts). */
  readonly rolledBackVersions: readonly string[];
  /** Sequence number of the last user intent acted on. */
  readonly intentSeq: number;
  readonly warm?: { readonly loadMs: number; readonly alreadyLoaded: boolean };
  /** Summary of the last gate verdict, for status and the dashboard. */
  readonly lastVerdict?: {
    readonly at: number;
    readonly outcome: string;
    readonly why: string;
    readonly judge?: JudgeResult;
    /** Absent in records written before shadow releases, and when no divergence gate looked. */
    readonly divergence?: DivergenceResult;
    /** Absent in records written before the dead-letter gate, and when the controller reads no dead letters. */
    readonly deadLetters?: DeadLetterResult;
  };
  /** Webhook answers and the approval for the current step; absent in records written before step gates. */
  readonly stepGates?: StepGateState;
  readonly history: readonly HistoryEvent[];
}
