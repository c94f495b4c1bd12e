// Cold versus warm, side by side in one run: the model host's first call to a model (load + run)
// against later calls, and the worker Lambda bundle's init (a fresh Node process importing it)
// against an empty Node process.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntimeModelHost } from '../inference-stack/src/adapters/local/onnx-runtime-model-host.ts';
import { buildExampleModel, findExample } from '../local/src/example-models/index.ts';
import { DirArtifactStore } from '../model-registry/src/adapters/local/dir-artifact-store.ts';
import { type BenchRow, medianMs } from './bench-row.ts';
import { workerBundle } from './synth.bench.ts';

const RUNS = 15;

async function hostColdVsWarm(dir: string): Promise<BenchRow[]> {
  const artifacts = new DirArtifactStore(join(dir, 'artifacts'));
  const model = findExample('fraud-detector', '1.1.0');
  const bytes = buildExampleModel(model);
  const input = {
    features: { dtype: 'float32' as const, shape: [1, 30], data: Array.from({ length: 30 }, (_, i) => i / 30) },
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A new version key each time, so every first call really loads (as a new release would).
    const { key } = await artifacts.put('fraud-detector', `1.1.${i}`, 'model.onnx', bytes);
    const host = new OnnxRuntimeModelHost({ artifacts });
    const started = performance.now();
    await host.invoke(key, input);
    cold.push(performance.now() - started);
    warm.push(await medianMs(20, () => host.invoke(key, input)));
    await host.close();
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const c = median(cold);
  const w = median(warm);
  return [
    {
      name: 'model host: cold call (load + run)',
      value: c,
      unit: 'ms',
      notes: `fraud-detector 1.1.0, median of ${RUNS}`,
    },
    { name: 'model host: warm call', value: w, unit: 'ms', notes: 'same model once loaded' },
    { name: 'model host: cold / warm', value: c / w, unit: 'x', notes: 'why the controller warms a candidate first' },
  ];
}

async function workerColdInit(): Promise<BenchRow[]> {
  const [bundle] = await workerBundle();
  // Next to node_modules, so the SDK (external, as the Lambda runtime provides it) resolves.
  const file = join(process.cwd(), `.bench-worker-${process.pid}.mjs`);
  await writeFile(file, bundle!.contents);
  try {
    const time = (args: string[]) =>
      medianMs(RUNS, () => {
        const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
        if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
      });
    const empty = await time(['-e', '']);
    const init = await time(['-e', `await import(${JSON.stringify(file)})`, '--input-type=module']);
    return [
      {
        name: 'worker Lambda: cold init (import bundle)',
        value: init - empty,
        unit: 'ms',
        notes: `node process with the bundle minus an empty one (${empty.toFixed(0)} ms), median of ${RUNS}`,
      },
    ];
  } finally {
    await rm(file, { force: true });
  }
}

export default async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mlrelease-cold-'));
  try {
    return [...(await hostColdVsWarm(dir)), ...(await workerColdInit())];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
