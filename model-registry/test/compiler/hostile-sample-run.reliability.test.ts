// A model that hangs or explodes in the compile step's sample run (issue 15, finding 3) fails its
// compile with CompilationFailedError (which the controller turns into one abort of that release),
// within the deadline, while the caller's event loop keeps running.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endlessLoopOnnxModel, expandingOnnxModel } from '../../../inference-stack/test/support/hostile-onnx-models.ts';
import { DirArtifactStore } from '../../src/adapters/local/dir-artifact-store.ts';
import { OnnxRuntimeCompiler } from '../../src/adapters/local/onnxruntime-compiler.ts';
import { CompilationFailedError, type CompileRequest } from '../../src/ports/compiler.ts';
import { oneInput } from '../support/one-input.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function compileHostile(name: string, bytes: Uint8Array) {
  const root = await mkdtemp(join(tmpdir(), 'hostile-compile-'));
  roots.push(root);
  const artifacts = new DirArtifactStore(root);
  const compiler = new OnnxRuntimeCompiler({
    artifacts,
    loadRuns: 1,
    sampleRun: { timeoutMs: 3_000, memoryLimitBytes: 768 * 2 ** 20 },
  });
  const source = await artifacts.put(name, '1.0.0', 'model.onnx', bytes);
  const request: CompileRequest = {
    model: name,
    version: '1.0.0',
    source,
    framework: 'onnx',
    signature: oneInput('features', 'float32', [-1, 2]),
    target: 'ml_c5',
    engine: 'onnxruntime',
  };
  // Ticks of this process's event loop while the compile runs: 0 would mean it was frozen.
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 100);
  const outcome = await compiler.compile(request).then(
    (result) => ({ result, error: undefined }),
    (error: Error) => ({ result: undefined, error }),
  );
  clearInterval(ticker);
  return { ...outcome, ticks };
}

describe('hostile models in the compile sample run (reliability)', () => {
  it('fails the compile of a model whose sample run never ends, at the deadline, without freezing the caller', async () => {
    const { error, ticks } = await compileHostile('endless', endlessLoopOnnxModel({ width: 2 }));
    expect(error).toBeInstanceOf(CompilationFailedError);
    expect(error?.message).toMatch(/did not finish within 3000 ms/);
    expect(ticks).toBeGreaterThan(10);
  });

  it('fails the compile of a model whose sample run allocates past the ceiling', async () => {
    // The sample batch is 8 rows: 8 x 2 x 2^25 float32 = 2 GiB.
    const { error } = await compileHostile('expanding', expandingOnnxModel({ width: 2, factor: 2 ** 25 }));
    expect(error).toBeInstanceOf(CompilationFailedError);
    expect(error?.message).toMatch(/allocate|crashed/i);
  });
});
