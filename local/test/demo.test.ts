import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../model-registry/src/domain/manifest/load-manifest.ts';
import { runDemo } from '../src/demo.ts';
import { type Platform, startPlatform } from '../src/platform.ts';
import { makeWorkspace, type Workspace } from './support/platform-fixture.ts';

let ws: Workspace;
let platform: Platform;

beforeAll(async () => {
  ws = await makeWorkspace();
  platform = await startPlatform({
    port: 0,
    stateDir: ws.stateDir,
    manifestPath: ws.manifestPath,
    worker: { waitSeconds: 1 },
  });
});

afterAll(async () => {
  await platform?.stop();
  await ws?.cleanup();
});

describe('runDemo', () => {
  it('releases the good then the bad version through models.yaml and narrates the phases', async () => {
    // Prepare: a controller view that promotes the first release and rolls back the second.
    const phases = ['Progressing', 'Promoted', 'Progressing', 'RolledBack'];
    const seenVersions: string[] = [];
    const rolloutPhase = async (_model: string, version: string) => {
      const manifest = loadManifest(await readFile(ws.manifestPath, 'utf8'));
      if (manifest.ok && manifest.manifest.models[0]!.version === version) seenVersions.push(version);
      return phases.shift();
    };
    const lines: string[] = [];
    const initial = loadManifest(await readFile(ws.manifestPath, 'utf8'));
    // Act
    const code = await runDemo({
      platform,
      manifestPath: ws.manifestPath,
      manifest: initial.ok ? initial.manifest : undefined,
      log: (line) => lines.push(line),
      rolloutPhase,
      release: {
        model: 'alpha',
        good: { version: '2.0.0', artifact: 'models/alpha-2.onnx' },
        bad: { version: '3.0.0', artifact: 'models/alpha-1.onnx' },
      },
      pollMs: 100,
    });
    // Assess
    expect(code).toBe(0);
    expect(seenVersions).toEqual(['2.0.0', '2.0.0', '3.0.0', '3.0.0']);
    expect(lines.some((l) => l.includes('rolled back automatically'))).toBe(true);
    expect(lines.some((l) => l.startsWith('\ndemo summary'))).toBe(true);
    expect(await readFile(ws.manifestPath, 'utf8')).toContain('artifact: models/alpha-1.onnx');
  });

  it('exits 2 and says what to wire when the hooks are missing', async () => {
    // Prepare
    const lines: string[] = [];
    // Act
    const code = await runDemo({
      platform,
      manifestPath: ws.manifestPath,
      manifest: undefined,
      log: (l) => lines.push(l),
      fallbackTrafficMs: 200,
    });
    // Assess
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('needs the controller and the example models');
  });
});
