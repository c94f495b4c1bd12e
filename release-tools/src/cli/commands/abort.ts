import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { type IntentArgs, recordIntentFor, withIntentArgs } from './intent-command.ts';

export function abortCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'abort <model>',
    describe: 'Stop a rollout and send all traffic to stable (the version is held: see retry)',
    builder: (y) => withIntentArgs(y),
    handler: async (args) => {
      await recordIntentFor(ctx, args, 'abort');
    },
  };
}
