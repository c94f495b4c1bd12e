import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutate } from './fixtures.ts';

const SHORTHAND = '    input: { name: features, dtype: float32, shape: [-1, 30] }\n';
const VAD = `    inputs:
      - { name: input, dtype: float32, shape: [batch, samples] }
      - { name: state, dtype: float32, shape: [2, batch, 128], maxBatch: 8 }
      - { name: sr, dtype: int64, shape: [] }
    outputs:
      - { name: output, dtype: float32, shape: [batch, 1] }
      - { name: stateN, dtype: float32, shape: [2, batch, 128] }
`;
const withSignature = (text: string) => mutate(SHORTHAND, text);
const errorsOf = (text: string) => {
  const result = loadManifest(text);
  if (result.ok) throw new Error('expected the manifest to be invalid');
  return result.issues.map(formatIssue);
};

describe('models.yaml signatures', () => {
  it('reads named inputs and outputs: named dims, scalars, int64, the batch dim found by name', () => {
    const result = loadManifest(withSignature(VAD));
    expect(result.ok && result.manifest.models[0]?.signature).toEqual({
      inputs: [
        { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 64 },
        { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 8 },
        { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
      ],
      outputs: [
        { name: 'output', dtype: 'float32', shape: ['batch', 1] },
        { name: 'stateN', dtype: 'float32', shape: [2, 'batch', 128] },
      ],
    });
  });

  it('keeps the one-input shorthand: a leading -1 is the batch', () => {
    const result = loadManifest(withSignature(SHORTHAND));
    expect(result.ok && result.manifest.models[0]?.signature).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
    });
  });

  it.each(['float16', 'bool', 'string', 'uint8', 'int64'])('accepts dtype %s', (dtype) => {
    expect(loadManifest(withSignature(`    input: { name: x, dtype: ${dtype}, shape: [-1, 3] }\n`)).ok).toBe(true);
  });

  it.each([
    [
      'both forms',
      `${SHORTHAND}${VAD}`,
      'models.yaml:21:7: models[0].inputs: use either input (one tensor) or inputs (a list), not both',
    ],
    ['no signature', '', 'models.yaml:15:5: models[0].inputs: is required (or the one-tensor shorthand input)'],
    [
      'a duplicate input name',
      '    inputs:\n      - { name: a, dtype: float32, shape: [1] }\n      - { name: a, dtype: int64, shape: [] }\n',
      'models.yaml:21:17: models[0].inputs[1].name: duplicate tensor name (first at [0])',
    ],
    [
      'a batchDim at a fixed dimension',
      '    inputs:\n      - { name: a, dtype: float32, shape: [2, batch], batchDim: 0 }\n',
      'models.yaml:20:65: models[0].inputs[0].batchDim: points at a fixed dimension (2); it must be dynamic',
    ],
    [
      'a batchDim outside the shape',
      '    inputs:\n      - { name: a, dtype: float32, shape: [batch], batchDim: 3 }\n',
      'models.yaml:20:62: models[0].inputs[0].batchDim: is outside the shape (1 dimensions)',
    ],
    [
      'maxBatch without a batch dimension',
      '    inputs:\n      - { name: sr, dtype: int64, shape: [], maxBatch: 4 }\n',
      'models.yaml:20:56: models[0].inputs[0].maxBatch: needs a batch dimension (a dynamic dim; set batchDim)',
    ],
    [
      'a misspelled dtype',
      '    inputs:\n      - { name: a, dtype: flaot16, shape: [] }\n',
      'models.yaml:20:27: models[0].inputs[0].dtype: expected one of float32 | float64 | float16 | int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | bool | string, got "flaot16" (did you mean "float16"?)',
    ],
    [
      'a misspelled key in an output',
      '    inputs:\n      - { name: a, dtype: float32, shape: [] }\n    outputs:\n      - { name: b, dtype: float32, shap: [] }\n',
      'models.yaml:22:36: models[0].outputs[0].shap: unknown key (did you mean "shape"?)',
    ],
    [
      'a bad dimension name',
      '    inputs:\n      - { name: a, dtype: float32, shape: [2x] }\n',
      'models.yaml:20:44: models[0].inputs[0].shape[0]: expected a size >= 1, -1 (dynamic) or a dimension name like batch, got "2x"',
    ],
  ])('reports %s at its position', (_name, text, expected) => {
    expect(errorsOf(withSignature(text))).toContain(expected);
  });
});

describe('release: { breaking: true }', () => {
  const release = '    release:\n      strategy: ab\n';
  it('is accepted with all-at-once and recorded on the model', () => {
    const text = mutate(release, '    release:\n      strategy: all-at-once\n      breaking: true\n').replace(
      / {6}split: 50\n {6}sticky: header:x-user-id\n {6}duration: 24h\n/,
      '',
    );
    const result = loadManifest(text);
    expect(result.ok && result.manifest.models[1]?.breaking).toBe(true);
  });

  it('is refused with a strategy that splits traffic, and in defaults', () => {
    const text = mutate(release, '    release:\n      breaking: true\n      strategy: ab\n').replace(
      '    gates:',
      '    breaking: true\n    gates:',
    );
    expect(errorsOf(text)).toEqual([
      'models.yaml:13:15: defaults.release.breaking: is set per model only (a breaking release is a decision about one model)',
      'models.yaml:27:17: models[1].release.breaking: a breaking release goes all at once (strategy: all-at-once), not ab',
    ]);
  });
});
