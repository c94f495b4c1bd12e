// A mirrored request handed off by the synchronous invoke (which cannot work after it has answered)
// to the mirror function through its queue: the inputs, stable's answer and the candidate to ask.
// Versioned: the queue may hold messages written by the previous deployment's code.
import type { RouteDecision } from './router.ts';
import { formatErrors, type NamedTensors } from './tensors/tensor.ts';
import { decodeTensors, type JsonTensor, toJsonTensors } from './tensors/tensor-json.ts';

/** A request stable answered, to be asked of the candidate and compared with stable's answer. */
export interface MirrorJob {
  readonly model: string;
  readonly requestId: string;
  readonly inputs: NamedTensors;
  readonly stable: { readonly version: string; readonly outputs: NamedTensors };
  readonly candidate: RouteDecision;
}

export const MIRROR_MESSAGE_FORMAT = 1;

interface MirrorMessageV1 {
  readonly format: 1;
  readonly model: string;
  readonly requestId: string;
  /** Epoch ms when stable answered: the mirror function drops what waited too long. */
  readonly offeredAt: number;
  readonly inputs: Record<string, JsonTensor>;
  readonly stable: { readonly version: string; readonly outputs: Record<string, JsonTensor> };
  readonly candidate: RouteDecision;
}

export class MirrorMessageError extends Error {
  override readonly name = 'MirrorMessageError';
}

export function encodeMirrorMessage(job: MirrorJob, offeredAt: number): string {
  const message: MirrorMessageV1 = {
    format: MIRROR_MESSAGE_FORMAT,
    model: job.model,
    requestId: job.requestId,
    offeredAt,
    inputs: toJsonTensors(job.inputs),
    stable: { version: job.stable.version, outputs: toJsonTensors(job.stable.outputs) },
    candidate: job.candidate,
  };
  return JSON.stringify(message);
}

export function decodeMirrorMessage(body: string): { readonly job: MirrorJob; readonly offeredAt: number } {
  let value: Partial<MirrorMessageV1> | null;
  try {
    value = JSON.parse(body) as Partial<MirrorMessageV1> | null;
  } catch (error) {
    throw new MirrorMessageError('mirror message is not JSON', { cause: error });
  }
  // A JSON `null` body has no format either (not a TypeError).
  if (value?.format !== MIRROR_MESSAGE_FORMAT)
    throw new MirrorMessageError(`mirror message format ${String(value?.format)} is not known here`);
  const { model, requestId, stable, candidate } = value;
  if (typeof model !== 'string' || typeof requestId !== 'string' || !stable || !candidate?.targetModel)
    throw new MirrorMessageError('not a mirror message');
  const inputs = decodeTensors(value.inputs ?? {}, 'inputs');
  const outputs = decodeTensors(stable.outputs ?? {}, 'stable.outputs');
  if (!inputs.ok || !outputs.ok) {
    const errors = [inputs, outputs].flatMap((decoded) => (decoded.ok ? [] : decoded.errors));
    throw new MirrorMessageError(`mirror message tensors do not decode: ${formatErrors(errors)}`);
  }
  return {
    offeredAt: Number(value.offeredAt),
    job: {
      model,
      requestId,
      inputs: inputs.tensors,
      stable: { version: stable.version, outputs: outputs.tensors },
      candidate: { ...candidate, track: 'candidate' },
    },
  };
}
