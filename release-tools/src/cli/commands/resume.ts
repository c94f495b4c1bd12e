import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { type IntentArgs, recordIntentFor, withIntentArgs } from './intent-command.ts';

export function resumeCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'resume <model>',
    describe: 'Continue a paused rollout where its bake stopped',
    builder: (y) => withIntentArgs(y),
    handler: async (args) => {
      await recordIntentFor(ctx, args, 'resume');
    },
  };
}
