// Compiling -> Registered on the local platform: model-registry's prepareRelease (ONNX Runtime
// optimisation, content-addressed artifact store, file registry) behind the ReleasePreparer port.
import { dirname } from 'node:path';
import type { ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import { localRegistryAdapters } from '../../../../model-registry/src/local-adapters.ts';
import { prepareRelease } from '../../../../model-registry/src/prepare-release.ts';
import type { Clock } from '../../ports/clock.ts';
import { type PreparedRelease, ReleaseNotReadyError, type ReleasePreparer } from '../../ports/release-preparer.ts';
import type { StateStore } from '../../ports/state-store.ts';
import { type AppliedManifest, DESIRED_KEY } from './state-desired-source.ts';

export interface RegistryReleasePreparerOptions {
  readonly stateDir: string;
  /** Where `mlrelease apply` recorded the desired manifest (for the endpoint and models.yaml's dir). */
  readonly store: StateStore;
  readonly clock: Clock;
  readonly who: string;
}

export class RegistryReleasePreparer implements ReleasePreparer {
  private readonly adapters;

  constructor(private readonly options: RegistryReleasePreparerOptions) {
    this.adapters = localRegistryAdapters(options.stateDir);
  }

  async prepare(spec: ModelSpec): Promise<PreparedRelease> {
    const applied = (await this.options.store.get<AppliedManifest>(DESIRED_KEY))?.value;
    if (!applied) throw new ReleaseNotReadyError(spec.name, spec.version, 'no desired state applied yet');
    const prepared = await prepareRelease(spec, {
      ...this.adapters,
      manifestDir: dirname(applied.source),
      endpoint: applied.manifest.endpoint,
      clock: () => new Date(this.options.clock.now()),
      who: this.options.who,
      // Locally, applying models.yaml is the approval; on AWS the pipeline's manual step is.
      approval: 'Approved',
    });
    return { targetModel: prepared.compiled.key, sha256: prepared.compiled.sha256 };
  }
}
