// Minimal helpers to assemble an ONNX ModelProto with onnx-proto (protobufjs). Tensors are stored as
// little-endian raw_data so the encoded bytes depend only on the values.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type GraphNode = InstanceType<typeof onnx.NodeProto>;
export type Initializer = InstanceType<typeof onnx.TensorProto>;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): Initializer {
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: FLOAT, rawData: leBytes(values) });
}

export function int64Tensor(name: string, values: readonly number[]): Initializer {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: leBytes(data) });
}

type AttributeValue = number | readonly number[];

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, AttributeValue> = {},
): GraphNode {
  const attribute = Object.entries(attributes).map(([name, value]) =>
    typeof value === 'number'
      ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value })
      : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...value] }),
  );
  return onnx.NodeProto.create({ opType, input: [...inputs], output: [...outputs], name: outputs[0], attribute });
}

/** A graph input or output: its element type and dims, a string for a symbolic one ('batch'). */
export function tensorValue(name: string, elemType: 'float32' | 'int64', dims: readonly (number | string)[]) {
  const dim = dims.map((d) =>
    typeof d === 'string'
      ? onnx.TensorShapeProto.Dimension.create({ dimParam: d })
      : onnx.TensorShapeProto.Dimension.create({ dimValue: d }),
  );
  const shape = onnx.TensorShapeProto.create({ dim });
  const type = elemType === 'float32' ? FLOAT : INT64;
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: type, shape }) }),
  });
}

export interface GraphSpec {
  readonly name: string;
  readonly features: number;
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly Initializer[];
}

/**
 * SageMaker Neo documents ONNX up to 1.7, which writes IR version 7 and opset 12: the examples stay
 * inside that, so the same files compile on Neo and run on ONNX Runtime.
 */
export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 12;

/** Input `features` [batch, N] -> output `probability` [batch, 1]. */
export function encodeModel(spec: GraphSpec): Uint8Array {
  return encodeGraph({
    ...spec,
    inputs: [tensorValue('features', 'float32', ['batch', spec.features])],
    outputs: [tensorValue('probability', 'float32', ['batch', 1])],
  });
}

/** Any graph: its nodes, initializers and named inputs and outputs (tensorValue). */
export function encodeGraph(spec: {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly Initializer[];
  readonly inputs: readonly ReturnType<typeof tensorValue>[];
  readonly outputs: readonly ReturnType<typeof tensorValue>[];
}): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: spec.name,
    node: [...spec.nodes],
    initializer: [...spec.initializers],
    input: [...spec.inputs],
    output: [...spec.outputs],
  });
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    producerName: 'model-release-examples',
    producerVersion: '1',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: ONNX_OPSET })],
    graph,
  });
  // protobufjs hands back a Buffer on Node; callers get a plain Uint8Array either way.
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

function leBytes(values: Float32Array | BigInt64Array): Uint8Array {
  // Typed arrays use host byte order; ONNX raw_data is little-endian, so write through a DataView.
  const bytes = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  values.forEach((value: number | bigint, i: number) => {
    if (typeof value === 'bigint') view.setBigInt64(i * 8, value, true);
    else view.setFloat32(i * 4, value, true);
  });
  return bytes;
}
