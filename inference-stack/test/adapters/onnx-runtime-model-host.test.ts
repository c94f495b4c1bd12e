import { describe, expect, it } from 'vitest';
import { OnnxRuntimeModelHost } from '../../src/adapters/local/onnx-runtime-model-host.ts';
import { ModelInputError, ModelInvocationError } from '../../src/ports/model-host.ts';
import { tinyOnnxModel } from '../support/tiny-onnx-model.ts';

function artifacts(models: Record<string, Uint8Array>) {
  const gets: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    gets,
    hold() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
    store: {
      async get(key: string) {
        gets.push(key);
        await gate;
        const bytes = models[key];
        if (!bytes) throw new Error(`no artifact ${key}`);
        return bytes;
      },
    },
  };
}

const input = (width: number, rows = 1) => ({
  features: {
    dtype: 'float32' as const,
    shape: [rows, width],
    data: Array.from({ length: rows * width }, (_, i) => i % 3),
  },
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('OnnxRuntimeModelHost', () => {
  it('loads a model on first use, reports load time apart, and runs it', async () => {
    // Prepare
    const a = artifacts({ 'tiny/1.0.0-abc/model.onnx': tinyOnnxModel({ width: 3, weight: 0.5, bias: 0.1 }) });
    const host = new OnnxRuntimeModelHost({ artifacts: a.store });
    // Act
    const first = await host.invoke('tiny/1.0.0-abc/model.onnx', input(3, 2));
    const second = await host.invoke('tiny/1.0.0-abc/model.onnx', input(3, 2));
    // Assess: rows [0,1,2] and [0,1,2] -> sigmoid(0.5·3 + 0.1)
    expect(first.outputs.score?.shape).toEqual([2, 1]);
    expect(first.outputs.score?.dtype).toBe('float32');
    expect(first.outputs.score?.data[0]).toBeCloseTo(sigmoid(1.6), 5);
    expect(first.loadMs).toBeGreaterThan(0);
    expect(second.loadMs).toBe(0);
    expect(second.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(a.gets).toHaveLength(1);
    await host.close();
  });

  it('coalesces concurrent loads of the same model into one artifact read', async () => {
    // Prepare
    const a = artifacts({ m: tinyOnnxModel({ width: 2 }) });
    const host = new OnnxRuntimeModelHost({ artifacts: a.store });
    const release = a.hold();
    // Act
    const calls = Promise.all([host.invoke('m', input(2)), host.invoke('m', input(2)), host.warm('m')]);
    release();
    const [one, two] = await calls;
    // Assess
    expect(a.gets).toEqual(['m']);
    expect(one.outputs).toEqual(two.outputs);
    await host.close();
  });

  it('unloads the least recently used model beyond the memory cap', async () => {
    // Prepare: each model is a few hundred bytes; the cap fits two.
    const bytes = tinyOnnxModel({ width: 4 });
    const a = artifacts({
      a: bytes,
      b: tinyOnnxModel({ width: 4, weight: 0.2 }),
      c: tinyOnnxModel({ width: 4, weight: 0.3 }),
    });
    const host = new OnnxRuntimeModelHost({ artifacts: a.store, memoryCapBytes: bytes.byteLength * 2 + 10 });
    // Act
    await host.invoke('a', input(4));
    await host.invoke('b', input(4));
    await host.invoke('a', input(4)); // a is now the most recently used
    await host.invoke('c', input(4));
    // Assess
    expect(host.resident().map((r) => r.targetModel)).toEqual(['a', 'c']);
    const reload = await host.invoke('b', input(4));
    expect(reload.loadMs).toBeGreaterThan(0);
    await host.close();
  });

  it('reports a run-time failure as a ModelInvocationError', async () => {
    const host = new OnnxRuntimeModelHost({ artifacts: artifacts({ m: tinyOnnxModel({ width: 3 }) }).store });
    await expect(host.invoke('m', input(2))).rejects.toBeInstanceOf(ModelInvocationError);
    await host.close();
  });

  it('reports a missing or unknown input by field path as a ModelInputError (still a ModelInvocationError)', async () => {
    const host = new OnnxRuntimeModelHost({ artifacts: artifacts({ m: tinyOnnxModel({ width: 3 }) }).store });
    const error = await host.invoke('m', { extra: input(3).features }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelInputError);
    expect(error).toBeInstanceOf(ModelInvocationError);
    expect((error as Error).message).toBe(
      'm: inputs.features: is required; inputs.extra: the model has no such input (the model takes features)',
    );
    await host.close();
  });

  it('reports bytes that are not a model as a ModelInvocationError and does not cache them', async () => {
    const a = artifacts({ junk: new TextEncoder().encode('not onnx') });
    const host = new OnnxRuntimeModelHost({ artifacts: a.store });
    await expect(host.invoke('junk', input(2))).rejects.toThrow(/cannot load model/);
    await expect(host.invoke('junk', input(2))).rejects.toBeInstanceOf(ModelInvocationError);
    expect(a.gets).toHaveLength(2);
  });

  it('lets an artifact store failure through as is (it may be transient)', async () => {
    const host = new OnnxRuntimeModelHost({ artifacts: artifacts({}).store });
    const error = await host.invoke('missing', input(2)).catch((e) => e);
    expect(error).not.toBeInstanceOf(ModelInvocationError);
    expect(String(error)).toContain('no artifact missing');
  });

  it('warm reports whether the model was already resident', async () => {
    const host = new OnnxRuntimeModelHost({ artifacts: artifacts({ m: tinyOnnxModel({ width: 2 }) }).store });
    expect((await host.warm('m')).alreadyLoaded).toBe(false);
    expect(await host.warm('m')).toEqual({ loadMs: 0, alreadyLoaded: true });
    await host.close();
  });
});
