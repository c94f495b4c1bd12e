// Compiles (optimises) a stored model for its serving target: ONNX Runtime offline optimisation
// locally, SageMaker Neo on AWS. The compiled file is itself an immutable artifact.
import type { CompileEngine, Framework, ModelSignature } from '../domain/manifest/types.ts';
import type { ArtifactRef } from './artifact-store.ts';

export interface CompileRequest {
  readonly model: string;
  readonly version: string;
  /** The original model, already in the artifact store. */
  readonly source: ArtifactRef;
  readonly framework: Framework;
  readonly signature: ModelSignature;
  /** Neo target from models.yaml, e.g. `ml_c5`. */
  readonly target: string;
  /** compile.engine from models.yaml. */
  readonly engine: CompileEngine;
}

export interface CompileReport {
  readonly compiler: 'onnxruntime' | 'sagemaker-neo';
  readonly target: string;
  /** Graph nodes before and after optimisation (local only: Neo output is opaque). */
  readonly nodesBefore?: number;
  readonly nodesAfter?: number;
  /** Session create time of the original vs the optimised model, median, ms (local only). */
  readonly loadMsBefore?: number;
  readonly loadMsAfter?: number;
  /** Largest output difference on sample inputs; null when the samples could not run. */
  readonly maxAbsDiff: number | null;
  readonly outputsEqual: boolean | null;
  /** Why sample inputs could not run on the original (a model that fails at inference still compiles). */
  readonly sampleError?: string;
  /** Neo compilation job name (AWS only). */
  readonly jobName?: string;
  /**
   * The image that serves this compiled model, as DescribeCompilationJob returns it (Neo only):
   * the version runs as a single-model production variant on it, on the `target` instance family.
   */
  readonly inferenceImage?: string;
  readonly durationMs: number;
}

export interface CompileResult {
  readonly compiled: ArtifactRef;
  readonly report: CompileReport;
}

export interface ModelCompiler {
  compile(request: CompileRequest): Promise<CompileResult>;
}

/** The compiler ran and refused the model, or produced a model that changes outputs. */
export class CompilationFailedError extends Error {
  override readonly name = 'CompilationFailedError';
  constructor(
    readonly model: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`compiling ${model} failed: ${reason}`, options);
  }
}

export class CompilationTimeoutError extends Error {
  override readonly name = 'CompilationTimeoutError';
  constructor(
    readonly model: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`compiling ${model} did not finish within ${Math.round(timeoutMs / 1000)}s; the job was stopped`, options);
  }
}
