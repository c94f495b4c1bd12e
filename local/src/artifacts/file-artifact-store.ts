// ArtifactStore in a directory (the state dir's artifacts/), content-addressed like the S3 one:
// <model>/<version>-<sha12>/<file>. The registry's own adapter can replace it when wired.
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ArtifactRef, ArtifactStore } from '../../../model-registry/src/ports/artifact-store.ts';

export class FileArtifactStore implements ArtifactStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${model}/${version}-${sha256.slice(0, 12)}/${fileName}`;
    const path = this.pathOf(key);
    if (!(await this.exists(key))) {
      await mkdir(dirname(path), { recursive: true });
      // Write then rename, so a reader never sees a half-written model.
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    return { key, sha256, sizeBytes: bytes.byteLength };
  }

  async get(key: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(key)));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`artifact key escapes the store: ${key}`);
    return path;
  }
}
