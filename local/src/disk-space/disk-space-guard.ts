// Refuses new work while the state dir's disk is (nearly) full, so what was already accepted keeps
// the room it needs: each accepted request still writes its result, or its dead letter. "Full" is
// free space under a reserve, or a write that just failed with ENOSPC; it is looked at again at most
// once a second, so a request costs no system call.
import { statfs } from 'node:fs/promises';

export interface DiskSpace {
  readonly freeBytes: number;
  readonly totalBytes: number;
}

export type StatDisk = (dir: string) => Promise<DiskSpace>;

export const statDisk: StatDisk = async (dir) => {
  const s = await statfs(dir);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
};

export interface DiskSpaceGuardOptions {
  readonly dir: string;
  /** @default statfs(2) */
  readonly statDisk?: StatDisk;
  /** Free bytes kept for accepted work. @default 64 MiB, or 5% of a smaller disk */
  readonly reserveBytes?: number;
  /** @default 1000 */
  readonly recheckMs?: number;
  /** What a refusal tells the caller to wait. @default 30 */
  readonly retryAfterSeconds?: number;
  readonly now?: () => number;
}

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly freeBytes: number; readonly retryAfterSeconds: number };

export class DiskSpaceGuard {
  private checkedAt = Number.NEGATIVE_INFINITY;
  private last: Admission = { ok: true };
  private readonly now: () => number;

  constructor(private readonly options: DiskSpaceGuardOptions) {
    this.now = options.now ?? Date.now;
  }

  async admit(): Promise<Admission> {
    if (this.now() - this.checkedAt < (this.options.recheckMs ?? 1_000)) return this.last;
    this.checkedAt = this.now();
    const disk = await (this.options.statDisk ?? statDisk)(this.options.dir);
    const reserve = this.options.reserveBytes ?? Math.min(64 * 2 ** 20, disk.totalBytes * 0.05);
    this.last = disk.freeBytes > reserve ? { ok: true } : this.full(disk.freeBytes);
    return this.last;
  }

  /** A write failed with ENOSPC: refuse until the next look, whatever statfs says (quotas, root's reserve). */
  noteFull(): void {
    this.checkedAt = this.now();
    this.last = this.full(0);
  }

  private full(freeBytes: number): Admission {
    return { ok: false, freeBytes, retryAfterSeconds: this.options.retryAfterSeconds ?? 30 };
  }
}
