// Standalone stand-in for the registry's prepareRelease: copies a model's local artifact into the
// artifact store and returns its key (the TargetModel). Compilation is the registry's job.

import { basename, dirname } from 'node:path';
import { readRepoFile } from '../../model-registry/src/adapters/local/read-repo-file.ts';
import type { ModelSpec } from '../../model-registry/src/domain/manifest/types.ts';
import type { ArtifactStore } from '../../model-registry/src/ports/artifact-store.ts';

export function copyArtifact(manifestPath: string, artifacts: ArtifactStore) {
  return async (spec: ModelSpec): Promise<string> => {
    if (spec.artifact.startsWith('s3://')) throw new Error(`${spec.name}: s3:// artifacts need the AWS registry`);
    const bytes = await readRepoFile(dirname(manifestPath), spec.artifact);
    const ref = await artifacts.put(spec.name, spec.version, basename(spec.artifact), new Uint8Array(bytes));
    return ref.key;
  };
}
