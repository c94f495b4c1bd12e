import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { isTerminal } from '../../domain/rollout/record.ts';
import { type CliContext, ExitCode, type GlobalArgs } from '../context.ts';
import { DEFAULT_MANIFEST } from '../manifest-file.ts';
import { openStateStore, readRecord } from '../rollout-state.ts';
import { writeModelVersion } from '../write-manifest-version.ts';
import { type IntentArgs, recordIntentFor, withIntentArgs } from './intent-command.ts';

interface Args extends IntentArgs {
  'write-manifest'?: string;
}

export function rollbackCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'rollback <model>',
    describe: 'Send all traffic back to stable; the version is held until models.yaml names another one (or retry)',
    builder: (y) =>
      withIntentArgs(y).option('write-manifest', {
        type: 'string',
        describe: `also write the stable version back into models.yaml (default file: ${DEFAULT_MANIFEST})`,
      }),
    handler: async (args) => {
      const store = await openStateStore(ctx, args);
      const record = await readRecord(store, args.model);
      const file = args['write-manifest'] === '' ? DEFAULT_MANIFEST : args['write-manifest'];
      // After an automatic rollback there is nothing left to roll back, but Git may still need fixing.
      const alreadyBack = record && isTerminal(record.phase) && file !== undefined;
      if (!alreadyBack && !(await recordIntentFor(ctx, args, 'rollback'))) return;
      if (file === undefined) return;
      if (!record?.stable) {
        ctx.err.write(`${args.model}: no stable version to write back\n`);
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const path = resolve(ctx.cwd, file);
      await writeModelVersion(path, args.model, record.stable.version, record.stable.artifact);
      if (!args.json)
        ctx.out.write(
          `${file}: ${args.model} set back to ${record.stable.version}; commit it so Git stays the truth\n`,
        );
      ctx.exitCode = ExitCode.ok;
    },
  };
}
