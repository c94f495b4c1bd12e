import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { ManifestIssue } from '../../../model-registry/src/domain/manifest/issues.ts';
import {
  loadManifest,
  MAX_MANIFEST_BYTES,
  type ManifestResult,
  tooLarge,
} from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import type { CliContext } from './context.ts';

export const DEFAULT_MANIFEST = 'models.yaml';

/**
 * Reads and validates models.yaml; a missing or unreadable file is reported as an issue at 1:1.
 * `file` is the absolute path; `text` the file as read (absent if it could not be read).
 */
export async function readManifestFile(
  ctx: CliContext,
  file: string,
): Promise<ManifestResult & { file: string; text?: string }> {
  const path = resolve(ctx.cwd, file);
  const rel = relative(ctx.cwd, path);
  const shown = rel && !rel.startsWith('..') ? rel : path;
  try {
    const { size } = await stat(path);
    if (size > MAX_MANIFEST_BYTES) return { ok: false, issues: [tooLarge(shown, size)], file: path };
    const text = await readFile(path, 'utf8');
    return { ...loadManifest(text, shown), file: path, text };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    const issue: ManifestIssue = { file: shown, line: 1, column: 1, path: '', message: reason };
    return { ok: false, issues: [issue], file: path };
  }
}
