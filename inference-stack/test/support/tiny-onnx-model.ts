// Builds a tiny ONNX model in memory: y = sigmoid(x · w + bias), x: float32 [batch, width].
// Tests and benchmarks use it so they do not depend on the registry's example models.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface TinyModelOptions {
  readonly width: number;
  /** Weight per input feature; defaults to 0.1 each. */
  readonly weight?: number;
  readonly bias?: number;
  readonly inputName?: string;
}

export function tinyOnnxModel(options: TinyModelOptions): Uint8Array {
  const { width, weight = 0.1, bias = 0, inputName = 'features' } = options;
  const floatType = (dims: (number | string)[]) => ({
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  });
  const graph = onnx.GraphProto.create({
    name: 'tiny',
    node: [
      { opType: 'MatMul', input: [inputName, 'w'], output: ['xw'], name: 'matmul' },
      { opType: 'Add', input: ['xw', 'b'], output: ['z'], name: 'add' },
      { opType: 'Sigmoid', input: ['z'], output: ['score'], name: 'sigmoid' },
    ],
    initializer: [
      { name: 'w', dataType: onnx.TensorProto.DataType.FLOAT, dims: [width, 1], floatData: Array(width).fill(weight) },
      { name: 'b', dataType: onnx.TensorProto.DataType.FLOAT, dims: [1], floatData: [bias] },
    ],
    input: [{ name: inputName, type: floatType(['batch', width]) }],
    output: [{ name: 'score', type: floatType(['batch', 1]) }],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'model-release-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
