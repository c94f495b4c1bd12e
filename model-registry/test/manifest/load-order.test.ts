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

describe('loadManifest reads', () => {
  it('a document that starts with blank lines, positions counted from the first line', () => {
    const text = `\n\n${doc({ 7: '    version: one' })}`;
    expect(errorsOf(text)).toEqual([
      'models.yaml:9:14: models[0].version: expected a semantic version like 1.2.3, got "one"',
    ]);
  });

  it('a document without defaults', () => {
    const result = loadManifest(doc({ 3: '', 4: '', 9: '    framework: onnx\n    compile: { target: ml_c5 }' }));
    expect(result.ok && result.manifest).toEqual({
      apiVersion: 'mlrelease/v1',
      endpoint: {
        name: 'scoring',
        instanceType: 'ml.c5.xlarge',
        instances: { min: 1, max: 2 },
        targetInvocationsPerInstance: 300,
      },
      models: [
        {
          name: 'm',
          version: '1.0.0',
          artifact: 'models/m/1.0.0/model.onnx',
          framework: 'onnx',
          signature: { inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 3], batchDim: 0, maxBatch: 64 }] },
          compile: { target: 'ml_c5', engine: 'onnxruntime' },
          serving: 'multi-model',
          release: {
            strategy: 'all-at-once',
            gates: { maxErrorRate: 0.01, maxP99LatencyMs: 500, minRequests: 50, alarms: [] },
          },
        },
      ],
    });
  });

  it('defaults without compile, and a model with neo and no target anywhere', () => {
    const text = doc({
      4: '  release: { strategy: all-at-once }',
      9: '    framework: onnx\n    compile: { engine: neo }',
      11: '',
    });
    const errors = errorsOf(text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(
      'models.yaml:6:5: models[0].compile.target: is required (set it here or in defaults.compile)',
    );
    expect(errors[1]).toMatch(
      /^models\.yaml:10:24: models\[0\]\.compile\.engine: neo cannot be served by the multi-model endpoint/,
    );
    expect(errors[1]).toMatch(/ production variant on the compile target instance family$/);
  });

  it('defaults without compile, and a model with its own target and no engine', () => {
    const result = loadManifest(
      doc({
        4: '  release: { strategy: all-at-once }',
        9: '    framework: onnx\n    compile: { target: ml_m5 }',
        11: '',
      }),
    );
    expect(result.ok && result.manifest.models[0]?.compile).toEqual({ target: 'ml_m5', engine: 'onnxruntime' });
  });

  it('an endpoint without instances', () => {
    const text = doc({ 2: 'endpoint: { name: scoring, instanceType: ml.c5.xlarge }' });
    expect(errorsOf(text)).toEqual(['models.yaml:2:11: endpoint.instances: is required']);
  });

  it('two models with bad names as two bad names, not as duplicates', () => {
    const second =
      '  - name: Bad\n    version: 1.0.1\n    artifact: n.onnx\n    framework: onnx\n    input: { name: x, dtype: float32, shape: [-1] }\n    release: { strategy: all-at-once }';
    const text = doc({ 6: '  - name: Bad', 11: `    release: { strategy: all-at-once }\n${second}` });
    const message =
      'expected a model name (lowercase letters, digits, hyphens; starts with a letter, does not end with a hyphen), got "Bad"';
    expect(errorsOf(text)).toEqual([
      `models.yaml:6:11: models[0].name: ${message}`,
      `models.yaml:12:11: models[1].name: ${message}`,
    ]);
  });
});
