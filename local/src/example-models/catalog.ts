// The example models shipped with the local platform: good versions, one slow and failing versions
// for rollback demos and tests.

export type ExampleKind = 'good' | 'slow' | 'failing';

export interface ExampleModel {
  readonly name: 'fraud-detector' | 'churn-scorer';
  readonly version: string;
  readonly kind: ExampleKind;
  /** Width of the `features` input: shape [-1, features]. */
  readonly features: number;
}

export const EXAMPLE_MODELS: readonly ExampleModel[] = [
  { name: 'fraud-detector', version: '1.0.0', kind: 'good', features: 30 },
  { name: 'fraud-detector', version: '1.1.0', kind: 'good', features: 30 },
  { name: 'fraud-detector', version: '1.2.0', kind: 'slow', features: 30 },
  { name: 'fraud-detector', version: '1.3.0', kind: 'failing', features: 30 },
  { name: 'churn-scorer', version: '1.0.0', kind: 'good', features: 12 },
  { name: 'churn-scorer', version: '1.1.0', kind: 'good', features: 12 },
  { name: 'churn-scorer', version: '1.2.0', kind: 'failing', features: 12 },
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
