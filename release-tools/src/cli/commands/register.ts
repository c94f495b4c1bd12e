// `mlrelease register <model>`: the pipeline's Register stage. Compiles the version if needed and
// registers it with lineage; running it again for a registered version changes nothing.
import type { Argv, CommandModule } from 'yargs';
import { PrecheckError } from '../../../../model-registry/src/domain/compile-precheck.ts';
import { type PreparedRelease, prepareRelease } from '../../../../model-registry/src/prepare-release.ts';
import { variantNameOf } from '../../domain/variant-name.ts';
import { backendOf } from '../backends/index.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { findModelEntry, type ModelArgs, renderCompiled, reportIssues, withModelArgs } from './compile.ts';

interface Args extends ModelArgs {
  commit?: string;
  approve: boolean;
}

export function registerCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'register <model>',
    describe: 'Compile the model version in models.yaml if needed and register it with lineage',
    builder: (y) =>
      withModelArgs(y)
        .option('commit', { type: 'string', describe: 'git commit of models.yaml (env GIT_COMMIT)' })
        .option('approve', {
          type: 'boolean',
          default: false,
          describe: 'register as Approved (no manual approval)',
        }) as Argv<Args>,
    handler: async (args) => {
      const entry = await findModelEntry(ctx, args);
      if (!entry) return;
      const commit = args.commit ?? ctx.env.GIT_COMMIT ?? ctx.env.CODEBUILD_RESOLVED_SOURCE_VERSION;
      const backend = await backendOf(ctx, args);
      let prepared: PreparedRelease;
      try {
        prepared = await prepareRelease(entry.spec, {
          ...entry,
          ...backend.compileAdapters(entry.manifestDir),
          registry: backend.modelRegistry(entry.endpoint),
          clock: () => new Date(),
          who: args.actor,
          ...(commit ? { commit } : {}),
          ...(args.approve ? { approval: 'Approved' as const } : {}),
        });
      } catch (error) {
        if (!(error instanceof PrecheckError)) throw error;
        return reportIssues(ctx, args, entry.issuesOf(error));
      }
      // Hand the release to the controller (on AWS it only reads what the pipeline recorded).
      const recordedAt = await backend.recordPrepared(entry.spec.name, entry.spec.version, {
        targetModel: prepared.compiled.key,
        sha256: prepared.compiled.sha256,
        // A Neo-compiled version is served as its own production variant, not by the MME.
        ...(entry.spec.serving === 'single-model'
          ? {
              targetVariant: variantNameOf(entry.spec.name, entry.spec.version, prepared.compiled.sha256),
              // The image Neo named and the family the precheck matched to the endpoint's instance type.
              ...(prepared.report.inferenceImage
                ? { variant: { image: prepared.report.inferenceImage, instanceType: entry.endpoint.instanceType } }
                : {}),
            }
          : {}),
      });
      if (args.json) printJson(ctx, { ok: true, ...prepared, ...(recordedAt ? { recordedAt } : {}) });
      else {
        const { registration: r } = prepared;
        if (!prepared.reused) ctx.out.write(renderCompiled(entry.spec, prepared));
        const state = prepared.reused ? 'already registered' : 'registered';
        ctx.out.write(`${r.model} ${r.version} ${state}: ${r.approval}, TargetModel ${r.lineage.compiled.key}\n`);
        if (recordedAt) ctx.out.write(`  release recorded for the controller at ${recordedAt}\n`);
      }
      ctx.exitCode = ExitCode.ok;
    },
  };
}
