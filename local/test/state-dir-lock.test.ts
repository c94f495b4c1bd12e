// One platform per state dir (issue 15 item 7): a second start on the same dir is refused and
// stopping it does not touch the first's platform.json; a lock left by kill -9 is taken over.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform } from '../src/platform.ts';
import { PLATFORM_FILE } from '../src/platform-file.ts';
import { acquireStateDirLock, assertStateDirFree, LOCK_FILE, StateDirLockedError } from '../src/state-dir-lock.ts';
import { makeWorkspace, StubController, type Workspace } from './support/platform-fixture.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'state-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the state dir lock', () => {
  it('refuses a second holder while the first runs, and frees the dir on release', async () => {
    const first = await acquireStateDirLock(dir);

    const second = await acquireStateDirLock(dir, { pid: process.pid + 1 }).catch((e: unknown) => e);
    await first.release();
    const third = await acquireStateDirLock(dir);

    expect(second).toBeInstanceOf(StateDirLockedError);
    expect((second as StateDirLockedError).pid).toBe(process.pid);
    await expect(assertStateDirFree(dir)).rejects.toBeInstanceOf(StateDirLockedError);
    await third.release();
    await expect(assertStateDirFree(dir)).resolves.toBeUndefined();
  });

  it('takes over a lock whose owner was killed with kill -9', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx/esm',
        '-e',
        `import('${join(import.meta.dirname, '../src/state-dir-lock.ts')}').then((m) => m.acquireStateDirLock(${JSON.stringify(dir)})).then(() => { console.log('locked'); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.includes('locked') && resolve()));
    const whileAlive = await acquireStateDirLock(dir).catch((e: unknown) => e);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const after = await acquireStateDirLock(dir);

    expect(whileAlive).toBeInstanceOf(StateDirLockedError);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await after.release();
  }, 60_000);

  it('a holder whose lock was taken over does not remove the new one on release', async () => {
    const dead = new Set<number>();
    const stale = await acquireStateDirLock(dir, { pid: 999_999 });
    dead.add(999_999);

    const fresh = await acquireStateDirLock(dir, { isAlive: (pid) => !dead.has(pid) });
    await stale.release();

    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await fresh.release();
  });

  it('treats an unreadable lock (owner killed mid-write) as stale', async () => {
    await writeFile(join(dir, LOCK_FILE), '');

    const lock = await acquireStateDirLock(dir);

    await lock.release();
  });
});

describe('one platform per state dir', () => {
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  it('a second platform on the same state dir is refused and leaves the first one platform.json', async () => {
    ws = await makeWorkspace();
    const options = {
      port: 0,
      stateDir: ws.stateDir,
      manifestPath: ws.manifestPath,
      artifacts: ws.artifacts,
      controller: new StubController(),
      controllerTickMs: 60_000,
    };
    const first = await startPlatform(options);
    const platformFile = await readFile(join(ws.stateDir, PLATFORM_FILE), 'utf8');

    const second = await startPlatform(options).catch((e: unknown) => e);
    const afterRefusal = await readFile(join(ws.stateDir, PLATFORM_FILE), 'utf8');
    await first.stop();

    expect(second).toBeInstanceOf(StateDirLockedError);
    expect(afterRefusal).toBe(platformFile);
    expect(JSON.parse(platformFile)).toMatchObject({ url: first.url, pid: process.pid });
    await expect(assertStateDirFree(ws.stateDir)).resolves.toBeUndefined();
    await expect(readFile(join(ws.stateDir, PLATFORM_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
