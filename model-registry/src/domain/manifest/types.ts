// The resolved, validated shape of models.yaml that the rest of the product consumes.

export type Strategy = 'canary' | 'linear' | 'ab' | 'all-at-once' | 'shadow';
/** Element types a signature may declare: every tensor type ONNX Runtime for Node runs (checked in
 * inference-stack/test/adapters/ort-dtypes.test.ts); bfloat16, complex and float8/int4 it does not. */
export const DTYPES = [
  'float32',
  'float64',
  'float16',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
] as const;
export type Dtype = (typeof DTYPES)[number];
export type Framework = 'onnx' | 'pytorch' | 'tensorflow' | 'xgboost' | 'mxnet' | 'tflite';
/** onnxruntime: ONNX Runtime offline optimisation (served by the MME); neo: SageMaker Neo (single-model variants). */
export type CompileEngine = 'onnxruntime' | 'neo';
/**
 * multi-model: a TargetModel on the shared multi-model endpoint. single-model: each version is its
 * own production variant (TargetVariant), as SageMaker serves Neo-compiled models.
 */
export type Serving = 'multi-model' | 'single-model';

export interface CanaryStep {
  /** Percent of traffic (1..100) sent to the candidate during this step. */
  readonly weight: number;
  /** How long the step must stay healthy before the next one, in ms. */
  readonly bakeMs: number;
}

export interface Gates {
  /** Highest candidate error rate allowed, as a fraction 0..1. */
  readonly maxErrorRate: number;
  readonly maxP99LatencyMs: number;
  /** No verdict (pass or fail by thresholds) before this many candidate requests. */
  readonly minRequests: number;
  /** Extra CloudWatch alarm names that must stay OK. */
  readonly alarms: readonly string[];
  /** Candidate vs stable outputs on mirrored requests (shadow releases); absent: not gated. */
  readonly maxDivergence?: DivergenceGate;
  /** Services asked before a step's traffic change (or the promotion); absent: none. */
  readonly webhooks?: readonly WebhookGate[];
  /** A person's `mlrelease approve` before a step's traffic change (or the promotion); absent: none. */
  readonly manual?: ManualGate;
  /**
   * The candidate's dead letters (its requests that failed every delivery on the async path).
   * Absent: DEFAULT_DEAD_LETTER_GATE (any dead letter of the candidate fails the rollout).
   */
  readonly deadLetters?: DeadLetterGate;
}

/** step: at the end of every step (before more traffic, and before promotion); promote: before promotion only. */
export type StepGateOn = 'step' | 'promote';

/**
 * POSTed the rollout's state once the step may move (bake over, gates passing); the rollout moves
 * only on a 2xx `{ "pass": true }`. `pass: false` rolls back; no answer (timeout, non-2xx, not
 * JSON) does what `onFailure` says.
 */
export interface WebhookGate {
  /** https, or http to localhost / 127.0.0.1 only. */
  readonly url: string;
  readonly timeoutMs: number;
  readonly on: StepGateOn;
  readonly onFailure: 'hold' | 'rollback';
}

export interface ManualGate {
  readonly on: StepGateOn;
}

/**
 * Fails when more than `max` of the candidate's requests were dead-lettered since its traffic began,
 * or when the oldest of them is older than `maxAgeMs` (absent: age is not checked).
 */
export interface DeadLetterGate {
  readonly max: number;
  readonly maxAgeMs?: number;
}

/**
 * abs-diff-p99: a pair exceeds when its largest absolute output difference is above `threshold`, and
 * the gate fails once the share of such pairs is shown to be above 1% (the p99 is above threshold).
 * disagreement: a pair exceeds when its labels differ, and the gate fails once the disagreement
 * rate is shown to be above `threshold` (a fraction 0..1). Sequential: it may look on every tick.
 */
export interface DivergenceGate {
  readonly metric: 'abs-diff-p99' | 'disagreement';
  readonly threshold: number;
  readonly alpha: number;
}

export interface Judge {
  readonly metric: 'latency' | 'error-rate';
  /**
   * latency: sequential-rank; error-rate: sequential-binomial. Rollout records written before the
   * sequential judge hold 'mann-whitney' / 'two-proportion' in their policy; the judge reads the
   * metric, so they get the same tests.
   */
  readonly test: 'sequential-rank' | 'sequential-binomial' | 'mann-whitney' | 'two-proportion';
  readonly alpha: number;
  /**
   * alpha-spending: a Lan-DeMets O'Brien-Fleming-like boundary over the rollout's schedule;
   * mixture: a mixture-SPRT e-value (anytime-valid, needs no schedule, less power at the end).
   * models.yaml's default is written in (DEFAULT_JUDGE_BOUNDARY). Absent only from policies recorded
   * before that: those rollouts keep the mixture they started with (release-tools' judgeLooksOf).
   */
  readonly boundary?: 'alpha-spending' | 'mixture';
}

export interface StickyKey {
  readonly source: 'header' | 'field';
  readonly name: string;
}

export type ReleasePolicy =
  | {
      readonly strategy: 'canary';
      readonly steps: readonly CanaryStep[];
      readonly gates: Gates;
      readonly judge?: Judge;
    }
  | {
      readonly strategy: 'linear';
      readonly increment: number;
      readonly intervalMs: number;
      readonly gates: Gates;
      readonly judge?: Judge;
    }
  | {
      readonly strategy: 'ab';
      readonly split: number;
      readonly sticky: StickyKey;
      readonly durationMs: number;
      readonly gates: Gates;
      readonly judge?: Judge;
    }
  | { readonly strategy: 'all-at-once'; readonly gates: Gates; readonly judge?: Judge }
  | {
      /** Mirrors `sample`% of stable's requests to the candidate, off the response path, for `durationMs`. */
      readonly strategy: 'shadow';
      readonly sample: number;
      readonly durationMs: number;
      /** models.yaml's `then: canary`: the canary's steps follow the shadow in the same release. */
      readonly followedBy?: { readonly strategy: 'canary'; readonly steps: readonly CanaryStep[] };
      readonly gates: Gates;
      readonly judge?: Judge;
    };

/**
 * One dimension of a declared shape: a fixed size (>= 1), -1 for a dynamic size, or a name for a
 * dynamic size that must be equal wherever the same name appears in one request (e.g. `batch`).
 */
export type Dim = number | string;

export interface TensorSpec {
  readonly name: string;
  readonly dtype: Dtype;
  /** `[]` is a scalar. */
  readonly shape: readonly Dim[];
}

export interface InputSpec extends TensorSpec {
  /** Index in `shape` of the batch dimension, if the input has one (it must be dynamic). */
  readonly batchDim?: number;
  /** Largest batch a single request may carry in this input. */
  readonly maxBatch: number;
}

/** A model's named inputs and outputs. `outputs` is absent when models.yaml does not declare them. */
export interface ModelSignature {
  readonly inputs: readonly InputSpec[];
  readonly outputs?: readonly TensorSpec[];
}

export interface ModelSpec {
  readonly name: string;
  readonly version: string;
  /** Local path (relative to models.yaml) or s3:// URI. */
  readonly artifact: string;
  readonly framework: Framework;
  readonly signature: ModelSignature;
  readonly compile: { readonly target: string; readonly engine: CompileEngine };
  readonly serving: Serving;
  readonly release: ReleasePolicy;
  /** `release: { breaking: true }`: the signature may change incompatibly (all-at-once only). */
  readonly breaking?: boolean;
}

export interface EndpointSpec {
  readonly name: string;
  readonly instanceType: string;
  readonly instances: { readonly min: number; readonly max: number };
  readonly targetInvocationsPerInstance: number;
}

export interface Manifest {
  readonly apiVersion: 'mlrelease/v1';
  readonly endpoint: EndpointSpec;
  readonly models: readonly ModelSpec[];
}
