import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutate, VALID } from './fixtures.ts';

function errorsOf(text: string): string[] {
  const result = loadManifest(text);
  if (result.ok) throw new Error('expected the manifest to be invalid');
  return result.issues.map(formatIssue);
}

describe('loadManifest on a valid document', () => {
  it('resolves defaults, units and per-model overrides', () => {
    const result = loadManifest(VALID);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [fraud, churn] = result.manifest.models;
    expect(fraud).toMatchObject({
      name: 'fraud-detector',
      compile: { target: 'ml_c5', engine: 'onnxruntime' },
      serving: 'multi-model',
      signature: { inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }] },
      release: {
        strategy: 'canary',
        steps: [
          { weight: 10, bakeMs: 300_000 },
          { weight: 50, bakeMs: 300_000 },
        ],
        gates: { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] },
      },
    });
    expect(churn?.release).toEqual({
      strategy: 'ab',
      split: 50,
      sticky: { source: 'header', name: 'x-user-id' },
      durationMs: 86_400_000,
      gates: { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [] },
      // The fixture still names the old test: it loads as the sequential test of the same metric,
      // with the default boundary written in.
      judge: { metric: 'latency', test: 'sequential-rank', alpha: 0.05, boundary: 'alpha-spending' },
    });
    expect(result.manifest.endpoint).toEqual({
      name: 'scoring-mme',
      instanceType: 'ml.c5.xlarge',
      instances: { min: 1, max: 4 },
      targetInvocationsPerInstance: 300,
    });
  });

  it.each([
    ['latency', 'sequential-rank', 'sequential-rank'],
    ['latency', 'mann-whitney', 'sequential-rank'],
    ['error-rate', 'sequential-binomial', 'sequential-binomial'],
    ['error-rate', 'two-proportion', 'sequential-binomial'],
  ])('reads judge %s with test %s as %s', (metric, written, test) => {
    const result = loadManifest(mutate('metric: latency, test: mann-whitney', `metric: ${metric}, test: ${written}`));

    expect(result.ok && result.manifest.models[1]?.release.judge).toEqual({
      metric,
      test,
      alpha: 0.05,
      boundary: 'alpha-spending',
    });
  });

  it.each(['alpha-spending', 'mixture'])('reads judge boundary %s', (boundary) => {
    const result = loadManifest(mutate('test: mann-whitney', `test: mann-whitney, boundary: ${boundary}`));

    expect(result.ok && result.manifest.models[1]?.release.judge).toEqual({
      metric: 'latency',
      test: 'sequential-rank',
      alpha: 0.05,
      boundary,
    });
  });

  it('rejects an unknown judge boundary, with its position', () => {
    const result = loadManifest(mutate('test: mann-whitney', 'test: mann-whitney, boundary: pocock'));

    expect(result.ok).toBe(false);
    expect(!result.ok && formatIssue(result.issues[0]!)).toMatch(/release\.judge\.boundary: /);
  });

  it('accepts linear and all-at-once strategies', () => {
    const linear = mutate(
      '    release:\n      strategy: ab\n      split: 50\n      sticky: header:x-user-id\n      duration: 24h\n      judge: { metric: latency, test: mann-whitney, alpha: 0.05 }\n',
      '    release: { strategy: linear, increment: 20%, interval: 90s }\n',
    );
    const result = loadManifest(linear);
    expect(result.ok && result.manifest.models[1]?.release).toMatchObject({
      strategy: 'linear',
      increment: 20,
      intervalMs: 90_000,
    });

    const once = mutate(
      '    release:\n      strategy: ab\n      split: 50\n      sticky: header:x-user-id\n      duration: 24h\n',
      '    release:\n      strategy: all-at-once\n',
    );
    const second = loadManifest(once);
    expect(second.ok && second.manifest.models[1]?.release.strategy).toBe('all-at-once');
  });
});

describe('loadManifest errors carry file:line:column and the field path', () => {
  it.each([
    [
      'a bad semver',
      mutate('version: 1.3.0', 'version: 1.3'),
      'models.yaml:16:14: models[0].version: expected a semantic version like 1.2.3, got number 1.3',
    ],
    [
      'a misspelled key',
      mutate(
        '    framework: onnx\n    input: { name: features, dtype: float32, shape: [-1, 30] }',
        '    framwork: onnx\n    input: { name: features, dtype: float32, shape: [-1, 30] }',
      ),
      'models.yaml:18:5: models[0].framwork: unknown key (did you mean "framework"?)',
    ],
    [
      'a misspelled strategy',
      mutate('strategy: canary', 'strategy: canry'),
      'models.yaml:9:15: defaults.release.strategy: expected one of canary | linear | ab | all-at-once | shadow, got "canry" (did you mean "canary"?)',
    ],
    [
      'a bad duration',
      mutate('bake: 5m }\n      - { weight: 50', 'bake: 5min }\n      - { weight: 50'),
      'models.yaml:11:29: defaults.release.steps[0].bake: expected a duration like 30s, 5m or 24h, got "5min"',
    ],
    [
      'weights that do not increase',
      mutate('weight: 50', 'weight: 5'),
      "models.yaml:12:19: defaults.release.steps[1].weight: must be greater than the previous step's weight (10%)",
    ],
    [
      'a step above 100%',
      mutate('weight: 50', 'weight: 150'),
      'models.yaml:12:19: defaults.release.steps[1].weight: expected a percentage from 1% to 100%, got number 150',
    ],
    [
      'A/B without a sticky key',
      mutate('      sticky: header:x-user-id\n', ''),
      'models.yaml:26:7: models[1].release.sticky: is required for strategy ab',
    ],
    [
      'a duplicate model name',
      mutate('name: churn-scorer', 'name: fraud-detector'),
      'models.yaml:20:11: models[1].name: duplicate model name (first defined at models[0])',
    ],
    [
      'a judge test that does not fit its metric',
      mutate('test: mann-whitney', 'test: two-proportion'),
      'models.yaml:30:39: models[1].release.judge.test: latency is judged with sequential-rank, not two-proportion',
    ],
    [
      'a canary field on an A/B model',
      mutate('      split: 50\n', '      split: 50\n      steps: [{ weight: 10, bake: 1m }]\n'),
      'models.yaml:28:14: models[1].release.steps: applies to canary only, not ab',
    ],
    [
      'min above max instances',
      mutate('{ min: 1, max: 4 }', '{ min: 5, max: 4 }'),
      'models.yaml:5:29: endpoint.instances.max: must be >= min (5)',
    ],
    [
      'an artifact path escaping the repo',
      mutate('artifact: models/fraud-detector/1.3.0/model.onnx', 'artifact: ../secrets/model.onnx'),
      'models.yaml:17:15: models[0].artifact: expected a relative path inside the repo or an s3:// URI, got "../secrets/model.onnx"',
    ],
    [
      'a model name with a path in it',
      mutate('name: fraud-detector', 'name: ../fraud'),
      'models.yaml:15:11: models[0].name: expected a model name (lowercase letters, digits, hyphens; starts with a letter, does not end with a hyphen), got "../fraud"',
    ],
    [
      'a zero dimension',
      mutate('shape: [-1, 30]', 'shape: [-1, 0]'),
      'models.yaml:19:58: models[0].input.shape[1]: expected a size >= 1, -1 (dynamic) or a dimension name like batch, got number 0',
    ],
    [
      'a missing required key',
      mutate(
        '    framework: onnx\n    input: { name: features, dtype: float32, shape: [-1, 30] }',
        '    input: { name: features, dtype: float32, shape: [-1, 30] }',
      ),
      'models.yaml:15:5: models[0].framework: is required',
    ],
    [
      'YAML syntax',
      'apiVersion: mlrelease/v1\nendpoint: [oops\n',
      'models.yaml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['an empty file', '', 'models.yaml:1:1: expected a mapping, got nothing'],
  ])('reports %s', (_name, text, expected) => {
    expect(errorsOf(text)).toContain(expected);
  });

  it('reports every problem at once, in file order', () => {
    const text = mutate('version: 1.3.0', 'version: one')
      .replace('dtype: float32, shape: [-1, 12]', 'dtype: float31, shape: [-1, 12]')
      .replace('split: 50', 'split: 100');

    const errors = errorsOf(text);

    expect(errors).toEqual([
      'models.yaml:16:14: models[0].version: expected a semantic version like 1.2.3, got "one"',
      'models.yaml:24:37: models[1].input.dtype: expected one of float32 | float64 | float16 | int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | bool | string, got "float31" (did you mean "float32"?)',
      'models.yaml:27:14: models[1].release.split: expected a percentage from 1% to 99%, got number 100',
    ]);
  });

  it('uses the file name it is given', () => {
    expect(errorsOf.call(null, '')[0]).toMatch(/^models\.yaml:/);
    const result = loadManifest('', 'deploy/models.yaml');
    expect(!result.ok && formatIssue(result.issues[0]!)).toBe(
      'deploy/models.yaml:1:1: expected a mapping, got nothing',
    );
  });
});
