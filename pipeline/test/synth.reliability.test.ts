// `npm run synth` end to end, as on a fresh clone: no AWS credentials, and Docker must never be called
// (a spy `docker` first on PATH records any call). Slow (bundles every Lambda), hence reliability-only.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm run synth', () => {
  it('synthesizes every stack offline with no credentials, no Docker and no unacknowledged finding', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'mlrelease-synth-'));
    const spyLog = join(dir, 'docker-calls.log');
    writeFileSync(join(dir, 'docker'), `#!/bin/sh\necho "$@" >> ${spyLog}\nexit 1\n`);
    chmodSync(join(dir, 'docker'), 0o755);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    const outdir = join(dir, 'cdk.out');
    // Act
    const run = spawnSync('npx', ['tsx', 'pipeline/bin/synth.ts', outdir], {
      cwd: root,
      env: {
        ...env,
        PATH: `${dir}:${process.env.PATH}`,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    // Assess
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 unacknowledged errors/);
    expect(existsSync(spyLog)).toBe(false);
    expect(readdirSync(outdir)).toEqual(
      expect.arrayContaining([
        'ModelRelease-Inference.template.json',
        'ModelRelease-Pipeline.template.json',
        'validation-report.json',
      ]),
    );
  }, 180_000);
});
