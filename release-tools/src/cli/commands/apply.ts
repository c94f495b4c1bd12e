import type { CommandModule } from 'yargs';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import { planRelease } from '../../../../model-registry/src/domain/plan.ts';
import { type AppliedManifest, StateDesiredSource } from '../../adapters/local/state-desired-source.ts';
import { readDeployedModels } from '../../read-deployed-models.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';
import { openStateStore, whoOf } from '../rollout-state.ts';
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
      const store = openStateStore(ctx, args);
      const applied: AppliedManifest = {
        manifest: result.manifest,
        appliedAt: Date.now(),
        source: result.file,
        who: whoOf(ctx),
      };
      await new StateDesiredSource(store).record(applied);
      const plan = planRelease(result.manifest, await readDeployedModels(store));
      if (args.json) printJson(ctx, { applied: true, plan });
      else ctx.out.write(`${renderPlan(plan)}Applied ${args.file}; the controller acts on its next tick.\n`);
      ctx.exitCode = ExitCode.ok;
    },
  };
}
