// The multi-model host: SageMaker MME InvokeEndpoint(TargetModel) on AWS, ONNX Runtime locally.
// Both take and answer named tensors (domain/tensors), already checked against the signature.
import type { NamedTensors } from '../domain/tensors/tensor.ts';

export interface Invocation {
  /** Every output of the model, by name. */
  readonly outputs: NamedTensors;
  /** Time spent running the model. */
  readonly inferenceMs: number;
  /** Time spent loading the model for this call; 0 when it was already loaded. */
  readonly loadMs: number;
}

export interface InvokeOptions {
  /**
   * A single-model (Neo-compiled) version: invoke this production variant (SageMaker's TargetVariant)
   * instead of loading `targetModel` on the multi-model endpoint.
   */
  readonly targetVariant?: string;
}

export interface ModelHost {
  /** `targetModel` is the artifact key (ArtifactRef.key), exactly as MME's TargetModel. */
  invoke(targetModel: string, inputs: NamedTensors, options?: InvokeOptions): Promise<Invocation>;
  /** Loads a model ahead of traffic so cold-load time does not count against a canary. */
  /** With `targetVariant`, warms that production variant (a single-model version) instead. */
  warm(
    targetModel: string,
    options?: InvokeOptions,
  ): Promise<{ readonly loadMs: number; readonly alreadyLoaded: boolean }>;
}

export class ModelInvocationError extends Error {
  override readonly name: string = 'ModelInvocationError';
  constructor(
    readonly targetModel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${targetModel}: ${redactPaths(message)}`, options);
  }
}

/**
 * The inputs do not fit the model itself (one missing, one it does not have): the caller's mistake,
 * each said by field path (`inputs.sr: is required`); the serving container answers it 400.
 */
export class ModelInputError extends ModelInvocationError {
  override readonly name: string = 'ModelInputError';
}

/**
 * The message reaches callers (a 424 body, a stored result): the host's file system layout is not
 * theirs to see. Absolute paths (two segments or more) become `<path>`; the cause keeps the original.
 */
export function redactPaths(message: string): string {
  return message.replace(/(^|[\s'"(=:])\/(?:[^\s'"/)]+\/)+[^\s'")]*/g, '$1<path>');
}
