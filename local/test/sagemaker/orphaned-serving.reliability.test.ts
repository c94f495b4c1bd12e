// Issue 15: a kill -9'd `npm start` left its serving container (and the container's inference
// process) running, orphaned, holding a port and memory. The container now exits when its parent
// dies: it watches the IPC channel `npm start` opens to it, which the kernel closes with the parent.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');
const leftovers: number[] = [];

afterAll(() => {
  for (const pid of leftovers) if (running(pid)) process.kill(pid, 'SIGKILL');
});

/** A zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pids: readonly number[], withinMs: number): Promise<number[]> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline && pids.some(running)) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(running);
}

describe('serving container of a killed platform', () => {
  it('exits, with its inference process, within 5 s of its parent being killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', 'local/test/sagemaker/support/serving-parent.ts'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((found) => createInterface({ input: parent.stdout! }).once('line', found));
    const { serving, children } = JSON.parse(line) as { serving: number; children: number[] };
    leftovers.push(serving, ...children);
    expect(children.length).toBeGreaterThan(0);

    parent.kill('SIGKILL');
    const survivors = await gone([serving, ...children], 5_000);

    expect(survivors).toEqual([]);
  });
});
