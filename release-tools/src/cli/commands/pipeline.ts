// `mlrelease pipeline status|approve|reject`: the release pipeline's recent runs (stages, actions,
// failure messages, links) and its manual approval. On AWS: CodePipeline. Locally: the runs
// `npm start` records for each saved models.yaml.
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { Argv, CommandModule } from 'yargs';
import { PIPELINE_NAME } from '../../../../inference-stack/src/stack/stack-names.ts';
import { parseDuration } from '../../../../model-registry/src/domain/manifest/units.ts';
import { CodePipelineRuns } from '../../pipeline-view/codepipeline-runs.ts';
import {
  approvalSummary,
  isFinished,
  NoApprovalWaitingError,
  type PipelineRuns,
} from '../../pipeline-view/pipeline-run.ts';
import { RecordedPipelineRuns } from '../../pipeline-view/recorded-runs.ts';
import { renderPipelineRuns } from '../../pipeline-view/render-pipeline-runs.ts';
import { systemClock } from '../../ports/clock.ts';
import { regionOf } from '../backends/aws-env.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { openStateStore } from '../rollout-state.ts';

interface PipelineArgs extends GlobalArgs {
  name: string;
}
interface StatusArgs extends PipelineArgs {
  limit: number;
  watch: boolean;
  interval: string;
}
interface AnswerArgs extends PipelineArgs {
  reason?: string;
}

async function runsOf(ctx: CliContext, args: PipelineArgs): Promise<PipelineRuns> {
  if (args.backend !== 'aws') return new RecordedPipelineRuns(await openStateStore(ctx, args));
  const region = regionOf(ctx.env);
  return new CodePipelineRuns(new CodePipelineClient(region ? { region } : {}), args.name);
}

function failed(ctx: CliContext, error: unknown): void {
  ctx.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
  ctx.exitCode = ExitCode.failed;
}

export function pipelineCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  const withName = <T>(y: Argv<T>) =>
    y.option('name', {
      type: 'string',
      default: PIPELINE_NAME,
      describe: 'the CodePipeline pipeline (--aws)',
    }) as Argv<T & { name: string }>;

  const status: CommandModule<GlobalArgs, StatusArgs> = {
    command: 'status',
    describe: 'Recent runs: each stage and action, failure messages, links; exits 1 if the latest run failed',
    builder: (y) =>
      withName(y)
        .option('limit', { type: 'number', default: 3, describe: 'how many runs, newest first' })
        .option('watch', { type: 'boolean', default: false, describe: 'poll until the latest run has finished' })
        .option('interval', { type: 'string', default: '5s', describe: 'poll interval for --watch' })
        .check((a) => {
          if (!Number.isInteger(a.limit) || a.limit < 1 || a.limit > 100)
            return '--limit: a whole number from 1 to 100';
          return parseDuration(String(a.interval)) !== undefined ? true : `--interval: not a duration: ${a.interval}`;
        }) as Argv<StatusArgs>,
    handler: async (args) => {
      try {
        const runs = await runsOf(ctx, args);
        const clock = ctx.platform?.clock ?? systemClock;
        let shown: string | undefined;
        for (;;) {
          const [latest, pending] = await Promise.all([runs.latest(args.limit), runs.pendingApproval()]);
          if (args.json) printJson(ctx, { runs: latest, pendingApproval: pending ?? null });
          else {
            const text = renderPipelineRuns(latest, pending);
            if (text !== shown) ctx.out.write(text);
            shown = text;
          }
          const newest = latest[0];
          // A run waiting for approval will not finish by itself: --watch stops there too.
          if (!args.watch || !newest || isFinished(newest) || pending || ctx.platform?.signal?.aborted) {
            ctx.exitCode = newest?.status === 'Failed' ? ExitCode.failed : ExitCode.ok;
            return;
          }
          await clock.sleep(parseDuration(args.interval)!, ctx.platform?.signal);
        }
      } catch (error) {
        failed(ctx, error);
      }
    },
  };

  const answer = (approve: boolean): CommandModule<GlobalArgs, AnswerArgs> => ({
    command: approve ? 'approve' : 'reject',
    describe: approve
      ? "Approve the pipeline's waiting manual approval (recorded with who and why)"
      : "Reject the pipeline's waiting manual approval; --reason is required",
    builder: (y) =>
      withName(y).option('reason', {
        type: 'string',
        demandOption: !approve,
        describe: 'why, recorded with the approval',
      }) as Argv<AnswerArgs>,
    handler: async (args) => {
      try {
        const runs = await runsOf(ctx, args);
        const pending = await runs.pendingApproval();
        if (!pending) throw new NoApprovalWaitingError('no approval is waiting in the pipeline');
        const summary = approvalSummary(args.actor, args.reason, approve);
        await runs.answer(pending, { approve, summary });
        if (args.json)
          printJson(ctx, { ...pending, token: undefined, result: approve ? 'Approved' : 'Rejected', summary });
        else ctx.out.write(`${pending.stage}/${pending.action}: ${summary}\n`);
        ctx.exitCode = ExitCode.ok;
      } catch (error) {
        failed(ctx, error);
      }
    },
  });

  return {
    command: 'pipeline <command>',
    describe: 'The release pipeline: status of recent runs, approve or reject its manual approval',
    builder: (y) =>
      y
        .command(status)
        .command(answer(true))
        .command(answer(false))
        .demandCommand(1, 'Name a pipeline command') as Argv<GlobalArgs>,
    handler: () => {},
  };
}
