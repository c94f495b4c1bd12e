// SageMaker CustomerMetadataProperties values must match `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` and be at
// most 256 characters (the API model). Values already in that alphabet are stored as they are, so they
// stay readable in the console; anything else is stored as `b64:` + base64url of its UTF-8 bytes, an
// alphabet the pattern accepts.
const SAFE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ENCODED = 'b64:';
export const MAX_METADATA_VALUE = 256;

export class MetadataValueTooLongError extends Error {
  override name = 'MetadataValueTooLongError';
}

/** Encodes `text`; throws when the result would not fit (use `encodeTruncated` for free text). */
export function encodePatternSafe(text: string, field: string): string {
  const value = SAFE.test(text) && !text.startsWith(ENCODED) ? text : ENCODED + base64url(text);
  if ([...value].length > MAX_METADATA_VALUE)
    throw new MetadataValueTooLongError(
      `${field} needs ${[...value].length} characters as SageMaker metadata; the limit is ${MAX_METADATA_VALUE}`,
    );
  return value;
}

/** Free text (a message, a user name): cut until its encoding fits. */
export function encodeTruncated(text: string): string {
  let chars = [...text];
  for (;;) {
    const candidate = chars.join('');
    const value = SAFE.test(candidate) && !candidate.startsWith(ENCODED) ? candidate : ENCODED + base64url(candidate);
    if ([...value].length <= MAX_METADATA_VALUE) return value;
    chars = chars.slice(0, Math.max(0, chars.length - Math.max(1, [...value].length - MAX_METADATA_VALUE)));
  }
}

export function decodePatternSafe(value: string): string {
  return value.startsWith(ENCODED) ? Buffer.from(value.slice(ENCODED.length), 'base64url').toString('utf8') : value;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
