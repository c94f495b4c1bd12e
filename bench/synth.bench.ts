// Synth time of the whole CDK app (as `npm run synth` does it, and without bundling / without cdk-nag,
// side by side in one run) and the size of the worker Lambda bundle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES } from '../inference-stack/src/stack/lambda-entries.ts';
import { buildApp } from '../pipeline/src/build-app.ts';
import { type BenchRow, medianMs } from './bench-row.ts';

function synthOnce(opts: { nag: boolean; bundle: boolean }): void {
  const outdir = mkdtempSync(join(tmpdir(), 'mlrelease-synth-bench-'));
  try {
    const context = opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
    buildApp({ nag: opts.nag, appProps: { outdir, context } }).app.synth();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function workerBundleBytes(): Promise<number> {
  return (await workerBundle()).reduce((sum, f) => sum + f.contents.byteLength, 0);
}

/** The worker Lambda's code as CDK bundles it (esbuild, minified, the SDK provided by the runtime). */
export async function workerBundle() {
  const result = await build({
    entryPoints: [LAMBDA_ENTRIES.worker],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles;
}

export default async function run(): Promise<BenchRow[]> {
  synthOnce({ nag: false, bundle: false }); // warm module caches so the first measured run is not an outlier
  const runs = 3;
  const full = await medianMs(runs, () => synthOnce({ nag: true, bundle: true }));
  const noBundle = await medianMs(runs, () => synthOnce({ nag: true, bundle: false }));
  const bare = await medianMs(runs, () => synthOnce({ nag: false, bundle: false }));
  const bytes = await workerBundleBytes();
  return [
    {
      name: 'cdk synth, all stacks (esbuild bundles + cdk-nag + CFN validation)',
      value: Math.round(full),
      unit: 'ms',
      target: '< 30000 ms',
      ok: full < 30_000,
      notes: `median of ${runs}; as npm run synth`,
    },
    {
      name: 'cdk synth, no bundling (cdk-nag + CFN validation)',
      value: Math.round(noBundle),
      unit: 'ms',
      notes: `median of ${runs}`,
    },
    { name: 'cdk synth, no bundling, no cdk-nag', value: Math.round(bare), unit: 'ms', notes: `median of ${runs}` },
    {
      name: 'bundling share of synth time',
      value: Number(((full - noBundle) / full).toFixed(2)),
      unit: 'ratio',
      notes: '(full - no bundling) / full, same run',
    },
    {
      name: 'worker Lambda bundle (esbuild, minified, @aws-sdk external)',
      value: bytes,
      unit: 'bytes',
      target: '< 1 MiB',
      ok: bytes < 1024 * 1024,
      notes: 'inference-stack/src/lambda/worker.ts',
    },
  ];
}
