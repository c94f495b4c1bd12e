// The model-registry adapters of the local platform, all under one state directory.
import { join } from 'node:path';
import { EngineCompiler } from './adapters/engine-compiler.ts';
import { DirArtifactStore } from './adapters/local/dir-artifact-store.ts';
import { FileModelRegistry } from './adapters/local/file-model-registry.ts';
import { OnnxRuntimeCompiler } from './adapters/local/onnxruntime-compiler.ts';

export interface LocalRegistryAdapters {
  /** `<stateDir>/artifacts`; `pathOf(key)` gives the file of a TargetModel. */
  readonly artifacts: DirArtifactStore;
  /** ONNX Runtime only: SageMaker Neo runs on AWS, so a `compile: { engine: neo }` model fails here, saying so. */
  readonly compiler: EngineCompiler;
  /** `<stateDir>/registry`. */
  readonly registry: FileModelRegistry;
}

export function localRegistryAdapters(stateDir: string): LocalRegistryAdapters {
  const artifacts = new DirArtifactStore(join(stateDir, 'artifacts'));
  return {
    artifacts,
    compiler: new EngineCompiler(
      { onnxruntime: new OnnxRuntimeCompiler({ artifacts }) },
      'on the local platform: SageMaker Neo compiles and serves only on AWS (the pipeline); locally, use the default engine',
    ),
    registry: new FileModelRegistry(join(stateDir, 'registry')),
  };
}
