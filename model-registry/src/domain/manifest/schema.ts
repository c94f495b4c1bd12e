// The models.yaml schema, field by field. Values come out in the units the domain uses
// (ms for durations, 0..100 for weights, 0..1 for rates).
import { isSeq } from 'yaml';
import { inputFields, inputList, outputList } from './read-signature.ts';
import { stepGateFields } from './step-gates.ts';
import { DTYPES } from './types.ts';
import { parseDuration, parsePercent } from './units.ts';
import { decimal, integer, list, object, oneOf, type Reader, scalar, text } from './yaml-reader.ts';

export const STRATEGIES = ['canary', 'linear', 'ab', 'all-at-once', 'shadow'] as const;
/** What may follow a shadow in the same release. */
export const SHADOW_THEN = ['canary'] as const;
export const DIVERGENCE_METRICS = ['abs-diff-p99', 'disagreement'] as const;
export { DTYPES };
export const FRAMEWORKS = ['onnx', 'pytorch', 'tensorflow', 'xgboost', 'mxnet', 'tflite'] as const;
export const COMPILE_ENGINES = ['onnxruntime', 'neo'] as const;
export const SERVING_MODES = ['multi-model', 'single-model'] as const;
export const JUDGE_METRICS = ['latency', 'error-rate'] as const;
/** The sequential tests, then the names models.yaml used before them (read as aliases of the same tests). */
export const JUDGE_TESTS = ['sequential-rank', 'sequential-binomial', 'mann-whitney', 'two-proportion'] as const;
/** How the sequential judge bounds its false rollbacks (release-tools/README.md, "The judge"). */
export const JUDGE_BOUNDARIES = ['alpha-spending', 'mixture'] as const;

/** Model names become S3 keys, metric dimensions and URL segments: keep them DNS-like. */
// A model's name is also its SageMaker model package group name and starts its Neo job names: the API
// model's EntityName allows up to 63 characters, hyphens only between letters or digits (none at the end).
export const MODEL_NAME = /^(?=.{1,63}$)[a-z](-*[a-z0-9]){0,62}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/;
const RELATIVE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./-]+$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const STICKY = /^(header|field):[A-Za-z0-9_.-]+$/;

export const duration = scalar('a duration like 30s, 5m or 24h', (v) =>
  typeof v === 'string' ? parseDuration(v) : undefined,
);
export const percent = (min: number, max: number) =>
  scalar(`a percentage from ${min}% to ${max}%`, (v) => {
    const p = parsePercent(v);
    return p !== undefined && p >= min && p <= max ? p : undefined;
  });

/** A number, or a percentage ("2%") that the disagreement metric reads as a rate. */
const threshold = scalar('a number >= 0 or a percentage like 2%', (v) => {
  const percentWritten = typeof v === 'string';
  const n = parsePercent(v);
  return n !== undefined && n >= 0 ? { value: percentWritten ? n / 100 : n, percentWritten } : undefined;
});

const gates = object({
  maxErrorRate: { read: percent(0, 100) },
  maxP99LatencyMs: { read: integer(1, 600_000) },
  // 0 would let a step pass on no evidence at all (an error rate of 0/0).
  minRequests: { read: integer(1) },
  alarms: { read: list(text('an alarm name')) },
  maxDivergence: {
    read: object({
      metric: { read: oneOf(DIVERGENCE_METRICS), required: true },
      // abs-diff-p99: an output difference; disagreement: a rate (checked against the metric in resolve-release.ts).
      threshold: { read: threshold, required: true },
      alpha: { read: decimal(0.0001, 0.5) },
    }),
  },
  ...stepGateFields,
  // The async path: dead letters of the candidate version (resolve-release.ts fills the default max).
  deadLetters: { read: object({ max: { read: integer(0) }, maxAge: { read: duration } }) },
});

const judge = object({
  metric: { read: oneOf(JUDGE_METRICS), required: true },
  test: { read: oneOf(JUDGE_TESTS), required: true },
  alpha: { read: decimal(0.0001, 0.5) },
  boundary: { read: oneOf(JUDGE_BOUNDARIES) },
});

const step = object({
  weight: { read: percent(1, 100), required: true },
  bake: { read: duration, required: true },
});

/** Every release field is optional here: defaults and per-model overrides are merged later. */
export const releaseFields = object({
  strategy: { read: oneOf(STRATEGIES) },
  steps: { read: list(step, 1) },
  increment: { read: percent(1, 100) },
  interval: { read: duration },
  split: { read: percent(1, 99) },
  sticky: { read: text('a sticky key like header:x-user-id or field:userId', STICKY) },
  duration: { read: duration },
  // shadow: the share of stable's requests mirrored to the candidate, and what follows the shadow.
  sample: { read: percent(1, 100) },
  // biome-ignore lint/suspicious/noThenProperty: the models.yaml key is `then` (a schema entry, never awaited).
  then: { read: oneOf(SHADOW_THEN) },
  gates: { read: gates },
  judge: { read: judge },
  // Per model only (a default would make every release breaking); checked in the loader.
  breaking: { read: scalar('true or false', (v) => (typeof v === 'boolean' ? v : undefined)) },
});

// `target` may come from defaults.compile: the loader checks each model has one after merging.
export const compileFields = object({
  target: { read: text('a Neo target like ml_c5') },
  engine: { read: oneOf(COMPILE_ENGINES) },
});

export const endpointFields = object({
  name: {
    read: text('an endpoint name (letters, digits, hyphens)', /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/),
    required: true,
  },
  instanceType: { read: text('a SageMaker instance type like ml.c5.xlarge', INSTANCE_TYPE), required: true },
  instances: {
    read: object({ min: { read: integer(1, 100), required: true }, max: { read: integer(1, 100), required: true } }),
    required: true,
  },
  targetInvocationsPerInstance: { read: integer(1, 1_000_000) },
});

export const defaultsFields = object({ compile: { read: compileFields }, release: { read: releaseFields } });

export const modelFields = object({
  name: {
    read: text(
      'a model name (lowercase letters, digits, hyphens; starts with a letter, does not end with a hyphen)',
      MODEL_NAME,
    ),
    required: true,
  },
  version: { read: text('a semantic version like 1.2.3', SEMVER), required: true },
  artifact: {
    read: scalar('a relative path inside the repo or an s3:// URI', (v) =>
      typeof v === 'string' && (S3_URI.test(v) || (RELATIVE_PATH.test(v) && !v.startsWith('s3:'))) ? v : undefined,
    ),
    required: true,
  },
  framework: { read: oneOf(FRAMEWORKS), required: true },
  input: { read: inputFields },
  inputs: { read: inputList },
  outputs: { read: outputList },
  compile: { read: compileFields },
  serving: { read: oneOf(SERVING_MODES) },
  release: { read: releaseFields },
});

const scalarOrList: Reader<true> = (node, path, ctx) => {
  if (isSeq(node)) return true;
  ctx.report(node, path, 'expected a list of models');
  return undefined;
};

export const documentFields = object({
  apiVersion: { read: oneOf(['mlrelease/v1'] as const), required: true },
  endpoint: { read: endpointFields, required: true },
  defaults: { read: defaultsFields },
  // Entries are read one by one by the loader, so a bad entry does not hide the others.
  models: { read: scalarOrList, required: true },
});
