// `mlrelease pipeline` on AWS: CodePipeline's answers (stubbed with aws-sdk-client-mock; every input is
// held against botocore's CodePipeline model by the test setup) turned into runs, and the approval answered.
import {
  type ActionExecutionDetail,
  type ActionExecutionStatus,
  CodePipelineClient,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodePipelineRuns } from '../../src/pipeline-view/codepipeline-runs.ts';
import { runMlrelease } from '../cli/run-cli.ts';

const codepipeline = mockClient(CodePipelineClient);
const E2 = '22222222-aaaa-4bbb-8ccc-000000000002';
const E1 = '11111111-aaaa-4bbb-8ccc-000000000001';
const TOKEN = '1b2c3d4e-0000-4000-8000-0123456789ab';
const STAGES = ['Source', 'Validate', 'Compile', 'Register', 'ApproveRelease', 'Release'];
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));
const action = (
  stage: string,
  status: ActionExecutionStatus,
  extra: Partial<ActionExecutionDetail> = {},
  start = 0,
): ActionExecutionDetail => ({
  pipelineExecutionId: E2,
  stageName: stage,
  actionName: stage === 'ApproveRelease' ? 'Approve' : stage,
  status,
  startTime: at(start),
  ...extra,
});

beforeEach(() => {
  codepipeline.reset();
  codepipeline.on(ListPipelineExecutionsCommand).resolves({
    pipelineExecutionSummaries: [
      {
        pipelineExecutionId: E2,
        status: 'InProgress',
        startTime: at(0),
        sourceRevisions: [
          { actionName: 'Source', revisionId: '0123456789abcdef0123', revisionSummary: 'fraud-detector 1.1.0\n\nbody' },
        ],
      },
      { pipelineExecutionId: E1, status: 'Failed', startTime: at(-600) },
    ],
  });
  codepipeline.on(GetPipelineStateCommand).resolves({
    pipelineName: 'model-release',
    stageStates: STAGES.map((stageName) => ({
      stageName,
      latestExecution: { pipelineExecutionId: E2, status: 'InProgress' },
      actionStates:
        stageName === 'ApproveRelease'
          ? [{ actionName: 'Approve', latestExecution: { status: 'InProgress', token: TOKEN } }]
          : [{ actionName: stageName, latestExecution: { status: 'Succeeded' } }],
    })),
  });
  // Two pages; Compile was retried: its latest attempt counts.
  codepipeline
    .on(ListActionExecutionsCommand, { filter: { pipelineExecutionId: E2 } })
    .resolvesOnce({
      actionExecutionDetails: [
        action('Release', 'InProgress', {}, 9),
        action(
          'Compile',
          'Failed',
          { output: { executionResult: { errorDetails: { code: 'JobFailed', message: 'first try' } } } },
          2,
        ),
      ],
      nextToken: 'page-2',
    })
    .resolves({
      actionExecutionDetails: [
        action('ApproveRelease', 'InProgress', {}, 6),
        action(
          'Compile',
          'Succeeded',
          { output: { executionResult: { externalExecutionSummary: 'fraud-detector 1.1.0 compiled' } } },
          4,
        ),
        action('Validate', 'Succeeded', {}, 1),
        action('Source', 'Succeeded', {}, 0),
      ],
    });
  codepipeline.on(ListActionExecutionsCommand, { filter: { pipelineExecutionId: E1 } }).resolves({
    actionExecutionDetails: [
      {
        ...action('Validate', 'Failed', {
          output: {
            executionResult: {
              errorDetails: { code: 'JobFailed', message: 'models.yaml:7:5: version: expected semver' },
              externalExecutionUrl: 'https://console.aws.amazon.com/codesuite/codebuild/build/1',
            },
          },
        }),
        pipelineExecutionId: E1,
      },
    ],
  });
  codepipeline.on(PutApprovalResultCommand).resolves({ approvedAt: at(30) });
});

describe('CodePipelineRuns', () => {
  it("reads runs newest first, each with its stages in the pipeline's order, the latest attempt of each action, and stages not reached yet", async () => {
    const [latest, older] = await new CodePipelineRuns(
      new CodePipelineClient({ region: 'eu-west-1' }),
      'model-release',
    ).latest(2);
    expect(latest?.revision).toEqual({ id: '0123456789abcdef0123', summary: 'fraud-detector 1.1.0\n\nbody' });
    expect(latest?.stages.map((s) => [s.name, s.actions.map((a) => a.status)])).toEqual([
      ['Source', ['Succeeded']],
      ['Validate', ['Succeeded']],
      ['Compile', ['Succeeded']],
      ['Register', ['NotStarted']],
      ['ApproveRelease', ['InProgress']],
      ['Release', ['InProgress']],
    ]);
    expect(latest?.stages[2]?.actions[0]?.summary).toBe('fraud-detector 1.1.0 compiled');
    expect(older?.stages[1]?.actions[0]).toMatchObject({
      status: 'Failed',
      error: 'models.yaml:7:5: version: expected semver',
      url: 'https://console.aws.amazon.com/codesuite/codebuild/build/1',
    });
    expect(codepipeline.commandCalls(ListActionExecutionsCommand).map((c) => c.args[0].input.nextToken)).toContain(
      'page-2',
    );
  });
});

describe('mlrelease pipeline --aws', () => {
  const env = { AWS_REGION: 'eu-west-1', MLRELEASE_ACTOR: 'ana' };

  it('status shows each stage, the failure message and link, and the approval waiting', async () => {
    const run = await runMlrelease(['pipeline', 'status', '--aws', '--limit', '2'], '/tmp', env);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      `run ${E2} InProgress started 2026-12-02T10:00:00.000Z 0123456789ab "fraud-detector 1.1.0"`,
    );
    expect(run.out).toContain('  ok   Compile  fraud-detector 1.1.0 compiled');
    expect(run.out).toContain('  ...  ApproveRelease/Approve');
    expect(run.out).toContain('  FAIL Validate  models.yaml:7:5: version: expected semver');
    expect(run.out).toContain('https://console.aws.amazon.com/codesuite/codebuild/build/1');
    expect(run.out).toContain('waiting for approval at ApproveRelease/Approve');
  });

  it('status exits 1 when the newest run failed', async () => {
    codepipeline.on(ListPipelineExecutionsCommand).resolves({
      pipelineExecutionSummaries: [{ pipelineExecutionId: E1, status: 'Failed', startTime: at(0) }],
    });
    const run = await runMlrelease(['pipeline', 'status', '--aws', '--json'], '/tmp', env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out).runs[0].status).toBe('Failed');
  });

  it('approve answers the waiting approval with who and why', async () => {
    const run = await runMlrelease(['pipeline', 'approve', '--aws', '--reason', 'canary plan reviewed'], '/tmp', env);
    expect(run.code).toBe(0);
    expect(codepipeline.commandCalls(PutApprovalResultCommand)[0]?.args[0].input).toEqual({
      pipelineName: 'model-release',
      stageName: 'ApproveRelease',
      actionName: 'Approve',
      token: TOKEN,
      result: { status: 'Approved', summary: 'approved by ana: canary plan reviewed' },
    });
  });

  it('reject needs a reason (exit 2, nothing sent); with nothing waiting, approve exits 1', async () => {
    const noReason = await runMlrelease(['pipeline', 'reject', '--aws'], '/tmp', env);
    expect(noReason.code).toBe(2);
    expect(codepipeline.commandCalls(GetPipelineStateCommand)).toHaveLength(0);
    codepipeline.on(GetPipelineStateCommand).resolves({ stageStates: [] });
    const nothing = await runMlrelease(['pipeline', 'approve', '--aws'], '/tmp', env);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain('no approval is waiting');
    expect(codepipeline.commandCalls(PutApprovalResultCommand)).toHaveLength(0);
  });
});
