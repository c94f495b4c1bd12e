// Work queue with SQS semantics: at-least-once delivery, visibility timeout, DLQ after maxReceiveCount.

export interface QueueMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** How many times this message has been received, this delivery included. */
  readonly receiveCount: number;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The model version a failed delivery was routed to: what its dead letter is attributed to. */
export interface DeliveryTarget {
  readonly model: string;
  readonly version: string;
}

export interface ReceiveOptions {
  readonly maxMessages?: number;
  /** Long polling: wait up to this long for a message (0..20 s). */
  readonly waitSeconds?: number;
  readonly visibilityTimeoutSeconds?: number;
  readonly signal?: AbortSignal;
}

export interface Queue {
  receive(options?: ReceiveOptions): Promise<QueueMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  /**
   * 0 makes the message visible again at once (retry now). `reason` says why this delivery failed;
   * a queue that can keep it (the local one) carries the last reason into its DLQ. `counted: false`
   * says the delivery failed for the platform's reason (its disk full), not the message's: a queue
   * that can (the local one) does not count it toward maxReceiveCount; SQS always counts. `target`
   * is the version the delivery was routed to: a queue that can keep it carries the last into its DLQ.
   */
  changeVisibility(
    receiptHandle: string,
    timeoutSeconds: number,
    reason?: string,
    options?: { readonly counted?: boolean; readonly target?: DeliveryTarget },
  ): Promise<void>;
  send(body: string, attributes?: Readonly<Record<string, string>>): Promise<string>;
  /** Messages waiting or in flight (approximate, as SQS reports them); used to drain on shutdown. */
  depth(): Promise<number>;
}
