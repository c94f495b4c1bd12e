// The local DLQs as the controller's dead-letter gate reads them: the journal files the local data
// plane keeps under <stateDir>/dlq/<lane>/ (one JSON file per dead letter, written whole, once), so
// the controller needs no handle on the running data plane (and `mlrelease` in another process
// could read them too). Each file is parsed once; a re-driven dead letter's file is gone, so it no
// longer counts. The fauxqs data plane keeps its DLQs in the emulator: nothing is listed there.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredMessage } from '../../inference-stack/src/adapters/local/memory-queue.ts';
import type { ListedDeadLetter } from '../../release-tools/src/adapters/local/listed-dead-letter-reader.ts';
import { deadLetterTarget, requestIdOf } from './dead-letters.ts';

/** Where the local data plane journals each lane's DLQ (memory-data-plane/local-data-plane.ts). */
export const dlqDir = (stateDir: string) => join(stateDir, 'dlq');

export function listedDeadLetter(message: StoredMessage): ListedDeadLetter {
  const target = deadLetterTarget(message);
  const requestId = requestIdOf(message.body);
  return {
    ...(target ? { model: target.model, version: target.version } : {}),
    ...(requestId ? { requestId } : {}),
    deadLetteredAt: message.sentAt,
  };
}

/** Lists every lane's dead letters from disk, reading only files it has not read before. */
export function deadLetterFiles(stateDir: string): () => Promise<ListedDeadLetter[]> {
  const seen = new Map<string, ListedDeadLetter | undefined>();
  return async () => {
    const root = dlqDir(stateDir);
    const lanes = await readdir(root).catch(notFound);
    const present = new Set<string>();
    for (const lane of lanes) {
      const names = (await readdir(join(root, lane)).catch(notFound)).filter((n) => n.endsWith('.json'));
      for (const name of names) {
        const path = join(root, lane, name);
        present.add(path);
        if (seen.has(path)) continue;
        const text = await readFile(path, 'utf8').catch(() => undefined);
        // Gone since the listing (re-driven), or not readable now: looked at again next time.
        if (text === undefined) continue;
        seen.set(path, parsed(text));
      }
    }
    for (const path of seen.keys()) if (!present.has(path)) seen.delete(path);
    return [...seen.values()].filter((d): d is ListedDeadLetter => d !== undefined);
  };
}

/** A file that does not parse is not a dead letter the queue wrote (its journal skips it too). */
function parsed(text: string): ListedDeadLetter | undefined {
  try {
    return listedDeadLetter(JSON.parse(text) as StoredMessage);
  } catch {
    return undefined;
  }
}

function notFound(error: unknown): string[] {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
    return [];
  throw error;
}
