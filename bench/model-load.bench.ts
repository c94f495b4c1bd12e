// Model load time, original vs ONNX Runtime offline-optimised, for each good example: the optimised
// file is loaded with online optimisation off, as the local host and the compile report do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildExampleModel, EXAMPLE_MODELS } from '../local/src/example-models/index.ts';
import { DirArtifactStore } from '../model-registry/src/adapters/local/dir-artifact-store.ts';
import { OnnxRuntimeCompiler } from '../model-registry/src/adapters/local/onnxruntime-compiler.ts';
import type { BenchRow } from './bench-row.ts';

const RUNS = 31;
const QUIET = { logSeverityLevel: 4, intraOpNumThreads: 1 } as const;

export default async function modelLoad(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-model-load-'));
  const artifacts = new DirArtifactStore(dir);
  const compiler = new OnnxRuntimeCompiler({ artifacts, loadRuns: 1 });
  const rows: BenchRow[] = [];
  try {
    for (const model of EXAMPLE_MODELS.filter((m) => m.kind !== 'failing')) {
      const label = `${model.name}@${model.version}`;
      const source = await artifacts.put(model.name, model.version, 'model.onnx', buildExampleModel(model));
      const signature = {
        inputs: [
          { name: 'features', dtype: 'float32' as const, shape: [-1, model.features], batchDim: 0, maxBatch: 64 },
        ],
      };
      const { compiled, report } = await compiler.compile({
        ...{ model: model.name, version: model.version },
        source,
        framework: 'onnx',
        signature,
        target: 'ml_c5',
        engine: 'onnxruntime',
      });
      const original = await artifacts.get(source.key);
      const optimised = await artifacts.get(compiled.key);
      const [before, after] = await interleavedMedians(load(original, 'extended'), load(optimised, 'disabled'));
      rows.push(
        {
          name: `model load ${label} original`,
          value: before,
          unit: 'ms',
          notes: `median of ${RUNS}, online optimisation on`,
        },
        {
          name: `model load ${label} optimised`,
          value: after,
          unit: 'ms',
          notes: `median of ${RUNS}, online optimisation off`,
        },
        {
          name: `model load ${label} speed-up`,
          value: before / after,
          unit: 'x',
          target: '> 1',
          ok: before > after,
        },
        {
          name: `model nodes ${label}`,
          value: report.nodesAfter!,
          unit: 'nodes',
          target: `< ${report.nodesBefore}`,
          ok: report.nodesAfter! < report.nodesBefore!,
          notes: `${report.nodesBefore} before optimisation, outputs equal: ${report.outputsEqual}`,
        },
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

const load = (bytes: Uint8Array, level: 'extended' | 'disabled') => async () =>
  (await ort.InferenceSession.create(bytes, { ...QUIET, graphOptimizationLevel: level })).release();

/** Medians of two timings taken alternately, so machine noise hits both alike. */
async function interleavedMedians(a: () => Promise<void>, b: () => Promise<void>): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const [index, fn] of [a, b].entries()) {
      const start = performance.now();
      await fn();
      times[index as 0 | 1].push(performance.now() - start);
    }
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return [median(times[0]), median(times[1])];
}
