// The release pipeline as `mlrelease pipeline` shows it: recent runs (one per models.yaml commit),
// each stage and action with its status, failure message and link, and the approval waiting, if any.
// Read from CodePipeline on AWS (codepipeline-runs.ts) or from what `npm start` recorded (recorded-runs.ts).

/** CodePipeline's statuses (PipelineExecutionStatus, ActionExecutionStatus), plus not-yet-started stages. */
export type RunStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Stopping' | 'Superseded' | 'Cancelled';
export type StepStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned' | 'NotStarted';

export interface PipelineRun {
  readonly id: string;
  readonly status: RunStatus;
  /** ISO time. */
  readonly startedAt?: string;
  /** The models.yaml commit (or, locally, the saved file's digest) and its message. */
  readonly revision?: { readonly id: string; readonly summary?: string };
  readonly stages: readonly StageRun[];
}

export interface StageRun {
  readonly name: string;
  readonly actions: readonly ActionRun[];
}

export interface ActionRun {
  readonly name: string;
  readonly status: StepStatus;
  /** A one-line result (CodeBuild's summary, the approver's comment). */
  readonly summary?: string;
  /** Why it failed. */
  readonly error?: string;
  /** The console page of the build, or the approval. */
  readonly url?: string;
}

/** A manual approval waiting for an answer. */
export interface PendingApproval {
  readonly stage: string;
  readonly action: string;
  /** CodePipeline's token for PutApprovalResult. */
  readonly token: string;
  readonly runId?: string;
}

export interface ApprovalAnswer {
  readonly approve: boolean;
  /** Who and why, as PutApprovalResult's summary (at most 512 characters). */
  readonly summary: string;
}

/** Port: where pipeline runs are read and approvals answered. */
export interface PipelineRuns {
  /** The most recent runs, newest first. */
  latest(limit: number): Promise<PipelineRun[]>;
  pendingApproval(): Promise<PendingApproval | undefined>;
  answer(approval: PendingApproval, answer: ApprovalAnswer): Promise<void>;
}

export class NoApprovalWaitingError extends Error {
  override readonly name = 'NoApprovalWaitingError';
}

/** A run whose stages are all finished. */
export function isFinished(run: PipelineRun): boolean {
  return run.status !== 'InProgress' && run.status !== 'Stopping';
}

/** The summary PutApprovalResult accepts: who, why, within its 512-character limit. */
export function approvalSummary(actor: string, reason: string | undefined, approve: boolean): string {
  const text = `${approve ? 'approved' : 'rejected'} by ${actor}${reason ? `: ${reason}` : ''}`;
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}
