// The desired state as `mlrelease apply` records it in the state store (key `desired`).
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { DesiredStateSource } from '../../ports/desired-state.ts';
import { StateConflictError, type StateStore } from '../../ports/state-store.ts';

export const DESIRED_KEY = 'desired';

export interface AppliedManifest {
  readonly manifest: Manifest;
  readonly appliedAt: number;
  readonly source: string;
  readonly who: string;
}

export class StateDesiredSource implements DesiredStateSource {
  constructor(private readonly store: StateStore) {}

  async read(): Promise<Manifest | undefined> {
    return (await this.store.get<AppliedManifest>(DESIRED_KEY))?.value.manifest;
  }

  /** Records a new desired state. Last writer wins, as with a git push; CAS only guards a torn write. */
  async record(applied: AppliedManifest): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.get<AppliedManifest>(DESIRED_KEY);
      try {
        await this.store.put(DESIRED_KEY, applied, current?.version ?? null);
        return;
      } catch (error) {
        if (!(error instanceof StateConflictError) || attempt > 5) throw error;
      }
    }
  }
}
