// One platform per state dir: two would share queues, results and platform.json, and the one
// stopped first would delete the other's platform.json. The lock is a file created exclusively,
// holding the owner's pid. A lock whose owner is gone (kill -9, a power cut) is taken over, so
// nothing needs cleaning by hand; taking over goes through a second exclusive file, so two
// starters that both find a stale lock cannot both win.
import { randomUUID } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processIsAlive } from '../../inference-stack/src/adapters/local/process-alive.ts';

export const LOCK_FILE = 'platform.lock';

export class StateDirLockedError extends Error {
  override readonly name = 'StateDirLockedError';
  constructor(
    readonly stateDir: string,
    readonly pid: number,
  ) {
    super(
      `another platform (pid ${pid}) is running on the state dir ${stateDir}; stop it, or use another --state-dir (MLRELEASE_STATE_DIR)`,
    );
  }
}

export interface StateDirLock {
  /** Removes the lock if it is still this one's (never another platform's). */
  release(): Promise<void>;
}

export interface LockOptions {
  /** @default process.pid */
  readonly pid?: number;
  /** Whether a pid names a running process. @default signal 0 */
  readonly isAlive?: (pid: number) => boolean;
}

interface LockContent {
  readonly pid: number;
  readonly id: string;
}

export async function acquireStateDirLock(stateDir: string, options: LockOptions = {}): Promise<StateDirLock> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const path = join(stateDir, LOCK_FILE);
  const mine: LockContent = { pid, id: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, mine)) return ownLock(path, mine);
    const holder = await readLock(path);
    if (holder && isAlive(holder.pid)) throw new StateDirLockedError(stateDir, holder.pid);
    await takeOverStale(path, holder, { pid, isAlive });
  }
  const holder = await readLock(path);
  throw new StateDirLockedError(stateDir, holder?.pid ?? -1);
}

/** Throws StateDirLockedError if a running platform holds the state dir; writes nothing. */
export async function assertStateDirFree(stateDir: string, options: Pick<LockOptions, 'isAlive'> = {}): Promise<void> {
  const holder = await readLock(join(stateDir, LOCK_FILE));
  if (holder && (options.isAlive ?? processIsAlive)(holder.pid)) throw new StateDirLockedError(stateDir, holder.pid);
}

async function takeOverStale(
  path: string,
  stale: LockContent | undefined,
  { pid, isAlive }: { pid: number; isAlive: (pid: number) => boolean },
): Promise<void> {
  const guard = `${path}.takeover`;
  const guardContent = { pid, id: randomUUID() };
  if (!(await createExclusive(guard, guardContent))) {
    // Another starter is taking over; if it died doing so, clear its guard and try again.
    const other = await readLock(guard);
    if (!other || !isAlive(other.pid)) await rm(guard, { force: true });
    return;
  }
  try {
    // Only the stale lock read before is removed: a fresh one someone created meanwhile stays.
    const current = await readLock(path);
    if (current === undefined || (current.id === stale?.id && !isAlive(current.pid))) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

function ownLock(path: string, mine: LockContent): StateDirLock {
  return {
    async release() {
      const current = await readLock(path);
      if (current?.id === mine.id) await rm(path, { force: true });
    },
  };
}

async function createExclusive(path: string, content: LockContent): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(content));
      await file.sync();
    } finally {
      await file.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, id: String(parsed.id) } : undefined;
  } catch {
    // Missing, or half-written by an owner killed between create and write: treated as stale.
    return undefined;
  }
}
