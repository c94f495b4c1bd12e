// Reads cdk.out/validation-report.json (written by CDK's policy-validation framework) and counts what
// is left after acknowledgements, per plugin and rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
}

interface Report {
  readonly pluginReports: readonly { readonly pluginName: string; readonly violations: readonly Violation[] }[];
}

export interface ValidationSummary {
  readonly unacknowledgedErrors: number;
  readonly unacknowledgedWarnings: number;
  readonly plugins: readonly string[];
  readonly text: string;
}

export function summarizeValidationReport(assemblyDir: string): ValidationSummary {
  return summarize(JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as Report);
}

export function summarize(report: Report): ValidationSummary {
  let errors = 0;
  let warnings = 0;
  const lines: string[] = [];
  for (const plugin of report.pluginReports) {
    for (const v of plugin.violations) {
      const count = v.violatingConstructs?.length ?? 1;
      if (v.severity === 'error' || v.severity === 'fatal') errors += count;
      else warnings += count;
      const where = (v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ');
      lines.push(`  ${v.severity} ${v.ruleName} (${plugin.pluginName}): ${where}`);
    }
  }
  const plugins = report.pluginReports.map((p) => p.pluginName);
  const head = `validation (${plugins.join(', ')}): ${errors} unacknowledged errors, ${warnings} warnings`;
  return { unacknowledgedErrors: errors, unacknowledgedWarnings: warnings, plugins, text: [head, ...lines].join('\n') };
}
