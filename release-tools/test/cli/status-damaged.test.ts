// `status` with one damaged rollout record: the others are shown, the damaged one is named with its
// file, and the exit code says a read failed (1), not that a rollout ended badly (3).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { runMlrelease } from './run-cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-damaged-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('shows every readable rollout and names the damaged file', async () => {
  const store = new FileStateStore(join(dir, '.mlrelease', 'state'));
  const base = { rolloutId: 1, release: { version: '1.0.0' }, step: 0, weight: 0, startedAt: 0, history: [] };
  await store.put(
    'rollouts/good',
    { ...base, model: 'good', phase: 'Promoted', rolledBackVersions: [], intentSeq: 0 },
    null,
  );
  await store.put('rollouts/bad', { ...base, model: 'bad', phase: 'Progressing' }, null);
  const badFile = join(dir, '.mlrelease', 'state', 'rollouts', 'bad.json');
  await writeFile(badFile, '{}');

  const text = await runMlrelease(['status'], dir);
  const json = await runMlrelease(['status', '--json'], dir);

  expect(text.code).toBe(1);
  expect(text.out).toContain('good');
  expect(text.out).toContain(`bad: DAMAGED state file ${badFile}`);
  expect(JSON.parse(json.out)).toEqual([
    expect.objectContaining({ model: 'good', phase: 'Promoted' }),
    expect.objectContaining({ model: 'bad', phase: 'Damaged', location: badFile }),
  ]);
});
