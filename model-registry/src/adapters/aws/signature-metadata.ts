// A model's signature as SageMaker CustomerMetadataProperties. Values must match the API model's
// pattern ([\p{L}\p{Z}\p{N}_.:/=+\-@]*, at most 256 characters, at most 50 keys in all), which JSON
// breaks ({, ", [ and , are outside it), so the JSON travels as base64 (whose alphabet is inside it)
// in chunks under signature.0, signature.1, ...
import { type LegacyInput, signatureFromLegacyInput } from '../../domain/manifest/read-signature.ts';
import type { ModelSignature } from '../../domain/manifest/types.ts';

const PREFIX = 'signature.';
const CHUNK = 256;
/** Leaves room for the other lineage keys (about 20) under the API's limit of 50. */
export const MAX_SIGNATURE_KEYS = 24;

export class SignatureTooLargeError extends Error {
  override readonly name = 'SignatureTooLargeError';
}

export function signatureMetadata(signature: ModelSignature): Record<string, string> {
  const encoded = Buffer.from(JSON.stringify(signature), 'utf8').toString('base64');
  const chunks = Math.ceil(encoded.length / CHUNK);
  if (chunks > MAX_SIGNATURE_KEYS)
    throw new SignatureTooLargeError(
      `the signature needs ${chunks} metadata values of ${CHUNK} characters; the registry keeps at most ${MAX_SIGNATURE_KEYS}`,
    );
  const out: Record<string, string> = {};
  for (let i = 0; i < chunks; i++) out[`${PREFIX}${i}`] = encoded.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

/**
 * Reads signature.N chunks, or the single `input` key that earlier versions wrote: raw JSON first,
 * then `<dtype> <shape, x-separated> <maxBatch> <name>` (e.g. `float32 -1x30 64 features`).
 */
export function signatureFromMetadata(metadata: Readonly<Record<string, string>>): ModelSignature {
  const chunks: string[] = [];
  for (let i = 0; Object.hasOwn(metadata, `${PREFIX}${i}`); i++) chunks.push(metadata[`${PREFIX}${i}`]!);
  if (chunks.length > 0) return JSON.parse(Buffer.from(chunks.join(''), 'base64').toString('utf8')) as ModelSignature;
  if (metadata.input) return signatureFromLegacyInput(parseLegacyInput(metadata.input));
  return { inputs: [] };
}

function parseLegacyInput(text: string): LegacyInput {
  if (text.startsWith('{')) return JSON.parse(text) as LegacyInput;
  const [dtype, shape, maxBatch, ...name] = text.split(' ');
  return {
    name: name.join(' '),
    dtype: dtype as LegacyInput['dtype'],
    shape: shape!.split('x').map(Number),
    maxBatch: Number(maxBatch),
  };
}
