// Reads a model file that models.yaml names relative to itself. The file must stay inside the
// repository once symlinks are followed: a link to a private file elsewhere on the machine would
// otherwise be copied into the state dir (and, on AWS, uploaded) by whoever runs the pipeline.
// And it must be under the model size limit, checked before it is read.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

export class ArtifactOutsideRepoError extends Error {
  override readonly name = 'ArtifactOutsideRepoError';
  constructor(
    readonly location: string,
    readonly resolvedTo: string,
    options?: { cause?: unknown },
  ) {
    super(
      `artifact ${location} resolves outside the repository (to ${resolvedTo}); copy the file into it instead`,
      options,
    );
  }
}

/**
 * 2 GiB: protobuf's limit for one ONNX file (bigger models keep their weights as external data),
 * and more than the whole model is read into memory at compile and at register.
 */
export const MAX_MODEL_BYTES = 2 * 2 ** 30;

export class ArtifactTooLargeError extends Error {
  override readonly name = 'ArtifactTooLargeError';
  constructor(
    readonly location: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`artifact ${location} is ${size(sizeBytes)}; the limit is ${size(maxBytes)} (MLRELEASE_MAX_MODEL_BYTES)`);
  }
}

/** MLRELEASE_MAX_MODEL_BYTES, else MAX_MODEL_BYTES. */
export function modelSizeLimit(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env.MLRELEASE_MAX_MODEL_BYTES;
  if (text === undefined || text === '') return MAX_MODEL_BYTES;
  if (!/^[1-9]\d*$/.test(text))
    throw new Error(`MLRELEASE_MAX_MODEL_BYTES must be a positive number of bytes: ${text}`);
  return Number(text);
}

export async function readRepoFile(
  repoDir: string,
  location: string,
  options: { readonly maxBytes?: number } = {},
): Promise<Uint8Array> {
  const root = await realpath(resolve(repoDir));
  const real = await realpath(resolve(repoDir, location));
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new ArtifactOutsideRepoError(location, real);
  // By its size, before a byte is read: a huge file must not fill the memory (or the state dir).
  const maxBytes = options.maxBytes ?? modelSizeLimit();
  const { size: sizeBytes } = await stat(real);
  if (sizeBytes > maxBytes) throw new ArtifactTooLargeError(location, sizeBytes, maxBytes);
  return new Uint8Array(await readFile(real));
}

function size(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
