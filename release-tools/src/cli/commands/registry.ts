// `mlrelease registry list|show|approve`: read the model registry and record approval decisions.

import type { Argv, CommandModule } from 'yargs';
import { describeSignature } from '../../../../model-registry/src/domain/describe-signature.ts';
import { type Registration, VersionNotRegisteredError } from '../../../../model-registry/src/ports/model-registry.ts';
import { backendOf } from '../backends/index.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';

interface ListArgs extends GlobalArgs {
  model?: string;
}
interface VersionArgs extends GlobalArgs {
  model: string;
  version: string;
}
interface ApproveArgs extends VersionArgs {
  reject: boolean;
  reason?: string;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export function renderList(list: readonly Registration[]): string {
  if (list.length === 0) return 'no registered versions\n';
  const header = ['MODEL', 'VERSION', 'APPROVAL', 'REGISTERED', 'BY', 'TARGET MODEL'];
  return table([
    header,
    ...list.map((r) => [
      r.model,
      r.version,
      r.approval,
      r.lineage.registeredAt,
      r.lineage.registeredBy,
      r.lineage.compiled.key,
    ]),
  ]);
}

export function renderShow(r: Registration): string {
  const { lineage: l } = r;
  const report = l.compileReport;
  const lines = [
    `${r.model} ${r.version}`,
    `  approval    ${r.approval}${r.approvalChange ? ` by ${r.approvalChange.by} at ${r.approvalChange.at}${r.approvalChange.reason ? ` (${r.approvalChange.reason})` : ''}` : ''}`,
    `  registered  ${l.registeredAt} by ${l.registeredBy}${l.sourceCommit ? ` from commit ${l.sourceCommit}` : ''}`,
    ...describeSignature(r.signature).map((line, i) => `  ${i === 0 ? 'signature  ' : '           '} ${line}`),
    `  source      ${l.source.key}  sha256 ${l.source.sha256}`,
    `  compiled    ${l.compiled.key}  sha256 ${l.compiled.sha256}`,
    `  compile     ${report.compiler} for ${r.target}` +
      (report.nodesBefore !== undefined ? `, nodes ${report.nodesBefore} -> ${report.nodesAfter}` : '') +
      (report.outputsEqual === null
        ? ', outputs not compared'
        : `, outputs ${report.outputsEqual ? 'equal' : 'DIFFERENT'}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registryCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  const registryOf = async (args: GlobalArgs) => (await backendOf(ctx, args)).modelRegistry();
  const list: CommandModule<GlobalArgs, ListArgs> = {
    command: 'list [model]',
    describe: 'List registered versions (of one model, or all)',
    builder: (y) => y.positional('model', { type: 'string', describe: 'model name' }) as Argv<ListArgs>,
    handler: async (args) => {
      const found = await (await registryOf(args)).list(args.model);
      if (args.json) printJson(ctx, found);
      else ctx.out.write(renderList(found));
      ctx.exitCode = ExitCode.ok;
    },
  };
  const versionArgs = <T>(y: Argv<T>) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model name' })
      .positional('version', { type: 'string', demandOption: true, describe: 'model version' });
  const show: CommandModule<GlobalArgs, VersionArgs> = {
    command: 'show <model> <version>',
    describe: 'Show one registered version with its lineage and compile report',
    builder: (y) => versionArgs(y) as Argv<VersionArgs>,
    handler: async (args) => {
      const found = await (await registryOf(args)).get(args.model, args.version);
      if (!found) throw new VersionNotRegisteredError(args.model, args.version);
      if (args.json) printJson(ctx, found);
      else ctx.out.write(renderShow(found));
      ctx.exitCode = ExitCode.ok;
    },
  };
  const approve: CommandModule<GlobalArgs, ApproveArgs> = {
    command: 'approve <model> <version>',
    describe: 'Approve a registered version for release (or reject it with --reject)',
    builder: (y) =>
      versionArgs(y)
        .option('reject', { type: 'boolean', default: false, describe: 'reject instead of approve' })
        .option('reason', { type: 'string', describe: 'why, recorded with the decision' }) as Argv<ApproveArgs>,
    handler: async (args) => {
      const status = args.reject ? 'Rejected' : 'Approved';
      const updated = await (await registryOf(args)).setApproval(args.model, args.version, status, {
        by: args.actor,
        at: new Date().toISOString(),
        ...(args.reason ? { reason: args.reason } : {}),
      });
      if (args.json) printJson(ctx, updated);
      else ctx.out.write(`${updated.model} ${updated.version}: ${updated.approval}\n`);
      ctx.exitCode = ExitCode.ok;
    },
  };
  return {
    command: 'registry <command>',
    describe: 'Registered model versions: list, show, approve',
    builder: (y) =>
      y.command(list).command(show).command(approve).demandCommand(1, 'Name a registry command') as Argv<GlobalArgs>,
    handler: () => undefined,
  };
}
