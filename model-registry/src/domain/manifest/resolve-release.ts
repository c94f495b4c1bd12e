// Merges defaults.release with a model's own release block into one complete policy,
// and checks the rules that span fields (strategy needs its fields, weights increase, ...).
import type { Node } from 'yaml';
import type { FieldPath } from './issues.ts';
import type { releaseFields } from './schema.ts';
import { stepGatesOf } from './step-gates.ts';
import type { DeadLetterGate, DivergenceGate, Gates, Judge, ReleasePolicy } from './types.ts';
import type { ObjectRead, ReadContext, Reader } from './yaml-reader.ts';

type ReleaseRead = NonNullable<ReturnType<typeof releaseFields>>;
export type Located = { read: ReleaseRead; path: FieldPath };

/** Built-in gates, used where neither defaults nor the model set one. */
export const DEFAULT_GATES: Gates = { maxErrorRate: 0.01, maxP99LatencyMs: 500, minRequests: 50, alarms: [] };
const DEFAULT_ALPHA = 0.05;
/**
 * The judge's boundary where models.yaml names none, written into the policy so that a rollout
 * keeps the judge it started with. alpha-spending, by bench/judge.bench.ts's figures: nearly one
 * look's power (x1.10 caught before promotion >= 99%, errors 1% -> 2% within a point of one look)
 * with false rollbacks at alpha; the mixture rolls back fewer good releases and misses more bad ones.
 */
export const DEFAULT_JUDGE_BOUNDARY = 'alpha-spending' satisfies Judge['boundary'];
const JUDGE_TEST_ALIASES = {
  'sequential-rank': 'sequential-rank',
  'sequential-binomial': 'sequential-binomial',
  'mann-whitney': 'sequential-rank',
  'two-proportion': 'sequential-binomial',
} as const;

const STRATEGY_FIELDS = {
  canary: ['steps'],
  linear: ['increment', 'interval'],
  ab: ['split', 'sticky', 'duration'],
  'all-at-once': [],
  // steps: the canary that follows with `then: canary`.
  shadow: ['sample', 'duration', 'then', 'steps'],
} as const;
const ALL_STRATEGY_FIELDS = [
  'steps',
  'increment',
  'interval',
  'split',
  'sticky',
  'duration',
  'sample',
  'then',
] as const;
type StrategyField = (typeof ALL_STRATEGY_FIELDS)[number];

function gatesOf(source: Located | undefined, ctx: ReadContext): Partial<Gates> | undefined {
  const { maxDivergence, webhooks, manual, deadLetters, ...g } = source?.read.value.gates?.value ?? {};
  const divergence = maxDivergence ? divergenceOf(maxDivergence, source!, ctx) : undefined;
  if (maxDivergence && !divergence) return undefined;
  const stepGates = stepGatesOf({ webhooks, manual }, [...(source?.path ?? []), 'gates'], ctx);
  if (!stepGates) return undefined;
  return {
    ...g,
    ...(g.maxErrorRate !== undefined ? { maxErrorRate: g.maxErrorRate / 100 } : {}),
    ...(divergence ? { maxDivergence: divergence } : {}),
    ...stepGates,
    ...(deadLetters ? { deadLetters: deadLetterGateOf(deadLetters.value) } : {}),
  };
}

/** With `max` left out, any dead letter fails: a tolerance must be written. */
export const DEFAULT_DEAD_LETTER_GATE: DeadLetterGate = { max: 0 };

function deadLetterGateOf(read: { readonly max?: number; readonly maxAge?: number }): DeadLetterGate {
  return {
    max: read.max ?? DEFAULT_DEAD_LETTER_GATE.max,
    ...(read.maxAge !== undefined ? { maxAgeMs: read.maxAge } : {}),
  };
}

type DivergenceRead = NonNullable<NonNullable<ReleaseRead['value']['gates']>['value']['maxDivergence']>;

function divergenceOf(read: DivergenceRead, source: Located, ctx: ReadContext): DivergenceGate | undefined {
  const { metric, threshold, alpha } = read.value;
  if (!metric || !threshold) return undefined;
  const where = [...source.path, 'gates', 'maxDivergence', 'threshold'];
  if (metric === 'abs-diff-p99' && threshold.percentWritten) {
    ctx.report(
      read.nodes.threshold,
      where,
      'is an output difference for abs-diff-p99 (a number like 0.05), not a percentage',
    );
    return undefined;
  }
  // A rate of 0 or 1 could never be exceeded or never be met: no test can tell anything.
  if (metric === 'disagreement' && (threshold.value <= 0 || threshold.value >= 1)) {
    ctx.report(read.nodes.threshold, where, 'is a disagreement rate for disagreement: above 0% and below 100%');
    return undefined;
  }
  return { metric, threshold: threshold.value, alpha: alpha ?? DEFAULT_ALPHA };
}

export function resolveRelease(
  defaults: Located | undefined,
  own: Located | undefined,
  modelNode: Node,
  modelPath: FieldPath,
  ctx: ReadContext,
): ReleasePolicy | undefined {
  const strategy = own?.read.value.strategy ?? defaults?.read.value.strategy;
  if (!strategy) {
    // An invalid strategy was already reported where it was written.
    if (own?.read.nodes.strategy || defaults?.read.nodes.strategy) return undefined;
    ctx.report(
      own?.read.node ?? modelNode,
      [...modelPath, 'release', 'strategy'],
      'is required (set it here or in defaults.release)',
    );
    return undefined;
  }
  // A model that picks another strategy than the defaults inherits only gates and judge from them.
  const inherits = defaults && (!own?.read.value.strategy || own.read.value.strategy === defaults.read.value.strategy);
  const sources = [own, inherits ? defaults : undefined].filter((s): s is Located => s !== undefined);
  let ok = true;

  if (own && !checkBlockFields(own, strategy, ctx)) ok = false;

  const pick = <K extends StrategyField>(field: K) => {
    for (const source of sources) {
      const value = source.read.value[field];
      if (value !== undefined) return { value, source };
    }
    return undefined;
  };
  const need = <K extends StrategyField>(field: K) => {
    const found = pick(field);
    if (!found) {
      ok = false;
      // Written but invalid: already reported at its own position.
      if (sources.some((s) => s.read.nodes[field])) return undefined;
      ctx.report(own?.read.node ?? modelNode, [...modelPath, 'release', field], `is required for strategy ${strategy}`);
    }
    return found;
  };

  const defaultGates = gatesOf(defaults, ctx);
  const ownGates = gatesOf(own, ctx);
  if (!defaultGates || !ownGates) ok = false;
  const gates: Gates = { ...DEFAULT_GATES, ...defaultGates, ...ownGates };
  const judgeRead = own?.read.value.judge ?? defaults?.read.value.judge;
  const judge = judgeRead ? resolveJudge(judgeRead, own?.read.value.judge ? own : defaults, ctx) : undefined;
  if (judgeRead && !judge) ok = false;
  const common = { gates, ...(judge ? { judge } : {}) };
  // Only a shadow mirrors requests: on another strategy the gate would wait for pairs forever.
  const divergenceAt = [own, defaults].find((s) => s?.read.value.gates?.nodes.maxDivergence);
  if (gates.maxDivergence && strategy !== 'shadow' && divergenceAt) {
    ok = false;
    ctx.report(
      divergenceAt.read.value.gates!.nodes.maxDivergence!,
      [...divergenceAt.path, 'gates', 'maxDivergence'],
      `applies to strategy shadow only, not ${strategy} (only a shadow mirrors requests to compare)`,
    );
  }

  switch (strategy) {
    case 'canary': {
      const steps = need('steps');
      if (steps && !checkSteps(steps.value, steps.source, ctx)) ok = false;
      return ok && steps ? { strategy, steps: steps.value.map(stepOf), ...common } : undefined;
    }
    case 'linear': {
      const increment = need('increment');
      const interval = need('interval');
      return ok && increment && interval
        ? { strategy, increment: increment.value, intervalMs: interval.value, ...common }
        : undefined;
    }
    case 'ab': {
      const split = need('split');
      const sticky = need('sticky');
      const duration = need('duration');
      if (!ok || !split || !sticky || !duration) return undefined;
      const [source, name] = sticky.value.split(':') as ['header' | 'field', string];
      return { strategy, split: split.value, sticky: { source, name }, durationMs: duration.value, ...common };
    }
    case 'all-at-once':
      return ok ? { strategy, ...common } : undefined;
    case 'shadow': {
      const sample = need('sample');
      const duration = need('duration');
      const then = pick('then');
      // The canary's steps come from this block or the defaults, whichever strategy the defaults name.
      const steps = then ? pickAny(own, defaults, 'steps') : undefined;
      if (then && !steps) {
        ok = false;
        ctx.report(
          then.source.read.nodes.then!,
          [...then.source.path, 'then'],
          'needs steps for the canary after the shadow',
        );
      }
      const stray = own?.read.nodes.steps;
      if (!then && stray) {
        ok = false;
        ctx.report(stray, [...own!.path, 'steps'], 'applies to a shadow only with then: canary');
      }
      if (steps && !checkSteps(steps.value, steps.source, ctx)) ok = false;
      if (!ok || !sample || !duration) return undefined;
      return {
        strategy,
        sample: sample.value,
        durationMs: duration.value,
        ...(then && steps ? { followedBy: { strategy: then.value, steps: steps.value.map(stepOf) } } : {}),
        ...common,
      };
    }
  }
}

function pickAny(own: Located | undefined, defaults: Located | undefined, field: 'steps') {
  for (const source of [own, defaults]) {
    const value = source?.read.value[field];
    if (source && value !== undefined) return { value, source };
  }
  return undefined;
}

const stepOf = (s: StepRead) => ({ weight: s.value.weight!, bakeMs: s.value.bake! });

/** Flags fields of a release block that belong to another strategy than the one in force. */
export function checkBlockFields(block: Located, strategy: ReleasePolicy['strategy'], ctx: ReadContext): boolean {
  let ok = true;
  for (const field of ALL_STRATEGY_FIELDS) {
    const node = block.read.nodes[field];
    if (node && !(STRATEGY_FIELDS[strategy] as readonly string[]).includes(field)) {
      ctx.report(node, [...block.path, field], `applies to ${strategyOf(field)} only, not ${strategy}`);
      ok = false;
    }
  }
  return ok;
}

function strategyOf(field: StrategyField): string {
  return (Object.entries(STRATEGY_FIELDS).find(([, fields]) => (fields as readonly string[]).includes(field))?.[0] ??
    'another strategy') as string;
}

type StepRead = ObjectRead<{ weight: { read: Reader<number> }; bake: { read: Reader<number> } }>;

function checkSteps(steps: readonly StepRead[], source: Located, ctx: ReadContext): boolean {
  let ok = true;
  steps.forEach((step, index) => {
    const weight = step.value.weight!;
    const previous = index > 0 ? steps[index - 1]!.value.weight! : 0;
    const where = [...source.path, 'steps', index, 'weight'];
    if (index > 0 && weight <= previous) {
      ctx.report(step.nodes.weight, where, `must be greater than the previous step's weight (${previous}%)`);
      ok = false;
    }
    if (weight >= 100 && index < steps.length - 1) {
      ctx.report(step.nodes.weight, where, 'reaches 100% before the last step: later steps would never run');
      ok = false;
    }
  });
  return ok;
}

function resolveJudge(
  judge: NonNullable<ReleaseRead['value']['judge']>,
  source: Located | undefined,
  ctx: ReadContext,
): Judge | undefined {
  const { metric, test: written, alpha, boundary } = judge.value;
  // The names of the old fixed-sample tests still load, as the sequential test of the same metric.
  const test = written ? JUDGE_TEST_ALIASES[written] : undefined;
  const expected = metric === 'latency' ? 'sequential-rank' : 'sequential-binomial';
  if (metric && test && test !== expected) {
    ctx.report(
      judge.nodes.test,
      [...(source?.path ?? []), 'judge', 'test'],
      `${metric} is judged with ${expected}, not ${written}`,
    );
    return undefined;
  }
  return metric && test
    ? { metric, test, alpha: alpha ?? DEFAULT_ALPHA, boundary: boundary ?? DEFAULT_JUDGE_BOUNDARY }
    : undefined;
}
