// The pipeline's checkout holds only what git tracks. Every local artifact models.yaml names must be
// tracked, or written by a stage that runs before Compile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../model-registry/src/domain/manifest/load-manifest.ts';
import { EXAMPLE_MODELS_COMMAND, PIPELINE_STAGES } from '../src/stages.ts';

const repo = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'checkout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('pipeline checkout', () => {
  it('has, or produces before Compile, every local artifact the shipped models.yaml names', {
    timeout: 180_000,
  }, () => {
    const loaded = loadManifest(readFileSync(join(repo, 'models.yaml'), 'utf8'));
    if (!loaded.ok) throw new Error('models.yaml is invalid');
    const local = loaded.manifest.models.map((m) => m.artifact).filter((a) => !a.startsWith('s3://'));
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: repo, encoding: 'utf8' }).split('\n'));
    const beforeCompile = PIPELINE_STAGES.slice(
      0,
      PIPELINE_STAGES.findIndex((s) => s.name === 'Compile'),
    );
    const generates = beforeCompile.some((s) => s.commands.includes(EXAMPLE_MODELS_COMMAND));
    if (generates)
      // The stage's own command, run the way CodeBuild runs it (from the repository root), into a scratch root.
      execFileSync('sh', ['-c', `${EXAMPLE_MODELS_COMMAND} ${scratch}`], { cwd: repo, stdio: 'ignore' });

    const missing = local.filter((a) => !tracked.has(a) && !(generates && existsSync(join(scratch, a))));

    expect(missing).toEqual([]);
  });
});
