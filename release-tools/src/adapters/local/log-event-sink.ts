// Release events as one log line each (the local platform's stand-in for the SNS topic).
import type { ReleaseEvent, ReleaseEventSink } from '../../ports/release-event-sink.ts';

export class LogEventSink implements ReleaseEventSink {
  constructor(private readonly write: (line: string) => void) {}

  async publish(e: ReleaseEvent): Promise<void> {
    const time = new Date(e.at).toISOString();
    this.write(`${time} ${e.model} ${e.version} ${e.from ?? '-'} -> ${e.to} [${e.type}] by ${e.who}: ${e.why}`);
  }
}
