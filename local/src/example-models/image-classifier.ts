// The third example: shaped like what data scientists export from a vision framework. One image
// input [batch, 3, height, width] float32 (any size: the model pools each channel), two outputs:
// `label` int64 [batch] (the most likely class) and `probabilities` float32 [batch, K] (softmax).
// Weights are seeded per version, so each build is byte-identical and versions differ.
import { encodeGraph, floatTensor, node, tensorValue } from './onnx-builder.ts';
import { seededRandom, uniform } from './prng.ts';

export const IMAGE_CLASSES = 4;
export const IMAGE_CLASSIFIER = 'image-classifier';
export const IMAGE_CLASSIFIER_VERSIONS = ['1.0.0', '1.1.0'] as const;

/** How models.yaml declares it (the signature its precheck reads back from the ONNX file). */
export const IMAGE_CLASSIFIER_SIGNATURE = `    inputs:
      - { name: image, dtype: float32, shape: [batch, 3, height, width] }
    outputs:
      - { name: label, dtype: int64, shape: [batch] }
      - { name: probabilities, dtype: float32, shape: [batch, ${IMAGE_CLASSES}] }`;

export function imageClassifierWeights(version: string) {
  const random = seededRandom(`${IMAGE_CLASSIFIER}@${version}`);
  return { w: uniform(random, 3 * IMAGE_CLASSES, 2), b: uniform(random, IMAGE_CLASSES, 0.5) };
}

export function buildImageClassifier(version: string): Uint8Array {
  const { w, b } = imageClassifierWeights(version);
  return encodeGraph({
    name: `${IMAGE_CLASSIFIER}-${version}`,
    initializers: [floatTensor('w', [3, IMAGE_CLASSES], w), floatTensor('b', [IMAGE_CLASSES], b)],
    nodes: [
      node('GlobalAveragePool', ['image'], ['pooled']),
      node('Flatten', ['pooled'], ['channels'], { axis: 1 }),
      node('MatMul', ['channels', 'w'], ['m']),
      node('Add', ['m', 'b'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], { axis: 1 }),
      node('ArgMax', ['logits'], ['label'], { axis: 1, keepdims: 0 }),
    ],
    inputs: [tensorValue('image', 'float32', ['batch', 3, 'height', 'width'])],
    outputs: [
      tensorValue('label', 'int64', ['batch']),
      tensorValue('probabilities', 'float32', ['batch', IMAGE_CLASSES]),
    ],
  });
}

/** The same computation in plain TypeScript, for tests: per image, its label and probabilities. */
export function imageClassifierReference(version: string, image: readonly number[][][]) {
  const { w, b } = imageClassifierWeights(version);
  const means = image.map((plane) => plane.flat().reduce((s, v) => s + v, 0) / plane.flat().length);
  const logits = Array.from({ length: IMAGE_CLASSES }, (_, k) =>
    means.reduce((s, m, c) => s + m * w[c * IMAGE_CLASSES + k]!, b[k]!),
  );
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  const sum = exps.reduce((s, e) => s + e, 0);
  return { label: logits.indexOf(top), probabilities: exps.map((e) => e / sum) };
}
