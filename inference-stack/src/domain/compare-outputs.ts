// How a candidate's answer compares with stable's on the same request (shadow releases): the largest
// absolute difference over the float outputs (scores), and whether their labels disagree. A label is
// a non-float output's value; for a float output, the argmax of each row, or p >= 0.5 for one score
// per row (a binary classifier's probability). Outputs the versions do not share, or shapes that
// differ, are as different as can be.
import { FLOAT_DTYPES, type NamedTensors, type Tensor } from './tensors/tensor.ts';

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
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    // NaN on one side only is a difference; on both, the versions agree.
    const diff =
      Number.isNaN(x) || Number.isNaN(y) ? (Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity) : Math.abs(x - y);
    if (diff > largest) largest = diff;
  }
  return largest;
}

function labelsDiffer(a: Tensor, b: Tensor): boolean {
  const width = a.shape.length > 1 ? a.shape.at(-1)! : 1;
  const rows = width > 0 ? Math.floor(a.data.length / width) : 0;
  for (let row = 0; row < rows; row++) {
    const x = a.data.slice(row * width, (row + 1) * width) as number[];
    const y = b.data.slice(row * width, (row + 1) * width) as number[];
    if (labelOf(x) !== labelOf(y)) return true;
  }
  return false;
}

function labelOf(scores: readonly number[]): number {
  if (scores.length === 1) return Number(scores[0]) >= 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (Number(scores[i]) > Number(scores[best])) best = i;
  return best;
}
