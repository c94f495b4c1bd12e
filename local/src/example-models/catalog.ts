// The example models shipped with the local platform: good versions, one slow and failing versions
// for rollback demos and tests, and for shadow releases a twin (another version, the same outputs)
// and a divergent version (the same speed, no errors, other outputs on about 5% of inputs).

export type ExampleKind = 'good' | 'slow' | 'failing' | 'twin' | 'divergent';

/**
 * The divergent version answers ~1 where its input's first feature is above this: 5 of the 101
 * values 0.00..1.00 that sampleInputs draws (inference-stack/src/domain/tensors/sample-inputs.ts), ~5%.
 */
export const DIVERGES_ABOVE = 0.955;

export interface ExampleModel {
  readonly name: 'fraud-detector' | 'churn-scorer';
  readonly version: string;
  readonly kind: ExampleKind;
  /** Width of the `features` input: shape [-1, features]. */
  readonly features: number;
  /** twin and divergent: the version whose weights they share. */
  readonly weightsOf?: string;
}

export const EXAMPLE_MODELS: readonly ExampleModel[] = [
  { name: 'fraud-detector', version: '1.0.0', kind: 'good', features: 30 },
  { name: 'fraud-detector', version: '1.1.0', kind: 'good', features: 30 },
  { name: 'fraud-detector', version: '1.2.0', kind: 'slow', features: 30 },
  { name: 'fraud-detector', version: '1.3.0', kind: 'failing', features: 30 },
  { name: 'churn-scorer', version: '1.0.0', kind: 'good', features: 12 },
  { name: 'churn-scorer', version: '1.1.0', kind: 'good', features: 12 },
  { name: 'churn-scorer', version: '1.2.0', kind: 'failing', features: 12 },
  { name: 'churn-scorer', version: '1.3.0', kind: 'twin', features: 12, weightsOf: '1.0.0' },
  { name: 'churn-scorer', version: '1.4.0', kind: 'divergent', features: 12, weightsOf: '1.0.0' },
];

export class UnknownExampleModelError extends Error {
  override readonly name = 'UnknownExampleModelError';
  constructor(model: string, version: string) {
    super(`no example model ${model}@${version}`);
  }
}

export function findExample(name: string, version: string): ExampleModel {
  const found = EXAMPLE_MODELS.find((m) => m.name === name && m.version === version);
  if (!found) throw new UnknownExampleModelError(name, version);
  return found;
}

/** Artifact path of an example, relative to the models.yaml directory. */
export function examplePath(model: { readonly name: string; readonly version: string }): string {
  return `models/${model.name}/${model.version}/model.onnx`;
}
