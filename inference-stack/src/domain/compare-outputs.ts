// How a candidate's answer compares with stable's on the same request (shadow releases): the largest
// absolute difference over the float outputs (scores), and whether their labels disagree. A label is
// a non-float output's value; for a float output, the argmax of each row, or p >= 0.5 for one score
// per row (a binary classifier's probability). Outputs the versions do not share, or shapes that
// differ, are as different as can be.
import { elementCount, FLOAT_DTYPES, type NamedTensors, type Tensor } from './tensors/tensor.ts';

export interface OutputComparison {
  /** Absent when neither answer has a float output. */
  readonly maxAbsDiff?: number;
  readonly disagree: boolean;
}

export function compareOutputs(stable: NamedTensors, candidate: NamedTensors): OutputComparison {
  const names = new Set([...Object.keys(stable), ...Object.keys(candidate)]);
  let maxAbsDiff: number | undefined;
  let disagree = false;
  let hasLabels = false;
  for (const name of names) {
    const a = stable[name];
    const b = candidate[name];
    const float = isFloat(a) || isFloat(b);
    if (!a || !b || a.dtype !== b.dtype || !sameShape(a, b)) {
      if (float) maxAbsDiff = Number.POSITIVE_INFINITY;
      disagree = true;
      continue;
    }
    if (float) {
      maxAbsDiff = Math.max(maxAbsDiff ?? 0, largestDiff(a.data as readonly number[], b.data as readonly number[]));
    } else {
      hasLabels = true;
      if (a.data.some((v, i) => v !== b.data[i])) disagree = true;
    }
  }
  // Scores only: their labels are what a caller would decide from them.
  if (!hasLabels && !disagree) disagree = Object.keys(stable).some((n) => labelsDiffer(stable[n]!, candidate[n]!));
  return { ...(maxAbsDiff === undefined ? {} : { maxAbsDiff }), disagree };
}

const isFloat = (t: Tensor | undefined) => t !== undefined && FLOAT_DTYPES.includes(t.dtype);
const sameShape = (a: Tensor, b: Tensor) =>
  a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

function largestDiff(a: readonly number[], b: readonly number[]): number {
  return a.reduce((largest, x, i) => Math.max(largest, distance(Number(x), Number(b[i]))), 0);
}

/** NaN on one side only is a difference; on both, as the same infinity on both, the versions agree. */
function distance(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
  return x === y ? 0 : Math.abs(x - y);
}

/** Whether a row's label differs: one row per index of the leading dimensions, one score per row below rank 2. */
function labelsDiffer(a: Tensor, b: Tensor): boolean {
  const [rows, width] = a.shape.length > 1 ? [elementCount(a.shape.slice(0, -1)), a.shape.at(-1)!] : [a.data.length, 1];
  return Array.from({ length: rows }, (_, row) => row * width).some(
    (start) =>
      labelOf(a.data.slice(start, start + width) as number[]) !==
      labelOf(b.data.slice(start, start + width) as number[]),
  );
}

/** p >= 0.5 for one score; otherwise the first of the largest (argmax). */
function labelOf(scores: readonly number[]): number {
  if (scores.length === 1) return Number(scores[0]) >= 0.5 ? 1 : 0;
  return scores.reduce((best, score, i) => (Number(score) > Number(scores[best]) ? i : best), 0);
}
