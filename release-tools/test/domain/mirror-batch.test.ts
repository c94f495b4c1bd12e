// The stored form of mirrored pairs (one object per model, candidate version and flush), with the bytes
// written out: the data plane writes them and the controller of a later release reads them, so the
// format is a contract, and a reader must refuse what it does not know.
import { describe, expect, it } from 'vitest';
import {
  decodeMirrorBatch,
  encodeMirrorBatch,
  MIRROR_BATCH_FORMAT,
  MIRROR_PREFIX,
  type MirrorBatch,
  MirrorBatchFormatError,
} from '../../src/domain/mirror-batch.ts';

const pair = (requestId: string, maxAbsDiff: number | undefined, disagree: boolean, at: number) => ({
  model: 'churn',
  stableVersion: '1.0.0',
  candidateVersion: '1.1.0',
  requestId,
  ...(maxAbsDiff === undefined ? {} : { maxAbsDiff }),
  disagree,
  at,
});

const batch: MirrorBatch = {
  model: 'churn',
  candidateVersion: '1.1.0',
  writtenAt: 1_700_000_000_500,
  pairs: [
    pair('r1', 0.25, false, 1_700_000_000_000),
    pair('r2', Number.POSITIVE_INFINITY, true, 1_700_000_000_100),
    pair('r3', undefined, true, 1_700_000_000_200),
  ],
  drops: [1_700_000_000_300, 1_700_000_000_400],
};

/** The bytes of `batch`, as written by the first release of the format. */
const stored =
  '{"format":1,"model":"churn","candidateVersion":"1.1.0","writtenAt":1700000000500,"pairs":[' +
  '{"requestId":"r1","stableVersion":"1.0.0","maxAbsDiff":0.25,"disagree":false,"at":1700000000000},' +
  '{"requestId":"r2","stableVersion":"1.0.0","maxAbsDiff":"Infinity","disagree":true,"at":1700000000100},' +
  '{"requestId":"r3","stableVersion":"1.0.0","disagree":true,"at":1700000000200}],' +
  '"drops":[1700000000300,1700000000400]}';

const where = 's3://data/mirror/churn/1.1.0/b1.json';

describe('mirror batch format', () => {
  it('is format 1 under mirror/', () => {
    expect(MIRROR_BATCH_FORMAT).toBe(1);
    expect(MIRROR_PREFIX).toBe('mirror/');
  });

  it('writes each pair without its model and candidate version (the batch has them), Infinity as a string, no diff when there is none', () => {
    expect(encodeMirrorBatch(batch)).toBe(stored);
  });

  it('reads back what it wrote: model and candidate version on every pair, Infinity a number again, an absent diff absent', () => {
    const read = decodeMirrorBatch(stored, where);

    expect(read).toStrictEqual(batch);
    expect(read.pairs[1]!.maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
    expect('maxAbsDiff' in read.pairs[2]!).toBe(false);
  });

  it('reads a maxAbsDiff of 0 as 0 (no difference), not as absent', () => {
    const text = encodeMirrorBatch({ ...batch, pairs: [pair('r1', 0, false, 1)] });

    expect(text).toContain('"maxAbsDiff":0,');
    expect(decodeMirrorBatch(text, where).pairs[0]).toStrictEqual(pair('r1', 0, false, 1));
  });

  it('counts a pair as disagreeing only when it says true', () => {
    const text = JSON.stringify({
      format: 1,
      model: 'churn',
      candidateVersion: '1.1.0',
      writtenAt: 5,
      pairs: [
        { requestId: 'a', stableVersion: '1.0.0', disagree: true, at: 1 },
        { requestId: 'b', stableVersion: '1.0.0', disagree: 'true', at: 2 },
        { requestId: 'c', stableVersion: '1.0.0', at: 3 },
        { requestId: 'd', stableVersion: '1.0.0', disagree: false, at: 4 },
      ],
      drops: [],
    });

    expect(decodeMirrorBatch(text, where).pairs.map((p) => p.disagree)).toEqual([true, false, false, false]);
  });

  it('reads times written as strings as numbers, and a batch without drops as none dropped', () => {
    const base = { format: 1, model: 'churn', candidateVersion: '1.1.0', pairs: [] };

    expect(decodeMirrorBatch(JSON.stringify({ ...base, writtenAt: '42', drops: ['7', 8] }), where)).toStrictEqual({
      model: 'churn',
      candidateVersion: '1.1.0',
      writtenAt: 42,
      pairs: [],
      drops: [7, 8],
    });
    expect(decodeMirrorBatch(JSON.stringify({ ...base, writtenAt: 1 }), where).drops).toEqual([]);
    expect(decodeMirrorBatch(JSON.stringify({ ...base, writtenAt: 1, drops: { 0: 5 } }), where).drops).toEqual([]);
  });

  const refused = (text: string): MirrorBatchFormatError => {
    try {
      decodeMirrorBatch(text, where);
    } catch (error) {
      expect(error).toBeInstanceOf(MirrorBatchFormatError);
      return error as MirrorBatchFormatError;
    }
    throw new Error(`decoded ${text}`);
  };

  it('refuses text that is not JSON, naming where it was and keeping the parser’s error', () => {
    const error = refused('{"format":1,');

    expect(error.name).toBe('MirrorBatchFormatError');
    expect(error.message).toBe(`${where}: not JSON`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['a later format', { format: 2 }, '2'],
    ['no format', {}, 'undefined'],
    ['the format as a string', { format: '1' }, '1'],
  ])('refuses %s', (_case, head, shown) => {
    const text = JSON.stringify({ ...head, model: 'churn', candidateVersion: '1.1.0', writtenAt: 1, pairs: [] });

    expect(refused(text).message).toBe(`${where}: mirror batch format ${shown} is not known here`);
  });

  it('refuses JSON null as an unknown format, not with a TypeError', () => {
    expect(refused('null').message).toBe(`${where}: mirror batch format undefined is not known here`);
  });

  it.each([
    ['no model', { model: undefined }],
    ['a model that is not a string', { model: 7 }],
    ['no candidate version', { candidateVersion: undefined }],
    ['a candidate version that is not a string', { candidateVersion: 110 }],
    ['no pairs', { pairs: undefined }],
    ['pairs that are not a list', { pairs: { 0: {} } }],
  ])('refuses a format-1 object with %s', (_case, change) => {
    const text = JSON.stringify({
      format: 1,
      model: 'churn',
      candidateVersion: '1.1.0',
      writtenAt: 1,
      pairs: [],
      drops: [],
      ...change,
    });

    expect(refused(text).message).toBe(`${where}: not a mirror batch`);
  });
});
