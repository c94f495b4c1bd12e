// The desired state as `mlrelease apply` records it in the state store (key `desired`).
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { DesiredStateSource } from '../../ports/desired-state.ts';
import type { StateStore } from '../../ports/state-store.ts';

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
}
