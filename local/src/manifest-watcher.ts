// Watches models.yaml: saving the file (editors often replace it, so the directory is watched)
// re-reads it and reports the new manifest, or its problems with file:line:col.
import { watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { formatIssue } from '../../model-registry/src/domain/manifest/issues.ts';
import { loadManifest, MAX_MANIFEST_BYTES, tooLarge } from '../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../../model-registry/src/domain/manifest/types.ts';

export interface ManifestWatcher {
  close(): void;
}

export async function readManifestFile(
  path: string,
): Promise<{ manifest?: Manifest; problems: string[]; text: string }> {
  // Not even read when too large: the watcher must not hold a huge file in memory or in the log.
  const { size } = await stat(path);
  if (size > MAX_MANIFEST_BYTES) return { problems: [formatIssue(tooLarge(path, size))], text: `<${size} bytes>` };
  const text = await readFile(path, 'utf8');
  const result = loadManifest(text, path);
  if (result.ok) return { manifest: result.manifest, problems: [], text };
  return { problems: result.issues.map(formatIssue), text };
}

export function watchManifest(
  path: string,
  onChange: (manifest: Manifest, text: string) => Promise<void>,
  onProblem: (problems: string[], text?: string) => void | Promise<void>,
  debounceMs = 150,
): ManifestWatcher {
  let timer: NodeJS.Timeout | undefined;
  let lastText: string | undefined;
  const file = basename(path);
  const watcher = watch(dirname(path), (_event, name) => {
    if (name !== file) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const read = await readManifestFile(path);
        // Editors save in several steps; only a real content change counts.
        if (read.text === lastText) return;
        lastText = read.text;
        if (read.manifest) await onChange(read.manifest, read.text);
        else await onProblem(read.problems, read.text);
      } catch (error) {
        onProblem([String(error)]);
      }
    }, debounceMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
