// PipelineRuns locally: `npm start` records one run per saved models.yaml (state key
// `pipeline/runs/<id>`, versioned), with the stages it goes through there: Validate, ApproveRelease
// (locally none is required: it passes at once), Release (the desired state recorded; the controller
// then compiles, registers and rolls out, which `mlrelease status` shows).
import { createHash } from 'node:crypto';
import type { StateStore } from '../ports/state-store.ts';
import {
  type ApprovalAnswer,
  NoApprovalWaitingError,
  type PendingApproval,
  type PipelineRun,
  type PipelineRuns,
  type StageRun,
} from './pipeline-run.ts';

const PREFIX = 'pipeline/runs/';
const FORMAT = 1;

interface StoredRun extends PipelineRun {
  readonly format: typeof FORMAT;
}

export class RecordedPipelineRuns implements PipelineRuns {
  constructor(private readonly store: StateStore) {}

  async latest(limit: number): Promise<PipelineRun[]> {
    const keys = (await this.store.list(PREFIX)).slice(-limit).reverse();
    const runs = await Promise.all(keys.map((k) => this.store.get<StoredRun>(k)));
    return runs.flatMap((r) => (r ? [withoutFormat(r.value)] : []));
  }

  async pendingApproval(): Promise<PendingApproval | undefined> {
    return undefined;
  }

  async answer(_approval: PendingApproval, _answer: ApprovalAnswer): Promise<void> {
    throw new NoApprovalWaitingError('npm start releases a saved models.yaml without a manual approval');
  }

  /** Writes (or rewrites) one run; runs are written only by the platform that owns the state dir. */
  async record(run: PipelineRun): Promise<void> {
    const key = `${PREFIX}${run.id}`;
    const current = await this.store.get<StoredRun>(key);
    await this.store.put<StoredRun>(key, { format: FORMAT, ...run }, current?.version ?? null);
  }
}

function withoutFormat(run: StoredRun): PipelineRun {
  const { format: _, ...rest } = run;
  return rest;
}

/**
 * Records the runs of a local platform: one per saved models.yaml, updated as it goes. Recording is a
 * view of the release, never a condition of it: a run that cannot be written is reported, and the
 * release goes on.
 */
export class LocalPipelineRecorder {
  constructor(
    private readonly runs: RecordedPipelineRuns,
    private readonly now: () => number,
    private readonly onRecordFailed: (error: unknown) => void,
  ) {}

  /** A valid models.yaml was saved: records the run, applies it, records how the release went. */
  async released(text: string, summary: string, apply: () => Promise<void>): Promise<void> {
    const base = this.start(text, summary);
    const validate: StageRun = stage('Validate', 'Succeeded', 'models.yaml is valid');
    const approve: StageRun = stage('ApproveRelease', 'Succeeded', 'no approval required locally');
    await this.record({
      ...base,
      status: 'InProgress',
      stages: [validate, approve, stage('Release', 'InProgress')],
    });
    try {
      await apply();
    } catch (error) {
      const failed = stage('Release', 'Failed', undefined, error instanceof Error ? error.message : String(error));
      await this.record({ ...base, status: 'Failed', stages: [validate, approve, failed] });
      throw error;
    }
    const released = stage('Release', 'Succeeded', 'desired state recorded: `mlrelease status` shows the rollouts');
    await this.record({ ...base, status: 'Succeeded', stages: [validate, approve, released] });
  }

  /** An invalid models.yaml was saved: the run stops at Validate with the problems. */
  async rejected(text: string, problems: readonly string[]): Promise<void> {
    await this.record({
      ...this.start(text, 'invalid models.yaml'),
      status: 'Failed',
      stages: [
        stage('Validate', 'Failed', undefined, problems.join('; ')),
        stage('ApproveRelease', 'NotStarted'),
        stage('Release', 'NotStarted'),
      ],
    });
  }

  private record(run: PipelineRun): Promise<void> {
    return this.runs.record(run).catch(this.onRecordFailed);
  }

  private start(text: string, summary: string): Omit<PipelineRun, 'status' | 'stages'> {
    const at = new Date(this.now());
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
    // Sortable by time, so the store's sorted listing is the runs' order.
    const id = `${at.toISOString().replace(/[-:.]/g, '')}-${digest}`;
    return { id, startedAt: at.toISOString(), revision: { id: digest, summary } };
  }
}

function stage(
  name: string,
  status: StageRun['actions'][number]['status'],
  summary?: string,
  error?: string,
): StageRun {
  return { name, actions: [{ name, status, ...(summary ? { summary } : {}), ...(error ? { error } : {}) }] };
}
