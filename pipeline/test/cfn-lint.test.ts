// cfn-lint (AWS's CloudFormation linter: resource specs, property types, enums, patterns, relationships)
// must report no error on either synthesized template. Warnings are listed, not failed.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../inference-stack/test/cdk/test-app.ts';

const version = (() => {
  try {
    return execFileSync('cfn-lint', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
})();
if (!version) {
  if (process.env.CI === 'true') throw new Error('cfn-lint is not installed; CI requires it (pip install cfn-lint)');
  console.warn('cfn-lint not installed: skipping the CloudFormation lint of the synthesized templates');
}

interface CfnLintMatch {
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

describe.runIf(version !== undefined)(`cfn-lint (${version})`, () => {
  it('finds no error in the inference or pipeline template', { timeout: 300_000 }, () => {
    const { app } = buildTestApp();
    const dir = app.synth().directory;
    const templates = readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => join(dir, f));
    expect(templates).toHaveLength(2);

    const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8' });
    const matches = JSON.parse(run.stdout || '[]') as CfnLintMatch[];

    const errors = matches
      .filter((m) => m.Level === 'Error')
      .map((m) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`);
    expect(errors).toEqual([]);
  });
});
