// Plain TypeScript forward pass of each example, computed in float64 from the same float32 weights,
// to check what ONNX Runtime returns.
import { DIVERGES_ABOVE, type ExampleModel, findExample } from './catalog.ts';
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

export class ReferenceShapeError extends Error {
  override readonly name = 'ReferenceShapeError';
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** One probability per row, as ONNX Runtime would return for input `features`. */
export function referencePredict(name: string, version: string, rows: readonly (readonly number[])[]): number[] {
  const model = findExample(name, version);
  for (const row of rows) {
    if (row.length !== model.features)
      throw new ReferenceShapeError(`expected ${model.features} features per row, got ${row.length}`);
  }
  if (model.kind === 'failing')
    throw new ReferenceShapeError(
      `cannot reshape [${rows.length}, ${model.features}] to [${impossibleShape(model.features)}]`,
    );
  const logit = model.name === 'fraud-detector' ? fraudLogit(model) : churnLogit(model);
  return rows.map((row) => sigmoid(logit(row)));
}

function fraudLogit(model: ExampleModel): (row: readonly number[]) => number {
  const w = fraudWeights(model);
  const n = model.features;
  return (row) => {
    const h = new Float64Array(FRAUD_HIDDEN);
    for (let j = 0; j < FRAUD_HIDDEN; j++) {
      let sum = w.b1[j]!;
      for (let i = 0; i < n; i++) sum += row[i]! * w.w1t[j * n + i]!;
      h[j] = Math.max(0, sum);
    }
    let logit = w.b2[0]!;
    for (let j = 0; j < FRAUD_HIDDEN; j++) logit += h[j]! * w.w2[j]!;
    if (!w.slow) return logit;
    let s = matTanh(h, w.slow.a, FRAUD_HIDDEN, SLOW_WIDTH);
    for (let layer = 0; layer < SLOW_LAYERS; layer++) s = matTanh(s, w.slow.c, SLOW_WIDTH, SLOW_WIDTH);
    const mean = s.reduce((a, b) => a + b, 0) / SLOW_WIDTH;
    return logit + mean * SLOW_SIDE_SCALE;
  };
}

function matTanh(v: Float64Array, m: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const vi = v[i]!;
    for (let j = 0; j < cols; j++) out[j]! += vi * m[i * cols + j]!;
  }
  return out.map(Math.tanh);
}

function churnLogit(model: ExampleModel): (row: readonly number[]) => number {
  const w = churnWeights(model);
  const weights = Array.from(w.wRaw, (raw) => Math.fround(raw * w.wScale[0]!));
  const shift = (row: readonly number[]) =>
    model.kind === 'divergent' && Math.fround(row[0]!) > Math.fround(DIVERGES_ABOVE) ? DIVERGENT_LOGIT : 0;
  return (row) => weights.reduce((sum, wi, i) => sum + wi * row[i]!, w.b[0]!) + shift(row);
}
