// Damaged state files: named, kept aside, never reset silently (issue 15, finding 5), and the
// state dir is private to its owner (finding 4).
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore, QUARANTINE_DIR } from '../../src/adapters/local/file-state-store.ts';
import { DamagedStateError } from '../../src/ports/state-store.ts';
import { readRolloutState } from '../../src/read-deployed-models.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-damage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileStateStore with damaged files', () => {
  it('names a truncated record, keeps a copy aside and refuses to overwrite it', async () => {
    const store = new FileStateStore(dir);
    await store.put('rollouts/a', { model: 'a', phase: 'Progressing' }, null);
    const file = join(dir, 'rollouts', 'a.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, 20));

    const error = await store.get('rollouts/a').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DamagedStateError);
    expect((error as DamagedStateError).message).toContain(file);
    expect((error as DamagedStateError).message).toContain('not JSON');
    expect(await readFile(file, 'utf8')).toBe(text.slice(0, 20));
    const kept = await readdir(join(dir, QUARANTINE_DIR));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, QUARANTINE_DIR, kept[0]!), 'utf8')).toBe(text.slice(0, 20));
    // Neither a fresh create nor a write from any version may replace it: no silent reset.
    await expect(store.put('rollouts/a', { model: 'a' }, null)).rejects.toBeInstanceOf(DamagedStateError);
    await expect(store.put('rollouts/a', { model: 'a' }, '1')).rejects.toBeInstanceOf(DamagedStateError);
  });

  it('reads a record replaced by {} as damaged, not as absent', async () => {
    const store = new FileStateStore(dir);
    await store.put('rollouts/a', { model: 'a' }, null);
    await writeFile(join(dir, 'rollouts', 'a.json'), '{}');

    await expect(store.get('rollouts/a')).rejects.toThrow(/rollouts\/a\.json: no valid revision/);
  });

  it('moves a damaged rebuildable key aside, reads it as absent and says so once', async () => {
    const told: string[] = [];
    const store = new FileStateStore(dir, { rebuildable: ['routes'], onDamaged: (e) => told.push(e.message) });
    await writeFile(join(dir, 'routes.json'), '{"revision": 3, "value": {"rou');

    expect(await store.get('routes')).toBeUndefined();
    expect(await store.get('routes')).toBeUndefined();
    await store.put('routes', { revision: 1, routes: {} }, null);

    expect(told).toHaveLength(1);
    expect(told[0]).toContain(join(dir, 'routes.json'));
    expect(await readdir(join(dir, QUARANTINE_DIR))).toHaveLength(1);
    expect(await store.list('')).toEqual(['routes']);
  });

  it('lists readable and damaged records apart, so one bad file hides no other model', async () => {
    const store = new FileStateStore(dir);
    await store.put('rollouts/good', { model: 'good', phase: 'Promoted' }, null);
    await store.put('rollouts/bad', { model: 'bad', phase: 'Progressing' }, null);
    await writeFile(join(dir, 'rollouts', 'bad.json'), '');

    const state = await readRolloutState(store as never);

    expect(state.records.map((r) => (r as { model: string }).model)).toEqual(['good']);
    expect(state.damaged).toEqual([
      expect.objectContaining({ model: 'bad', location: join(dir, 'rollouts', 'bad.json') }),
    ]);
  });

  it('writes files 0600 and directories 0700', async () => {
    const store = new FileStateStore(join(dir, 'state'));
    await store.put('rollouts/a', { model: 'a' }, null);

    expect((await stat(join(dir, 'state', 'rollouts', 'a.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state', 'rollouts'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
  });
});
