import type { CommandModule } from 'yargs';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { renderEventDivergence } from '../render-divergence.ts';
import { renderEvent } from '../render-rollout.ts';
import { openStateStore, readRecord } from '../rollout-state.ts';

interface Args extends GlobalArgs {
  model: string;
}

export function historyCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'history <model>',
    describe: 'Every rollout event of a model: when, from, to, who and why',
    builder: (y) => y.positional('model', { type: 'string', demandOption: true }),
    handler: async (args) => {
      const record = await readRecord(await openStateStore(ctx, args), args.model);
      if (!record) {
        ctx.err.write(`unknown model: ${args.model}\n`);
        ctx.exitCode = ExitCode.failed;
        return;
      }
      if (args.json) printJson(ctx, record.history);
      else ctx.out.write(`${record.history.map((e) => renderEvent(e) + renderEventDivergence(e)).join('\n')}\n`);
      ctx.exitCode = ExitCode.ok;
    },
  };
}
