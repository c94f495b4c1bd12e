// Keys are content-addressed, so a key that exists already holds these bytes. Checking first lets a
// role that may only read artifacts (the pipeline's Register stage) re-use what Compile stored, and
// saves re-uploading a model on every re-run.
import { artifactKey } from '../domain/artifact-key.ts';
import type { ArtifactRef, ArtifactStore } from '../ports/artifact-store.ts';
import { sha256Hex } from './sha256.ts';

export class ReadFirstArtifactStore implements ArtifactStore {
  constructor(private readonly inner: ArtifactStore) {}

  async put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const key = artifactKey(model, version, fileName, sha256);
    if (await this.inner.exists(key)) return { key, sha256, sizeBytes: bytes.byteLength };
    return this.inner.put(model, version, fileName, bytes);
  }

  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }

  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
}
