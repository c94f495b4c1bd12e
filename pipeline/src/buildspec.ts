// Pure: a pipeline stage -> CodeBuild buildspec object.
import type { PipelineStage } from './stages.ts';

export function renderBuildSpec(stage: PipelineStage): Record<string, unknown> {
  return {
    version: '0.2',
    env: { shell: 'bash', variables: { npm_config_loglevel: 'error', MLRELEASE_STAGE: stage.name } },
    phases: {
      install: { 'runtime-versions': { nodejs: '20' }, commands: ['npm ci'] },
      build: { commands: ['set -euo pipefail', ...stage.commands] },
    },
    // Hand the whole checkout on so later stages see models.yaml, the plan and any stage output.
    artifacts: { files: ['**/*'], 'exclude-paths': ['node_modules/**/*'] },
  };
}
