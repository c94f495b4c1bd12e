// The mirror queue's message: what the synchronous invoke writes (format 1) and what the mirror
// function reads back; anything it cannot read is refused with a MirrorMessageError.
import { describe, expect, it } from 'vitest';
import {
  decodeMirrorMessage,
  encodeMirrorMessage,
  type MirrorJob,
  MirrorMessageError,
} from '../../src/domain/mirror-message.ts';

const job: MirrorJob = {
  model: 'vad',
  requestId: 'gw-7',
  inputs: {
    input: { dtype: 'float32', shape: [1, 2], data: [0.5, Number.NaN] },
    sr: { dtype: 'int64', shape: [], data: ['16000'] },
  },
  stable: { version: '5.0.0', outputs: { output: { dtype: 'float32', shape: [1, 1], data: [Infinity] } } },
  candidate: { track: 'candidate', version: '5.1.0', targetModel: 'vad/5.1.0.tar.gz' },
};

const message = (fields: Record<string, unknown>) =>
  JSON.stringify({
    format: 1,
    model: 'vad',
    requestId: 'gw-7',
    offeredAt: 1_000,
    inputs: {},
    stable: { version: '5.0.0', outputs: {} },
    candidate: { track: 'candidate', version: '5.1.0', targetModel: 'vad/5.1.0.tar.gz' },
    ...fields,
  });

const refusal = (body: string) => {
  try {
    decodeMirrorMessage(body);
  } catch (error) {
    return error instanceof MirrorMessageError ? `${error.name}: ${error.message}` : `other: ${String(error)}`;
  }
  return 'read';
};

describe('encodeMirrorMessage', () => {
  it('writes format 1 with the time stable answered, NaN and Infinity as strings', () => {
    expect(JSON.parse(encodeMirrorMessage(job, 1_764_720_000_000))).toEqual({
      format: 1,
      model: 'vad',
      requestId: 'gw-7',
      offeredAt: 1_764_720_000_000,
      inputs: {
        input: { dtype: 'float32', shape: [1, 2], data: [0.5, 'NaN'] },
        sr: { dtype: 'int64', shape: [], data: ['16000'] },
      },
      stable: { version: '5.0.0', outputs: { output: { dtype: 'float32', shape: [1, 1], data: ['Infinity'] } } },
      candidate: { track: 'candidate', version: '5.1.0', targetModel: 'vad/5.1.0.tar.gz' },
    });
  });

  it('reads back the job it wrote', () => {
    expect(decodeMirrorMessage(encodeMirrorMessage(job, 42))).toEqual({ job, offeredAt: 42 });
  });
});

describe('decodeMirrorMessage', () => {
  it('asks the candidate whatever track the message names, and reads missing tensors as none', () => {
    const read = decodeMirrorMessage(
      message({
        inputs: undefined,
        stable: { version: '5.0.0' },
        candidate: { track: 'stable', version: '5.1.0', targetModel: 't' },
      }),
    );

    expect(read).toEqual({
      offeredAt: 1_000,
      job: {
        model: 'vad',
        requestId: 'gw-7',
        inputs: {},
        stable: { version: '5.0.0', outputs: {} },
        candidate: { track: 'candidate', version: '5.1.0', targetModel: 't' },
      },
    });
  });

  it('refuses a body that is not JSON, keeping the parser error as the cause', () => {
    let caught: unknown;
    try {
      decodeMirrorMessage('{"format":');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(MirrorMessageError);
    expect((caught as Error).message).toBe('mirror message is not JSON');
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['no format', message({ format: undefined }), 'mirror message format undefined is not known here'],
    ['a JSON null body', 'null', 'mirror message format undefined is not known here'],
    ['a JSON number body', '1', 'mirror message format undefined is not known here'],
    ['a later format', message({ format: 2 }), 'mirror message format 2 is not known here'],
    ['the format as a string', message({ format: '1' }), 'mirror message format 1 is not known here'],
    ['no model', message({ model: undefined }), 'not a mirror message'],
    ['a model that is not a string', message({ model: 7 }), 'not a mirror message'],
    ['no request id', message({ requestId: undefined }), 'not a mirror message'],
    ['no stable answer', message({ stable: undefined }), 'not a mirror message'],
    ['no candidate', message({ candidate: undefined }), 'not a mirror message'],
    [
      'a candidate without a target model',
      message({ candidate: { track: 'candidate', version: '5.1.0' } }),
      'not a mirror message',
    ],
    [
      'inputs that do not decode',
      message({ inputs: { x: { dtype: 'float32', shape: [2], data: [1] } } }),
      'mirror message tensors do not decode: inputs.x.data: must be a flat array of 2 values',
    ],
    [
      'stable outputs that do not decode',
      message({ stable: { version: '5.0.0', outputs: { y: { dtype: 'bool', shape: [1], data: [1] } } } }),
      'mirror message tensors do not decode: stable.outputs.y.data[0]: must be true or false (bool)',
    ],
    [
      'inputs and stable outputs that do not decode',
      message({
        inputs: { x: { dtype: 'int8', shape: [], data: [128] } },
        stable: { version: '5.0.0', outputs: { y: null } },
      }),
      'mirror message tensors do not decode: inputs.x.data[0]: is out of range for int8 (-128..127); stable.outputs.y: must be {dtype, shape, data}',
    ],
  ])('refuses a message with %s', (_name, body, expected) => {
    expect(refusal(body)).toBe(`MirrorMessageError: ${expected}`);
  });
});
