// Alarms on the local metric store with CloudWatch semantics. evaluate(now) recomputes every
// alarm; listeners hear about state changes (the controller loop wakes on them).
import type { AlarmDefinition } from '../../domain/alarms/alarm-definition.ts';
import { evaluateAlarm } from '../../domain/alarms/evaluate-alarm.ts';
import type { AlarmReader, AlarmStatus } from '../../ports/metrics.ts';
import type { MemoryMetricStore, Period } from './memory-metric-store.ts';

export type AlarmListener = (change: AlarmStatus & { readonly previous: AlarmStatus['state'] }) => void;

export class LocalAlarmEvaluator implements AlarmReader {
  private definitions: readonly AlarmDefinition[] = [];
  private readonly status = new Map<string, AlarmStatus>();
  private readonly listeners = new Set<AlarmListener>();

  constructor(private readonly metrics: MemoryMetricStore) {}

  /** Replaces the alarm set (models.yaml changed); kept alarms keep their state. */
  define(definitions: readonly AlarmDefinition[]): void {
    this.definitions = definitions;
    const names = new Set(definitions.map((d) => d.name));
    for (const name of this.status.keys()) if (!names.has(name)) this.status.delete(name);
  }

  onChange(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  evaluate(now: number): AlarmStatus[] {
    const changes: AlarmStatus[] = [];
    for (const def of this.definitions) {
      const periods = this.metrics.periodsOf(
        { model: def.model, track: def.track },
        def.periodMs,
        def.evaluationPeriods,
        now,
      );
      // Every alarm starts as INSUFFICIENT_DATA, as in CloudWatch.
      const previous = this.status.get(def.name)?.state ?? 'INSUFFICIENT_DATA';
      const result = evaluateAlarm(def, periods.map(datapointOf(def)), previous);
      if (result.state === previous && this.status.has(def.name)) continue;
      const next: AlarmStatus = { name: def.name, state: result.state, reason: result.reason, since: now };
      this.status.set(def.name, next);
      if (result.state !== previous) {
        changes.push(next);
        for (const listener of this.listeners) listener({ ...next, previous });
      }
    }
    return changes;
  }

  async states(names: readonly string[]): Promise<AlarmStatus[]> {
    return names.map(
      (name) => this.status.get(name) ?? { name, state: 'INSUFFICIENT_DATA', reason: 'not defined locally', since: 0 },
    );
  }
}

function datapointOf(def: AlarmDefinition): (p: Period) => number | undefined {
  return (p) => (p.count === 0 ? undefined : def.metric === 'error-rate' ? p.errors / p.count : p.p99Ms);
}
