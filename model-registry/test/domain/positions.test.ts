import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { manifestLocator } from '../../src/domain/manifest/positions.ts';

const source = `apiVersion: mlrelease/v1
endpoint: { name: e, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_m5 }
models:
  - name: a
    version: 1.0.0
    input: { name: features, dtype: float32, shape: [-1, 31] }
  - name: b
    compile: { target: ml_c5 }
`;

describe('manifestLocator', () => {
  const locate = manifestLocator(source, 'models.yaml');

  it('places a message at the field inside the model entry', () => {
    const issue = locate(['models', 0, 'input', 'shape'], 'wrong shape');

    expect(formatIssue(issue)).toBe('models.yaml:8:53: models[0].input.shape: wrong shape');
  });

  it('places an inherited field at its defaults entry', () => {
    expect(locate(['models', 0, 'compile', 'target'], 'x')).toMatchObject({
      line: 4,
      column: 22,
      path: 'models[0].compile.target',
    });
  });

  it('prefers the model own value over the default', () => {
    expect(locate(['models', 1, 'compile', 'target'], 'x')).toMatchObject({ line: 10, column: 24 });
  });

  it('falls back to the nearest enclosing node', () => {
    expect(locate(['models', 1, 'input', 'shape'], 'x')).toMatchObject({ line: 9, column: 5 });
  });
});
