// ReleasePreparer for the controller Lambda: the pipeline's Compile/Register stages do the slow
// work and record the result at `releases/<model>/<version>`; the controller only picks it up.
import type { ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import { type PreparedRelease, ReleaseNotReadyError, type ReleasePreparer } from '../../ports/release-preparer.ts';
import { StateConflictError, type StateStore } from '../../ports/state-store.ts';

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

  /** The Register stage's hand-over. Idempotent: re-recording the same release writes nothing. */
  async record(model: string, version: string, prepared: PreparedRelease): Promise<void> {
    const key = preparedReleaseKey(model, version);
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.get<PreparedRelease>(key);
      if (current && samePrepared(current.value, prepared)) return;
      try {
        await this.store.put(key, prepared, current?.version ?? null);
        return;
      } catch (error) {
        if (!(error instanceof StateConflictError) || attempt >= 3) throw error;
      }
    }
  }
}

function samePrepared(a: PreparedRelease, b: PreparedRelease): boolean {
  return (
    a.targetModel === b.targetModel &&
    a.sha256 === b.sha256 &&
    a.targetVariant === b.targetVariant &&
    a.variant?.image === b.variant?.image &&
    a.variant?.instanceType === b.variant?.instanceType
  );
}
