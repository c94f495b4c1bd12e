import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '../../src/adapters/local/float16-bits.ts';

describe('float16 bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up to Infinity
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // ties to even: down to zero
    [1 + 2 ** -11, 0x3c00], // ties to even: down
    [1 + 3 * 2 ** -11, 0x3c02], // ties to even: up
    [Infinity, 0x7c00],
  ])('%s <-> 0x%s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('round-trips every finite half exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(toFloat16Bits(fromFloat16Bits(bits))).toBe(bits === 0x8000 ? 0x8000 : bits);
    }
  });

  it('keeps NaN a NaN', () => {
    expect(fromFloat16Bits(toFloat16Bits(Number.NaN))).toBeNaN();
  });
});
