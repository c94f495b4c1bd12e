// Maps an object key to a path under a root directory, refusing anything that could leave it or
// collide with the store's own files: keys are '/'-separated segments, none empty, '.' or '..',
// none starting with '.' (reserved for temporary files), no backslash or control characters.
import { join, sep } from 'node:path';

export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
  }
}

// Backslash and control characters (a file name could carry them; a key never should).
const hasForbidden = (s: string) => [...s].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c === '\u007f');

export function keyToPath(root: string, key: string): string {
  checkSegments(key, key.split('/'));
  return join(root, ...key.split('/'));
}

/** A list prefix may end in '/' or in part of a segment; the whole segments before it are checked. */
export function prefixToDir(root: string, prefix: string): string {
  const cut = prefix.lastIndexOf('/');
  if (cut < 0) {
    if (hasForbidden(prefix)) throw new InvalidObjectKeyError(prefix, 'forbidden character');
    return root;
  }
  const dir = prefix.slice(0, cut);
  const segments = dir.split('/');
  checkSegments(prefix, segments);
  return join(root, ...segments);
}

function checkSegments(key: string, segments: readonly string[]): void {
  if (key.length === 0 || key.length > 1024) throw new InvalidObjectKeyError(key, 'length must be 1..1024');
  if (hasForbidden(key)) throw new InvalidObjectKeyError(key, 'forbidden character');
  for (const segment of segments) {
    if (segment === '') throw new InvalidObjectKeyError(key, 'empty path segment');
    if (segment.startsWith('.')) throw new InvalidObjectKeyError(key, 'segments must not start with "."');
    if (segment.includes(sep)) throw new InvalidObjectKeyError(key, 'forbidden character');
  }
}
