// Every models.yaml limit on both sides of its boundary: the value just inside loads, the value
// just outside is refused at its position with what was expected and what was written.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { doc, where } from './doc.ts';

const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};
const model = (text: string) => {
  const result = loadManifest(text);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.manifest.models[0]!;
};
const endpoint = (fields: string) => doc({ 2: `endpoint: { name: scoring, instanceType: ml.c5.xlarge, ${fields} }` });

describe('endpoint', () => {
  it('reads instances 1..100 and targetInvocationsPerInstance 1..1,000,000', () => {
    for (const [min, max, target] of [
      [1, 1, 1],
      [100, 100, 1_000_000],
    ]) {
      const result = loadManifest(
        endpoint(`instances: { min: ${min}, max: ${max} }, targetInvocationsPerInstance: ${target}`),
      );
      expect(result.ok && result.manifest.endpoint).toEqual({
        name: 'scoring',
        instanceType: 'ml.c5.xlarge',
        instances: { min, max },
        targetInvocationsPerInstance: target,
      });
    }
  });

  it.each([
    ['min: 0, max: 2', 'min: 0', 'endpoint.instances.min: expected an integer from 1 to 100, got number 0'],
    ['min: 1, max: 101', 'max: 101', 'endpoint.instances.max: expected an integer from 1 to 100, got number 101'],
    ['min: 3, max: 2', 'max: 2', 'endpoint.instances.max: must be >= min (3)'],
  ])('refuses instances { %s }', (instances, at, message) => {
    const text = endpoint(`instances: { ${instances} }`);
    expect(errorsOf(text)).toEqual([`${where(text, 2, at.slice(5))}: ${message}`]);
  });

  it('accepts min equal to max', () => {
    expect(loadManifest(endpoint('instances: { min: 3, max: 3 }')).ok).toBe(true);
  });

  it.each([
    ['0', 'number 0'],
    ['1000001', 'number 1000001'],
  ])('refuses targetInvocationsPerInstance %s', (value, got) => {
    const text = endpoint(`instances: { min: 1, max: 2 }, targetInvocationsPerInstance: ${value}`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 2, value)}: endpoint.targetInvocationsPerInstance: expected an integer from 1 to 1000000, got ${got}`,
    ]);
  });

  it.each([
    ['a', true],
    [`a${'b'.repeat(62)}`, true],
    [`a${'b'.repeat(63)}`, false],
    ['a-b--c', true],
    ['A1', true],
    ['-a', false],
    ['a-', false],
    ['a_b', false],
  ])('endpoint name %s loads: %s', (name, ok) => {
    const text = doc({
      2: `endpoint: { name: ${name}, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }`,
    });
    expect(errorsOf(text)).toEqual(
      ok
        ? []
        : [
            `${where(text, 2, name)}: endpoint.name: expected an endpoint name (letters, digits, hyphens), got "${name}"`,
          ],
    );
  });

  it.each([
    ['ml.c5.xlarge', true],
    ['ml.g4dn.12xlarge', true],
    ['c5.xlarge', false],
    ['ml.c5', false],
    ['ml.c5.xlarge.x', false],
    ['ml.C5.xlarge', false],
  ])('instanceType %s loads: %s', (type, ok) => {
    const text = doc({ 2: `endpoint: { name: e, instanceType: ${type}, instances: { min: 1, max: 2 } }` });
    expect(errorsOf(text)).toEqual(
      ok
        ? []
        : [
            `${where(text, 2, type)}: endpoint.instanceType: expected a SageMaker instance type like ml.c5.xlarge, got "${type}"`,
          ],
    );
  });

  it('defaults targetInvocationsPerInstance to 300', () => {
    const result = loadManifest(doc({}));
    expect(result.ok && result.manifest.endpoint.targetInvocationsPerInstance).toBe(300);
  });
});

describe('the document', () => {
  it('names the one apiVersion it reads', () => {
    const text = doc({ 1: 'apiVersion: mlrelease/v2' });
    expect(errorsOf(text)).toEqual([
      'models.yaml:1:13: apiVersion: expected one of mlrelease/v1, got "mlrelease/v2" (did you mean "mlrelease/v1"?)',
    ]);
  });

  it('wants models as a list', () => {
    const text = doc({ 5: 'models: fraud-detector', 6: '', 7: '', 8: '', 9: '', 10: '', 11: '' });
    expect(errorsOf(text)).toEqual(['models.yaml:5:9: models: expected a list of models']);
  });

  it('loads an empty model list', () => {
    const result = loadManifest(doc({ 5: 'models: []', 6: '', 7: '', 8: '', 9: '', 10: '', 11: '' }));
    expect(result.ok && result.manifest.models).toEqual([]);
  });

  it('reports a missing endpoint and models at the document', () => {
    expect(errorsOf('apiVersion: mlrelease/v1\n')).toEqual([
      'models.yaml:1:1: endpoint: is required',
      'models.yaml:1:1: models: is required',
    ]);
  });

  it('reports a YAML syntax error at its position, in one line', () => {
    expect(errorsOf(doc({ 7: '    version: @1.0.0' }))).toEqual([
      'models.yaml:7:14: YAML syntax: Plain value cannot start with reserved character @',
    ]);
  });

  it('reports a key written twice', () => {
    expect(errorsOf(doc({ 8: '    version: 1.0.1\n    artifact: models/m/1.0.0/model.onnx' }))).toEqual([
      'models.yaml:8:5: YAML syntax: Map keys must be unique',
    ]);
  });

  it('measures the size limit in characters: 4 MiB loads, one more is refused unread', () => {
    const base = doc({});
    const limit = 4 * 1024 * 1024;
    const fill = (n: number) => `${base}#${'x'.repeat(n - base.length - 2)}\n`;
    expect(fill(limit)).toHaveLength(limit);
    expect(loadManifest(fill(limit)).ok).toBe(true);
    expect(errorsOf(fill(limit + 1))).toEqual(['models.yaml:1:1: file is 4.0 MiB; the limit is 4.0 MiB']);
    expect(errorsOf(`${fill(limit)}${'#'.repeat(200_000)}`)).toEqual([
      'models.yaml:1:1: file is 4.2 MiB; the limit is 4.0 MiB',
    ]);
  });
});

describe('model fields', () => {
  it.each([
    ['a', true],
    [`a${'b'.repeat(62)}`, true],
    [`a${'b'.repeat(63)}`, false],
    ['fraud-detector-2', true],
    ['a--b', true],
    ['a-', false],
    ['2fraud', false],
    ['Fraud', false],
    ['fraud_detector', false],
  ])('model name %s loads: %s', (name, ok) => {
    const text = doc({ 6: `  - name: ${name}` });
    expect(errorsOf(text)).toEqual(
      ok
        ? []
        : [
            `models.yaml:6:11: models[0].name: expected a model name (lowercase letters, digits, hyphens; starts with a letter, does not end with a hyphen), got "${name}"`,
          ],
    );
  });

  it.each([
    ['1.0.0', true],
    ['0.10.200', true],
    ['1.2.3-rc.1', true],
    ['1.2.3+build.7', true],
    ['1.2.3-rc.1+build.7', true],
    ['01.2.3', false],
    ['1.02.3', false],
    ['1.2.03', false],
    ['1.2.3-', false],
    ['v1.2.3', false],
    ['1.2.3.4', false],
  ])('version %s loads: %s', (version, ok) => {
    const text = doc({ 7: `    version: "${version}"` });
    expect(errorsOf(text)).toEqual(
      ok ? [] : [`models.yaml:7:14: models[0].version: expected a semantic version like 1.2.3, got "${version}"`],
    );
  });

  it.each([
    ['models/m/1.0.0/model.onnx', true],
    ['model.onnx', true],
    ['./models/m.onnx', true],
    ['models/..m/model.onnx', true],
    ['s3://my-models/m/1.0.0/model.onnx', true],
    ['s3://abc/k', true],
    ['s3://ab/k', false],
    [`s3://${'b'.repeat(63)}/k`, true],
    [`s3://${'b'.repeat(64)}/k`, false],
    ['s3://my-models/', false],
    ['s3://My-models/k', false],
    ['s3:models/m.onnx', false],
    ['/abs/model.onnx', false],
    ['models/../../model.onnx', false],
    ['..', false],
    ['models/..', false],
    ['models/m model.onnx', false],
  ])('artifact %s loads: %s', (artifact, ok) => {
    const text = doc({ 8: `    artifact: "${artifact}"` });
    expect(errorsOf(text)).toEqual(
      ok
        ? []
        : [
            `models.yaml:8:15: models[0].artifact: expected a relative path inside the repo or an s3:// URI, got "${artifact}"`,
          ],
    );
  });

  it('refuses an artifact that is not text', () => {
    expect(errorsOf(doc({ 8: '    artifact: 5' }))).toEqual([
      'models.yaml:8:15: models[0].artifact: expected a relative path inside the repo or an s3:// URI, got number 5',
    ]);
  });

  it('names the frameworks it knows', () => {
    expect(errorsOf(doc({ 9: '    framework: keras' }))).toEqual([
      'models.yaml:9:16: models[0].framework: expected one of onnx | pytorch | tensorflow | xgboost | mxnet | tflite, got "keras"',
    ]);
  });

  it('wants a compile target on every model, from the model or defaults.compile', () => {
    const text = doc({ 4: '  compile: {}' });
    expect(errorsOf(text)).toEqual([
      'models.yaml:6:5: models[0].compile.target: is required (set it here or in defaults.compile)',
    ]);
    const own = loadManifest(doc({ 4: '  compile: {}', 9: '    framework: onnx\n    compile: { target: ml_m5 }' }));
    expect(own.ok && own.manifest.models[0]?.compile).toEqual({ target: 'ml_m5', engine: 'onnxruntime' });
  });

  it('prefers the model compile target over the default', () => {
    expect(model(doc({ 9: '    framework: onnx\n    compile: { target: ml_m5 }' })).compile.target).toBe('ml_m5');
  });
});

describe('signature limits', () => {
  const input = (fields: string) => doc({ 10: `    input: { name: x, dtype: float32, ${fields} }` });
  const shape = (dims: string) => input(`shape: [${dims}]`);

  it.each([
    ['1', [1]],
    ['-1', [-1]],
    ['1000000000', [1_000_000_000]],
    ['batch', ['batch']],
    ['_n', ['_n']],
    ['seq_Len2', ['seq_Len2']],
  ])('reads dim %s', (dims, parsed) => {
    expect(model(shape(dims)).signature.inputs[0]?.shape).toEqual(parsed);
  });

  it.each([
    ['0', 'number 0'],
    ['-2', 'number -2'],
    ['1000000001', 'number 1000000001'],
    ['1.5', 'number 1.5'],
    ['2x', '"2x"'],
    ['a-b', '"a-b"'],
    ['"b c"', '"b c"'],
    ['true', 'boolean true'],
  ])('refuses dim %s', (dims, got) => {
    const text = shape(dims);
    expect(errorsOf(text)).toEqual([
      `${where(text, 10, dims)}: models[0].input.shape[0]: expected a size >= 1, -1 (dynamic) or a dimension name like batch, got ${got}`,
    ]);
  });

  it('reads a leading -1 as the batch, and else a dim named batch; none otherwise', () => {
    expect(model(shape('-1, 3')).signature.inputs[0]).toEqual({
      name: 'x',
      dtype: 'float32',
      shape: [-1, 3],
      batchDim: 0,
      maxBatch: 64,
    });
    expect(model(shape('2, batch, -1')).signature.inputs[0]).toMatchObject({ batchDim: 1 });
    expect(model(shape('2, -1')).signature.inputs[0]).toStrictEqual({
      name: 'x',
      dtype: 'float32',
      shape: [2, -1],
      maxBatch: 64,
    });
  });

  it('reads batchDim 0..63 pointing at a dynamic dim, named or -1', () => {
    expect(model(input('shape: [2, -1], batchDim: 1')).signature.inputs[0]).toMatchObject({ batchDim: 1 });
    expect(model(input('shape: [n, 2], batchDim: 0')).signature.inputs[0]).toMatchObject({ batchDim: 0 });
    expect(model(input('shape: [batch, n], batchDim: 1')).signature.inputs[0]).toMatchObject({ batchDim: 1 });
    const dims = Array.from({ length: 64 }, () => 'n').join(', ');
    expect(model(input(`shape: [${dims}], batchDim: 63`)).signature.inputs[0]).toMatchObject({ batchDim: 63 });
  });

  it.each([
    ['shape: [-1], batchDim: 64', 'batchDim: 64', 'expected an integer from 0 to 63, got number 64'],
    ['shape: [-1], batchDim: -1', 'batchDim: -1', 'expected an integer from 0 to 63, got number -1'],
    ['shape: [n, n], batchDim: 2', 'batchDim: 2', 'is outside the shape (2 dimensions)'],
    ['shape: [n, 1], batchDim: 1', 'batchDim: 1', 'points at a fixed dimension (1); it must be dynamic'],
  ])('refuses %s', (fields, at, message) => {
    const text = input(fields);
    expect(errorsOf(text)).toEqual([
      `${where(text, 10, at, 'batchDim: '.length)}: models[0].input.batchDim: ${message}`,
    ]);
  });

  it('reads maxBatch 1..10,000', () => {
    expect(model(input('shape: [-1], maxBatch: 1')).signature.inputs[0]?.maxBatch).toBe(1);
    expect(model(input('shape: [-1], maxBatch: 10000')).signature.inputs[0]?.maxBatch).toBe(10_000);
  });

  it.each([
    ['0', 'number 0'],
    ['10001', 'number 10001'],
  ])('refuses maxBatch %s', (value, got) => {
    const text = input(`shape: [-1], maxBatch: ${value}`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 10, value)}: models[0].input.maxBatch: expected an integer from 1 to 10000, got ${got}`,
    ]);
  });

  it('refuses maxBatch on an input without a batch dimension, at maxBatch', () => {
    const text = input('shape: [2, 3], maxBatch: 8');
    expect(errorsOf(text)).toEqual([
      `${where(text, 10, '8 }')}: models[0].input.maxBatch: needs a batch dimension (a dynamic dim; set batchDim)`,
    ]);
  });

  it('refuses an empty tensor name and an empty inputs list', () => {
    const empty = input('shape: [-1]').replace('name: x', 'name: ""');
    expect(errorsOf(empty)).toEqual([
      `${where(empty, 10, '""')}: models[0].input.name: expected a tensor name, got ""`,
    ]);
    const none = doc({ 10: '    inputs: []' });
    expect(errorsOf(none)).toEqual(['models.yaml:10:13: models[0].inputs: needs at least 1 item(s)']);
  });
});
