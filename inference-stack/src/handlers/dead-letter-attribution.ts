// Which version a failed async delivery was routed to, so its dead letter is attributable: the
// release controller's dead-letter gate counts only the candidate's. Two things make that true:
// - the routing draw is a function of the request, not of the delivery, so every redelivery goes to
//   the version the first one went to while the weights hold (a retry on stable would hide a
//   candidate that fails every request from every gate);
// - on a message's last allowed receive the worker says where it was routed (SQS moves it to the
//   DLQ by its redrive policy, where nothing can annotate it): the DeadLettered metric on AWS.
import type { DeadLetterSink } from '../../../release-tools/src/ports/dead-letters.ts';
import type { RandomSource } from '../domain/router.ts';
import { stableHash } from '../domain/stable-hash.ts';
import type { DeliveryTarget } from '../ports/queue.ts';

/** The same draw in [0, 1) for every delivery of one request. */
export function requestDraw(model: string, requestId: string): RandomSource {
  const draw = stableHash(`${model}\u0000${requestId}`) / 2 ** 32;
  return () => draw;
}

/** Filled by the worker once a delivery is routed: what a failure after that is attributed to. */
export interface Routed {
  target?: DeliveryTarget;
}

export interface DeadLetterNotes {
  /** The lane's redrive policy: a delivery with this receive count is the last. */
  readonly maxReceiveCount: number;
  readonly sink: DeadLetterSink;
}

/** Tells the sink when a failed delivery was the message's last (ApproximateReceiveCount >= maxReceiveCount). */
export function noteIfLast(
  receiveCount: number | undefined,
  target: DeliveryTarget | undefined,
  notes: DeadLetterNotes | undefined,
  at: number,
): void {
  if (!notes || !target || receiveCount === undefined || receiveCount < notes.maxReceiveCount) return;
  notes.sink.deadLettered({ model: target.model, version: target.version, at });
}
