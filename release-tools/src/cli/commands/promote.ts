import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { type IntentArgs, recordIntentFor, withIntentArgs } from './intent-command.ts';

interface Args extends IntentArgs {
  full: boolean;
}

export function promoteCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'promote <model>',
    describe: 'Skip the rest of the current step (--full: every remaining step) of a rollout',
    builder: (y) =>
      withIntentArgs(y).option('full', { type: 'boolean', default: false, describe: 'promote to stable at once' }),
    handler: async (args) => {
      await recordIntentFor(ctx, args, 'promote', { full: args.full });
    },
  };
}
