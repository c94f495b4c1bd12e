// The ids of accepted requests that have no result yet, one empty file each under
// <stateDir>/pending/ids/, so a start re-enqueues what is pending by reading that folder instead of
// listing every request and result ever stored (100,000 of each after a busy week).
//
// The note is made before the request is stored and removed after its result is: a crash in
// between leaves a note too many (checked and dropped at the next start), never one too few.
// `format.json` says the folder is complete: a state dir written before the index (or whose
// building a crash interrupted) has none, and is listed in full once, which writes it.
import { closeSync, fsync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GroupSync } from '../../../inference-stack/src/adapters/local/group-sync.ts';
import { isPredictionId } from '../../../inference-stack/src/domain/names.ts';
import { replaceFile } from '../../../release-tools/src/adapters/local/replace-file.ts';
import type { PendingIndex } from '../data-plane-recovery.ts';

export const PENDING_INDEX_FORMAT = 1;

export class FilePendingIndex implements PendingIndex {
  private readonly ids: string;
  private readonly formatFile: string;
  private made = false;
  private readonly dirSync: GroupSync;

  /** `durable`: a note's folder is fsynced (add()'s `durable`), as the request it precedes is. */
  constructor(
    dir: string,
    private readonly options: { readonly durable: boolean },
  ) {
    this.ids = join(dir, 'ids');
    this.formatFile = join(dir, 'format.json');
    this.dirSync = new GroupSync(() => syncDir(this.ids));
  }

  async add(ids: readonly string[]): Promise<{ readonly durable: Promise<void> }> {
    if (!this.made) {
      mkdirSync(this.ids, { recursive: true, mode: 0o700 });
      this.made = true;
    }
    // Synchronous: creating an empty file on the page cache takes microseconds (as the object store's writes).
    for (const id of ids) closeSync(openSync(this.pathOf(id), 'a', 0o600));
    return { durable: this.options.durable ? this.dirSync.sync() : Promise.resolve() };
  }

  async remove(id: string): Promise<void> {
    try {
      unlinkSync(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async read(): Promise<string[] | undefined> {
    if (!this.isComplete()) return undefined;
    try {
      return readdirSync(this.ids).filter(isPredictionId).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async markComplete(): Promise<void> {
    mkdirSync(this.ids, { recursive: true, mode: 0o700 });
    this.made = true;
    await replaceFile(
      this.formatFile,
      `${this.formatFile}.tmp`,
      `${JSON.stringify({ format: PENDING_INDEX_FORMAT })}\n`,
      {
        sync: true,
      },
    );
  }

  private isComplete(): boolean {
    try {
      const { format } = JSON.parse(readFileSync(this.formatFile, 'utf8')) as { format?: unknown };
      // A later format may note differently: listing everything once is always right.
      return format === PENDING_INDEX_FORMAT;
    } catch {
      // None (a state dir from before the index), or torn: list everything once.
      return false;
    }
  }

  private pathOf(id: string): string {
    if (!isPredictionId(id)) throw new Error(`not a prediction id: ${JSON.stringify(id)}`);
    return join(this.ids, id);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  } finally {
    closeSync(fd);
  }
}
