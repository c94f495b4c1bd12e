// The deployed stacks' names, shared by the CDK app and by tools that look the stacks up
// (`mlrelease doctor --aws`) without loading the CDK.
export const STACK_NAMES = { inference: 'ModelRelease-Inference', pipeline: 'ModelRelease-Pipeline' } as const;

/** `cdk bootstrap`'s stack, unless bootstrapped with `--toolkit-stack-name`. */
export const DEFAULT_TOOLKIT_STACK_NAME = 'CDKToolkit';

/**
 * The bootstrap version the synthesized templates require: CDK writes a `CheckBootstrapVersion` rule
 * into every template (a test reads it from the synthesized template, so a CDK upgrade that raises it
 * fails there).
 */
export const MIN_BOOTSTRAP_VERSION = 6;

/** The pipeline stack's output with the source connection's ARN (CodeStar/CodeConnections source only). */
export const SOURCE_CONNECTION_OUTPUT = 'SourceConnectionArn';

/** The inference stack's outputs that the CLI's AWS backend needs (STATE_BUCKET, DATA_BUCKET). */
export const INFERENCE_OUTPUTS = {
  stateBucket: 'StateBucket',
  dataBucket: 'DataBucket',
  endpoint: 'EndpointName',
} as const;

/** The release pipeline's name (CodePipeline), read by `mlrelease pipeline`. */
export const PIPELINE_NAME = 'model-release';
