// DeadLetterReader over a plane that can list its dead letters with their targets (the local data
// plane's DLQs on disk): the candidate's are those whose last delivery was routed to its version.
// A dead letter re-driven out of the DLQ is no longer listed, so it no longer counts.
import type { DeadLetterQuery, DeadLetterReader, DeadLetterReading } from '../../ports/dead-letters.ts';

/** One dead letter as the plane lists it. */
export interface ListedDeadLetter {
  readonly model?: string;
  /** The version its last delivery was routed to; absent when unknown (old dead letters, failures before routing). */
  readonly version?: string;
  readonly requestId?: string;
  /** Epoch ms it was moved to the DLQ. */
  readonly deadLetteredAt: number;
}

export class ListedDeadLetterReader implements DeadLetterReader {
  constructor(private readonly list: () => Promise<readonly ListedDeadLetter[]>) {}

  async deadLetters(q: DeadLetterQuery): Promise<DeadLetterReading> {
    const mine = (await this.list())
      .filter(
        (d) =>
          d.model === q.model && d.version === q.version && d.deadLetteredAt >= q.since && d.deadLetteredAt <= q.until,
      )
      .sort((a, b) => a.deadLetteredAt - b.deadLetteredAt);
    return {
      count: mine.length,
      ...(mine[0] ? { oldestAt: mine[0].deadLetteredAt } : {}),
      requestIds: mine.flatMap((d) => (d.requestId ? [d.requestId] : [])),
    };
  }
}
