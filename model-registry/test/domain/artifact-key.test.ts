// Artifact keys are paths in every store (S3, the local directory): each part is checked at both
// ends of its allowed length and for anything that could climb out of the store.
import { describe, expect, it } from 'vitest';
import {
  artifactKey,
  checkModelVersion,
  InvalidArtifactKeyError,
  parseArtifactKey,
} from '../../src/domain/artifact-key.ts';

const sha = `0123456789ab${'c'.repeat(52)}`;

describe('artifactKey', () => {
  it('is <model>/<version>-<first 12 hex of the sha256>/<file>', () => {
    expect(artifactKey('fraud', '1.2.0+b.7', 'model.onnx', sha)).toBe('fraud/1.2.0+b.7-0123456789ab/model.onnx');
  });

  it('takes a model name of 1 to 63 lowercase letters, digits and hyphens, not starting with a hyphen', () => {
    expect(() => artifactKey('a', '1', 'f', sha)).not.toThrow();
    expect(() => artifactKey(`a${'-'.repeat(62)}`, '1', 'f', sha)).not.toThrow();
    expect(() => artifactKey(`a${'b'.repeat(63)}`, '1', 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('', '1', 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('-a', '1', 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('Fraud', '1', 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('fr_aud', '1', 'f', sha)).toThrow(InvalidArtifactKeyError);
  });

  it('takes a version or file name of 1 to 128 characters from letters, digits and . _ + -', () => {
    expect(() => artifactKey('m', `1${'.+_-'.repeat(31)}abc`, 'f', sha)).not.toThrow();
    expect(() => artifactKey('m', '1', `f${'x'.repeat(127)}`, sha)).not.toThrow();
    expect(() => artifactKey('m', '1', `f${'x'.repeat(128)}`, sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('m', `1${'x'.repeat(128)}`, 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('m', '.hidden', 'f', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('m', '1', 'a/b', sha)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('m', '1', 'a b', sha)).toThrow(InvalidArtifactKeyError);
  });

  it('refuses ".." anywhere in a part, even where each character is allowed', () => {
    expect(() => artifactKey('m', '1..2', 'f', sha)).toThrow('invalid version "1..2"');
    expect(() => artifactKey('m', '1', 'x..onnx', sha)).toThrow('invalid file name "x..onnx"');
    expect(() => checkModelVersion('m', 'a..b')).toThrow(InvalidArtifactKeyError);
  });

  it('takes a sha256 of exactly 64 lowercase hex digits', () => {
    expect(() => artifactKey('m', '1', 'f', sha.slice(1))).toThrow('invalid sha256');
    expect(() => artifactKey('m', '1', 'f', `${sha}0`)).toThrow('invalid sha256');
    expect(() => artifactKey('m', '1', 'f', sha.toUpperCase())).toThrow('invalid sha256');
    expect(() => artifactKey('m', '1', 'f', `${sha.slice(1)}g`)).toThrow('invalid sha256');
  });

  it('throws an InvalidArtifactKeyError by name', () => {
    expect(() => artifactKey('Bad', '1', 'f', sha)).toThrow(
      expect.objectContaining({ name: 'InvalidArtifactKeyError' }),
    );
  });

  it('says which part is wrong and why', () => {
    expect(() => artifactKey('Bad', '1', 'f', sha)).toThrow(
      `invalid model name "Bad": letters, digits, '.', '_', '+', '-' only, no '..'`,
    );
  });
});

describe('checkModelVersion', () => {
  it('accepts what artifactKey accepts and names the bad part', () => {
    expect(() => checkModelVersion('fraud', '1.2.0')).not.toThrow();
    expect(() => checkModelVersion('Fraud', '1.2.0')).toThrow('invalid model name "Fraud"');
    expect(() => checkModelVersion('fraud', '../1')).toThrow('invalid version "../1"');
  });
});

describe('parseArtifactKey', () => {
  it('splits a key into its parts, a version with hyphens included', () => {
    expect(parseArtifactKey('fraud/1.2.0-rc-1-0123456789ab/model.onnx')).toEqual({
      model: 'fraud',
      version: '1.2.0-rc-1',
      hash12: '0123456789ab',
      fileName: 'model.onnx',
    });
  });

  it('refuses a key that is not <model>/<version>-<sha12>/<file>', () => {
    for (const key of [
      'fraud/1.2.0-0123456789ab',
      'fraud/1.2.0-0123456789a/model.onnx',
      'fraud/1.2.0-0123456789AB/model.onnx',
      'fraud/1.2.0-0123456789ab/sub/model.onnx',
      '/fraud/1.2.0-0123456789ab/model.onnx',
      'x/fraud/1.2.0-0123456789ab/model.onnx',
      'fraud/1.2.0-0123456789ab/model.onnx/',
    ])
      expect(() => parseArtifactKey(key), key).toThrow(InvalidArtifactKeyError);
    expect(() => parseArtifactKey('fraud')).toThrow(
      'invalid artifact key "fraud": expected <model>/<version>-<sha12>/<file>',
    );
  });

  it('checks each part as artifactKey does', () => {
    expect(() => parseArtifactKey('Fraud/1-0123456789ab/f')).toThrow('invalid model name "Fraud"');
    expect(() => parseArtifactKey('fraud/1..2-0123456789ab/f')).toThrow('invalid version "1..2"');
    expect(() => parseArtifactKey('fraud/1-0123456789ab/..')).toThrow('invalid file name ".."');
  });
});
