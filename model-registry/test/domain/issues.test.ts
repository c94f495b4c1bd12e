// The one error format of models.yaml: file:line:column: path: message.
import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath } from '../../src/domain/manifest/issues.ts';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['endpoint'], 'endpoint'],
    [['endpoint', 'instances', 'max'], 'endpoint.instances.max'],
    [['models', 1, 'release', 'steps', 0, 'weight'], 'models[1].release.steps[0].weight'],
    [['models', 0, 'inputs', 2], 'models[0].inputs[2]'],
    [[3, 'name'], '[3].name'],
  ])('%j reads %j', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('formatIssue', () => {
  it('puts file:line:column, then the path, then the message', () => {
    expect(
      formatIssue({ file: 'deploy/models.yaml', line: 12, column: 7, path: 'models[1].version', message: 'bad' }),
    ).toBe('deploy/models.yaml:12:7: models[1].version: bad');
  });

  it('leaves the path out for a problem of the whole document', () => {
    expect(formatIssue({ file: 'models.yaml', line: 3, column: 1, path: '', message: 'YAML syntax: x' })).toBe(
      'models.yaml:3:1: YAML syntax: x',
    );
  });
});
