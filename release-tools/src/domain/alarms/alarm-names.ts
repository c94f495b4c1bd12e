// Alarms are defined once per model and track (never per release), so their names are stable.
import { ALARM_PREFIX } from '../metric-contract.ts';
import type { Track } from '../route-table.ts';

export type AlarmMetric = 'error-rate' | 'p99-latency';

export function alarmName(model: string, track: Track, metric: AlarmMetric): string {
  return `${ALARM_PREFIX}${model}-${track}-${metric}`;
}

export function candidateAlarms(model: string): string[] {
  return [alarmName(model, 'candidate', 'error-rate'), alarmName(model, 'candidate', 'p99-latency')];
}
