import { describe, expect, it } from 'vitest';
import { ManifestEditError, setModelVersion } from '../../src/cli/write-manifest-version.ts';

const text = `# models
models:
  - { name: a, version: "2.0.0", artifact: 'models/a/2.0.0/m.onnx' } # flow style
  - name: b
    version: 1.1.0   # block style
    artifact: models/b/1.1.0/m.onnx
`;

describe('setModelVersion', () => {
  it('changes only the version and artifact characters of a block entry', () => {
    expect(setModelVersion(text, 'b', '1.0.0', 'models/b/1.0.0/m.onnx')).toBe(
      text.replace('version: 1.1.0', 'version: 1.0.0').replace('models/b/1.1.0', 'models/b/1.0.0'),
    );
  });

  it('keeps the quoting style of a flow entry', () => {
    expect(setModelVersion(text, 'a', '1.9.0', "models/a/1.9.0/m'.onnx")).toContain(
      `{ name: a, version: "1.9.0", artifact: 'models/a/1.9.0/m''.onnx' } # flow style`,
    );
  });

  it('quotes a plain value that YAML would read as a number', () => {
    expect(setModelVersion(text, 'b', '2.0')).toContain('version: "2.0"   # block style');
  });

  it('names a model that is not in the file', () => {
    expect(() => setModelVersion(text, 'zzz', '1')).toThrow(
      new ManifestEditError('models.yaml has no model named zzz'),
    );
  });
});
