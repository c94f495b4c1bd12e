// What the handlers need to know about deployed models: their input signatures (from models.yaml).
import type { InputSignature } from '../../../model-registry/src/domain/manifest/types.ts';

export interface ModelCatalog {
  signature(model: string): InputSignature | undefined;
}

export function catalogFromSignatures(signatures: Readonly<Record<string, InputSignature>>): ModelCatalog {
  return { signature: (model) => (Object.hasOwn(signatures, model) ? signatures[model] : undefined) };
}
