import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { type IntentArgs, recordIntentFor } from './intent-command.ts';

export function abortCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'abort <model>',
    describe: 'Stop a rollout and send all traffic to stable (the version is held)',
    builder: (y) => y.positional('model', { type: 'string', demandOption: true }),
    handler: async (args) => {
      await recordIntentFor(ctx, args, 'abort');
    },
  };
}
