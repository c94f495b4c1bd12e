// The model-registry adapters of the local platform, all under one state directory.
import { join } from 'node:path';
import { DirArtifactStore } from './adapters/local/dir-artifact-store.ts';
import { FileModelRegistry } from './adapters/local/file-model-registry.ts';
import { OnnxRuntimeCompiler } from './adapters/local/onnxruntime-compiler.ts';

export interface LocalRegistryAdapters {
  /** `<stateDir>/artifacts`; `pathOf(key)` gives the file of a TargetModel. */
  readonly artifacts: DirArtifactStore;
  readonly compiler: OnnxRuntimeCompiler;
  /** `<stateDir>/registry`. */
  readonly registry: FileModelRegistry;
}

export function localRegistryAdapters(stateDir: string): LocalRegistryAdapters {
  const artifacts = new DirArtifactStore(join(stateDir, 'artifacts'));
  return {
    artifacts,
    compiler: new OnnxRuntimeCompiler({ artifacts }),
    registry: new FileModelRegistry(join(stateDir, 'registry')),
  };
}
