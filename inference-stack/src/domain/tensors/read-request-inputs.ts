// Reads a request's `inputs` against the model's declared signature: every input present, each a
// nested array or {dtype, shape, data}, dtypes and shapes as declared, named dimensions equal across
// inputs, batches within maxBatch. Answers named tensors or every problem with its field path.
import { closestMatch } from '../../../../model-registry/src/domain/manifest/did-you-mean.ts';
import type { InputSpec, ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';
import { readElement } from './read-element.ts';
import { elementCount, type FieldError, type NamedTensors, type Tensor, type TensorElement } from './tensor.ts';

export type InputsRead =
  | { readonly ok: true; readonly tensors: NamedTensors }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const MAX_ERRORS = 20;
const MAX_RANK = 16;

export function readRequestInputs(value: unknown, signature: ModelSignature): InputsRead {
  const errors: FieldError[] = [];
  const names = signature.inputs.map((i) => i.name);
  if (Array.isArray(value)) {
    // Today's single-input body: `inputs` is the one tensor itself, rows of the batch.
    if (signature.inputs.length !== 1)
      return failed('inputs', `this model takes named inputs (${names.join(', ')}): send {"inputs": {"<name>": ...}}`);
    value = { [signature.inputs[0]!.name]: legacyRows(value, signature.inputs[0]!) };
  }
  if (typeof value !== 'object' || value === null)
    return failed('inputs', `must be an object of named tensors (${names.join(', ')})`);
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!names.includes(key)) {
      const hint = closestMatch(key, names);
      errors.push({
        path: `inputs.${key}`,
        message: `unknown input${hint ? ` (did you mean "${hint}"?)` : ''} (inputs: ${names.join(', ')})`,
      });
    }
  const tensors: Record<string, Tensor> = {};
  const dims = new Map<string, { size: number; where: string }>();
  for (const spec of signature.inputs) {
    const path = `inputs.${spec.name}`;
    if (!Object.hasOwn(given, spec.name)) {
      errors.push({ path, message: `is required (${spec.dtype} ${showDims(spec.shape)})` });
      continue;
    }
    const tensor = readTensor(given[spec.name], spec, path, errors);
    if (!tensor) continue;
    checkShape(tensor.shape, spec, path, dims, errors);
    tensors[spec.name] = tensor;
  }
  // Each tensor reports 20 errors at most; any error means no tensors are answered.
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, tensors };
}

function readTensor(value: unknown, spec: InputSpec, path: string, errors: FieldError[]): Tensor | undefined {
  const before = errors.length;
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return readExplicit(value, spec, path, errors);
  const shape = nestedShape(value, path, errors);
  if (!shape) return undefined;
  const data: TensorElement[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    if (errors.length - before >= MAX_ERRORS) return;
    if (depth === shape.length) push(v, at);
    else for (const [i, child] of (v as unknown[]).entries()) walk(child, `${at}[${i}]`, depth + 1);
  };
  const push = (v: unknown, at: string) => {
    const read = readElement(v, spec.dtype);
    if (read.ok) data.push(read.value);
    else errors.push({ path: at, message: read.message });
  };
  walk(value, path, 0);
  return errors.length > before ? undefined : { dtype: spec.dtype, shape, data };
}

function readExplicit(value: object, spec: InputSpec, path: string, errors: FieldError[]): Tensor | undefined {
  const { dtype, shape, data, ...rest } = value as Record<string, unknown>;
  const before = errors.length;
  for (const key of Object.keys(rest))
    errors.push({ path: `${path}.${key}`, message: 'unknown field (dtype, shape, data)' });
  if (dtype !== undefined && dtype !== spec.dtype)
    errors.push({ path: `${path}.dtype`, message: `is ${JSON.stringify(dtype)}; this input is ${spec.dtype}` });
  const dims =
    Array.isArray(shape) && shape.length <= MAX_RANK && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!dims) errors.push({ path: `${path}.shape`, message: 'must be a list of non-negative integers' });
  if (!Array.isArray(data)) errors.push({ path: `${path}.data`, message: 'must be a flat array of values' });
  if (errors.length > before) return undefined;
  const count = elementCount(shape as number[]);
  if ((data as unknown[]).length !== count)
    return void errors.push({
      path: `${path}.data`,
      message: `has ${(data as unknown[]).length} values; shape [${(shape as number[]).join(', ')}] needs ${count}`,
    });
  const out: TensorElement[] = [];
  for (const [i, v] of (data as unknown[]).entries()) {
    const read = readElement(v, spec.dtype);
    if (read.ok) out.push(read.value);
    else if (errors.push({ path: `${path}.data[${i}]`, message: read.message }) - before >= MAX_ERRORS) break;
  }
  return errors.length > before ? undefined : { dtype: spec.dtype, shape: shape as number[], data: out };
}

/** The shape a nested array forms; a bare value is a scalar `[]`. Ragged arrays are an error. */
function nestedShape(value: unknown, path: string, errors: FieldError[]): number[] | undefined {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  if (shape.length > MAX_RANK) return void errors.push({ path, message: `nests deeper than ${MAX_RANK} dimensions` });
  const check = (v: unknown, at: string, depth: number): boolean => {
    if (depth === shape.length) {
      if (!Array.isArray(v)) return true;
      errors.push({ path: at, message: `is nested deeper than its siblings (expected ${shape.length} dimensions)` });
      return false;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `${v.length} items` : 'a value';
      errors.push({ path: at, message: `has ${got}; its siblings have ${shape[depth]} (arrays must be rectangular)` });
      return false;
    }
    return v.every((child, i) => check(child, `${at}[${i}]`, depth + 1));
  };
  return check(value, path, 0) ? shape : undefined;
}

function checkShape(
  shape: readonly number[],
  spec: InputSpec,
  path: string,
  named: Map<string, { size: number; where: string }>,
  errors: FieldError[],
): void {
  const expected = showDims(spec.shape);
  if (shape.length !== spec.shape.length)
    return void errors.push({
      path,
      message: `has shape [${shape.join(', ')}]; ${spec.name} is ${expected} (${spec.shape.length} dimensions)`,
    });
  spec.shape.forEach((dim, i) => {
    const size = shape[i]!;
    if (typeof dim === 'number' && dim !== -1 && size !== dim)
      errors.push({ path, message: `dimension ${i} is ${size}; ${spec.name} is ${expected}` });
    if (typeof dim === 'string') {
      const seen = named.get(dim);
      if (!seen) named.set(dim, { size, where: `${path} dimension ${i}` });
      else if (seen.size !== size)
        errors.push({
          path,
          message: `dimension ${i} (${dim}) is ${size} but ${dim} is ${seen.size} at ${seen.where}`,
        });
    }
    if (i === spec.batchDim && size === 0) errors.push({ path, message: `the batch (dimension ${i}) is empty` });
    if (i === spec.batchDim && size > spec.maxBatch)
      errors.push({ path, message: `batch of ${size} exceeds maxBatch ${spec.maxBatch}` });
  });
}

// Today's rows of a rank > 2 input were flat vectors of the inner size; reshape them so they still work.
function legacyRows(rows: unknown[], spec: InputSpec): unknown {
  const inner = spec.shape.slice(1);
  if (inner.length < 2 || !inner.every((d) => typeof d === 'number' && d > 0)) return rows;
  const sizes = inner as number[];
  const width = elementCount(sizes);
  if (!rows.every((r) => Array.isArray(r) && r.length === width && r.every((c) => !Array.isArray(c)))) return rows;
  const fold = (flat: unknown[], dims: number[]): unknown[] => {
    if (dims.length === 1) return flat;
    const step = elementCount(dims.slice(1));
    return Array.from({ length: dims[0]! }, (_, i) => fold(flat.slice(i * step, (i + 1) * step), dims.slice(1)));
  };
  return rows.map((r) => fold(r as unknown[], sizes));
}

export const showDims = (shape: readonly (number | string)[]) => `[${shape.join(', ')}]`;

const failed = (path: string, message: string): InputsRead => ({ ok: false, errors: [{ path, message }] });
