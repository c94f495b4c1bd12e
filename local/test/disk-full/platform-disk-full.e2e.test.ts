// Issue 15, finding 6, on the running platform: on a full disk new work is refused with 507 and
// Retry-After while reads go on; a state dir that cannot be written at start gives a read-only
// platform (reads and status served, writes refused with the reason) instead of "could not start".
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OnnxRuntimeModelHost } from '../../../inference-stack/src/adapters/local/onnx-runtime-model-host.ts';
import { type Platform, type PlatformOptions, startPlatform } from '../../src/platform.ts';
import { eventually, makeWorkspace, type Workspace } from '../support/platform-fixture.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(ws: Workspace, extra: Partial<PlatformOptions> = {}): Promise<Platform> {
  const host = new OnnxRuntimeModelHost({ artifacts: ws.artifacts });
  const platform = await startPlatform({
    port: 0,
    stateDir: ws.stateDir,
    manifestPath: ws.manifestPath,
    artifacts: ws.artifacts,
    host,
    controllerTickMs: 60_000,
    worker: { waitSeconds: 1, retryDelaySeconds: () => 0 },
    ...extra,
  });
  cleanups.push(async () => {
    await platform.stop();
    await host.close();
  });
  return platform;
}

const call = (platform: Platform, method: string, path: string, body?: unknown) =>
  fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const predict = (platform: Platform) =>
  call(platform, 'POST', '/v1/models/alpha/predictions', { inputs: { features: [[1, 2, 3]] } });

async function done(platform: Platform, id: string) {
  return eventually(async () => {
    const body = (await (await call(platform, 'GET', `/v1/predictions/${id}`)).json()) as { status: string };
    return body.status === 'done' ? body : undefined;
  });
}

describe('the platform on a full disk', () => {
  it('refuses new predictions with 507 + Retry-After, stores nothing, and keeps serving reads and invokes', async () => {
    const ws = await makeWorkspace();
    cleanups.push(() => ws.cleanup());
    const disk = { freeBytes: 1024 * 2 ** 20 };
    const platform = await start(ws, {
      disk: { statDisk: async () => ({ freeBytes: disk.freeBytes, totalBytes: 100 * 2 ** 30 }) },
    });
    const accepted = (await (await predict(platform)).json()) as { id: string };
    await done(platform, accepted.id);
    disk.freeBytes = 0;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the guard looks again after 1 s

    const refused = await predict(platform);
    const refusedBody = (await refused.json()) as { error: { code: string } };
    const read = await call(platform, 'GET', `/v1/predictions/${accepted.id}`);
    const invoked = await call(platform, 'POST', '/v1/models/alpha/invoke', { inputs: { features: [[1, 2, 3]] } });
    const stored = await readdir(join(ws.stateDir, 'data', 'requests'));

    expect([refused.status, refused.headers.get('retry-after'), refusedBody.error.code]).toEqual([
      507,
      '30',
      'InsufficientStorage',
    ]);
    expect([read.status, invoked.status]).toEqual([200, 200]);
    expect(stored).toEqual([`${accepted.id}.json`]);
  });

  it('starts read-only when the state dir cannot be written: reads served, writes refused with why', async () => {
    const ws = await makeWorkspace();
    cleanups.push(() => ws.cleanup());
    const first = await start(ws);
    const { id } = (await (await predict(first)).json()) as { id: string };
    await done(first, id);
    await first.stop();
    const logs: string[] = [];

    const platform = await start(ws, {
      disk: { probe: async () => ({ writable: false, reason: 'ENOSPC: no space left on device, write' }) },
      log: (line) => logs.push(line),
    });
    const health = await fetch(`${platform.url}/healthz`);
    const read = (await (await call(platform, 'GET', `/v1/predictions/${id}`)).json()) as { status: string };
    const models = await call(platform, 'GET', '/v1/models');
    const routes = await call(platform, 'GET', '/v1/admin/routes');
    const refused = await predict(platform);
    const refusedBody = (await refused.json()) as { error: { code: string; message: string } };
    const reconcile = await call(platform, 'POST', '/v1/admin/reconcile');

    expect(platform.readOnly).toBe('ENOSPC: no space left on device, write');
    expect(logs).toContain(
      `the state dir ${ws.stateDir} cannot be written (ENOSPC: no space left on device, write): starting read-only`,
    );
    expect([health.status, read.status, models.status, routes.status]).toEqual([200, 'done', 200, 200]);
    expect([refused.status, refused.headers.get('retry-after'), refusedBody.error.code]).toEqual([
      503,
      '60',
      'ReadOnly',
    ]);
    expect(refusedBody.error.message).toContain('cannot be written (ENOSPC: no space left on device, write)');
    expect(reconcile.status).toBe(503);
    // It wrote nothing: no lock, no platform.json.
    await expect(access(join(ws.stateDir, 'platform.lock'))).rejects.toThrow();
    await expect(access(join(ws.stateDir, 'platform.json'))).rejects.toThrow();
  });

  it('leaves read-only mode by itself once the state dir can be written: lock, worker, recovery, platform.json', async () => {
    // Prepare: one request accepted while the platform was down (stored and noted, no result).
    const ws = await makeWorkspace();
    cleanups.push(() => ws.cleanup());
    const first = await start(ws);
    const { id } = (await (await predict(first)).json()) as { id: string };
    await done(first, id);
    await first.stop();
    const pendingId = `pend${id.slice(4)}`;
    const stored = await readFile(join(ws.stateDir, 'data', 'requests', `${id}.json`), 'utf8');
    await writeFile(join(ws.stateDir, 'data', 'requests', `${pendingId}.json`), stored.replaceAll(id, pendingId));
    await writeFile(join(ws.stateDir, 'pending', 'ids', pendingId), '');
    const disk = { writable: false };
    const logs: string[] = [];
    const platform = await start(ws, {
      disk: {
        probe: async () =>
          disk.writable ? { writable: true } : { writable: false, reason: 'ENOSPC: no space left on device, write' },
        probeEveryMs: 20,
      },
      log: (line) => logs.push(line),
    });
    const readOnlyHealth = (await (await fetch(`${platform.url}/healthz`)).json()) as {
      status: string;
      message: string;
    };
    const refused = await predict(platform);
    // Act: space is freed.
    disk.writable = true;
    await eventually(async () => (platform.readOnly === undefined ? true : undefined));
    // Assess
    expect(readOnlyHealth).toMatchObject({
      status: 'read-only',
      message: expect.stringContaining('resumes writing by itself'),
    });
    expect(refused.status).toBe(503);
    expect(logs).toContain(`the state dir ${ws.stateDir} can be written again: left read-only mode`);
    expect(await (await fetch(`${platform.url}/healthz`)).json()).toEqual({ status: 'ok' });
    // The request accepted before is recovered and answered; new work is accepted and answered.
    await done(platform, pendingId);
    const accepted = await predict(platform);
    expect(accepted.status).toBe(202);
    await done(platform, ((await accepted.json()) as { id: string }).id);
    // The lock and platform.json are written, as at a writable start.
    await access(join(ws.stateDir, 'platform.lock'));
    await access(join(ws.stateDir, 'platform.json'));
  });
});
