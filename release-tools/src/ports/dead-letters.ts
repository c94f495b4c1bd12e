// Dead letters of the async path, by the model version their last delivery was routed to. The data
// plane attributes them (locally the dead letter carries its target; on AWS the worker emits a
// DeadLettered metric on a message's last allowed receive); the controller reads them for the gate.

export interface DeadLetterQuery {
  readonly model: string;
  readonly version: string;
  /** Epoch ms: dead-lettered at or after this. */
  readonly since: number;
  readonly until: number;
}

export interface DeadLetterReading {
  readonly count: number;
  /** Epoch ms the oldest of them was dead-lettered (on CloudWatch: the start of its minute); absent with none. */
  readonly oldestAt?: number;
  /** Request ids, oldest first, where the plane keeps them (locally); empty on CloudWatch. */
  readonly requestIds: readonly string[];
}

export interface DeadLetterReader {
  deadLetters(query: DeadLetterQuery): Promise<DeadLetterReading>;
}

/** A message failed on its last allowed receive: SQS moves it to the DLQ next. */
export interface DeadLetterNotice {
  readonly model: string;
  readonly version: string;
  /** Epoch ms. */
  readonly at: number;
}

/** Where the worker says so (EMF on AWS: the DeadLettered metric). */
export interface DeadLetterSink {
  deadLettered(notice: DeadLetterNotice): void;
}
