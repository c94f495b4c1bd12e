// Shared body of the verbs that record an intent for the controller (promote, rollback, ...).
import type { Argv } from 'yargs';
import type { IntentType } from '../../domain/intents.ts';
import { isTerminal } from '../../domain/rollout/record.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { openStateStore, readRecord, recordIntent } from '../rollout-state.ts';

export interface IntentArgs extends GlobalArgs {
  model: string;
  reason?: string;
}

/** The arguments every intent verb takes: the model, and why (recorded in the history). */
export function withIntentArgs<T>(y: Argv<T>): Argv<T & { model: string; reason: string | undefined }> {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model name' })
    .option('reason', { type: 'string', describe: 'why, recorded in the history' }) as Argv<
    T & { model: string; reason: string | undefined }
  >;
}

export async function recordIntentFor(
  ctx: CliContext,
  args: IntentArgs,
  type: IntentType,
  extra: { full?: boolean } = {},
): Promise<boolean> {
  const store = await openStateStore(ctx, args);
  const record = await readRecord(store, args.model);
  if (!record) {
    ctx.err.write(`unknown model: ${args.model}\n`);
    ctx.exitCode = ExitCode.failed;
    return false;
  }
  // Say so now rather than leave the user waiting for the controller to ignore it.
  if (isTerminal(record.phase)) {
    ctx.err.write(
      `${args.model}: no rollout in progress (${record.phase} ${record.release.version}); nothing to ${type}\n`,
    );
    ctx.exitCode = ExitCode.failed;
    return false;
  }
  const intent = await recordIntent(store, args.model, {
    type,
    at: Date.now(),
    who: args.actor,
    ...clean({ ...extra, ...(args.reason ? { reason: args.reason } : {}) }),
  });
  if (args.json) printJson(ctx, { model: args.model, intent });
  else ctx.out.write(`${args.model}: ${type} recorded (#${intent.seq}); the controller acts on its next tick\n`);
  ctx.exitCode = ExitCode.ok;
  return true;
}

function clean(extra: { reason?: string; full?: boolean }) {
  return { ...(extra.reason ? { reason: extra.reason } : {}), ...(extra.full ? { full: true } : {}) };
}
