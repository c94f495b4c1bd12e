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

  it('says how many datapoints breached', () => {
    expect(evaluateAlarm(def('missing'), [0.1, 0.2, 0], 'OK').reason).toBe(
      '2 of 3 datapoints breached GreaterThanThreshold 0.05',
    );
  });
});
