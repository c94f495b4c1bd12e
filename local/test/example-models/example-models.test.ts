import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { DIVERGES_ABOVE } from '../../src/example-models/catalog.ts';
import {
  buildExampleModel,
  EXAMPLE_MODELS,
  type ExampleModel,
  referencePredict,
  writeExampleModels,
} from '../../src/example-models/index.ts';
import { seededRandom } from '../../src/example-models/prng.ts';

const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, logSeverityLevel: 4 };

function sampleRows(features: number, count: number): number[][] {
  const random = seededRandom(`rows-${features}`);
  return Array.from({ length: count }, () => Array.from({ length: features }, () => random() * 4 - 2));
}

async function run(model: ExampleModel, rows: number[][]): Promise<number[]> {
  const session = await ort.InferenceSession.create(buildExampleModel(model), options);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, model.features]);
    const output = await session.run({ features: input });
    return Array.from(output.probability!.data as Float32Array);
  } finally {
    await session.release();
  }
}

async function medianRunMs(model: ExampleModel, rows: number[][], runs: number): Promise<number> {
  const session = await ort.InferenceSession.create(buildExampleModel(model), options);
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, model.features]);
  await session.run({ features: input });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await session.run({ features: input });
    times.push(performance.now() - start);
  }
  await session.release();
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const byKind = (kind: ExampleModel['kind']) => EXAMPLE_MODELS.filter((m) => m.kind === kind);
const find = (name: string, version: string) => EXAMPLE_MODELS.find((m) => m.name === name && m.version === version)!;

describe('example models', () => {
  it.each(
    [...byKind('good'), ...byKind('slow'), ...byKind('twin'), ...byKind('divergent')].map(
      (m) => [`${m.name}@${m.version}`, m] as const,
    ),
  )('%s: ONNX Runtime output equals the TypeScript reference within 1e-5', async (_label, model) => {
    const rows = sampleRows(model.features, 16);

    const actual = await run(model, rows);

    const expected = referencePredict(model.name, model.version, rows);
    expect(actual).toHaveLength(16);
    for (const [i, value] of actual.entries()) expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-5);
  });

  it('good versions of one model have different weights', async () => {
    const rows = sampleRows(30, 4);

    const [a, b] = await Promise.all([
      run(find('fraud-detector', '1.0.0'), rows),
      run(find('fraud-detector', '1.1.0'), rows),
    ]);

    expect(a).not.toEqual(b);
  });

  it.each(byKind('failing').map((m) => [`${m.name}@${m.version}`, m] as const))(
    '%s loads but throws at session.run',
    async (_label, model) => {
      const session = await ort.InferenceSession.create(buildExampleModel(model), options);
      const input = new ort.Tensor('float32', new Float32Array(model.features * 2), [2, model.features]);

      await expect(session.run({ features: input })).rejects.toThrow(/reshape/i);

      await session.release();
      expect(() => referencePredict(model.name, model.version, sampleRows(model.features, 1))).toThrow();
    },
  );

  it('the twin answers exactly as its stable; the divergent version differs on ~5% of sampled inputs, only there', async () => {
    const random = seededRandom('divergence');
    // As sampleInputs draws features: 0.00..1.00 in steps of 0.01.
    const rows = Array.from({ length: 2000 }, () => Array.from({ length: 12 }, () => Math.round(random() * 100) / 100));

    const [stable, twin, divergent] = await Promise.all(
      ['1.0.0', '1.3.0', '1.4.0'].map((v) => run(find('churn-scorer', v), rows)),
    );

    expect(twin).toEqual(stable);
    const differs = rows.filter((_, i) => Math.abs(divergent![i]! - stable![i]!) > 1e-4);
    expect(differs.length / rows.length).toBeGreaterThan(0.035);
    expect(differs.length / rows.length).toBeLessThan(0.065);
    expect(differs.every((row) => row[0]! > DIVERGES_ABOVE)).toBe(true);
  });

  it('the slow version takes at least 5x the latency of the good one', async () => {
    const rows = sampleRows(30, 8);

    const good = await medianRunMs(find('fraud-detector', '1.1.0'), rows, 15);
    const slow = await medianRunMs(find('fraud-detector', '1.2.0'), rows, 15);

    expect(slow).toBeGreaterThan(5 * good);
  });

  it('stays within what SageMaker Neo documents for ONNX (1.7: IR version 7, opset 12)', () => {
    for (const model of EXAMPLE_MODELS) {
      const decoded = onnxProto.onnx.ModelProto.decode(buildExampleModel(model));
      expect(Number(decoded.irVersion), `${model.name} ${model.version}`).toBeLessThanOrEqual(7);
      for (const opset of decoded.opsetImport) expect(Number(opset.version)).toBeLessThanOrEqual(12);
    }
  });

  it('builds byte-identical files every time', () => {
    for (const model of EXAMPLE_MODELS) expect(buildExampleModel(model)).toEqual(buildExampleModel(model));
  });
});

describe('writeExampleModels', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes models/<name>/<version>/model.onnx and leaves unchanged files alone on a second run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'examples-'));
    dirs.push(root);

    const first = await writeExampleModels(root);
    const before = await stat(first[0]!);
    const second = await writeExampleModels(root);

    expect(first).toEqual(second);
    expect(first).toContain(join(root, 'models/fraud-detector/1.3.0/model.onnx'));
    // The image classifier's two versions come after the single-input examples.
    expect(first).toHaveLength(EXAMPLE_MODELS.length + 2);
    expect(first).toContain(join(root, 'models/image-classifier/1.1.0/model.onnx'));
    expect((await stat(second[0]!)).mtimeMs).toBe(before.mtimeMs);
    expect(new Uint8Array(await readFile(first[0]!))).toEqual(buildExampleModel(EXAMPLE_MODELS[0]!));
  });
});
