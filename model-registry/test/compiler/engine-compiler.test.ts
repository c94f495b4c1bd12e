import { describe, expect, it } from 'vitest';
import { localRegistryAdapters } from '../../src/local-adapters.ts';
import { CompilationFailedError, type CompileRequest } from '../../src/ports/compiler.ts';

describe('EngineCompiler', () => {
  it('fails a Neo model on the local platform, saying Neo runs only on AWS, without compiling it otherwise', async () => {
    const { compiler } = localRegistryAdapters('/nonexistent-state-dir');
    const request: CompileRequest = {
      model: 'fraud-detector',
      version: '1.0.0',
      source: { key: 'fraud-detector/1.0.0-aaaaaaaaaaaa/model.onnx', sha256: 'a'.repeat(64), sizeBytes: 1 },
      framework: 'onnx',
      signature: { inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }] },
      target: 'ml_c5',
      engine: 'neo',
    };

    const compiling = compiler.compile(request);

    await expect(compiling).rejects.toBeInstanceOf(CompilationFailedError);
    await expect(compiling).rejects.toThrow(
      'compiling fraud-detector failed: compile engine neo is not available on the local platform: SageMaker Neo compiles and serves only on AWS',
    );
  });
});
