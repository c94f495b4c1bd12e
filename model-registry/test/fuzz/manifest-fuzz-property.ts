// The fuzz property shared by the quick test and the 10,000-run reliability test: any text given
// to loadManifest yields a manifest or positioned issues, and never an exception.
import fc from 'fast-check';
import type { ManifestIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutatedManifest, randomYaml } from './manifest-arbitraries.ts';

const FILE = 'fuzz/models.yaml';

export interface FuzzStats {
  valid: number;
  invalid: number;
}

/** Throws, saying what is wrong, unless `loadManifest(source)` answered within its contract. */
export function checkLoadResult(source: string): 'valid' | 'invalid' {
  let result: ReturnType<typeof loadManifest>;
  try {
    result = loadManifest(source, FILE);
  } catch (error) {
    throw new Error(`loadManifest crashed: ${String(error)}`, { cause: error });
  }
  if (result.ok) {
    if (!Array.isArray(result.manifest.models) || !result.manifest.endpoint) throw new Error('manifest without shape');
    return 'valid';
  }
  checkIssues(source, result.issues);
  return 'invalid';
}

/** Throws unless there is at least one issue and each points inside `source` with a message. */
export function checkIssues(source: string, issues: readonly ManifestIssue[]): void {
  if (issues.length === 0) throw new Error('invalid without any issue');
  const lines = source.split('\n');
  for (const issue of issues) {
    const where = `${issue.line}:${issue.column} (${issue.message})`;
    if (issue.file !== FILE) throw new Error(`issue names file ${issue.file}`);
    if (!Number.isInteger(issue.line) || issue.line < 1 || issue.line > lines.length)
      throw new Error(`line outside the document (${lines.length} lines): ${where}`);
    const width = lines[issue.line - 1]!.length;
    if (!Number.isInteger(issue.column) || issue.column < 1 || issue.column > width + 1)
      throw new Error(`column outside line ${issue.line} (${width} chars): ${where}`);
    if (typeof issue.message !== 'string' || issue.message.trim() === '') throw new Error(`empty message at ${where}`);
  }
}

export function manifestFuzzProperty(stats: FuzzStats = { valid: 0, invalid: 0 }) {
  const documents = fc.oneof({ arbitrary: randomYaml, weight: 1 }, { arbitrary: mutatedManifest, weight: 3 });
  return fc.property(documents, (source) => {
    stats[checkLoadResult(source)]++;
  });
}

/** Fixed by default so a run is reproducible; set FUZZ_SEED to explore other inputs. */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Number.NaN;
  return Number.isInteger(fromEnv) ? fromEnv : 20_261_124;
}
