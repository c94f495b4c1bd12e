// The ids of accepted requests that have no result yet, one empty file each under
// <stateDir>/pending/ids/, so a start re-enqueues what is pending by reading that folder instead of
// listing every request and result ever stored (100,000 of each after a busy week).
//
// The note is made before the request is stored and removed after its result is: a crash in
// between leaves a note too many (checked and dropped at the next start), never one too few.
// `format.json` says the folder is complete: a state dir written before the index (or whose
// building a crash interrupted) has none, and is listed in full once, which writes it.
//
// Notes are not fsynced one by one (a second fsync per 202 halved the accepted requests per
// second): a kill -9 keeps them (the page cache belongs to the kernel), and a graceful stop fsyncs
// the folder and says so (`synced`). What only a power cut or a crash of the machine can lose is
// told by the boot id: notes written under another boot and never synced are not trusted, and that
// start lists everything once, as every start did before the index.
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDir } from '../../../inference-stack/src/adapters/local/file-object-store.ts';
import { isPredictionId } from '../../../inference-stack/src/domain/names.ts';
import { replaceFile } from '../../../release-tools/src/adapters/local/replace-file.ts';
import type { PendingIndex } from '../data-plane-recovery.ts';

export const PENDING_INDEX_FORMAT = 1;

/** format.json. */
interface IndexState {
  readonly format: number;
  /** The boot the notes were last written under (Linux's boot_id), or null where unknown. */
  readonly boot?: string | null;
  /** The notes were fsynced by a graceful stop and nothing was noted since. */
  readonly synced?: boolean;
}

/** This machine's boot, or undefined where the system does not say (then only a graceful stop is trusted). */
export function linuxBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export class FilePendingIndex implements PendingIndex {
  private readonly ids: string;
  private readonly formatFile: string;
  private made = false;
  /** This process has claimed the notes (markComplete): only then may close() call them synced. */
  private claimed = false;

  constructor(
    dir: string,
    private readonly options: { readonly bootId?: () => string | undefined } = {},
  ) {
    this.ids = join(dir, 'ids');
    this.formatFile = join(dir, 'format.json');
  }

  async add(ids: readonly string[]): Promise<void> {
    if (!this.made) {
      mkdirSync(this.ids, { recursive: true, mode: 0o700 });
      this.made = true;
    }
    // On the thread pool: creating an inode can wait for the journal while another write's fsync
    // commits it, a wait that does not belong on the event loop (as in FileObjectStore.put).
    for (let i = 0; i < ids.length; i += 256)
      await Promise.all(ids.slice(i, i + 256).map(async (id) => (await open(this.pathOf(id), 'a', 0o600)).close()));
  }

  async remove(id: string): Promise<void> {
    try {
      unlinkSync(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async read(): Promise<string[] | undefined> {
    if (!this.isTrusted()) return undefined;
    try {
      return readdirSync(this.ids).filter(isPredictionId).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** The notes are complete, and from now on written under this boot, unsynced. Durable before it resolves. */
  async markComplete(): Promise<void> {
    mkdirSync(this.ids, { recursive: true, mode: 0o700 });
    this.made = true;
    await syncDir(this.ids);
    await this.writeState({ format: PENDING_INDEX_FORMAT, boot: this.bootId() ?? null, synced: false });
    this.claimed = true;
  }

  /** At a graceful stop, after the last note: fsyncs them and says so, for a start after a reboot. */
  async close(): Promise<void> {
    if (!this.claimed) return;
    await syncDir(this.ids);
    await this.writeState({ format: PENDING_INDEX_FORMAT, boot: this.bootId() ?? null, synced: true });
    this.claimed = false;
  }

  private isTrusted(): boolean {
    let state: IndexState;
    try {
      state = JSON.parse(readFileSync(this.formatFile, 'utf8')) as IndexState;
    } catch {
      // None (a state dir from before the index), or torn: list everything once.
      return false;
    }
    // A later format may note differently: listing everything once is always right.
    if (state.format !== PENDING_INDEX_FORMAT) return false;
    if (state.synced === true) return true;
    const boot = this.bootId();
    return boot !== undefined && state.boot === boot;
  }

  private async writeState(state: IndexState): Promise<void> {
    await replaceFile(this.formatFile, `${this.formatFile}.tmp`, `${JSON.stringify(state)}\n`, { sync: true });
    // The rename itself must survive a power cut: a stale `synced: true` would trust unsynced notes.
    await syncDir(dirname(this.formatFile));
  }

  private bootId(): string | undefined {
    return (this.options.bootId ?? linuxBootId)();
  }

  private pathOf(id: string): string {
    if (!isPredictionId(id)) throw new Error(`not a prediction id: ${JSON.stringify(id)}`);
    return join(this.ids, id);
  }
}
