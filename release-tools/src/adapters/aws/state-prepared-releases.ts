// ReleasePreparer for the controller Lambda: the pipeline's Compile/Register stages do the slow
// work and record the result at `releases/<model>/<version>`; the controller only picks it up.
import type { ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import { type PreparedRelease, ReleaseNotReadyError, type ReleasePreparer } from '../../ports/release-preparer.ts';
import type { StateStore } from '../../ports/state-store.ts';

export function preparedReleaseKey(model: string, version: string): string {
  return `releases/${model}/${version}`;
}

export class StatePreparedReleases implements ReleasePreparer {
  constructor(private readonly store: StateStore) {}

  async prepare(spec: ModelSpec): Promise<PreparedRelease> {
    const found = await this.store.get<PreparedRelease>(preparedReleaseKey(spec.name, spec.version));
    if (!found) throw new ReleaseNotReadyError(spec.name, spec.version, 'not registered by the pipeline yet');
    return found.value;
  }
}
