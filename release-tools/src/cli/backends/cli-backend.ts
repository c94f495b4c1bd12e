// What a command asks its backend for. One factory per platform (local.ts, aws.ts) builds the
// adapters lazily, so a command only needs the settings of what it touches.
import type { EndpointSpec, Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { ArtifactStore } from '../../../../model-registry/src/ports/artifact-store.ts';
import type { ModelCompiler } from '../../../../model-registry/src/ports/compiler.ts';
import type { ModelRegistry } from '../../../../model-registry/src/ports/model-registry.ts';
import type { PreparedRelease } from '../../ports/release-preparer.ts';
import type { StateStore } from '../../ports/state-store.ts';
import type { BackendKind } from '../context.ts';

/** models.yaml as `mlrelease apply` hands it to the controller. */
export interface DesiredState {
  readonly manifest: Manifest;
  /** The file as written, comments included: on AWS the controller parses this text itself. */
  readonly text: string;
  /** Path of the file it came from. */
  readonly source: string;
  readonly who: string;
  readonly appliedAt: number;
}

/** Compile and register adapters, as model-registry's compileModel/prepareRelease take them. */
export interface RegistryAdapters {
  readonly artifacts: ArtifactStore;
  readonly compiler: ModelCompiler;
  /** Reads a models.yaml `artifact` (a path relative to models.yaml, or s3:// on AWS). */
  readonly readArtifact?: (location: string) => Promise<Uint8Array>;
}

export interface CliBackend {
  readonly kind: BackendKind;
  /** Rollout records, intents and prepared releases, where the controller keeps them. */
  stateStore(): StateStore;
  /** Records the desired state where the controller reads it; returns where, for messages. */
  recordDesired(desired: DesiredState): Promise<string>;
  /** `manifestDir`: directory of models.yaml, against which local artifact paths resolve. */
  compileAdapters(manifestDir: string): RegistryAdapters;
  /** `endpoint`: recorded with a registration (instance type); not needed to read or approve. */
  modelRegistry(endpoint?: EndpointSpec): ModelRegistry;
  /**
   * Makes a registered version visible to the controller; returns where it was written, or
   * undefined where the controller prepares releases itself (locally).
   */
  recordPrepared(model: string, version: string, prepared: PreparedRelease): Promise<string | undefined>;
}
