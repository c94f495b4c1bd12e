// How loadManifest reports: every problem of every model at once, one entry never hiding another,
// sorted by position, each said once.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { doc, where } from './doc.ts';

const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('loadManifest reports', () => {
  it('an entry that is not a mapping, and still reads the next entry', () => {
    const text = doc({ 6: '  - fraud-detector\n  - name: m' });
    expect(errorsOf(text)).toEqual(['models.yaml:6:5: models[0]: expected a mapping, got "fraud-detector"']);
  });

  it('every bad model, each at its own lines', () => {
    const second =
      '  - name: n\n    version: 2.0\n    artifact: n.onnx\n    framework: onnx\n    input: { name: x, dtype: float32, shape: [-1] }';
    const text = doc({ 7: '    version: one', 11: `    release: { strategy: all-at-once }\n${second}` });
    expect(errorsOf(text)).toEqual([
      'models.yaml:7:14: models[0].version: expected a semantic version like 1.2.3, got "one"',
      'models.yaml:12:5: models[1].release.strategy: is required (set it here or in defaults.release)',
      'models.yaml:13:14: models[1].version: expected a semantic version like 1.2.3, got number 2',
    ]);
  });

  it('in file order, whatever order they were found in', () => {
    // The compile target is checked after the signature, the instances after every model.
    const text = doc({
      2: 'endpoint: { name: scoring, instanceType: ml.c5.xlarge, instances: { min: 3, max: 2 } }',
      4: '  compile: {}',
      10: '    input: { name: x, dtype: float31, shape: [-1, 3] }',
    });
    expect(errorsOf(text)).toEqual([
      `${where(text, 2, 'max: 2', 5)}: endpoint.instances.max: must be >= min (3)`,
      'models.yaml:6:5: models[0].compile.target: is required (set it here or in defaults.compile)',
      `${where(text, 10, 'float31')}: models[0].input.dtype: expected one of float32 | float64 | float16 | int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | bool | string, got "float31" (did you mean "float32"?)`,
    ]);
  });

  it('in column order on one line', () => {
    const text = doc({ 11: '    release: { breaking: true, strategy: canary, steps: [{ weight: 10, bake: 1m }] }' });
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, 'true')}: models[0].release.breaking: a breaking release goes all at once (strategy: all-at-once), not canary`,
    ]);
    const two = doc({ 11: '    release: { sample: 5, strategy: all-at-once, split: 5 }' });
    expect(errorsOf(two)).toEqual([
      `${where(two, 11, '5,')}: models[0].release.sample: applies to shadow only, not all-at-once`,
      `${where(two, 11, '5 }')}: models[0].release.split: applies to ab only, not all-at-once`,
    ]);
  });
});
