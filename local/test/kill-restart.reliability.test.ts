// kill -9 of the local platform under asynchronous traffic, restart on the same state dir: every
// request that was answered 202 gets exactly one result, and a result written before the kill is
// never written again. The platform runs as a real child process (node + tsx, not the npx wrapper,
// so SIGKILL hits the platform itself), on the slow example model so work is pending at the kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlrelease } from '../../release-tools/test/cli/run-cli.ts';
import type { Durability } from '../src/data-plane.ts';
import { FRAUD_DETECTOR_MANIFEST } from './support/fraud-detector-manifest.ts';

const repo = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
let dir: string;
let stateDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kill-restart-'));
  await writeFile(join(dir, 'models.yaml'), FRAUD_DETECTOR_MANIFEST);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

async function startChild(durability: Durability): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/src/main.ts',
      '--port',
      '0',
      '--state-dir',
      stateDir,
      '--file',
      join(dir, 'models.yaml'),
      '--durability',
      durability,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`platform did not start:\n${output}`)), 60_000);
    const look = () => {
      const match = /local platform is up at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        found(match[1]!);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', () => failed(new Error(`platform exited:\n${output}`)));
  });
  return { child, url, output: () => output };
}

const token = async () =>
  (JSON.parse(await readFile(join(stateDir, 'platform.json'), 'utf8')) as { token: string }).token;
const files = async (prefix: string) =>
  new Set((await readdir(join(stateDir, 'data', prefix)).catch(() => [])).map((f) => f.replace(/\.json$/, '')));

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kill -9 of the local platform under traffic', () => {
  // 'process' skips the fsync: the bytes are in the kernel's page cache, which a killed process does not take along.
  it.each(['power', 'process'] as const)(
    'gives every accepted request exactly one result after a restart (--durability %s)',
    async (durability) => {
      // Prepare: the platform serves the model (the controller's first release has set its route).
      stateDir = join(dir, `state-${durability}`);
      const first = await startChild(durability);
      const auth = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' };
      // 64 rows of the slow model take tens of ms, so the worker falls behind the submitters.
      const row = Array.from({ length: 30 }, (_, i) => (i % 10) / 10);
      const body = JSON.stringify({ inputs: Array.from({ length: 64 }, () => row) });
      await until(async () => {
        const response = await fetch(`${first.url}/v1/models/fraud-detector/invoke`, {
          method: 'POST',
          headers: auth,
          body,
        });
        return response.status === 200 ? true : undefined;
      }, 60_000);

      // Act: parallel submitters; kill -9 once enough were accepted and some of them are unanswered.
      const accepted: string[] = [];
      let traffic = true;
      const submitters = Array.from({ length: 32 }, async () => {
        while (traffic) {
          try {
            const response = await fetch(`${first.url}/v1/models/fraud-detector/predictions`, {
              method: 'POST',
              headers: auth,
              body,
            });
            if (response.status === 202) accepted.push(((await response.json()) as { id: string }).id);
            else await response.arrayBuffer();
          } catch {
            return; // the platform is gone
          }
        }
      });
      await until(async () => {
        if (accepted.length < 100) return undefined;
        const done = await files('results');
        return accepted.filter((id) => !done.has(id)).length >= 5 ? true : undefined;
      }, 60_000);
      first.child.kill('SIGKILL');
      traffic = false;
      await Promise.all(submitters);
      await new Promise((r) =>
        first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.once('exit', r),
      );
      const resultsAtKill = await files('results');
      const pendingAtKill = accepted.filter((id) => !resultsAtKill.has(id));
      const contentAtKill = new Map<string, string>();
      for (const id of accepted.filter((a) => resultsAtKill.has(a)))
        contentAtKill.set(id, await readFile(join(stateDir, 'data', 'results', `${id}.json`), 'utf8'));
      const stale = await runMlrelease(['dlq', 'list', '--state-dir', stateDir], repo);
      const second = await startChild(durability);

      // Assess
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(pendingAtKill.length).toBeGreaterThan(0);
      expect(stale.err).toMatch(/no local platform answers at .*was the platform killed/);
      const recovered = Number(/recovered (\d+) accepted requests/.exec(second.output())?.[1] ?? 0);
      expect(recovered).toBeGreaterThanOrEqual(pendingAtKill.length);
      const secondAuth = { authorization: `Bearer ${await token()}` };
      for (const id of accepted) {
        const status = await until(async () => {
          const response = await fetch(`${second.url}/v1/predictions/${id}`, { headers: secondAuth });
          const answer = (await response.json()) as { status: string };
          return answer.status === 'pending' ? undefined : answer.status;
        }, 90_000);
        expect(['done', 'failed']).toContain(status);
      }
      const results = await files('results');
      expect(accepted.filter((id) => !results.has(id))).toEqual([]);
      for (const [id, content] of contentAtKill)
        expect(await readFile(join(stateDir, 'data', 'results', `${id}.json`), 'utf8')).toBe(content);
      for (const id of accepted) {
        const stored = JSON.parse(await readFile(join(stateDir, 'data', 'results', `${id}.json`), 'utf8')) as {
          id: string;
        };
        expect(stored.id).toBe(id);
      }
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    },
  );
});
