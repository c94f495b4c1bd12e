// Default MetricSink when no metric store is wired: running totals per model/track/version, enough
// for the start-up summary and the demo. The release controller's metric store replaces it.
import type { InvocationRecord, MetricSink } from '../../release-tools/src/ports/metrics.ts';

export interface Tally {
  readonly model: string;
  readonly track: string;
  readonly version: string;
  invocations: number;
  errors: number;
  latencyMsTotal: number;
}

export class TallyMetricSink implements MetricSink {
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly next?: MetricSink) {}

  record(invocation: InvocationRecord): void {
    const key = `${invocation.model}\u0000${invocation.track}\u0000${invocation.version}`;
    const tally = this.tallies.get(key) ?? {
      model: invocation.model,
      track: invocation.track,
      version: invocation.version,
      invocations: 0,
      errors: 0,
      latencyMsTotal: 0,
    };
    tally.invocations++;
    if (invocation.error) tally.errors++;
    tally.latencyMsTotal += invocation.latencyMs;
    this.tallies.set(key, tally);
    this.next?.record(invocation);
  }

  snapshot(): Tally[] {
    return [...this.tallies.values()].map((t) => ({ ...t }));
  }
}
