// Runs the original and the optimised model on the same seeded sample inputs and compares outputs.
import * as ort from 'onnxruntime-node';
import type { ModelSignature } from '../../domain/manifest/types.ts';
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
  const feeds = sampleFeeds(request.signature, request.source.sha256);
  if (typeof feeds === 'string') return { maxAbsDiff: null, outputsEqual: null, sampleError: feeds };
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
    const a = tensor.data as ArrayLike<number | bigint | string>;
    const b = after[name]?.data as ArrayLike<number | bigint | string> | undefined;
    if (!b || b.length !== a.length)
      return { maxAbsDiff: null, outputsEqual: false, optimisedError: `output ${name} changed shape` };
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i]!, b[i]!];
      // Integer, bool and string outputs must be identical; floats within the tolerance.
      if (typeof x === 'number' && typeof y === 'number') maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x - y));
      else if (x !== y)
        return { maxAbsDiff: null, outputsEqual: false, optimisedError: `output ${name} changed values` };
    }
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

// Sizes for dynamic dimensions: the batch takes SAMPLE_BATCH, others (sequence lengths) this.
const SAMPLE_DYNAMIC = 16;

/** One seeded tensor per declared input, or why none can be made. */
function sampleFeeds(signature: ModelSignature, seed: string): Record<string, ort.Tensor> | string {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of signature.inputs) {
    const shape = input.shape.map((d, i) =>
      typeof d === 'number' && d > 0 ? d : i === input.batchDim ? SAMPLE_BATCH : SAMPLE_DYNAMIC,
    );
    const count = shape.reduce((a, b) => a * b, 1);
    const values = seededValues(seed, count, input.name);
    const small = Array.from(values, (v) => Math.floor(v + 2)); // 0..3: valid for every integer type
    switch (input.dtype) {
      case 'float32':
        feeds[input.name] = new ort.Tensor('float32', values, shape);
        break;
      case 'float64':
        feeds[input.name] = new ort.Tensor('float64', Float64Array.from(values), shape);
        break;
      case 'int32':
        feeds[input.name] = new ort.Tensor('int32', Int32Array.from(small), shape);
        break;
      case 'int64':
        feeds[input.name] = new ort.Tensor(
          'int64',
          BigInt64Array.from(small, (v) => BigInt(v)),
          shape,
        );
        break;
      case 'bool':
        feeds[input.name] = new ort.Tensor(
          'bool',
          Uint8Array.from(small, (v) => v & 1),
          shape,
        );
        break;
      default:
        return `no sample inputs for dtype ${input.dtype} (${input.name})`;
    }
  }
  return feeds;
}

/** Uniform values in [-2, 2) from a seed string, so a report is reproducible. */
function seededValues(seed: string, count: number, salt: string): Float32Array {
  let state = (Number.parseInt(seed.slice(0, 8), 16) ^ hash(salt)) >>> 0 || 1;
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

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
