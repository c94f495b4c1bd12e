import type { CommandModule } from 'yargs';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';

interface Args extends GlobalArgs {
  file: string;
}

export function validateCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'validate [file]',
    describe: 'Check models.yaml; print every problem as file:line:column: path: message',
    builder: (y) => y.positional('file', { type: 'string', default: DEFAULT_MANIFEST, describe: 'manifest to check' }),
    handler: async (args) => {
      const result = await readManifestFile(ctx, args.file);
      if (args.json) {
        printJson(
          ctx,
          result.ok ? { valid: true, models: result.manifest.models.length } : { valid: false, issues: result.issues },
        );
      } else if (result.ok) {
        ctx.out.write(`${args.file}: valid (${result.manifest.models.length} models)\n`);
      } else {
        for (const issue of result.issues) ctx.err.write(`${formatIssue(issue)}\n`);
        ctx.err.write(`${result.issues.length} problem(s) found\n`);
      }
      ctx.exitCode = result.ok ? ExitCode.ok : ExitCode.failed;
    },
  };
}
