// `mlrelease compile <model>`: pre-check the models.yaml entry against its artifact and endpoint,
// store it immutably and compile it (locally ONNX Runtime, on AWS SageMaker Neo); prints the report.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { writeExampleModels } from '../../../../local/src/example-models/index.ts';
import { type CompiledModel, compileModel } from '../../../../model-registry/src/compile-model.ts';
import { PrecheckError } from '../../../../model-registry/src/domain/compile-precheck.ts';
import { formatIssue, type ManifestIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import type { EndpointSpec, ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import { precheckIssues } from '../../../../model-registry/src/precheck-issues.ts';
import { backendOf } from '../backends/index.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';

export interface ModelArgs extends GlobalArgs {
  model: string;
  file: string;
  examples: boolean;
}

export interface ModelEntry {
  readonly spec: ModelSpec;
  readonly endpoint: EndpointSpec;
  readonly manifestDir: string;
  /** Maps a PrecheckError to positioned models.yaml issues. */
  readonly issuesOf: (error: PrecheckError) => ManifestIssue[];
}

export function withModelArgs<T>(y: Argv<T>) {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model name in models.yaml' })
    .option('file', { type: 'string', default: DEFAULT_MANIFEST, describe: 'models.yaml to read' })
    .option('examples', {
      type: 'boolean',
      default: false,
      describe: 'first write the example ONNX models under models/ next to models.yaml (idempotent)',
    });
}

/** Loads models.yaml and finds one entry; prints the problems and returns undefined if it cannot. */
export async function findModelEntry(ctx: CliContext, args: ModelArgs): Promise<ModelEntry | undefined> {
  const result = await readManifestFile(ctx, args.file);
  const fail = (issues: readonly ManifestIssue[]) => {
    reportIssues(ctx, args, issues);
    return undefined;
  };
  if (!result.ok) return fail(result.issues);
  const index = result.manifest.models.findIndex((m) => m.name === args.model);
  if (index < 0) {
    const names = result.manifest.models.map((m) => m.name).join(', ');
    return fail([
      { file: args.file, line: 1, column: 1, path: 'models', message: `no model "${args.model}" (models: ${names})` },
    ]);
  }
  const text = await readFile(result.file, 'utf8');
  if (args.examples) await writeExampleModels(dirname(result.file));
  return {
    spec: result.manifest.models[index]!,
    endpoint: result.manifest.endpoint,
    manifestDir: dirname(result.file),
    issuesOf: (error) => precheckIssues(error, text, args.file, index),
  };
}

export function reportIssues(ctx: CliContext, args: GlobalArgs, issues: readonly ManifestIssue[]): void {
  ctx.exitCode = ExitCode.failed;
  if (args.json) {
    printJson(ctx, { ok: false, issues });
    return;
  }
  for (const issue of issues) ctx.err.write(`${formatIssue(issue)}\n`);
  if (issues.some((i) => i.path.endsWith('.artifact') && i.message.endsWith('file not found')))
    ctx.err.write('hint: on a fresh clone, add --examples to generate the example models first\n');
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function renderCompiled(spec: ModelSpec, result: CompiledModel): string {
  const { report } = result;
  const lines = [
    `${spec.name} ${spec.version} compiled for ${report.target} (${report.compiler}) in ${report.durationMs} ms`,
    `  source    ${result.source.key}  (${kib(result.source.sizeBytes)})`,
    `  compiled  ${result.compiled.key}  (${kib(result.compiled.sizeBytes)})`,
  ];
  if (report.nodesBefore !== undefined) lines.push(`  nodes     ${report.nodesBefore} -> ${report.nodesAfter}`);
  if (report.loadMsBefore !== undefined)
    lines.push(`  load      ${report.loadMsBefore} ms -> ${report.loadMsAfter} ms`);
  if (report.outputsEqual !== null)
    lines.push(`  outputs   ${report.outputsEqual ? 'equal' : 'DIFFERENT'} (max |diff| ${report.maxAbsDiff})`);
  else
    lines.push(
      `  outputs   not compared${report.sampleError ? `: the model fails on sample inputs: ${report.sampleError}` : ''}`,
    );
  if (report.jobName) lines.push(`  job       ${report.jobName}`);
  return `${lines.join('\n')}\n`;
}

export function compileCommand(ctx: CliContext): CommandModule<GlobalArgs, ModelArgs> {
  return {
    command: 'compile <model>',
    describe:
      'Pre-check a model against models.yaml and compile it (locally ONNX Runtime, on AWS SageMaker Neo); print the report',
    builder: (y) => withModelArgs(y) as Argv<ModelArgs>,
    handler: async (args) => {
      const entry = await findModelEntry(ctx, args);
      if (!entry) return;
      let result: CompiledModel;
      try {
        result = await compileModel(entry.spec, {
          ...entry,
          ...(await backendOf(ctx, args)).compileAdapters(entry.manifestDir),
        });
      } catch (error) {
        if (!(error instanceof PrecheckError)) throw error;
        return reportIssues(ctx, args, entry.issuesOf(error));
      }
      if (args.json) printJson(ctx, { ok: true, model: entry.spec.name, version: entry.spec.version, ...result });
      else ctx.out.write(renderCompiled(entry.spec, result));
      ctx.exitCode = ExitCode.ok;
    },
  };
}
