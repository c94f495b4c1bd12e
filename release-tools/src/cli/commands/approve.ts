// `mlrelease approve <model>`: the manual step gate's answer. It records an intent (who: the CLI's
// actor; why: --reason); the controller keeps the approval for the step the rollout is at, and moves
// the step once its bake is over and its other gates pass.
import type { CommandModule } from 'yargs';
import { approvalRefusal } from '../../domain/gates/manual-gate.ts';
import { planOf } from '../../domain/strategies/next-move.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { openStateStore, readRecord, recordIntent } from '../rollout-state.ts';
import { type IntentArgs, withIntentArgs } from './intent-command.ts';

export function approveCommand(ctx: CliContext): CommandModule<GlobalArgs, IntentArgs> {
  return {
    command: 'approve <model>',
    describe: 'Approve the current step of a rollout whose manual gate holds it (who and why go in the history)',
    builder: (y) => withIntentArgs(y),
    handler: async (args) => {
      const store = await openStateStore(ctx, args);
      const record = await readRecord(store, args.model);
      // Said now rather than left for the controller to ignore.
      const refused = record ? approvalRefusal(record) : `unknown model: ${args.model}`;
      if (!record || refused) {
        ctx.err.write(record ? `${args.model}: nothing to approve: ${refused}\n` : `${refused}\n`);
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const intent = await recordIntent(store, args.model, {
        type: 'approve',
        at: Date.now(),
        who: args.actor,
        ...(args.reason ? { reason: args.reason } : {}),
      });
      const step = { step: record.step + 1, of: planOf(record.policy).steps.length };
      if (args.json) printJson(ctx, { model: args.model, version: record.release.version, ...step, intent });
      else
        ctx.out.write(
          `${args.model}: approval of step ${step.step}/${step.of} of ${record.release.version} recorded (#${intent.seq}); the step moves once its bake is over and its other gates pass\n`,
        );
      ctx.exitCode = ExitCode.ok;
    },
  };
}
