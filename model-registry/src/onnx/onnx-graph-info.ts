// Reads what the prechecks and compile report need from an ONNX file: its real inputs and node count.
import onnxProto from 'onnx-proto';
import type { GraphInput } from '../domain/compile-precheck.ts';

const { onnx } = onnxProto;

const DTYPES: Record<number, string> = {
  [onnx.TensorProto.DataType.FLOAT]: 'float32',
  [onnx.TensorProto.DataType.DOUBLE]: 'float64',
  [onnx.TensorProto.DataType.INT32]: 'int32',
  [onnx.TensorProto.DataType.INT64]: 'int64',
  [onnx.TensorProto.DataType.FLOAT16]: 'float16',
  [onnx.TensorProto.DataType.UINT8]: 'uint8',
};

export interface OnnxGraphInfo {
  readonly nodes: number;
  /** Graph inputs that are fed at run time (initializers excluded). */
  readonly inputs: readonly GraphInput[];
}

export class InvalidOnnxModelError extends Error {
  override readonly name = 'InvalidOnnxModelError';
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
  const inputs = (graph.input ?? [])
    .filter((input) => !initializers.has(input.name ?? ''))
    .map((input) => {
      const tensor = input.type?.tensorType;
      const dims = tensor?.shape?.dim ?? [];
      return {
        name: input.name ?? '',
        dtype: DTYPES[tensor?.elemType ?? -1] ?? `onnx-type-${tensor?.elemType}`,
        shape: dims.map((d) =>
          d.dimValue !== null && d.dimValue !== undefined && Number(d.dimValue) > 0 ? Number(d.dimValue) : null,
        ),
      };
    });
  return { nodes: graph.node?.length ?? 0, inputs };
}
