// An ONNX model that takes a while to run: `layers` MatMul+Tanh layers of width x width.
// For tests that need an inference long enough to overlap with other calls.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export function heavyOnnxModel(options: { readonly width: number; readonly layers: number }): Uint8Array {
  const { width, layers } = options;
  const floatType = (dims: (number | string)[]) => ({
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  });
  const node = [];
  const initializer = [];
  let previous = 'features';
  for (let i = 0; i < layers; i++) {
    initializer.push({
      name: `w${i}`,
      dataType: onnx.TensorProto.DataType.FLOAT,
      dims: [width, width],
      floatData: Array.from({ length: width * width }, (_, j) => ((j % 7) - 3) / (width * 4)),
    });
    node.push({ opType: 'MatMul', input: [previous, `w${i}`], output: [`m${i}`], name: `matmul${i}` });
    node.push({ opType: 'Tanh', input: [`m${i}`], output: [`t${i}`], name: `tanh${i}` });
    previous = `t${i}`;
  }
  node.push({ opType: 'Identity', input: [previous], output: ['score'], name: 'out' });
  const graph = onnx.GraphProto.create({
    name: 'heavy',
    node,
    initializer,
    input: [{ name: 'features', type: floatType(['batch', width]) }],
    output: [{ name: 'score', type: floatType(['batch', width]) }],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph });
  return onnx.ModelProto.encode(model).finish();
}
