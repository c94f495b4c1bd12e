import type { CommandModule } from 'yargs';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import { type Plan, type PlanAction, planRelease } from '../../../../model-registry/src/domain/plan.ts';
import type { SignatureChange } from '../../../../model-registry/src/domain/signature-compat.ts';
import { readDeployedModels } from '../../read-deployed-models.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';
import { openStateStore } from '../rollout-state.ts';

interface Args extends GlobalArgs {
  file: string;
}

function changeLines(changes: readonly SignatureChange[]): string[] {
  return changes.map((c) => `    - ${c.change}: ${c.callers} (models.yaml ${c.path.join('.')})`);
}

function describe(action: PlanAction): string {
  switch (action.kind) {
    case 'new':
      return `+ ${action.model}  new ${action.version} (first version goes straight to stable)`;
    case 'release': {
      const replaces = action.supersedes ? ` (replaces candidate ${action.supersedes})` : '';
      const line = `~ ${action.model}  release ${action.from} -> ${action.to} by ${action.strategy}: ${action.steps}${replaces}`;
      if (!action.breaking) return line;
      if (action.breaking.length === 0) return `${line}\n    declared breaking, but the signature is compatible`;
      return [`${line}`, '    BREAKING: callers must change when it goes live:', ...changeLines(action.breaking)].join(
        '\n',
      );
    }
    case 'refused':
      return [
        `x ${action.model}  release ${action.from} -> ${action.to} refused: the signature changes incompatibly`,
        ...changeLines(action.changes),
        `    callers of ${action.from} would break on ${action.to}; either keep the signature, or set`,
        `    release: { strategy: all-at-once, breaking: true } on ${action.model} and change callers with it,`,
        '    or release it under a new model name',
      ].join('\n');
    case 'in-progress':
      return `> ${action.model}  rollout in progress ${action.from} -> ${action.to}`;
    case 'held':
      return `! ${action.model}  ${action.version} held: ${action.reason}`;
    case 'retire':
      return `- ${action.model}  retire ${action.version}`;
    case 'unchanged':
      return `= ${action.model}  unchanged ${action.version}`;
  }
}

export function renderPlan(plan: Plan): string {
  const s = plan.summary;
  const lines = plan.actions.map(describe);
  lines.push(
    `Plan: ${s.new} new, ${s.release} to release, ${s.retire} to retire, ${s.unchanged} unchanged` +
      (s['in-progress'] ? `, ${s['in-progress']} in progress` : '') +
      (s.held ? `, ${s.held} held` : '') +
      (s.refused ? `, ${s.refused} refused (incompatible signature)` : ''),
  );
  return `${lines.join('\n')}\n`;
}

export function planCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'plan [file]',
    describe: 'Compare models.yaml with what is deployed and print what a release would do (never writes)',
    builder: (y) => y.positional('file', { type: 'string', default: DEFAULT_MANIFEST, describe: 'desired state' }),
    handler: async (args) => {
      const result = await readManifestFile(ctx, args.file);
      if (!result.ok) {
        for (const issue of result.issues) ctx.err.write(`${formatIssue(issue)}\n`);
        if (args.json) printJson(ctx, { valid: false, issues: result.issues });
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const store = await openStateStore(ctx, args);
      const plan = planRelease(result.manifest, await readDeployedModels(store));
      if (args.json) printJson(ctx, plan);
      else ctx.out.write(renderPlan(plan));
      // A refused release is a models.yaml problem the pipeline must stop on, as validate's are.
      ctx.exitCode = plan.summary.refused > 0 ? ExitCode.failed : ExitCode.ok;
    },
  };
}
