// Turns a PrecheckError into models.yaml issues with file:line:column, for the CLI and the pipeline.
import type { PrecheckError } from './domain/compile-precheck.ts';
import type { ManifestIssue } from './domain/manifest/issues.ts';
import { manifestLocator } from './domain/manifest/positions.ts';

/** `modelIndex` is the entry's position in `models:`; `source` the models.yaml text. */
export function precheckIssues(
  error: PrecheckError,
  source: string,
  file: string,
  modelIndex: number,
): ManifestIssue[] {
  const locate = manifestLocator(source, file);
  return error.failures.map((failure) => locate(['models', modelIndex, ...failure.path], failure.message));
}
