// Pure: pipeline runs as the terminal shows them, newest first.
import type { PendingApproval, PipelineRun, StepStatus } from './pipeline-run.ts';

const MARK: Record<StepStatus, string> = {
  Succeeded: 'ok  ',
  Failed: 'FAIL',
  InProgress: '... ',
  Abandoned: 'gone',
  NotStarted: '    ',
};

export function renderPipelineRuns(runs: readonly PipelineRun[], pending: PendingApproval | undefined): string {
  if (runs.length === 0) return 'no pipeline runs yet: commit a change to models.yaml\n';
  const lines: string[] = [];
  for (const run of runs) {
    const revision = run.revision
      ? ` ${run.revision.id.slice(0, 12)}${run.revision.summary ? ` "${firstLine(run.revision.summary)}"` : ''}`
      : '';
    lines.push(`run ${run.id} ${run.status}${run.startedAt ? ` started ${run.startedAt}` : ''}${revision}`);
    for (const stage of run.stages)
      for (const action of stage.actions) {
        const name =
          stage.actions.length === 1 && action.name === stage.name ? stage.name : `${stage.name}/${action.name}`;
        const detail = action.error ?? action.summary;
        lines.push(`  ${MARK[action.status]} ${name}${detail ? `  ${firstLine(detail)}` : ''}`);
        if (action.url && (action.status === 'Failed' || action.status === 'InProgress'))
          lines.push(`         ${action.url}`);
      }
  }
  if (pending)
    lines.push(
      `waiting for approval at ${pending.stage}/${pending.action}: mlrelease pipeline approve --reason <why> (or reject)`,
    );
  return `${lines.join('\n')}\n`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
