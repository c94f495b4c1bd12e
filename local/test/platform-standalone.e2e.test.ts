// The platform without a controller (plain `npm start`): serves declared versions, follows
// models.yaml, throttles, and drains in-flight work on stop.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirArtifactStore } from '../../model-registry/src/adapters/local/dir-artifact-store.ts';
import type { ArtifactStore } from '../../model-registry/src/ports/artifact-store.ts';
import { runMlrelease } from '../../release-tools/test/cli/run-cli.ts';
import { type Platform, startPlatform } from '../src/platform.ts';
import { eventually, makeWorkspace, manifestText, type Workspace } from './support/platform-fixture.ts';

let ws: Workspace;
let platform: Platform;
let stopped = false;

// Loading beta takes a while, so requests to it are surely in flight when stop() is called.
function slowBetaArtifacts(root: string): ArtifactStore {
  const files = new DirArtifactStore(root);
  return {
    put: (...args) => files.put(...args),
    exists: (key) => files.exists(key),
    get: async (key) => {
      if (key.startsWith('beta/')) await new Promise((resolve) => setTimeout(resolve, 300));
      return files.get(key);
    },
  };
}

beforeAll(async () => {
  ws = await makeWorkspace();
  platform = await startPlatform({
    port: 0,
    artifacts: slowBetaArtifacts(`${ws.stateDir}/artifacts`),
    stateDir: ws.stateDir,
    manifestPath: ws.manifestPath,
    // Refills one request per 100 s: on a loaded machine the 7 calls below may take seconds, and a
    // faster refill would let the 7th through.
    limits: { ratePerSecond: 0.01, burst: 6 },
    worker: { waitSeconds: 1 },
  });
});

afterAll(async () => {
  if (!stopped) await platform?.stop();
  await ws?.cleanup();
});

const invoke = (token: string, model = 'alpha', inputs: number[][] = [[1, 2, 3]]) =>
  fetch(`${platform.url}/v1/models/${model}/invoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs }),
  });

describe('standalone platform', () => {
  it('routes every declared model to its version at start', async () => {
    const table = await platform.internals.traffic.readTable();
    expect(Object.keys(table.routes).sort()).toEqual(['alpha', 'beta']);
    expect(table.routes.alpha?.stable.version).toBe('1.0.0');
  });

  it('answers 429 with Retry-After once a caller exceeds its burst', async () => {
    // Prepare
    const token = await platform.issueToken('invoke', { sub: 'throttled-user' });
    // The model's cold load (in the serving container) must not count: the bucket refills meanwhile.
    expect((await invoke(await platform.issueToken('invoke', { sub: 'warm-up' }))).status).toBe(200);
    // Act
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const response = await invoke(token);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    // Assess
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const other = await platform.issueToken('invoke', { sub: 'another-user' });
    expect((await invoke(other)).status).toBe(200);
  });

  it('serves the new version as soon as models.yaml is saved', async () => {
    await writeFile(ws.manifestPath, manifestText('2.0.0', 'models/alpha-2.onnx'));
    const route = await eventually(async () => {
      const table = await platform.internals.traffic.readTable();
      return table.routes.alpha?.stable.version === '2.0.0' ? table.routes.alpha : undefined;
    }, 5_000);
    expect(route.stable.targetModel).toMatch(/^alpha\/2\.0\.0-[0-9a-f]{12}\/alpha-2\.onnx$/);
    // The save is a pipeline run, as a commit is on AWS: `mlrelease pipeline status` shows it.
    const runs = await eventually(async () => {
      const run = await runMlrelease(['pipeline', 'status', '--json', '--state-dir', ws.stateDir], ws.stateDir);
      const parsed = JSON.parse(run.out) as {
        runs: { status: string; revision: { summary: string }; stages: { name: string }[] }[];
      };
      return parsed.runs[0]?.status === 'Succeeded' ? parsed.runs : undefined;
    }, 5_000);
    expect(runs[0]?.revision.summary).toContain('alpha@2.0.0');
    expect(runs[0]?.stages.map((s) => s.name)).toEqual(['Validate', 'ApproveRelease', 'Release']);
  });

  it('drains in-flight synchronous and queued work on stop', async () => {
    // Prepare
    const token = await platform.issueToken('invoke', { sub: 'drain-user' });
    const before = platform.internals.metrics
      .snapshot()
      .filter((t) => t.model === 'beta')
      .reduce((n, t) => n + t.invocations, 0);
    const submitted = await Promise.all(
      [0, 1, 2].map((i) =>
        fetch(`${platform.url}/v1/models/beta/predictions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: [[i, 1]] }),
        }),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual([202, 202, 202]);
    const inFlight = [invoke(token, 'beta', [[1, 1]]), invoke(token, 'beta', [[2, 2]])];
    await eventually(async () => (platform.internals.httpInflight() === 2 ? true : undefined));
    // Act
    stopped = true;
    await platform.stop();
    // Assess
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual([200, 200]);
    const after = platform.internals.metrics
      .snapshot()
      .filter((t) => t.model === 'beta')
      .reduce((n, t) => n + t.invocations, 0);
    expect(after - before).toBe(5);
  });
});
