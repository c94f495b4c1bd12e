// Bundles the serving container into <outdir>/main.js and <outdir>/inference-worker.js (ESM, with
// onnxruntime-node left external). The image's build stage runs it; a test runs the same bundle.
//   node inference-stack/src/serving/bundle.mjs <outdir>
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function bundleServer(outdir) {
  await build({
    entryPoints: [join(here, 'main.ts'), join(here, 'inference-worker.ts')],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['onnxruntime-node'],
    logLevel: 'warning',
  });
  // The bundle is ESM: mark its directory so Node reads .js as modules.
  await writeFile(join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outdir = process.argv[2];
  if (!outdir) throw new Error('usage: node bundle.mjs <outdir>');
  await bundleServer(outdir);
}
