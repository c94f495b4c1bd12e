// A one-input signature, as today's `input:` shorthand declares it, for tests.
import { signatureFromLegacyInput } from '../../src/domain/manifest/read-signature.ts';
import type { Dtype, ModelSignature } from '../../src/domain/manifest/types.ts';

export const oneInput = (name: string, dtype: Dtype, shape: readonly number[], maxBatch = 64): ModelSignature =>
  signatureFromLegacyInput({ name, dtype, shape, maxBatch });
