// CloudWatch's alarm evaluation, pure: the last `evaluationPeriods` datapoints (oldest first,
// undefined = missing) decide the state; ALARM when at least `datapointsToAlarm` breach.
import type { AlarmStateValue } from '../../ports/metrics.ts';
import type { AlarmDefinition, Comparison } from './alarm-definition.ts';

export interface AlarmEvaluation {
  readonly state: AlarmStateValue;
  readonly reason: string;
}

function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
  }
}

export function evaluateAlarm(
  def: Pick<
    AlarmDefinition,
    'threshold' | 'comparison' | 'evaluationPeriods' | 'datapointsToAlarm' | 'treatMissingData'
  >,
  datapoints: readonly (number | undefined)[],
  current: AlarmStateValue,
): AlarmEvaluation {
  const window = datapoints.slice(-def.evaluationPeriods);
  const present = window.filter((v): v is number => v !== undefined);
  const missing = def.evaluationPeriods - present.length;
  let breaching = present.filter((v) => breaches(v, def.comparison, def.threshold)).length;
  if (def.treatMissingData === 'breaching') breaching += missing;
  const summary = `${breaching} of ${def.evaluationPeriods} datapoints breached ${def.comparison} ${def.threshold}`;
  if (breaching >= def.datapointsToAlarm) return { state: 'ALARM', reason: summary };
  // With no data at all, `ignore` keeps the state and `missing` says it does not know; `breaching`
  // and `notBreaching` count missing periods as datapoints, so they always have some.
  if (present.length === 0 && def.treatMissingData === 'ignore')
    return { state: current, reason: 'no datapoints: state kept' };
  if (present.length === 0 && def.treatMissingData === 'missing')
    return { state: 'INSUFFICIENT_DATA', reason: 'no datapoints' };
  return { state: 'OK', reason: summary };
}
