// Alarms are defined once per model and track (never per release), so their names are stable.
import type { Track } from '../route-table.ts';

export type AlarmMetric = 'error-rate' | 'p99-latency';

export function alarmName(model: string, track: Track, metric: AlarmMetric): string {
  return `mlrelease-${model}-${track}-${metric}`;
}

export function candidateAlarms(model: string): string[] {
  return [alarmName(model, 'candidate', 'error-rate'), alarmName(model, 'candidate', 'p99-latency')];
}
