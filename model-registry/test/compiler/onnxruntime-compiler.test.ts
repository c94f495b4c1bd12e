import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExampleModel, findExample } from '../../../local/src/example-models/index.ts';
import { DirArtifactStore } from '../../src/adapters/local/dir-artifact-store.ts';
import { OnnxRuntimeCompiler } from '../../src/adapters/local/onnxruntime-compiler.ts';
import type { CompileRequest } from '../../src/ports/compiler.ts';
import { oneInput } from '../support/one-input.ts';
import { compilerContract } from './compiler.contract.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'ort-compiler-'));
  roots.push(root);
  const artifacts = new DirArtifactStore(root);
  const compiler = new OnnxRuntimeCompiler({ artifacts, loadRuns: 1 });
  const request = async (name: string, version: string, bytes?: Uint8Array): Promise<CompileRequest> => {
    const model = findExample(name, version);
    const source = await artifacts.put(name, version, 'model.onnx', bytes ?? buildExampleModel(model));
    const signature = oneInput('features', 'float32', [-1, model.features]);
    return { model: name, version, source, framework: 'onnx', signature, target: 'ml_c5', engine: 'onnxruntime' };
  };
  return { artifacts, compiler, request };
}

compilerContract('OnnxRuntimeCompiler', async () => {
  const { artifacts, compiler, request } = await setup();
  const good = await request('churn-scorer', '1.0.0');
  const rejected = await request('churn-scorer', '1.1.0', new TextEncoder().encode('not an onnx model'));
  return { compiler, artifacts, good, rejected };
});

describe('OnnxRuntimeCompiler', () => {
  it('reports fewer nodes, equal outputs and both load times for a good model', async () => {
    const { compiler, request } = await setup();

    const { report } = await compiler.compile(await request('fraud-detector', '1.1.0'));

    expect(report).toMatchObject({ compiler: 'onnxruntime', outputsEqual: true, nodesBefore: 9 });
    expect(report.nodesAfter).toBeLessThan(report.nodesBefore!);
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(report.loadMsBefore).toBeGreaterThan(0);
    expect(report.loadMsAfter).toBeGreaterThan(0);
  });

  it('still compiles a model that fails at inference, recording why samples could not run', async () => {
    const { compiler, request } = await setup();

    const { report } = await compiler.compile(await request('fraud-detector', '1.3.0'));

    expect(report.outputsEqual).toBeNull();
    expect(report.maxAbsDiff).toBeNull();
    expect(report.sampleError).toMatch(/reshape/i);
  });
});
