// resolveSignature on its own: no signature whenever it reported a problem (the loader relies on
// that to keep a bad model out), the signature when nothing was reported.

import { describe, expect, it } from 'vitest';
import { LineCounter, type Node, parseDocument } from 'yaml';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import {
  inputFields,
  inputList,
  outputList,
  resolveSignature,
  signatureFromLegacyInput,
} from '../../src/domain/manifest/read-signature.ts';
import { ReadContext } from '../../src/domain/manifest/yaml-reader.ts';

/** Reads `{ <fields> }` as a model entry's input/inputs/outputs and resolves its signature. */
function resolve(fields: string) {
  const lines = new LineCounter();
  const doc = parseDocument(`{ ${fields} }`, { lineCounter: lines });
  const ctx = new ReadContext('models.yaml', lines);
  const input = doc.get('input', true) as Node | undefined;
  const inputs = doc.get('inputs', true) as Node | undefined;
  const outputs = doc.get('outputs', true) as Node | undefined;
  const signature = resolveSignature(
    {
      ...(input ? { input: inputFields(input, ['input'], ctx) } : {}),
      ...(inputs ? { inputs: inputList(inputs, ['inputs'], ctx) } : {}),
      ...(outputs ? { outputs: outputList(outputs, ['outputs'], ctx) } : {}),
      nodes: { ...(input ? { input } : {}), ...(inputs ? { inputs } : {}), ...(outputs ? { outputs } : {}) },
    },
    doc.contents as Node,
    ['models', 0],
    ctx,
  );
  return { signature, errors: ctx.issues.map(formatIssue) };
}

const X = '{ name: x, dtype: float32, shape: [-1] }';

describe('resolveSignature gives no signature after reporting', () => {
  it.each([
    ['both forms', `input: ${X}, inputs: [${X}]`],
    ['neither form', `outputs: [${X}]`],
    ['two inputs of one name', `inputs: [${X}, ${X}]`],
    ['two outputs of one name', `inputs: [${X}], outputs: [${X}, ${X}]`],
    ['a batchDim outside the shape', 'input: { name: x, dtype: float32, shape: [-1], batchDim: 1 }'],
    ['a batchDim at a fixed dim', 'input: { name: x, dtype: float32, shape: [2, n], batchDim: 0 }'],
    ['maxBatch without a batch dim', 'input: { name: x, dtype: float32, shape: [2], maxBatch: 4 }'],
    ['a bad second input', `inputs: [${X}, { name: y, dtype: float32, shape: [2], maxBatch: 4 }]`],
    ['an output missing its dtype', `input: ${X}, outputs: [{ name: y, shape: [1] }]`],
    ['outputs that are not a list', `input: ${X}, outputs: 5`],
    ['an input with a bad dtype', 'input: { name: x, dtype: float31, shape: [-1] }'],
    ['an input list entry with a bad dim', 'inputs: [{ name: x, dtype: float32, shape: [0] }]'],
    ['a good input, then one with a bad dtype', `inputs: [${X}, { name: y, dtype: float31, shape: [1] }]`],
  ])('%s', (_name, fields) => {
    const { signature, errors } = resolve(fields);
    expect(errors).toHaveLength(1);
    expect(signature).toBeUndefined();
  });

  it('gives the signature, outputs included, when nothing was reported', () => {
    expect(resolve(`input: ${X}, outputs: [{ name: y, dtype: int64, shape: [] }]`)).toEqual({
      signature: {
        inputs: [{ name: 'x', dtype: 'float32', shape: [-1], batchDim: 0, maxBatch: 64 }],
        outputs: [{ name: 'y', dtype: 'int64', shape: [] }],
      },
      errors: [],
    });
  });

  it('places a duplicate output name at the second output', () => {
    expect(resolve(`input: ${X}, outputs: [${X}, ${X}]`).errors).toEqual([
      'models.yaml:1:112: models[0].outputs[1].name: duplicate tensor name (first at [0])',
    ]);
  });

  it('places a duplicate at the second name and a batchDim problem at the shorthand input', () => {
    expect(resolve(`inputs: [${X}, ${X}]`).errors).toEqual([
      'models.yaml:1:62: models[0].inputs[1].name: duplicate tensor name (first at [0])',
    ]);
    expect(resolve('input: { name: x, dtype: float32, shape: [-1], batchDim: 1 }').errors).toEqual([
      'models.yaml:1:60: models[0].input.batchDim: is outside the shape (1 dimensions)',
    ]);
  });
});

describe('signatureFromLegacyInput (registrations recorded before signatures)', () => {
  it('takes a leading -1 as the batch, and 64 rows unless recorded', () => {
    expect(signatureFromLegacyInput({ name: 'features', dtype: 'float32', shape: [-1, 30] })).toStrictEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
    });
  });

  it('gives no batch dimension to a fixed shape, and keeps a recorded maxBatch', () => {
    expect(signatureFromLegacyInput({ name: 'features', dtype: 'int64', shape: [1, 30], maxBatch: 8 })).toStrictEqual({
      inputs: [{ name: 'features', dtype: 'int64', shape: [1, 30], maxBatch: 8 }],
    });
  });
});
