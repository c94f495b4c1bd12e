// models.yaml limits (issue 15, findings 9 and 10): no gate that passes on zero evidence, and a
// huge file is refused by its size before it is parsed or held anywhere.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifestFile } from '../../../local/src/manifest-watcher.ts';
import { runMlrelease } from '../../../release-tools/test/cli/run-cli.ts';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest, MAX_MANIFEST_BYTES } from '../../src/domain/manifest/load-manifest.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const manifest = (minRequests: number, padding = '') => `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: canary, steps: [ { weight: 10, bake: 30s } ], gates: { maxErrorRate: 1%, minRequests: ${minRequests} } }
models:
  - name: fraud-detector
    version: 1.1.0
    artifact: models/fraud-detector/1.1.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
${padding}`;

describe('models.yaml limits', () => {
  it('refuses minRequests 0 at its position and accepts 1', () => {
    const zero = loadManifest(manifest(0));
    const one = loadManifest(manifest(1));

    expect(zero.ok).toBe(false);
    expect(zero.ok ? [] : zero.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^models\.yaml:5:\d+: defaults\.release\.gates\.minRequests: /),
    ]);
    expect(one.ok).toBe(true);
  });

  it('refuses a file over the size limit with one clear issue, without parsing it', () => {
    const huge = manifest(1, `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`);

    const result = loadManifest(huge);

    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'models.yaml:1:1: file is 4.0 MiB; the limit is 4.0 MiB',
    ]);
  });

  it('does not read an oversized file in the watcher or the CLI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifest-limit-'));
    dirs.push(dir);
    const file = join(dir, 'models.yaml');
    await writeFile(file, manifest(1, `# ${'x'.repeat(6 * 2 ** 20)}\n`));

    const watched = await readManifestFile(file);
    const cli = await runMlrelease(['validate', 'models.yaml'], dir);

    expect(watched.problems).toEqual([expect.stringContaining('file is 6.0 MiB; the limit is 4.0 MiB')]);
    expect(watched.text.length).toBeLessThan(100);
    expect(cli.code).toBe(1);
    expect(cli.err + cli.out).toContain('models.yaml:1:1: file is 6.0 MiB; the limit is 4.0 MiB');
    expect((cli.err + cli.out).length).toBeLessThan(2_000);
  });
});
