// Dead letters end to end on the running platform: a request that keeps failing lands in the DLQ
// with its reason; the admin API and `mlrelease dlq list|redrive` (through platform.json) show and
// re-drive it; the CLI says clearly when no platform is running.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlrelease } from '../../release-tools/test/cli/run-cli.ts';
import { type Platform, startPlatform } from '../src/platform.ts';
import { eventually, makeWorkspace, StubController, stableRoute, type Workspace } from './support/platform-fixture.ts';

let ws: Workspace;
let platform: Platform;
let stopped = false;
const controller = new StubController();
const MISSING = 'beta/1.0.0-000000000000/model.onnx';

beforeAll(async () => {
  ws = await makeWorkspace();
  // beta is routed to an artifact that is not there: its requests fail until the controller routes it well.
  // (With no route at all, submit refuses the request at the door: nothing reaches a queue.)
  controller.desired = [stableRoute('alpha', '1.0.0', ws.keys.alpha1), stableRoute('beta', '1.0.0', MISSING)];
  platform = await startPlatform({
    port: 0,
    stateDir: ws.stateDir,
    manifestPath: ws.manifestPath,
    artifacts: ws.artifacts,
    traffic: controller.traffic,
    controller,
    controllerTickMs: 60_000,
    routeCacheTtlMs: 0,
    worker: { waitSeconds: 1, maxReceiveCount: 2, retryDelaySeconds: () => 0 },
  });
});

afterAll(async () => {
  if (!stopped) await platform?.stop();
  await ws?.cleanup();
});

const headers = (token = platform.devToken) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});
const cli = (...argv: string[]) => runMlrelease([...argv, '--state-dir', ws.stateDir], ws.dir);
interface DlqBody {
  lanes: {
    lane: string;
    count: number;
    entries: { id: string; reason: string; receiveCount: number; requestId?: string }[];
  }[];
}

describe('dead letters on the running platform', () => {
  let requestId = '';

  it('lands a request that keeps failing in its lane DLQ with the reason', async () => {
    // Act
    const response = await fetch(`${platform.url}/v1/models/beta/predictions`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ inputs: [[1, 2]] }),
    });
    requestId = ((await response.json()) as { id: string }).id;
    // Assess
    const body = await eventually(async () => {
      const answer = (await (await fetch(`${platform.url}/v1/admin/dlq`, { headers: headers() })).json()) as DlqBody;
      return answer.lanes.find((l) => l.lane === 'standard')?.count === 1 ? answer : undefined;
    });
    expect(body.lanes.find((l) => l.lane === 'standard')?.entries).toEqual([
      expect.objectContaining({ requestId, receiveCount: 2, reason: expect.stringContaining(MISSING) }),
    ]);
  });

  it('refuses the admin routes to the invoke role', async () => {
    const token = await platform.issueToken('invoke');
    const list = await fetch(`${platform.url}/v1/admin/dlq`, { headers: headers(token) });
    const redrive = await fetch(`${platform.url}/v1/admin/dlq/redrive`, { method: 'POST', headers: headers(token) });
    expect([list.status, redrive.status]).toEqual([403, 403]);
  });

  it('answers 400 with an error body for an unknown lane', async () => {
    const response = await fetch(`${platform.url}/v1/admin/dlq/redrive`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ lane: 'gold' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidRedrive' } });
  });

  it('writes platform.json readable by its owner only', async () => {
    const info = await stat(join(ws.stateDir, 'platform.json'));
    expect(info.mode & 0o777).toBe(0o600);
  });

  it('lists dead letters with `mlrelease dlq list`, as text and JSON', async () => {
    const text = await cli('dlq', 'list');
    const json = await cli('dlq', 'list', '--lane', 'standard', '--json');
    expect(text.code).toBe(0);
    expect(text.out).toContain('standard: 1 dead letter');
    expect(text.out).toContain(`request=${requestId}`);
    expect(JSON.parse(json.out)).toMatchObject({ lanes: [{ lane: 'standard', count: 1 }] });
  });

  it('re-drives with `mlrelease dlq redrive` and the request then gets its result', async () => {
    // Prepare
    controller.desired = [stableRoute('alpha', '1.0.0', ws.keys.alpha1), stableRoute('beta', '1.0.0', ws.keys.beta1)];
    await platform.internals.reconcile();
    // Act
    const run = await cli('dlq', 'redrive', '--lane', 'standard', '--json');
    // Assess
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as { redriven: unknown[] }).redriven).toHaveLength(1);
    const result = await eventually(async () => {
      const body = (await (
        await fetch(`${platform.url}/v1/predictions/${requestId}`, { headers: headers() })
      ).json()) as {
        status: string;
      };
      return body.status === 'done' ? body : undefined;
    });
    expect(result.status).toBe('done');
    expect((await cli('dlq', 'list', '--json')).out).toContain('"count": 0');
  });

  it('says clearly that no platform is running once it stopped', async () => {
    // Act
    await platform.stop();
    stopped = true;
    const run = await cli('dlq', 'list');
    // Assess
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/no local platform is running/);
  });

  it('says so too for a state dir that never had one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-platform-'));
    const run = await runMlrelease(['dlq', 'redrive', '--state-dir', empty], empty);
    await rm(empty, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.err).toContain('no local platform is running');
  });
});
