// The ONNX graphs of the examples. Each carries nodes that ONNX Runtime's offline optimisation removes
// or fuses (Identity, a constant-foldable Transpose/Mul, MatMul+Add -> Gemm) so compiling shows an effect.
import { DIVERGES_ABOVE, type ExampleModel } from './catalog.ts';
import { encodeModel, floatTensor, type GraphNode, type Initializer, int64Tensor, node } from './onnx-builder.ts';
import {
  churnWeights,
  DIVERGENT_LOGIT,
  FRAUD_HIDDEN,
  fraudWeights,
  impossibleShape,
  SLOW_LAYERS,
  SLOW_SIDE_SCALE,
  SLOW_WIDTH,
} from './weights.ts';

export function buildExampleModel(model: ExampleModel): Uint8Array {
  const parts = model.name === 'fraud-detector' ? fraudGraph(model) : churnGraph(model);
  const extra =
    model.kind === 'failing'
      ? failingTail(model.features, parts.logit)
      : model.kind === 'divergent'
        ? divergentTail(model.features, parts.logit)
        : undefined;
  const logit = extra?.logit ?? parts.logit;
  return encodeModel({
    name: `${model.name}-${model.version}`,
    features: model.features,
    nodes: [...parts.nodes, ...(extra?.nodes ?? []), node('Sigmoid', [logit], ['probability'])],
    initializers: [...parts.initializers, ...(extra?.initializers ?? [])],
  });
}

interface Parts {
  readonly nodes: GraphNode[];
  readonly initializers: Initializer[];
  readonly logit: string;
}

function fraudGraph(model: ExampleModel): Parts {
  const w = fraudWeights(model);
  const n = model.features;
  const initializers = [
    floatTensor('w1t', [FRAUD_HIDDEN, n], w.w1t),
    floatTensor('b1', [FRAUD_HIDDEN], w.b1),
    floatTensor('w2', [FRAUD_HIDDEN, 1], w.w2),
    floatTensor('b2', [1], w.b2),
  ];
  const nodes = [
    node('Identity', ['features'], ['x']),
    node('Transpose', ['w1t'], ['w1'], { perm: [1, 0] }),
    node('MatMul', ['x', 'w1'], ['m1']),
    node('Add', ['m1', 'b1'], ['a1']),
    node('Relu', ['a1'], ['h']),
    node('Identity', ['h'], ['h2']),
    node('MatMul', ['h2', 'w2'], ['m2']),
    node('Add', ['m2', 'b2'], ['logit']),
  ];
  if (!w.slow) return { nodes, initializers, logit: 'logit' };
  // Real extra compute that still changes the output a little, so it cannot be optimised away.
  initializers.push(
    floatTensor('slow_a', [FRAUD_HIDDEN, SLOW_WIDTH], w.slow.a),
    floatTensor('slow_c', [SLOW_WIDTH, SLOW_WIDTH], w.slow.c),
    floatTensor('slow_scale', [1], Float32Array.of(SLOW_SIDE_SCALE)),
  );
  nodes.push(node('MatMul', ['h2', 'slow_a'], ['s0m']), node('Tanh', ['s0m'], ['s0']));
  for (let i = 0; i < SLOW_LAYERS; i++) {
    nodes.push(node('MatMul', [`s${i}`, 'slow_c'], [`s${i + 1}m`]), node('Tanh', [`s${i + 1}m`], [`s${i + 1}`]));
  }
  nodes.push(
    node('ReduceMean', [`s${SLOW_LAYERS}`], ['side'], { axes: [1], keepdims: 1 }),
    node('Mul', ['side', 'slow_scale'], ['side_scaled']),
    node('Add', ['logit', 'side_scaled'], ['logit_slow']),
  );
  return { nodes, initializers, logit: 'logit_slow' };
}

function churnGraph(model: ExampleModel): Parts {
  const w = churnWeights(model);
  return {
    initializers: [
      floatTensor('w_raw', [model.features, 1], w.wRaw),
      floatTensor('w_scale', [1], w.wScale),
      floatTensor('b', [1], w.b),
    ],
    nodes: [
      node('Identity', ['features'], ['x']),
      node('Mul', ['w_raw', 'w_scale'], ['w']),
      node('MatMul', ['x', 'w'], ['m']),
      node('Add', ['m', 'b'], ['logit']),
    ],
    logit: 'logit',
  };
}

/** logit + DIVERGENT_LOGIT where the first feature is above DIVERGES_ABOVE: the same cost on every input. */
function divergentTail(features: number, logit: string): Parts {
  const first = new Float32Array(features);
  first[0] = 1;
  return {
    initializers: [
      floatTensor('pick_first', [features, 1], first),
      floatTensor('diverges_above', [1], Float32Array.of(DIVERGES_ABOVE)),
      floatTensor('divergent_logit', [1], Float32Array.of(DIVERGENT_LOGIT)),
    ],
    nodes: [
      node('MatMul', ['x', 'pick_first'], ['first_feature']),
      node('Greater', ['first_feature', 'diverges_above'], ['diverges']),
      // Cast to float (TensorProto.FLOAT = 1).
      node('Cast', ['diverges'], ['diverges_f'], { to: 1 }),
      node('Mul', ['diverges_f', 'divergent_logit'], ['shift']),
      node('Add', [logit, 'shift'], ['logit_divergent']),
    ],
    logit: 'logit_divergent',
  };
}

/** A Reshape to a shape no input can have: loads fine, fails at session.run. */
function failingTail(features: number, logit: string): Parts {
  return {
    initializers: [int64Tensor('bad_shape', impossibleShape(features))],
    nodes: [
      node('Reshape', ['x', 'bad_shape'], ['reshaped']),
      // Opset 12: ReduceSum takes its axes as an attribute (an input from opset 13 on).
      node('ReduceSum', ['reshaped'], ['reshaped_sum'], { axes: [1], keepdims: 1 }),
      node('Sub', ['reshaped_sum', 'reshaped_sum'], ['zero']),
      node('Add', [logit, 'zero'], ['logit_checked']),
    ],
    logit: 'logit_checked',
  };
}
