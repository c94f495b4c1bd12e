// Reads a model file that models.yaml names relative to itself. The file must stay inside the
// repository once symlinks are followed: a link to a private file elsewhere on the machine would
// otherwise be copied into the state dir (and, on AWS, uploaded) by whoever runs the pipeline.
import { readFile, realpath } from 'node:fs/promises';
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

export async function readRepoFile(repoDir: string, location: string): Promise<Uint8Array> {
  const root = await realpath(resolve(repoDir));
  const real = await realpath(resolve(repoDir, location));
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new ArtifactOutsideRepoError(location, real);
  return new Uint8Array(await readFile(real));
}
