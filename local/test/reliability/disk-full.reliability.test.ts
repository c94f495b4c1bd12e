// Issue 15, finding 6, on a real full disk: `npm start`'s entry runs in a user and mount namespace
// (`unshare -rm`, no root needed) with its state dir on a 16 MiB tmpfs, which a ballast file then
// fills to the last byte. The kernel's ENOSPC, not a mock: new work gets 507 + Retry-After, reads
// go on, and no temporary file is left. Skipped where user namespaces are not allowed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAUD_DETECTOR_MANIFEST } from '../support/fraud-detector-manifest.ts';

const repo = resolve(import.meta.dirname, '../../..');
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;
const children: ChildProcess[] = [];
let dir: string | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Inside the namespace: mount the tmpfs, run the platform, and fill the disk when asked (a file).
const SCRIPT = `set -e
mount -t tmpfs -o size=16m tmpfs "$MNT"
node --import tsx local/src/main.ts --port 0 --state-dir "$MNT/state" --file "$WS/models.yaml" &
P=$!
echo "platform-pid $P"
while kill -0 $P 2>/dev/null; do
  if [ -e "$WS/fill" ] && [ ! -e "$WS/filled" ]; then
    dd if=/dev/zero of="$MNT/ballast" bs=4k 2>/dev/null || true
    echo "filled: $(df -k "$MNT" | tail -1)"; touch "$WS/filled"
  fi
  if [ -e "$WS/count-temps" ] && [ ! -e "$WS/counted" ]; then
    find "$MNT/state" \\( -name "*.tmp" -o -path "*/.tmp/*" \\) -type f -printf "temporary %P\\n"
    echo "temporaries: $(find "$MNT/state" \\( -name "*.tmp" -o -path "*/.tmp/*" \\) -type f | wc -l)"; touch "$WS/counted"
  fi
  sleep 0.1
done
wait $P`;

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!canUnshare)('the platform on a real full disk (tmpfs in a user namespace)', () => {
  it('answers new work 507 + Retry-After, serves reads, leaves no temporary file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'disk-full-'));
    const mnt = join(dir, 'mnt');
    await mkdir(mnt);
    await writeFile(join(dir, 'models.yaml'), FRAUD_DETECTOR_MANIFEST);
    const child = spawn('unshare', ['-rm', 'sh', '-c', SCRIPT], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', MNT: mnt, WS: dir },
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const url = await until(
      async () => /local platform is up at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
      90_000,
    );
    const token = /export TOKEN=(\S+)/.exec(output)![1]!;
    const pid = Number(/platform-pid (\d+)/.exec(output)![1]);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ inputs: [Array.from({ length: 30 }, (_, i) => i / 30)] });
    const post = () => fetch(`${url}/v1/models/fraud-detector/predictions`, { method: 'POST', headers, body });
    const accepted = await until(async () => {
      const response = await post();
      return response.status === 202 ? ((await response.json()) as { id: string }).id : undefined;
    }, 60_000);
    const get = () => fetch(`${url}/v1/predictions/${accepted}`, { headers });
    await until(
      async () => (((await (await get()).json()) as { status: string }).status === 'done' ? true : undefined),
      30_000,
    );

    await writeFile(join(dir, 'fill'), '');
    await until(async () => (/filled: /.test(output) ? true : undefined), 10_000);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await post());
    const statuses = answers.map((a) => a.status);
    const retryAfter = answers[0]!.headers.get('retry-after');
    const read = await get();
    await writeFile(join(dir, 'count-temps'), '');
    const temporaries = await until(async () => /temporaries: (\d+)/.exec(output)?.[1], 10_000);
    process.kill(pid, 'SIGTERM');

    expect(new Set(statuses), output).toEqual(new Set([507]));
    expect(retryAfter).toBe('30');
    expect(read.status).toBe(200);
    expect(
      Number(temporaries),
      output
        .split('\n')
        .filter((l) => l.startsWith('temporary '))
        .join('\n'),
    ).toBe(0);
  });
});
