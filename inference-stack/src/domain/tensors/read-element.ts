// Checks one JSON value against a dtype and returns it in the tensor's representation, or why not.
import type { Dtype } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { TensorElement } from './tensor.ts';

const INT_RANGE: Partial<Record<Dtype, readonly [number, number]>> = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  uint8: [0, 2 ** 8 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  uint16: [0, 2 ** 16 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};
const WIDE_RANGE: Partial<Record<Dtype, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

export type ElementRead =
  | { readonly ok: true; readonly value: TensorElement }
  | { readonly ok: false; readonly message: string };

export function readElement(value: unknown, dtype: Dtype): ElementRead {
  switch (dtype) {
    case 'float16':
    case 'float32':
    case 'float64':
      // Number.isFinite and Number.isInteger take nothing but a number (no coercion).
      if (Number.isFinite(value)) return { ok: true, value: value as number };
      if (typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) return { ok: true, value: NON_FINITE[value]! };
      return fail(`must be a finite number (or "NaN", "Infinity", "-Infinity") for ${dtype}`);
    case 'int64':
    case 'uint64':
      return readWideInt(value, dtype);
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : fail('must be true or false (bool)');
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : fail('must be a string');
    default: {
      const [min, max] = INT_RANGE[dtype]!;
      if (!Number.isInteger(value)) return fail(`must be an integer (${dtype})`);
      const n = value as number;
      return n < min || n > max ? fail(`is out of range for ${dtype} (${min}..${max})`) : { ok: true, value: n };
    }
  }
}

// JSON numbers beyond 2^53 were already rounded by JSON.parse, so only exact ones are taken as numbers.
function readWideInt(value: unknown, dtype: Dtype): ElementRead {
  let big: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return fail(`must be an integer (${dtype})`);
    if (!Number.isSafeInteger(value))
      return fail(`${value} cannot be exact as a JSON number; send ${dtype} values beyond 2^53 as decimal strings`);
    big = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else return fail(`must be an integer, as a number or a decimal string (${dtype})`);
  const [min, max] = WIDE_RANGE[dtype]!;
  return big < min || big > max ? fail(`is out of range for ${dtype}`) : { ok: true, value: big.toString() };
}

const fail = (message: string): ElementRead => ({ ok: false, message });
