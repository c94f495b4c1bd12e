import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { type IntentArgs, recordIntentFor, withIntentArgs } from './intent-command.ts';

export function pauseCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'pause <model>',
    describe: 'Freeze a rollout at its current step (gates keep watching)',
    builder: (y) => withIntentArgs(y),
    handler: async (args) => {
      await recordIntentFor(ctx, args, 'pause');
    },
  };
}
