// The release pipeline, defined once as data. CodePipeline runs each stage as a CodeBuild step
// (pipeline-stack.ts); the local runner runs the same commands in order on this machine.

/** What a stage may touch on AWS; the CDK stack turns each into least-privilege IAM statements. */
export type StagePermission = 'read-state' | 'write-desired-state' | 'compile' | 'register' | 'write-prepared-release';

export interface PipelineStage {
  /** Also the CodePipeline stage and CodeBuild project name suffix. */
  readonly name: string;
  readonly description: string;
  /** Shell commands, run in order from the repository root; a non-zero exit fails the stage. */
  readonly commands: readonly string[];
  /** A person approves before this stage runs (when approvals are enabled). */
  readonly needsApproval: boolean;
  readonly permissions: readonly StagePermission[];
  /** Files this stage hands to the next ones (the rest of the checkout is always handed on). */
  readonly produces?: readonly string[];
}

export const PLAN_FILE = 'plan.json';
/**
 * Writes the example models (generated, git-ignored) into the checkout, so the artifacts the shipped
 * models.yaml points to exist in the pipeline too. Idempotent; a repository with its own models keeps them.
 */
export const EXAMPLE_MODELS_COMMAND = 'npx tsx pipeline/bin/example-models.ts';
/** Prints the names of models the plan releases or adds, one a line. */
export const CHANGED_MODELS = `npx tsx pipeline/bin/changed-models.ts ${PLAN_FILE}`;

export const PIPELINE_STAGES: readonly PipelineStage[] = [
  {
    name: 'Validate',
    description: 'Check models.yaml and compute what would change',
    commands: [
      EXAMPLE_MODELS_COMMAND,
      'npx mlrelease validate',
      `npx mlrelease plan --json > ${PLAN_FILE}`,
      'npx mlrelease plan',
    ],
    needsApproval: false,
    permissions: ['read-state'],
    produces: [PLAN_FILE],
  },
  {
    name: 'Compile',
    description: 'Compile each new or changed model for the endpoint instance type',
    // Assign first so a failing plan reader fails the stage (a failing $(...) inside `for` would not).
    commands: [`models="$(${CHANGED_MODELS})"`, 'for m in $models; do npx mlrelease compile "$m"; done'],
    needsApproval: false,
    permissions: ['read-state', 'compile'],
  },
  {
    name: 'Register',
    description: 'Register each compiled model version with its lineage',
    commands: [`models="$(${CHANGED_MODELS})"`, 'for m in $models; do npx mlrelease register "$m"; done'],
    needsApproval: false,
    // Registers what Compile built (recorded next to the source), then hands the release to the
    // controller at state/releases/<model>/<version>, where the controller Lambda looks for it.
    permissions: ['read-state', 'register', 'write-prepared-release'],
  },
  {
    name: 'Release',
    description: 'Write the desired rollout; the controller takes it through its steps',
    commands: ['npx mlrelease apply'],
    needsApproval: true,
    permissions: ['read-state', 'write-desired-state'],
  },
];
