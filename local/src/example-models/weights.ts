// Weights of each example, drawn from a PRNG seeded by name@version; shared by the ONNX builder and
// the TypeScript reference so both compute the same function.
import type { ExampleModel } from './catalog.ts';
import { seededRandom, uniform } from './prng.ts';

export const FRAUD_HIDDEN = 16;
/** The slow variant's extra branch: width and depth of a tanh MatMul chain. */
export const SLOW_WIDTH = 256;
export const SLOW_LAYERS = 64;
export const SLOW_SIDE_SCALE = 0.05;
/** The failing variant reshapes the input to this fixed shape, which no [batch, N] input can match. */
export const impossibleShape = (features: number): number[] => [1, features + 1];

export interface FraudWeights {
  /** Stored transposed, [hidden, features]; the graph transposes it back (a constant-foldable node). */
  readonly w1t: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
  readonly slow?: { readonly a: Float32Array; readonly c: Float32Array };
}

export interface ChurnWeights {
  /** w = wRaw * wScale, folded by the optimiser. */
  readonly wRaw: Float32Array;
  readonly wScale: Float32Array;
  readonly b: Float32Array;
}

export function fraudWeights(model: ExampleModel): FraudWeights {
  const random = seededRandom(`${model.name}@${model.version}`);
  const n = model.features;
  const base = {
    w1t: uniform(random, FRAUD_HIDDEN * n, 1 / Math.sqrt(n)),
    b1: uniform(random, FRAUD_HIDDEN, 0.1),
    w2: uniform(random, FRAUD_HIDDEN, 1 / Math.sqrt(FRAUD_HIDDEN)),
    b2: uniform(random, 1, 0.1),
  };
  if (model.kind !== 'slow') return base;
  const a = uniform(random, FRAUD_HIDDEN * SLOW_WIDTH, 1 / Math.sqrt(FRAUD_HIDDEN));
  const c = uniform(random, SLOW_WIDTH * SLOW_WIDTH, 1.5 / Math.sqrt(SLOW_WIDTH));
  return { ...base, slow: { a, c } };
}

/** Score added to the divergent version's logit where it diverges: its probability goes to ~1. */
export const DIVERGENT_LOGIT = 20;

export function churnWeights(model: ExampleModel): ChurnWeights {
  const random = seededRandom(`${model.name}@${model.weightsOf ?? model.version}`);
  return {
    wRaw: uniform(random, model.features, 1),
    wScale: Float32Array.of(0.5 + random()),
    b: uniform(random, 1, 0.2),
  };
}
