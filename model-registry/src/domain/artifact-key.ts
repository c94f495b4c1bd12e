// Content-addressed artifact keys `<model>/<version>-<sha256 first 12 hex>/<file>`. Every part is
// validated so a key can never climb out of its store (no `..`, no slashes, no absolute paths).

const MODEL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export class InvalidArtifactKeyError extends Error {
  override readonly name = 'InvalidArtifactKeyError';
}

export interface ArtifactKeyParts {
  readonly model: string;
  readonly version: string;
  readonly hash12: string;
  readonly fileName: string;
}

function checkSegment(kind: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value) || value.includes('..'))
    throw new InvalidArtifactKeyError(`invalid ${kind} "${value}": letters, digits, '.', '_', '+', '-' only, no '..'`);
}

/** Model name and version are used as path segments by every store; this keeps them safe. */
export function checkModelVersion(model: string, version: string): void {
  checkSegment('model name', model, MODEL_NAME);
  checkSegment('version', version, SEGMENT);
}

export function artifactKey(model: string, version: string, fileName: string, sha256: string): string {
  checkSegment('model name', model, MODEL_NAME);
  checkSegment('version', version, SEGMENT);
  checkSegment('file name', fileName, SEGMENT);
  if (!SHA256.test(sha256)) throw new InvalidArtifactKeyError(`invalid sha256 "${sha256}"`);
  return `${model}/${version}-${sha256.slice(0, 12)}/${fileName}`;
}

/** Splits and validates a key; throws InvalidArtifactKeyError for anything that is not one of ours. */
export function parseArtifactKey(key: string): ArtifactKeyParts {
  const match = /^([^/]+)\/(.+)-([0-9a-f]{12})\/([^/]+)$/.exec(key);
  if (!match)
    throw new InvalidArtifactKeyError(`invalid artifact key "${key}": expected <model>/<version>-<sha12>/<file>`);
  const [, model, version, hash12, fileName] = match as unknown as [string, string, string, string, string];
  checkSegment('model name', model, MODEL_NAME);
  checkSegment('version', version, SEGMENT);
  checkSegment('file name', fileName, SEGMENT);
  return { model, version, hash12, fileName };
}
