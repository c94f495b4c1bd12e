// Checks a request's inputs against the model's input signature before anything is stored, so a
// malformed request is a 400 at the door rather than a failed result later.
import type { Dtype, InputSignature } from '../../../model-registry/src/domain/manifest/types.ts';

export type InputsCheck =
  | { readonly ok: true; readonly inputs: number[][]; readonly shape: number[] }
  | { readonly ok: false; readonly message: string };

const INT_RANGE: Partial<Record<Dtype, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function validateInputs(value: unknown, signature: InputSignature): InputsCheck {
  if (!Array.isArray(value) || value.length === 0) return fail('inputs must be a non-empty array of rows (number[][])');
  if (value.length > signature.maxBatch)
    return fail(`batch of ${value.length} rows exceeds maxBatch ${signature.maxBatch}`);
  // The signature's first dimension is the batch; the rest must be a single fixed row width.
  const rowDims = signature.shape.slice(1);
  const fixedWidth = rowDims.every((d) => d > 0);
  // Only used when every dimension is fixed.
  const width = rowDims.reduce((a, b) => a * b, 1);
  const rows: number[][] = [];
  for (const [i, row] of value.entries()) {
    if (!Array.isArray(row)) return fail(`inputs[${i}] must be an array of numbers`);
    if (fixedWidth && row.length !== width)
      return fail(`inputs[${i}] has ${row.length} values; ${signature.name} expects ${width}`);
    if (row.length !== (rows[0]?.length ?? row.length)) return fail(`inputs[${i}] differs in length from inputs[0]`);
    for (const [j, cell] of row.entries()) {
      const problem = checkCell(cell, signature.dtype);
      if (problem) return fail(`inputs[${i}][${j}] ${problem}`);
    }
    rows.push(row as number[]);
  }
  const shape = fixedWidth ? [rows.length, ...rowDims] : [rows.length, rows[0]!.length];
  return { ok: true, inputs: rows, shape };
}

function checkCell(cell: unknown, dtype: Dtype): string | undefined {
  if (!isFiniteNumber(cell)) return 'must be a finite number';
  const range = INT_RANGE[dtype];
  if (range) {
    if (!Number.isInteger(cell)) return `must be an integer (${dtype})`;
    if (cell < range[0] || cell > range[1]) return `is out of range for ${dtype}`;
  }
  return undefined;
}

/** Number.isFinite is false for anything but a finite number (no coercion). */
const isFiniteNumber = (value: unknown): value is number => Number.isFinite(value);

function fail(message: string): InputsCheck {
  return { ok: false, message };
}
