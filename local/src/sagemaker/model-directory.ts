// Where SageMaker would unpack a TargetModel before asking the container to load it:
// <root>/<model_name>/model, holding the files of model.tar.gz (or a bare .onnx artifact, as
// earlier versions of this project stored them, written as model.onnx). Written once, atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { untarGz } from '../../../model-registry/src/adapters/model-tarball.ts';
import type { ArtifactStore } from '../../../model-registry/src/ports/artifact-store.ts';

export async function unpackedModelDir(
  root: string,
  name: string,
  targetModel: string,
  artifacts: Pick<ArtifactStore, 'get'>,
): Promise<string> {
  const dir = join(root, name, 'model');
  if (await exists(dir)) return dir;
  const bytes = await artifacts.get(targetModel);
  const files = targetModel.endsWith('.tar.gz') ? untarGz(bytes) : [{ name: 'model.onnx', bytes }];
  const staging = join(root, `${name}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    for (const file of files) {
      const relative = normalize(file.name);
      // An archive entry must stay inside the model directory.
      if (relative.startsWith('..') || relative.startsWith('/'))
        throw new Error(`${targetModel}: unsafe entry ${file.name}`);
      const path = join(staging, 'model', relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    await mkdir(join(root, name), { recursive: true });
    // Another caller may have unpacked the same key meanwhile: the content is the same, keep theirs.
    await rename(join(staging, 'model'), dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(dir))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
