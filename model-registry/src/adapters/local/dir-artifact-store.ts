// ArtifactStore on a local directory (`<stateDir>/artifacts`). Writes are atomic and never replace an
// existing key: bytes go to a temp file that is hard-linked into place, which fails if the key exists.
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { artifactKey, parseArtifactKey } from '../../domain/artifact-key.ts';
import {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactNotFoundError,
  ArtifactStoreError,
} from '../../ports/artifact-errors.ts';
import type { ArtifactRef, ArtifactStore } from '../../ports/artifact-store.ts';
import { sha256Hex } from '../sha256.ts';

let tempCounter = 0;

export class DirArtifactStore implements ArtifactStore {
  constructor(readonly rootDir: string) {}

  /** Where a key lives on disk, for consumers that need a file path (the ONNX Runtime host). */
  pathOf(key: string): string {
    parseArtifactKey(key);
    return join(this.rootDir, key);
  }

  async put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const key = artifactKey(model, version, fileName, sha256);
    const ref = { key, sha256, sizeBytes: bytes.byteLength };
    const path = join(this.rootDir, key);
    const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(temp, bytes, { mode: 0o600 });
      await link(temp, path);
      return ref;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw wrap(key, error);
      if (sha256Hex(await readFile(path)) !== sha256) throw new ArtifactConflictError(key);
      return ref;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const { hash12 } = parseArtifactKey(key);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.rootDir, key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactNotFoundError(key, { cause: error });
      throw wrap(key, error);
    }
    if (!sha256Hex(bytes).startsWith(hash12)) throw new ArtifactCorruptError(key);
    return bytes;
  }

  async exists(key: string): Promise<boolean> {
    parseArtifactKey(key);
    try {
      await stat(join(this.rootDir, key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw wrap(key, error);
    }
  }
}

function wrap(key: string, error: unknown): ArtifactStoreError {
  return new ArtifactStoreError(`artifact ${key}: ${(error as Error).message}`, { cause: error });
}
