// PipelineRuns on AWS: ListPipelineExecutions for the runs, ListActionExecutions for each run's
// actions (results, error messages, build links), GetPipelineState for stage order and the approval
// token, PutApprovalResult to answer it.
import {
  type ActionExecutionDetail,
  type CodePipelineClient,
  GetPipelineStateCommand,
  type GetPipelineStateCommandOutput,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import type {
  ActionRun,
  ApprovalAnswer,
  PendingApproval,
  PipelineRun,
  PipelineRuns,
  RunStatus,
  StageRun,
  StepStatus,
} from './pipeline-run.ts';

export class CodePipelineRuns implements PipelineRuns {
  constructor(
    private readonly client: CodePipelineClient,
    private readonly pipelineName: string,
  ) {}

  async latest(limit: number): Promise<PipelineRun[]> {
    const [executions, state] = await Promise.all([
      this.client.send(new ListPipelineExecutionsCommand({ pipelineName: this.pipelineName, maxResults: limit })),
      this.state(),
    ]);
    const order = (state.stageStates ?? []).map((s) => s.stageName ?? '');
    return Promise.all(
      (executions.pipelineExecutionSummaries ?? []).slice(0, limit).map(async (e) => {
        const id = e.pipelineExecutionId ?? '?';
        const revision = e.sourceRevisions?.[0];
        return {
          id,
          status: (e.status ?? 'InProgress') as RunStatus,
          ...(e.startTime ? { startedAt: e.startTime.toISOString() } : {}),
          ...(revision?.revisionId
            ? {
                revision: {
                  id: revision.revisionId,
                  ...(revision.revisionSummary ? { summary: revision.revisionSummary } : {}),
                },
              }
            : {}),
          stages: stagesOf(await this.actionsOf(id), order),
        };
      }),
    );
  }

  async pendingApproval(): Promise<PendingApproval | undefined> {
    const state = await this.state();
    for (const stage of state.stageStates ?? [])
      for (const action of stage.actionStates ?? []) {
        const latest = action.latestExecution;
        if (latest?.status === 'InProgress' && latest.token && stage.stageName && action.actionName)
          return {
            stage: stage.stageName,
            action: action.actionName,
            token: latest.token,
            ...(stage.latestExecution?.pipelineExecutionId ? { runId: stage.latestExecution.pipelineExecutionId } : {}),
          };
      }
    return undefined;
  }

  async answer(approval: PendingApproval, answer: ApprovalAnswer): Promise<void> {
    await this.client.send(
      new PutApprovalResultCommand({
        pipelineName: this.pipelineName,
        stageName: approval.stage,
        actionName: approval.action,
        token: approval.token,
        result: { status: answer.approve ? 'Approved' : 'Rejected', summary: answer.summary },
      }),
    );
  }

  private state(): Promise<GetPipelineStateCommandOutput> {
    return this.client.send(new GetPipelineStateCommand({ name: this.pipelineName }));
  }

  private async actionsOf(pipelineExecutionId: string): Promise<ActionExecutionDetail[]> {
    const details: ActionExecutionDetail[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListActionExecutionsCommand({
          pipelineName: this.pipelineName,
          filter: { pipelineExecutionId },
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      details.push(...(page.actionExecutionDetails ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return details;
  }
}

/** Groups a run's actions by stage in the pipeline's order; a retried action shows its latest attempt. */
function stagesOf(details: readonly ActionExecutionDetail[], order: readonly string[]): StageRun[] {
  const latest = new Map<string, ActionExecutionDetail>();
  for (const d of details) {
    const key = `${d.stageName}/${d.actionName}`;
    const seen = latest.get(key);
    if (!seen || (d.startTime?.getTime() ?? 0) >= (seen.startTime?.getTime() ?? 0)) latest.set(key, d);
  }
  const stages = new Map<string, ActionRun[]>();
  for (const d of latest.values()) {
    const stage = d.stageName ?? '?';
    const result = d.output?.executionResult;
    const error = result?.errorDetails?.message;
    stages.set(stage, [
      ...(stages.get(stage) ?? []),
      {
        name: d.actionName ?? '?',
        status: (d.status ?? 'InProgress') as StepStatus,
        ...(result?.externalExecutionSummary ? { summary: result.externalExecutionSummary } : {}),
        ...(error ? { error } : {}),
        ...(result?.externalExecutionUrl ? { url: result.externalExecutionUrl } : {}),
      },
    ]);
  }
  const rank = (name: string) => (order.indexOf(name) === -1 ? order.length : order.indexOf(name));
  const started = [...stages.entries()].map(([name, actions]) => ({ name, actions }));
  // Stages the run has not reached yet are listed too, so a person sees what is still to come.
  const notStarted = order
    .filter((name) => !stages.has(name))
    .map((name) => ({ name, actions: [{ name, status: 'NotStarted' as const }] }));
  return [...started, ...notStarted].sort((a, b) => rank(a.name) - rank(b.name));
}
