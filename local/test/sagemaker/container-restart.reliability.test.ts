// The serving container is killed (SIGKILL) in the middle of traffic: the platform restarts it,
// says what happened, every synchronous call still answers and every accepted asynchronous
// request gets exactly one result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from '../../src/platform.ts';
import { eventually, makeWorkspace, StubController, stableRoute, type Workspace } from '../support/platform-fixture.ts';

describe('serving container restart under traffic', () => {
  let ws: Workspace;
  let platform: Platform;
  const logs: string[] = [];

  beforeAll(async () => {
    ws = await makeWorkspace();
    const controller = new StubController();
    controller.desired = [stableRoute('alpha', '1.0.0', ws.keys.alpha1), stableRoute('beta', '1.0.0', ws.keys.beta1)];
    platform = await startPlatform({
      port: 0,
      stateDir: ws.stateDir,
      manifestPath: ws.manifestPath,
      artifacts: ws.artifacts,
      traffic: controller.traffic,
      controller,
      controllerTickMs: 60_000,
      limits: { ratePerSecond: 10_000, burst: 10_000 },
      worker: { waitSeconds: 1, retryDelaySeconds: () => 0 },
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await ws?.cleanup();
  });

  it('restarts the killed container; nothing accepted is lost and the log says what happened', async () => {
    const headers = { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fetch(`${platform.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const serving = platform.internals.serving!;
    await serving.ready;
    const firstPid = serving.container.pid();

    const sync: Promise<number>[] = [];
    const accepted: string[] = [];
    for (let i = 0; i < 60; i++) {
      if (i === 20) process.kill(firstPid!, 'SIGKILL');
      sync.push(post('/v1/models/alpha/invoke', { inputs: [[i, 1, 2]] }).then((r) => r.status));
      const submitted = await post('/v1/models/beta/predictions', { inputs: [[i, 1]] });
      expect(submitted.status).toBe(202);
      accepted.push(((await submitted.json()) as { id: string }).id);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // A synchronous call in flight when the container dies is retried (invocation is idempotent)
    // once the container is back: every call answers 200.
    expect(await Promise.all(sync)).toEqual(new Array(60).fill(200));
    const statuses = await Promise.all(
      accepted.map((id) =>
        eventually(async () => {
          const res = await fetch(`${platform.url}/v1/predictions/${id}`, { headers });
          const result = (await res.json()) as { status: string };
          return result.status === 'pending' ? undefined : result.status;
        }, 60_000),
      ),
    );
    expect(statuses).toEqual(new Array(60).fill('done'));
    expect(serving.container.pid()).not.toBe(firstPid);
    expect(logs.join('\n')).toMatch(
      new RegExp(`serving container \\(pid ${firstPid}\\) exited with signal SIGKILL; restarting`),
    );
    expect(logs.join('\n')).toMatch(/serving container restarted: pid \d+, port \d+, up in \d+ ms/);
  });
});
