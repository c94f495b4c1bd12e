import { describe, expect, it } from 'vitest';
import type { TreatMissingData } from '../../src/domain/alarms/alarm-definition.ts';
import { evaluateAlarm } from '../../src/domain/alarms/evaluate-alarm.ts';

const def = (treatMissingData: TreatMissingData) =>
  ({
    threshold: 0.05,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData,
  }) as const;
const _ = undefined;

describe('CloudWatch alarm evaluation (M of N, missing data)', () => {
  it.each([
    ['2 of 3 breaching -> ALARM', 'missing', [0.1, 0.01, 0.2], 'OK', 'ALARM'],
    ['1 of 3 breaching -> OK', 'missing', [0.1, 0.01, 0.02], 'ALARM', 'OK'],
    ['at the threshold is not breaching', 'missing', [0.05, 0.05, 0.05], 'OK', 'OK'],
    ['only the last N periods count', 'missing', [0.9, 0.9, 0, 0, 0], 'ALARM', 'OK'],
    ['all missing, missing -> INSUFFICIENT_DATA', 'missing', [_, _, _], 'OK', 'INSUFFICIENT_DATA'],
    ['all missing, ignore -> keeps ALARM', 'ignore', [_, _, _], 'ALARM', 'ALARM'],
    ['all missing, notBreaching -> OK', 'notBreaching', [_, _, _], 'ALARM', 'OK'],
    ['all missing, breaching -> ALARM', 'breaching', [_, _, _], 'OK', 'ALARM'],
    ['one breach + one missing, breaching -> ALARM', 'breaching', [0.2, _, 0], 'OK', 'ALARM'],
    ['one breach + one missing, notBreaching -> OK', 'notBreaching', [0.2, _, 0], 'ALARM', 'OK'],
    ['one breach + two missing, missing -> OK', 'missing', [0.2, _, _], 'ALARM', 'OK'],
  ] as const)('%s', (_name, missing, points, current, expected) => {
    expect(evaluateAlarm(def(missing), points, current).state).toBe(expected);
  });

  it.each([
    // [comparison, value, breaches] at threshold 10: each comparison on both sides of its boundary.
    ['GreaterThanThreshold', 10, false],
    ['GreaterThanThreshold', 10.001, true],
    ['GreaterThanOrEqualToThreshold', 9.999, false],
    ['GreaterThanOrEqualToThreshold', 10, true],
    ['LessThanThreshold', 10, false],
    ['LessThanThreshold', 9.999, true],
  ] as const)('%s with a datapoint of %s: breaching %s', (comparison, value, breaching) => {
    const one = {
      threshold: 10,
      comparison,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'missing',
    } as const;
    expect(evaluateAlarm(one, [value], 'OK').state).toBe(breaching ? 'ALARM' : 'OK');
  });

  it('counts the oldest datapoint of the window and none before it', () => {
    // Prepare: one breach is enough; the window is the last 3 periods.
    const oneOfThree = { ...def('missing'), datapointsToAlarm: 1 };
    // Act / Assess
    expect(evaluateAlarm(oneOfThree, [0.9, 0, 0], 'OK').state).toBe('ALARM');
    expect(evaluateAlarm(oneOfThree, [0.9, 0, 0, 0], 'ALARM').state).toBe('OK');
    expect(evaluateAlarm(oneOfThree, [0, 0, 0.9], 'OK').state).toBe('ALARM');
  });

  it('counts periods not reported yet as missing (fewer datapoints than the window)', () => {
    expect(evaluateAlarm(def('breaching'), [0.2], 'OK')).toEqual({
      state: 'ALARM',
      reason: '3 of 3 datapoints breached GreaterThanThreshold 0.05',
    });
    expect(evaluateAlarm(def('notBreaching'), [0.2], 'ALARM').state).toBe('OK');
    expect(evaluateAlarm(def('missing'), [], 'OK').state).toBe('INSUFFICIENT_DATA');
  });

  it('with ignore, judges on the datapoints present', () => {
    expect(evaluateAlarm(def('ignore'), [0.2, _, _], 'ALARM')).toEqual({
      state: 'OK',
      reason: '1 of 3 datapoints breached GreaterThanThreshold 0.05',
    });
    expect(evaluateAlarm(def('ignore'), [0.2, _, 0.3], 'OK').state).toBe('ALARM');
  });

  it('counts missing periods as datapoints with notBreaching, however many are present', () => {
    // 2 present and 2 missing of 4: still a full window of non-breaching datapoints.
    const fourPeriods = { ...def('notBreaching'), evaluationPeriods: 4, datapointsToAlarm: 3 };
    expect(evaluateAlarm(fourPeriods, [0, _, 0, _], 'ALARM').state).toBe('OK');
  });

  it('says why when there is no data', () => {
    expect(evaluateAlarm(def('ignore'), [_, _, _], 'OK')).toEqual({ state: 'OK', reason: 'no datapoints: state kept' });
    expect(evaluateAlarm(def('missing'), [_, _, _], 'ALARM')).toEqual({
      state: 'INSUFFICIENT_DATA',
      reason: 'no datapoints',
    });
  });

  it('says how many datapoints breached', () => {
    expect(evaluateAlarm(def('missing'), [0.1, 0.2, 0], 'OK').reason).toBe(
      '2 of 3 datapoints breached GreaterThanThreshold 0.05',
    );
  });
});
