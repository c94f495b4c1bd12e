// `mlrelease retry <model>`: the explicit way out of a hold. A rolled-back or aborted version is
// not rolled out again while models.yaml names it; retry records an intent, and the controller
// releases the hold (history: who and why) and starts a new rollout of that version.
import type { CommandModule } from 'yargs';
import { heldVersions } from '../../domain/rollout/holds.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { openStateStore, readRecord, recordIntent } from '../rollout-state.ts';
import { type IntentArgs, withIntentArgs } from './intent-command.ts';

export function retryCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'retry <model>',
    describe: 'Release the hold on a rolled-back or aborted version and roll it out again',
    builder: (y) => withIntentArgs(y),
    handler: async (args) => {
      const store = await openStateStore(ctx, args);
      const record = await readRecord(store, args.model);
      const held = record ? heldVersions(record) : [];
      if (!record || held.length === 0) {
        ctx.err.write(
          record
            ? `${args.model}: no version is held (${record.phase} ${record.release.version}); nothing to retry\n`
            : `unknown model: ${args.model}\n`,
        );
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const intent = await recordIntent(store, args.model, {
        type: 'retry',
        at: Date.now(),
        who: args.actor,
        ...(args.reason ? { reason: args.reason } : {}),
      });
      if (args.json) printJson(ctx, { model: args.model, held, intent });
      else
        ctx.out.write(
          `${args.model}: retry of held ${held.join(', ')} recorded (#${intent.seq}); the controller releases the hold and starts a rollout of the version models.yaml names on its next tick\n`,
        );
      ctx.exitCode = ExitCode.ok;
    },
  };
}
