// Whether callers of the stable version can call the candidate unchanged: the same input names and
// dtypes, shapes that accept every request stable accepted, and (where both declare outputs) the same
// outputs. Each difference says what callers must change. Pure.
import type { Dim, InputSpec, ModelSignature, TensorSpec } from './manifest/types.ts';

export interface SignatureChange {
  /** Path inside the model entry, e.g. ['inputs', 1, 'shape'] (the candidate's index; stable's when removed). */
  readonly path: readonly (string | number)[];
  /** What changed, in words. */
  readonly change: string;
  /** What every caller must do about it. */
  readonly callers: string;
}

const dynamic = (d: Dim) => typeof d === 'string' || d === -1;
const show = (shape: readonly Dim[]) => `[${shape.join(', ')}]`;

export function compareSignatures(stable: ModelSignature, candidate: ModelSignature): SignatureChange[] {
  const changes: SignatureChange[] = [];
  candidate.inputs.forEach((input, i) => {
    const before = stable.inputs.find((s) => s.name === input.name);
    if (before) changes.push(...inputChanges(before, input, i));
    else
      changes.push({
        path: ['inputs', i, 'name'],
        change: `new input "${input.name}" (${input.dtype} ${show(input.shape)})`,
        callers: `send "${input.name}" in every request`,
      });
  });
  stable.inputs.forEach((input, i) => {
    if (!candidate.inputs.some((c) => c.name === input.name))
      changes.push({
        path: ['inputs'],
        change: `input "${input.name}" removed (stable's inputs[${i}])`,
        callers: `stop sending "${input.name}"`,
      });
  });
  // Outputs compare only when both versions declare them: an undeclared side promises nothing.
  if (stable.outputs && candidate.outputs) changes.push(...outputChanges(stable.outputs, candidate.outputs));
  return changes;
}

function inputChanges(before: InputSpec, after: InputSpec, i: number): SignatureChange[] {
  const at = (field: string) => ['inputs', i, field];
  const changes: SignatureChange[] = [];
  if (before.dtype !== after.dtype)
    changes.push({
      path: at('dtype'),
      change: `input "${after.name}" dtype ${before.dtype} -> ${after.dtype}`,
      callers: `send "${after.name}" as ${after.dtype}`,
    });
  // A candidate may accept more than stable (a fixed dim made dynamic) but not less.
  const narrower =
    before.shape.length !== after.shape.length || after.shape.some((d, k) => !dynamic(d) && d !== before.shape[k]);
  if (narrower)
    changes.push({
      path: at('shape'),
      change: `input "${after.name}" shape ${show(before.shape)} -> ${show(after.shape)}`,
      callers: `send "${after.name}" with shape ${show(after.shape)}`,
    });
  if (after.maxBatch < before.maxBatch && after.batchDim !== undefined)
    changes.push({
      path: at('maxBatch'),
      change: `input "${after.name}" maxBatch ${before.maxBatch} -> ${after.maxBatch}`,
      callers: `send at most ${after.maxBatch} rows per request`,
    });
  return changes;
}

function outputChanges(before: readonly TensorSpec[], after: readonly TensorSpec[]): SignatureChange[] {
  const changes: SignatureChange[] = [];
  before.forEach((out, i) => {
    const next = after.findIndex((a) => a.name === out.name);
    if (next < 0) {
      changes.push({
        path: ['outputs'],
        change: `output "${out.name}" removed (stable's outputs[${i}])`,
        callers: `stop reading "${out.name}" from responses`,
      });
      return;
    }
    const a = after[next]!;
    const sameShape =
      a.shape.length === out.shape.length &&
      a.shape.every((d, k) => (dynamic(d) && dynamic(out.shape[k]!)) || d === out.shape[k]);
    if (a.dtype !== out.dtype || !sameShape)
      changes.push({
        path: ['outputs', next, a.dtype !== out.dtype ? 'dtype' : 'shape'],
        change: `output "${a.name}" ${out.dtype} ${show(out.shape)} -> ${a.dtype} ${show(a.shape)}`,
        callers: `read "${a.name}" as ${a.dtype} ${show(a.shape)}`,
      });
  });
  // A new output does not break a caller that ignores fields it does not know.
  return changes;
}
