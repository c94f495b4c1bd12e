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

  it('places a signature path written with the one-tensor shorthand at input', () => {
    expect(locate(['models', 0, 'inputs', 0, 'shape'], 'x')).toMatchObject({
      line: 8,
      column: 53,
      path: 'models[0].input.shape',
    });
    expect(locate(['models', 0, 'inputs', 0], 'x')).toMatchObject({ line: 8, column: 12, path: 'models[0].input' });
  });

  it('places a signature path of a model with neither form at the model', () => {
    expect(locate(['models', 1, 'inputs', 0, 'shape'], 'x')).toMatchObject({
      line: 9,
      column: 5,
      path: 'models[1].inputs[0].shape',
    });
  });

  it('places a field outside the models at itself, or its nearest node; never at defaults', () => {
    expect(locate(['endpoint', 'instances', 'max'], 'x')).toMatchObject({ line: 2, column: 76 });
    expect(locate(['endpoint', 'instances', 'compile', 'target'], 'x')).toMatchObject({ line: 2, column: 61 });
  });

  it('names models.yaml unless told another file', () => {
    expect(manifestLocator(source)(['models', 1, 'name'], 'x')).toEqual({
      file: 'models.yaml',
      line: 9,
      column: 11,
      path: 'models[1].name',
      message: 'x',
    });
    expect(manifestLocator(source, 'deploy/models.yaml')(['models'], 'x').file).toBe('deploy/models.yaml');
  });
});

describe('manifestLocator with an inputs list', () => {
  const listed = `models:
  - name: a
    inputs:
      - { name: x, dtype: float32, shape: [-1] }
`;

  it('places an input at its list entry', () => {
    expect(manifestLocator(listed)(['models', 0, 'inputs', 0, 'dtype'], 'x')).toMatchObject({ line: 4, column: 27 });
  });

  it('places a missing entry at the list', () => {
    expect(manifestLocator(listed)(['models', 0, 'inputs', 3, 'dtype'], 'x')).toMatchObject({ line: 4, column: 7 });
  });
});
