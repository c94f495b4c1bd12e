// Stored requests: today's format as it is, format 1 (one tensor as rows, no `format`) converted,
// anything newer refused; the keys the documents live under.
import { describe, expect, it } from 'vitest';
import {
  readStoredRequest,
  requestKey,
  requestTensors,
  resultKey,
  type StoredRequest,
  UnreadableRequestError,
} from '../../src/domain/prediction.ts';

const routing = { headers: { 'x-user-id': 'u-17' }, fields: {} };

describe('readStoredRequest', () => {
  it('takes a format 2 request as it is', () => {
    const doc: StoredRequest = {
      format: 2,
      id: 'r1',
      owner: 'sub-1',
      model: 'm',
      lane: 'default',
      inputs: { x: { dtype: 'float32', shape: [1], data: [1] } },
      routing,
      submittedAt: 5,
    };
    expect(readStoredRequest(doc)).toBe(doc);
  });

  it('reads a format 1 request as its one named tensor, rows flattened, int64 as decimal strings as today', () => {
    const v1 = {
      id: 'r1',
      model: 'm',
      lane: 'default',
      inputs: [
        [1, 2],
        [3, 4],
      ],
      tensor: { name: 'ids', dtype: 'int64', shape: [2, 2] },
      routing,
      submittedAt: 5,
    };

    expect(readStoredRequest(v1)).toEqual({
      format: 2,
      id: 'r1',
      model: 'm',
      lane: 'default',
      routing,
      submittedAt: 5,
      inputs: { ids: { dtype: 'int64', shape: [2, 2], data: ['1', '2', '3', '4'] } },
    });
  });

  it('keeps a format 1 value that does not read as its dtype, for the model to refuse', () => {
    const v1 = {
      id: 'r1',
      model: 'm',
      lane: 'l',
      inputs: [[1.5]],
      tensor: { name: 'ids', dtype: 'int32', shape: [1, 1] },
      routing,
      submittedAt: 5,
    };
    expect(readStoredRequest(v1).inputs.ids!.data).toEqual([1.5]);
  });

  it('refuses a newer format and a document that is neither format', () => {
    expect(() => readStoredRequest({ format: 3 })).toThrow(
      new UnreadableRequestError('request format 3 is newer than this reader'),
    );
    expect(() => readStoredRequest({ format: 3 })).toThrow(expect.objectContaining({ name: 'UnreadableRequestError' }));
    expect(() => readStoredRequest({ id: 'r1', inputs: [[1]] })).toThrow(
      'request has neither format 2 inputs nor format 1 rows',
    );
    expect(() => readStoredRequest({ id: 'r1', tensor: { name: 'x' }, inputs: {} })).toThrow(UnreadableRequestError);
  });
});

describe('requestTensors', () => {
  const request = (inputs: StoredRequest['inputs']): StoredRequest => ({
    format: 2,
    id: 'r9',
    model: 'm',
    lane: 'l',
    inputs,
    routing,
    submittedAt: 0,
  });

  it('restores NaN and Infinity from their JSON strings', () => {
    expect(requestTensors(request({ x: { dtype: 'float32', shape: [2], data: ['NaN', 'Infinity'] } }))).toEqual({
      x: { dtype: 'float32', shape: [2], data: [Number.NaN, Number.POSITIVE_INFINITY] },
    });
  });

  it('names the request and every bad field', () => {
    expect(() =>
      requestTensors(
        request({
          x: { dtype: 'float32', shape: [2], data: [1] },
          y: { dtype: 'bool', shape: [1], data: [1] },
        }),
      ),
    ).toThrow(
      new UnreadableRequestError(
        'request r9: inputs.x.data: must be a flat array of 2 values; inputs.y.data[0]: must be true or false (bool)',
      ),
    );
  });
});

describe('document keys', () => {
  it('puts each document at <prefix><id>.json', () => {
    expect(requestKey('requests/', 'abc')).toBe('requests/abc.json');
    expect(resultKey('results/', 'abc')).toBe('results/abc.json');
  });
});
