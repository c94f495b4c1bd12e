// The local compiler: ONNX Runtime offline graph optimisation. Writes the optimised model, checks it
// gives the same outputs as the original on sample inputs and stores it as an immutable artifact.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readOnnxGraphInfo } from '../../onnx/onnx-graph-info.ts';
import type { ArtifactStore } from '../../ports/artifact-store.ts';
import {
  CompilationFailedError,
  type CompileRequest,
  type CompileResult,
  type ModelCompiler,
} from '../../ports/compiler.ts';
import { compareOutputsIsolated, type SampleRunLimits } from './isolated-sample-run.ts';
import type { SampleComparison } from './sample-comparison.ts';

export interface OnnxRuntimeCompilerOptions {
  readonly artifacts: ArtifactStore;
  /** 'extended' keeps the file portable across CPUs; 'all' adds hardware-specific layouts. @default 'extended' */
  readonly level?: 'basic' | 'extended';
  /** Session creations timed per model for loadMsBefore/After. @default 3 */
  readonly loadRuns?: number;
  /** Largest |original - optimised| output difference accepted. @default 1e-4 */
  readonly tolerance?: number;
  /** Deadline and memory ceiling of the sample run (a child process); a model past either is not compiled. */
  readonly sampleRun?: SampleRunLimits;
  readonly now?: () => number;
}

export const COMPILED_FILE = 'model.optimized.onnx';
const QUIET = { logSeverityLevel: 4, intraOpNumThreads: 1 } as const;

export class OnnxRuntimeCompiler implements ModelCompiler {
  constructor(private readonly options: OnnxRuntimeCompilerOptions) {}

  async compile(request: CompileRequest): Promise<CompileResult> {
    const {
      artifacts,
      level = 'extended',
      loadRuns = 3,
      tolerance = 1e-4,
      now = () => performance.now(),
    } = this.options;
    if (request.framework !== 'onnx')
      throw new CompilationFailedError(request.model, `the local compiler only handles onnx, not ${request.framework}`);
    const started = now();
    const original = await artifacts.get(request.source.key);
    const dir = await mkdtemp(join(tmpdir(), 'mlrelease-compile-'));
    try {
      const optimisedPath = join(dir, COMPILED_FILE);
      await writeFile(join(dir, 'model.onnx'), original);
      const session = await createSession(request.model, join(dir, 'model.onnx'), {
        ...QUIET,
        graphOptimizationLevel: level,
        optimizedModelFilePath: optimisedPath,
      });
      await session.release();
      const optimised = new Uint8Array(await readFile(optimisedPath));
      // The original pays for online optimisation at every load; the optimised file needs none.
      const loadMsBefore = await medianLoadMs(original, { ...QUIET, graphOptimizationLevel: level }, loadRuns);
      const loadMsAfter = await medianLoadMs(optimised, { ...QUIET, graphOptimizationLevel: 'disabled' }, loadRuns);
      const comparison = await compareOutputsIsolated(
        this.options.sampleRun ?? {},
        original,
        optimised,
        request,
        tolerance,
      );
      failOnMismatch(request.model, comparison, tolerance);
      const compiled = await artifacts.put(request.model, request.version, COMPILED_FILE, optimised);
      return {
        compiled,
        report: {
          compiler: 'onnxruntime',
          target: request.target,
          nodesBefore: readOnnxGraphInfo(original).nodes,
          nodesAfter: readOnnxGraphInfo(optimised).nodes,
          loadMsBefore,
          loadMsAfter,
          ...comparison,
          durationMs: Math.round(now() - started),
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function createSession(model: string, path: string, options: ort.InferenceSession.SessionOptions) {
  try {
    return await ort.InferenceSession.create(path, options);
  } catch (error) {
    throw new CompilationFailedError(model, `ONNX Runtime cannot load the model: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function medianLoadMs(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const session = await ort.InferenceSession.create(bytes, options);
    times.push(performance.now() - start);
    await session.release();
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]! * 1000) / 1000;
}

function failOnMismatch(model: string, comparison: SampleComparison, tolerance: number): void {
  if (comparison.optimisedError)
    throw new CompilationFailedError(
      model,
      `the optimised model fails on inputs the original handles: ${comparison.optimisedError}`,
    );
  if (comparison.outputsEqual === false)
    throw new CompilationFailedError(
      model,
      `outputs differ by ${comparison.maxAbsDiff} (> ${tolerance}) after optimisation`,
    );
}
