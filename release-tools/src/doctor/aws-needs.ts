// What this repository needs from the account, from models.yaml (the endpoint) and cdk.json's
// `mlrelease` context (reserved concurrency, the pipeline's source), read the way the CDK app reads them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readInfraConfig, totalReservedConcurrency } from '../../../inference-stack/src/stack/infra-config.ts';
import {
  DEFAULT_TOOLKIT_STACK_NAME,
  MIN_BOOTSTRAP_VERSION,
  STACK_NAMES,
} from '../../../inference-stack/src/stack/stack-names.ts';
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';
import type { AwsNeeds } from './aws-facts.ts';

export class CdkContextError extends Error {
  override readonly name = 'CdkContextError';
}

export function awsNeeds(manifest: Manifest, mlreleaseContext: unknown, toolkitStackName?: string): AwsNeeds {
  const config = readInfraConfig(mlreleaseContext);
  const source = config.pipeline.source;
  return {
    toolkitStackName: toolkitStackName ?? DEFAULT_TOOLKIT_STACK_NAME,
    minBootstrapVersion: MIN_BOOTSTRAP_VERSION,
    inferenceStackName: STACK_NAMES.inference,
    pipelineStackName: STACK_NAMES.pipeline,
    endpointName: manifest.endpoint.name,
    instanceType: manifest.endpoint.instanceType,
    minInstances: manifest.endpoint.instances.min,
    maxInstances: manifest.endpoint.instances.max,
    reservedConcurrency: totalReservedConcurrency(config.reservedConcurrency),
    source:
      source.kind === 'codecommit'
        ? { kind: 'codecommit' }
        : { kind: 'codestar', ...(source.connectionArn ? { connectionArn: source.connectionArn } : {}) },
  };
}

/** cdk.json's `context.mlrelease` in `dir`, or undefined (the defaults) when there is no cdk.json. */
export async function readMlreleaseContext(dir: string): Promise<unknown> {
  const file = join(dir, 'cdk.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CdkContextError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return (JSON.parse(text) as { context?: { mlrelease?: unknown } }).context?.mlrelease;
  } catch (error) {
    throw new CdkContextError(`${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
}
