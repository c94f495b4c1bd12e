// An ONNX model that returns its input unchanged (x -> y, any element type, shape [n]), to check
// that a dtype goes through ONNX Runtime for Node and back exactly.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export function identityOnnxModel(elemType: number): Uint8Array {
  const value = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'n' }] } } },
    });
  const graph = onnx.GraphProto.create({
    name: 'identity',
    node: [{ opType: 'Identity', input: ['x'], output: ['y'], name: 'identity' }],
    input: [value('x')],
    output: [value('y')],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

export const ONNX_TYPES = onnx.TensorProto.DataType;
