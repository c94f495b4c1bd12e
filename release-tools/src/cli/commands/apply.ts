import type { CommandModule } from 'yargs';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import { planRelease } from '../../../../model-registry/src/domain/plan.ts';
import { readDeployedModels } from '../../read-deployed-models.ts';
import { backendOf } from '../backends/index.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';
import { renderPlan } from './plan.ts';

interface Args extends GlobalArgs {
  file: string;
}

export function applyCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'apply [file]',
    describe: 'Record models.yaml as the desired state; the controller releases what changed',
    builder: (y) => y.positional('file', { type: 'string', default: DEFAULT_MANIFEST, describe: 'desired state' }),
    handler: async (args) => {
      const result = await readManifestFile(ctx, args.file);
      if (!result.ok) {
        for (const issue of result.issues) ctx.err.write(`${formatIssue(issue)}\n`);
        if (args.json) printJson(ctx, { applied: false, issues: result.issues });
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const backend = await backendOf(ctx, args);
      // Read before writing: a backend we cannot read should fail before the desired state changes.
      const plan = planRelease(result.manifest, await readDeployedModels(backend.stateStore()));
      const location = await backend.recordDesired({
        manifest: result.manifest,
        text: result.text ?? '',
        source: result.file,
        who: args.actor,
        appliedAt: Date.now(),
      });
      if (args.json) printJson(ctx, { applied: true, location, plan });
      else
        ctx.out.write(
          `${renderPlan(plan)}Applied ${args.file}${backend.kind === 'aws' ? ` to ${location}` : ''}; the controller acts on its next tick.\n`,
        );
      ctx.exitCode = ExitCode.ok;
    },
  };
}
