import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parsePercent } from '../../src/domain/manifest/units.ts';

describe('units', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['5min', undefined],
    ['m5', undefined],
    ['', undefined],
    [' 30s ', 30_000],
    ['x30s', undefined],
    ['30sx', undefined],
    ['1.5', undefined],
    ['.5s', undefined],
  ])('parseDuration(%j) = %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [300_000, '5m'],
    [90_000, '90s'],
    [86_400_000, '1d'],
    [1_500, '1500ms'],
    [1_000, '1s'],
    [3_600_000, '1h'],
    [60_000, '1m'],
    [999, '999ms'],
    [0, '0ms'],
  ])('formatDuration(%j) = %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ['1%', 1],
    ['0.5%', 0.5],
    [10, 10],
    ['10', undefined],
    ['%', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
    [' 5 %', 5],
    ['x5%', undefined],
    ['5%x', undefined],
    ['1.5%', 1.5],
  ])('parsePercent(%j) = %j', (value, percent) => {
    expect(parsePercent(value)).toBe(percent);
  });
});
