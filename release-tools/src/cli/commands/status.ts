import type { CommandModule } from 'yargs';
import { parseDuration } from '../../../../model-registry/src/domain/manifest/units.ts';
import { divergenceView } from '../../domain/gates/divergence-view.ts';
import { isTerminal, type RolloutRecord } from '../../domain/rollout/record.ts';
import { systemClock } from '../../ports/clock.ts';
import type { DamagedRecord } from '../../read-deployed-models.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { isDegraded, renderStatus } from '../render-rollout.ts';
import { openStateStore, readRecord, readRecordsAndDamage, renderDamaged } from '../rollout-state.ts';

interface Args extends GlobalArgs {
  model?: string;
  watch: boolean;
  interval: string;
}

export function statusCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'status [model]',
    describe: 'Show rollouts; exits 3 if one ended rolled back or aborted (--watch: waits for the end)',
    builder: (y) =>
      y
        .positional('model', { type: 'string', describe: 'one model (default: all)' })
        .option('watch', { type: 'boolean', default: false, describe: 'poll until every rollout shown has ended' })
        .option('interval', { type: 'string', default: '2s', describe: 'poll interval for --watch' })
        .check((a) =>
          parseDuration(String(a.interval)) !== undefined ? true : `--interval: not a duration: ${a.interval}`,
        ),
    handler: async (args) => {
      const store = await openStateStore(ctx, args);
      const clock = ctx.platform?.clock ?? systemClock;
      const intervalMs = parseDuration(args.interval)!;
      let damaged: DamagedRecord[] = [];
      const read = async (): Promise<RolloutRecord[] | undefined> => {
        if (!args.model) {
          const state = await readRecordsAndDamage(store);
          damaged = state.damaged;
          return state.records;
        }
        const one = await readRecord(store, args.model);
        return one ? [one] : undefined;
      };
      let shown: string | undefined;
      for (;;) {
        const records = await read();
        if (!records) {
          ctx.err.write(`unknown model: ${args.model} (no rollout recorded; run mlrelease apply)\n`);
          ctx.exitCode = ExitCode.failed;
          return;
        }
        const text = args.json ? '' : [...records.map(renderStatus), ...damaged.map(renderDamaged)].join('\n');
        if (args.json) printJson(ctx, [...records.map(summary), ...damaged.map((d) => ({ ...d, phase: 'Damaged' }))]);
        else if (text !== shown) ctx.out.write(`${text || 'no rollouts yet'}\n`);
        shown = text;
        const running = records.some((r) => !isTerminal(r.phase));
        if (!args.watch || !running || ctx.platform?.signal?.aborted) {
          // A damaged record is a failed read, not a rollout outcome.
          ctx.exitCode =
            damaged.length > 0 ? ExitCode.failed : records.some(isDegraded) ? ExitCode.degraded : ExitCode.ok;
          return;
        }
        await clock.sleep(intervalMs, ctx.platform?.signal);
      }
    },
  };
}

function summary(r: RolloutRecord) {
  return {
    model: r.model,
    phase: r.phase,
    stable: r.stable?.version,
    candidate: r.candidate?.version,
    release: r.release.version,
    step: r.step,
    weight: r.weight,
    lastVerdict: r.lastVerdict,
    divergence: divergenceView(r),
    // Webhook answers and the approval at the current step (another step's are stale).
    stepGates: r.stepGates?.step === r.step ? r.stepGates : undefined,
    lastEvent: r.history.at(-1),
    rolledBackVersions: r.rolledBackVersions,
  };
}
