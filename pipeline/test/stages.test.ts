import { describe, expect, it } from 'vitest';
import { renderBuildSpec } from '../src/buildspec.ts';
import { changedModels, PlanFormatError } from '../src/changed-models.ts';
import { PIPELINE_STAGES } from '../src/stages.ts';

describe('pipeline stages', () => {
  it('runs validate, compile, register and release in that order, approving only before release', () => {
    expect(PIPELINE_STAGES.map((s) => [s.name, s.needsApproval])).toEqual([
      ['Validate', false],
      ['Compile', false],
      ['Register', false],
      ['Release', true],
    ]);
  });

  it('writes the example models, validates and plans with mlrelease, keeping the JSON plan for later stages', () => {
    const validate = PIPELINE_STAGES[0]!;
    expect(validate.commands).toEqual([
      'npx tsx pipeline/bin/example-models.ts',
      'npx mlrelease validate',
      'npx mlrelease plan --json > plan.json',
      'npx mlrelease plan',
    ]);
    expect(validate.produces).toEqual(['plan.json']);
  });

  it('compiles and registers each changed model from the plan, reading the plan before the loop', () => {
    const [, compile, register] = PIPELINE_STAGES;
    expect(compile!.commands).toEqual([
      'models="$(npx tsx pipeline/bin/changed-models.ts plan.json)"',
      'for m in $models; do npx mlrelease compile "$m"; done',
    ]);
    expect(register!.commands).toEqual([
      'models="$(npx tsx pipeline/bin/changed-models.ts plan.json)"',
      'for m in $models; do npx mlrelease register "$m"; done',
    ]);
  });

  it('releases with mlrelease apply', () => {
    expect(PIPELINE_STAGES.at(-1)!.commands).toEqual(['npx mlrelease apply']);
  });
});

describe('changedModels', () => {
  it('lists models the plan adds or releases, not unchanged, held, in-progress or retired ones', () => {
    const plan = {
      actions: [
        { kind: 'new', model: 'a' },
        { kind: 'release', model: 'b' },
        { kind: 'unchanged', model: 'c' },
        { kind: 'held', model: 'd' },
        { kind: 'in-progress', model: 'e' },
        { kind: 'retire', model: 'f' },
      ],
    };
    expect(changedModels(JSON.stringify(plan))).toEqual(['a', 'b']);
  });

  it('rejects output that is not a plan', () => {
    expect(() => changedModels('Plan: 1 new')).toThrow(PlanFormatError);
    expect(() => changedModels('{"valid": false}')).toThrow(PlanFormatError);
  });
});

describe('renderBuildSpec', () => {
  it('installs, then runs the stage commands with errexit and pipefail, handing on the checkout', () => {
    const stage = {
      name: 'Compile',
      description: 'compile',
      commands: ['echo one', 'echo two'],
      needsApproval: false,
      permissions: [],
    };

    const spec = renderBuildSpec(stage);

    expect(spec).toEqual({
      version: '0.2',
      env: { shell: 'bash', variables: { npm_config_loglevel: 'error', MLRELEASE_STAGE: 'Compile' } },
      phases: {
        install: { 'runtime-versions': { nodejs: '20' }, commands: ['npm ci'] },
        build: { commands: ['set -euo pipefail', 'echo one', 'echo two'] },
      },
      artifacts: { files: ['**/*'], 'exclude-paths': ['node_modules/**/*'] },
    });
  });
});
