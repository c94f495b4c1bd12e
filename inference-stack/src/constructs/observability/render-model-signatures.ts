// Pure: models.yaml signatures -> the MODEL_SIGNATURES environment value the API handlers validate against.
import type { Manifest, ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';

// Lambda caps all environment variables of a function at 4 KB together.
const LAMBDA_ENV_LIMIT = 4096;

export class ModelSignaturesTooLargeError extends Error {
  override readonly name = 'ModelSignaturesTooLargeError';
}

export function renderModelSignatures(manifest: Manifest): string {
  const signatures: Record<string, ModelSignature> = {};
  for (const model of manifest.models) signatures[model.name] = model.signature;
  const json = JSON.stringify(signatures);
  if (json.length > LAMBDA_ENV_LIMIT / 2)
    throw new ModelSignaturesTooLargeError(
      `MODEL_SIGNATURES is ${json.length} bytes, too large for a Lambda environment; serve it from S3 instead`,
    );
  return json;
}
