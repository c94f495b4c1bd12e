// Runs the original and the optimised model on the same seeded sample inputs and compares outputs.
import * as ort from 'onnxruntime-node';
import type { CompileRequest } from '../../ports/compiler.ts';

export interface SampleComparison {
  readonly maxAbsDiff: number | null;
  readonly outputsEqual: boolean | null;
  readonly sampleError?: string;
  /** Set when only the optimised model fails: a compiler defect, never accepted. */
  readonly optimisedError?: string;
}

const SAMPLE_BATCH = 8;
const OPTIONS = { logSeverityLevel: 4, intraOpNumThreads: 1 } as const;

export async function compareOutputs(
  original: Uint8Array,
  optimised: Uint8Array,
  request: CompileRequest,
  tolerance: number,
): Promise<SampleComparison> {
  const { input } = request;
  if (input.dtype !== 'float32' && input.dtype !== 'float64')
    return { maxAbsDiff: null, outputsEqual: null, sampleError: `no sample inputs for dtype ${input.dtype}` };
  const shape = input.shape.map((d) => (d === -1 ? SAMPLE_BATCH : d));
  const values = seededValues(
    request.source.sha256,
    shape.reduce((a, b) => a * b, 1),
  );
  const feeds = {
    [input.name]: new ort.Tensor(input.dtype, input.dtype === 'float32' ? values : Float64Array.from(values), shape),
  };
  let before: Record<string, ort.Tensor>;
  try {
    before = await run(original, feeds);
  } catch (error) {
    // A model that fails at inference is still compiled: catching it is the rollout's job.
    return { maxAbsDiff: null, outputsEqual: null, sampleError: firstLine(error) };
  }
  let after: Record<string, ort.Tensor>;
  try {
    after = await run(optimised, feeds);
  } catch (error) {
    return { maxAbsDiff: null, outputsEqual: false, optimisedError: firstLine(error) };
  }
  let maxAbsDiff = 0;
  for (const [name, tensor] of Object.entries(before)) {
    const a = tensor.data as Float32Array;
    const b = after[name]?.data as Float32Array | undefined;
    if (!b || b.length !== a.length)
      return { maxAbsDiff: null, outputsEqual: false, optimisedError: `output ${name} changed shape` };
    for (let i = 0; i < a.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i]! - b[i]!));
  }
  return { maxAbsDiff, outputsEqual: maxAbsDiff <= tolerance };
}

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, OPTIONS);
  try {
    return (await session.run(feeds)) as Record<string, ort.Tensor>;
  } finally {
    await session.release();
  }
}

/** Uniform values in [-2, 2) from a seed string, so a report is reproducible. */
function seededValues(seed: string, count: number): Float32Array {
  let state = Number.parseInt(seed.slice(0, 8), 16) >>> 0 || 1;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 4294967296) * 4 - 2;
  }
  return values;
}

/** ONNX Runtime messages carry a C++ source location; the part after it is what a person needs. */
function firstLine(error: unknown): string {
  const line = (error as Error).message.split('\n')[0] ?? '';
  const reason = line.replace(/\/onnxruntime_src\/\S+ onnxruntime::\S+\([^)]*\) (?:[^.]* was false\. )?/, '');
  return reason.slice(0, 300);
}
