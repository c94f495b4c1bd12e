// The AWS compiler: a SageMaker Neo compilation job, polled with backoff until it completes, fails or
// times out (then stopped). The compiled output is copied into the immutable artifact store.
import {
  CreateCompilationJobCommand,
  DescribeCompilationJobCommand,
  type Framework as NeoFramework,
  StopCompilationJobCommand,
  type TargetDevice,
  type TargetPlatform,
} from '@aws-sdk/client-sagemaker';
import { neoDataInputConfig } from '../../domain/compile-precheck.ts';
import type { Framework } from '../../domain/manifest/types.ts';
import type { ArtifactRef, ArtifactStore } from '../../ports/artifact-store.ts';
import {
  CompilationFailedError,
  CompilationTimeoutError,
  type CompileRequest,
  type CompileResult,
  type ModelCompiler,
} from '../../ports/compiler.ts';
import { tarGz } from '../model-tarball.ts';
import { errorName, type SageMakerClientProps, sageMakerClientOf } from './sagemaker-client.ts';

export type NeoCompilerProps = SageMakerClientProps & {
  readonly roleArn: string;
  readonly artifacts: ArtifactStore;
  /** S3 URI of a stored artifact (Neo reads its input from S3). */
  readonly sourceUriOf: (ref: ArtifactRef) => string;
  /** Staging prefix for Neo's output, e.g. s3://bucket/neo-output */
  readonly outputS3Uri: string;
  /** Reads Neo's output object so it can be stored under its content hash. */
  readonly readOutput: (s3Uri: string) => Promise<Uint8Array>;
  readonly kmsKeyId: string;
  /** Framework version for Neo. @default none: Neo picks its default for the framework */
  readonly frameworkVersion?: string;
  /** Compile for an OS/arch/accelerator instead of the models.yaml target device. @default TargetDevice */
  readonly targetPlatform?: TargetPlatform;
  /** @default 900 */
  readonly maxRuntimeSeconds?: number;
  /** Give up (and stop the job) after this long. @default 20 minutes */
  readonly timeoutMs?: number;
  /** First poll delay, doubled after each poll up to maxPollMs. @default 5000 / 60000 */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
};

const FRAMEWORKS: Record<Framework, NeoFramework> = {
  onnx: 'ONNX',
  pytorch: 'PYTORCH',
  tensorflow: 'TENSORFLOW',
  xgboost: 'XGBOOST',
  mxnet: 'MXNET',
  tflite: 'TFLITE',
};

/** Attempts per model version and source: a FAILED or STOPPED job moves the next run on to a new name. */
export const MAX_COMPILE_ATTEMPTS = 20;

/**
 * Deterministic per attempt, so re-running the stage finds the job it already started; a job that ended
 * FAILED or STOPPED keeps its name for ever (SageMaker answers ResourceInUse), so the next attempt gets
 * the next number. At most 63 characters, as the API model's EntityName allows.
 */
export function compilationJobName(request: CompileRequest, attempt = 1): string {
  const base = `${request.model}-${request.version}`.replace(/[^a-zA-Z0-9-]/g, '-');
  return `${base.slice(0, 46)}-${request.source.sha256.slice(0, 12)}-${attempt}`;
}

export class NeoCompiler implements ModelCompiler {
  private readonly client;

  constructor(private readonly props: NeoCompilerProps) {
    this.client = sageMakerClientOf(props);
  }

  async compile(request: CompileRequest): Promise<CompileResult> {
    const { now = Date.now } = this.props;
    const started = now();
    const jobName = await this.start(request, await this.packaged(request));
    const { artifactUri, inferenceImage } = await this.waitFor(request.model, jobName, started);
    const bytes = await this.props.readOutput(artifactUri);
    const compiled = await this.props.artifacts.put(
      request.model,
      request.version,
      `model-${request.target}.tar.gz`,
      bytes,
    );
    return {
      compiled,
      report: {
        compiler: 'sagemaker-neo',
        target: request.target,
        maxAbsDiff: null,
        outputsEqual: null,
        jobName,
        inferenceImage,
        durationMs: now() - started,
      },
    };
  }

  /** Neo reads a gzip-compressed tar of the model, not a bare file: package it (content-addressed too). */
  private async packaged(request: CompileRequest): Promise<ArtifactRef> {
    if (request.source.key.endsWith('.tar.gz')) return request.source;
    const bytes = await this.props.artifacts.get(request.source.key);
    const name = request.source.key.split('/').at(-1)!;
    return this.props.artifacts.put(request.model, request.version, 'model.tar.gz', tarGz([{ name, bytes }]));
  }

  /** Starts the first attempt whose name is free, or returns the live (or completed) attempt a re-run finds. */
  private async start(request: CompileRequest, input: ArtifactRef): Promise<string> {
    for (let attempt = 1; attempt <= MAX_COMPILE_ATTEMPTS; attempt++) {
      const jobName = compilationJobName(request, attempt);
      if (await this.create(request, jobName, input)) return jobName;
      const existing = await this.client.send(new DescribeCompilationJobCommand({ CompilationJobName: jobName }));
      // A finished failure blocks only its own name: try the next attempt.
      if (existing.CompilationJobStatus !== 'FAILED' && existing.CompilationJobStatus !== 'STOPPED') return jobName;
    }
    throw new CompilationFailedError(
      request.model,
      `${MAX_COMPILE_ATTEMPTS} compilation jobs of ${request.model} ${request.version} failed or were stopped; change the model or version`,
    );
  }

  /** True when it created the job; false when a job of that name exists (ResourceInUse). */
  private async create(request: CompileRequest, jobName: string, input: ArtifactRef): Promise<boolean> {
    const { roleArn, kmsKeyId, frameworkVersion, maxRuntimeSeconds = 900 } = this.props;
    try {
      await this.client.send(
        new CreateCompilationJobCommand({
          CompilationJobName: jobName,
          RoleArn: roleArn,
          InputConfig: {
            S3Uri: this.props.sourceUriOf(input),
            DataInputConfig: neoDataInputConfig(request.signature),
            Framework: FRAMEWORKS[request.framework],
            ...(frameworkVersion ? { FrameworkVersion: frameworkVersion } : {}),
          },
          OutputConfig: {
            S3OutputLocation: `${this.props.outputS3Uri.replace(/\/$/, '')}/${request.model}/${request.version}/`,
            ...(this.props.targetPlatform
              ? { TargetPlatform: this.props.targetPlatform }
              : { TargetDevice: request.target as TargetDevice }),
            KmsKeyId: kmsKeyId,
          },
          StoppingCondition: { MaxRuntimeInSeconds: maxRuntimeSeconds },
        }),
      );
      return true;
    } catch (error) {
      // A re-run of the stage, or an earlier attempt that ended: the caller looks at the job.
      if (errorName(error) === 'ResourceInUse') return false;
      throw new CompilationFailedError(
        request.model,
        `could not start ${jobName}: ${errorName(error)}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** The output's S3 URI and the image that serves it, once the job completed. */
  private async waitFor(
    model: string,
    jobName: string,
    started: number,
  ): Promise<{ artifactUri: string; inferenceImage: string }> {
    const { timeoutMs = 20 * 60_000, pollMs = 5000, maxPollMs = 60_000, now = Date.now } = this.props;
    const sleep = this.props.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let delay = pollMs;
    while (now() - started < timeoutMs) {
      const job = await this.client.send(new DescribeCompilationJobCommand({ CompilationJobName: jobName }));
      switch (job.CompilationJobStatus) {
        case 'COMPLETED':
          // Neo names the image for cloud-instance targets; without it the version could not be served.
          if (!job.InferenceImage)
            throw new CompilationFailedError(
              model,
              `job ${jobName} completed without an InferenceImage (is the target a cloud instance like ml_c5?)`,
            );
          return { artifactUri: job.ModelArtifacts!.S3ModelArtifacts!, inferenceImage: job.InferenceImage };
        case 'FAILED':
          throw new CompilationFailedError(model, job.FailureReason ?? `job ${jobName} failed without a reason`);
        case 'STOPPED':
          throw new CompilationFailedError(model, `job ${jobName} was stopped`);
      }
      await sleep(Math.min(delay, Math.max(0, timeoutMs - (now() - started))));
      delay = Math.min(delay * 2, maxPollMs);
    }
    try {
      await this.client.send(new StopCompilationJobCommand({ CompilationJobName: jobName }));
    } catch {
      // The job may have ended meanwhile; the timeout is the error worth reporting.
    }
    throw new CompilationTimeoutError(model, timeoutMs);
  }
}
