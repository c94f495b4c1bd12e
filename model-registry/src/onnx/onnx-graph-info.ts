// Reads what the prechecks and compile report need from an ONNX file: its real inputs and outputs
// (name, element type, dimensions) and its node count.
import onnxProto from 'onnx-proto';
import type { GraphTensor } from '../domain/compile-precheck.ts';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

// ONNX element types by the names models.yaml uses; the others keep ONNX's own name.
const DTYPES: Record<number, string> = {
  [T.FLOAT]: 'float32',
  [T.DOUBLE]: 'float64',
  [T.FLOAT16]: 'float16',
  [T.INT8]: 'int8',
  [T.UINT8]: 'uint8',
  [T.INT16]: 'int16',
  [T.UINT16]: 'uint16',
  [T.INT32]: 'int32',
  [T.UINT32]: 'uint32',
  [T.INT64]: 'int64',
  [T.UINT64]: 'uint64',
  [T.BOOL]: 'bool',
  [T.STRING]: 'string',
  [T.BFLOAT16]: 'bfloat16',
  [T.COMPLEX64]: 'complex64',
  [T.COMPLEX128]: 'complex128',
};

export interface OnnxGraphInfo {
  readonly nodes: number;
  /** Graph inputs that are fed at run time (initializers excluded). */
  readonly inputs: readonly GraphTensor[];
  readonly outputs: readonly GraphTensor[];
}

export class InvalidOnnxModelError extends Error {
  override readonly name = 'InvalidOnnxModelError';
}

type ValueInfo = onnxProto.onnx.IValueInfoProto;

function tensorOf(value: ValueInfo): GraphTensor {
  const tensor = value.type?.tensorType;
  const elemType = tensor?.elemType ?? -1;
  const dtype = DTYPES[elemType] ?? (value.type?.tensorType ? `onnx-type-${elemType}` : 'not-a-tensor');
  if (!tensor?.shape) return { name: value.name ?? '', dtype };
  const shape = (tensor.shape.dim ?? []).map((d) => {
    if (d.dimValue !== null && d.dimValue !== undefined && Number(d.dimValue) > 0) return Number(d.dimValue);
    return d.dimParam ? d.dimParam : null;
  });
  return { name: value.name ?? '', dtype, shape };
}

export function readOnnxGraphInfo(bytes: Uint8Array): OnnxGraphInfo {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new InvalidOnnxModelError(`not an ONNX model: ${(error as Error).message}`, { cause: error });
  }
  const graph = model.graph;
  if (!graph) throw new InvalidOnnxModelError('not an ONNX model: no graph');
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((input) => !initializers.has(input.name ?? '')).map(tensorOf);
  return { nodes: graph.node?.length ?? 0, inputs, outputs: (graph.output ?? []).map(tensorOf) };
}
