// Reads a model's signature from models.yaml: `inputs:` (and optional `outputs:`) lists of named
// tensors, or the one-tensor shorthand `input:`. Checks what spans fields: names unique, dims
// well formed, the batch dimension dynamic and inside the shape.
import type { Node } from 'yaml';
import type { FieldPath } from './issues.ts';
import type { Dim, Dtype, InputSpec, ModelSignature, TensorSpec } from './types.ts';
import { DTYPES } from './types.ts';
import { integer, isInteger, list, object, oneOf, type ReadContext, type Reader, scalar, text } from './yaml-reader.ts';

export const DEFAULT_MAX_BATCH = 64;
const DIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const dim = scalar<Dim>('a size >= 1, -1 (dynamic) or a dimension name like batch', (v) =>
  (isInteger(v) && (v >= 1 || v === -1) && v <= 1_000_000_000) || (typeof v === 'string' && DIM_NAME.test(v))
    ? v
    : undefined,
);

const tensorFields = {
  name: { read: text('a tensor name'), required: true },
  dtype: { read: oneOf(DTYPES), required: true },
  shape: { read: list(dim), required: true },
} as const;

export const inputFields = object({
  ...tensorFields,
  batchDim: { read: integer(0, 63) },
  maxBatch: { read: integer(1, 10_000) },
});
export const outputFields = object(tensorFields);

type InputRead = NonNullable<ReturnType<typeof inputFields>>;
type OutputRead = NonNullable<ReturnType<typeof outputFields>>;

export interface SignatureNodes {
  readonly input?: InputRead;
  readonly inputs?: readonly InputRead[];
  readonly outputs?: readonly OutputRead[];
  /** Source nodes of the keys present, for positions. */
  readonly nodes: { readonly input?: Node; readonly inputs?: Node; readonly outputs?: Node };
}

export const inputList: Reader<InputRead[]> = list(inputFields, 1);
export const outputList: Reader<OutputRead[]> = list(outputFields, 1);

/** The signature, or undefined after reporting why (each problem at its own position). */
export function resolveSignature(
  read: SignatureNodes,
  modelNode: Node,
  path: FieldPath,
  ctx: ReadContext,
): ModelSignature | undefined {
  if (read.nodes.input && read.nodes.inputs) {
    ctx.report(read.nodes.inputs, [...path, 'inputs'], 'use either input (one tensor) or inputs (a list), not both');
    return undefined;
  }
  if (!read.nodes.input && !read.nodes.inputs) {
    ctx.report(modelNode, [...path, 'inputs'], 'is required (or the one-tensor shorthand input)');
    return undefined;
  }
  const inputReads = read.nodes.input ? (read.input ? [read.input] : undefined) : read.inputs;
  // Malformed fields were reported where they were written.
  if (!inputReads || (read.nodes.outputs && !read.outputs)) return undefined;
  if (!inputReads.every((r) => r.ok) || !(read.outputs ?? []).every((r) => r.ok)) return undefined;

  const inputsPath = (i: number): FieldPath => (read.nodes.input ? [...path, 'input'] : [...path, 'inputs', i]);
  let ok = uniqueNames(inputReads, (i) => inputsPath(i), ctx);
  if (read.outputs) ok = uniqueNames(read.outputs, (i) => [...path, 'outputs', i], ctx) && ok;
  const inputs: InputSpec[] = [];
  inputReads.forEach((r, i) => {
    const spec = inputSpec(r, inputsPath(i), ctx);
    if (spec) inputs.push(spec);
    else ok = false;
  });
  if (!ok) return undefined;
  const outputs: TensorSpec[] | undefined = read.outputs?.map((r) => tensorSpec(r));
  return outputs ? { inputs, outputs } : { inputs };
}

function tensorSpec(r: InputRead | OutputRead): TensorSpec {
  return { name: r.value.name!, dtype: r.value.dtype as Dtype, shape: r.value.shape! };
}

function inputSpec(r: InputRead, path: FieldPath, ctx: ReadContext): InputSpec | undefined {
  const base = tensorSpec(r);
  const batchDim = r.value.batchDim ?? defaultBatchDim(base.shape);
  if (r.value.batchDim !== undefined) {
    const declared = base.shape[r.value.batchDim];
    if (declared === undefined) {
      ctx.report(r.nodes.batchDim, [...path, 'batchDim'], `is outside the shape (${base.shape.length} dimensions)`);
      return undefined;
    }
    if (typeof declared === 'number' && declared !== -1) {
      ctx.report(
        r.nodes.batchDim,
        [...path, 'batchDim'],
        `points at a fixed dimension (${declared}); it must be dynamic`,
      );
      return undefined;
    }
  }
  if (r.value.maxBatch !== undefined && batchDim === undefined) {
    ctx.report(r.nodes.maxBatch, [...path, 'maxBatch'], 'needs a batch dimension (a dynamic dim; set batchDim)');
    return undefined;
  }
  return {
    ...base,
    ...(batchDim !== undefined ? { batchDim } : {}),
    maxBatch: r.value.maxBatch ?? DEFAULT_MAX_BATCH,
  };
}

/** A leading -1 is the batch (today's shorthand); otherwise a dimension named `batch`, if any. */
export function defaultBatchDim(shape: readonly Dim[]): number | undefined {
  if (shape[0] === -1) return 0;
  const named = shape.indexOf('batch');
  return named >= 0 ? named : undefined;
}

function uniqueNames(reads: readonly (InputRead | OutputRead)[], pathOf: (i: number) => FieldPath, ctx: ReadContext) {
  const seen = new Map<string, number>();
  let ok = true;
  reads.forEach((r, i) => {
    const name = r.value.name!;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else {
      ctx.report(r.nodes.name, [...pathOf(i), 'name'], `duplicate tensor name (first at [${first}])`);
      ok = false;
    }
  });
  return ok;
}

/** What registrations recorded before signatures: one input, no outputs. */
export interface LegacyInput {
  readonly name: string;
  readonly dtype: InputSpec['dtype'];
  readonly shape: readonly number[];
  readonly maxBatch?: number;
}

export function signatureFromLegacyInput(input: LegacyInput): ModelSignature {
  const batchDim = defaultBatchDim(input.shape);
  return {
    inputs: [
      {
        name: input.name,
        dtype: input.dtype,
        shape: input.shape,
        ...(batchDim !== undefined ? { batchDim } : {}),
        maxBatch: input.maxBatch ?? DEFAULT_MAX_BATCH,
      },
    ],
  };
}
