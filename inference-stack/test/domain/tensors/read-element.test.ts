// One JSON value read as an element of a dtype: the value in the tensor's representation, or why not.
// Ranges are written out: each integer dtype's first value out on both sides is refused.
import { describe, expect, it } from 'vitest';
import type { Dtype } from '../../../../model-registry/src/domain/manifest/types.ts';
import { readElement } from '../../../src/domain/tensors/read-element.ts';

const taken = (value: unknown, dtype: Dtype) => readElement(value, dtype);
const refusal = (value: unknown, dtype: Dtype) => {
  const read = readElement(value, dtype);
  return read.ok ? `taken as ${String(read.value)}` : read.message;
};

describe('readElement: floats', () => {
  it.each(['float16', 'float32', 'float64'] as const)('%s takes a finite number as it is', (dtype) => {
    expect(taken(0.25, dtype)).toEqual({ ok: true, value: 0.25 });
    expect(taken(-1e300, dtype)).toEqual({ ok: true, value: -1e300 });
  });

  it.each(['float16', 'float32', 'float64'] as const)(
    '%s takes NaN and the infinities as their JSON strings',
    (dtype) => {
      expect(taken('NaN', dtype)).toEqual({ ok: true, value: Number.NaN });
      expect(taken('Infinity', dtype)).toEqual({ ok: true, value: Number.POSITIVE_INFINITY });
      expect(taken('-Infinity', dtype)).toEqual({ ok: true, value: Number.NEGATIVE_INFINITY });
    },
  );

  it.each([
    ['a lower-case nan', 'nan'],
    ['a number as a string', '0.5'],
    ['an inherited property name', 'toString'],
    ['a non-finite number (not from JSON)', Number.POSITIVE_INFINITY],
    ['NaN as a number (not from JSON)', Number.NaN],
    ['null', null],
    ['a boolean', true],
  ])('refuses %s', (_name, value) => {
    expect(refusal(value, 'float32')).toBe('must be a finite number (or "NaN", "Infinity", "-Infinity") for float32');
  });

  it('names the dtype it was read for', () => {
    expect(refusal('x', 'float64')).toBe('must be a finite number (or "NaN", "Infinity", "-Infinity") for float64');
  });
});

describe('readElement: integers up to 32 bits, as numbers', () => {
  it.each([
    ['int8', -128, 127, -129, 128, '(-128..127)'],
    ['uint8', 0, 255, -1, 256, '(0..255)'],
    ['int16', -32768, 32767, -32769, 32768, '(-32768..32767)'],
    ['uint16', 0, 65535, -1, 65536, '(0..65535)'],
    ['int32', -2147483648, 2147483647, -2147483649, 2147483648, '(-2147483648..2147483647)'],
    ['uint32', 0, 4294967295, -1, 4294967296, '(0..4294967295)'],
  ] as const)('%s takes %d..%d and refuses one past either end', (dtype, min, max, below, above, range) => {
    expect(taken(min, dtype)).toEqual({ ok: true, value: min });
    expect(taken(max, dtype)).toEqual({ ok: true, value: max });
    expect(refusal(below, dtype)).toBe(`is out of range for ${dtype} ${range}`);
    expect(refusal(above, dtype)).toBe(`is out of range for ${dtype} ${range}`);
  });

  it.each([
    ['a fraction', 1.5],
    ['a decimal string', '1'],
    ['null', null],
    ['a boolean', false],
    ['a non-finite number', Number.POSITIVE_INFINITY],
  ])('refuses %s', (_name, value) => {
    expect(refusal(value, 'int16')).toBe('must be an integer (int16)');
  });
});

describe('readElement: int64 and uint64, exact as decimal strings', () => {
  it.each([
    ['int64', '9223372036854775807'],
    ['int64', '-9223372036854775808'],
    ['int64', '0'],
    ['uint64', '18446744073709551615'],
    ['uint64', '0'],
  ] as const)('%s takes %s (a limit) as it is', (dtype, value) => {
    expect(taken(value, dtype)).toEqual({ ok: true, value });
  });

  it.each([
    ['int64', '9223372036854775808'],
    ['int64', '-9223372036854775809'],
    ['uint64', '18446744073709551616'],
    ['uint64', '-1'],
    ['uint64', -1],
  ] as const)('%s refuses %s (one past a limit)', (dtype, value) => {
    expect(refusal(value, dtype)).toBe(`is out of range for ${dtype}`);
  });

  it('writes a decimal string in its shortest form', () => {
    expect(taken('00000000000000000042', 'int64')).toEqual({ ok: true, value: '42' });
    expect(taken('-0', 'int64')).toEqual({ ok: true, value: '0' });
  });

  it('takes an exact JSON number up to 2^53 - 1 on either side, as a decimal string', () => {
    expect(taken(9007199254740991, 'int64')).toEqual({ ok: true, value: '9007199254740991' });
    expect(taken(-9007199254740991, 'int64')).toEqual({ ok: true, value: '-9007199254740991' });
    expect(taken(7, 'uint64')).toEqual({ ok: true, value: '7' });
  });

  it('refuses a JSON number from 2^53 on, which JSON may already have rounded', () => {
    expect(refusal(9007199254740992, 'int64')).toBe(
      '9007199254740992 cannot be exact as a JSON number; send int64 values beyond 2^53 as decimal strings',
    );
    expect(refusal(-9007199254740992, 'uint64')).toBe(
      '-9007199254740992 cannot be exact as a JSON number; send uint64 values beyond 2^53 as decimal strings',
    );
  });

  it('refuses a fractional JSON number', () => {
    expect(refusal(2.5, 'int64')).toBe('must be an integer (int64)');
  });

  it.each([
    ['21 digits', '000000000000000000001'],
    ['an empty string', ''],
    ['a sign alone', '-'],
    ['a plus sign', '+1'],
    ['an exponent', '1e3'],
    ['a fraction', '1.0'],
    ['a leading space', ' 1'],
    ['a trailing letter', '12a'],
    ['a leading letter', 'a12'],
    ['two minus signs', '--1'],
    ['a list holding a decimal string', ['5']],
    ['a boolean', true],
    ['null', null],
  ])('refuses %s', (_name, value) => {
    expect(refusal(value, 'int64')).toBe('must be an integer, as a number or a decimal string (int64)');
  });
});

describe('readElement: bool and string', () => {
  it('takes true and false for bool, and nothing else', () => {
    expect(taken(true, 'bool')).toEqual({ ok: true, value: true });
    expect(taken(false, 'bool')).toEqual({ ok: true, value: false });
    expect(refusal(1, 'bool')).toBe('must be true or false (bool)');
    expect(refusal('true', 'bool')).toBe('must be true or false (bool)');
  });

  it('takes any string for string, the empty one too, and nothing else', () => {
    expect(taken('héllo', 'string')).toEqual({ ok: true, value: 'héllo' });
    expect(taken('', 'string')).toEqual({ ok: true, value: '' });
    expect(refusal(1, 'string')).toBe('must be a string');
    expect(refusal(null, 'string')).toBe('must be a string');
  });
});
