// Test double for the ReleasePreparer: hashes the artifact file and
// names it content-addressed, without compiling, so CLI tests can use any bytes as a model.
// (The real one is RegistryReleasePreparer.)
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import type { PreparedRelease, ReleasePreparer } from '../../src/ports/release-preparer.ts';

export class HashingReleasePreparer implements ReleasePreparer {
  /** `baseDir`: where relative artifact paths start (the directory of models.yaml). */
  constructor(private readonly baseDir: () => Promise<string> | string) {}

  async prepare(spec: ModelSpec): Promise<PreparedRelease> {
    const bytes = await readFile(resolve(await this.baseDir(), spec.artifact));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { targetModel: `${spec.name}/${spec.version}-${sha256.slice(0, 12)}/${basename(spec.artifact)}`, sha256 };
  }
}
