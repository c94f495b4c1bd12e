// Release events (every history entry) go out to people and systems: SNS on AWS, the log locally.
import type { HistoryEvent } from '../domain/rollout/history.ts';

export interface ReleaseEvent extends HistoryEvent {
  readonly model: string;
}

export interface ReleaseEventSink {
  publish(event: ReleaseEvent): Promise<void>;
}
