// The release block of models.yaml: each strategy's fields, what a model inherits from
// defaults.release, the bounds of every number (both sides), and each error at its position.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { doc, where } from './doc.ts';

const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};
const releaseOf = (text: string) => {
  const result = loadManifest(text);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.manifest.models[0]!.release;
};
/** The model's release block (line 11), and optionally defaults.release (line 3). */
const rel = (own: string | undefined, defaults?: string) =>
  doc({
    ...(defaults === undefined
      ? {}
      : { 3: `defaults: { compile: { target: ml_c5 }, release: { ${defaults} } }`, 4: '' }),
    11: own === undefined ? '' : `    release: { ${own} }`,
  });
const BUILT_IN_GATES = { maxErrorRate: 0.01, maxP99LatencyMs: 500, minRequests: 50, alarms: [] };
const CANARY = 'strategy: canary, steps: [{ weight: 10, bake: 1m }, { weight: 100, bake: 2m }]';

describe('strategy', () => {
  it('is required, at the release block or else at the model', () => {
    const block = rel('');
    expect(errorsOf(block)).toEqual([
      'models.yaml:11:14: models[0].release.strategy: is required (set it here or in defaults.release)',
    ]);
    expect(errorsOf(rel(undefined))).toEqual([
      'models.yaml:6:5: models[0].release.strategy: is required (set it here or in defaults.release)',
    ]);
  });

  it('is reported once when misspelled, in the model or in defaults', () => {
    const own = rel('strategy: canery');
    expect(errorsOf(own)).toEqual([
      `${where(own, 11, 'canery')}: models[0].release.strategy: expected one of canary | linear | ab | all-at-once | shadow, got "canery" (did you mean "canary"?)`,
    ]);
    const inherited = rel(undefined, 'strategy: lineer');
    expect(errorsOf(inherited)).toEqual([
      `${where(inherited, 3, 'lineer')}: defaults.release.strategy: expected one of canary | linear | ab | all-at-once | shadow, got "lineer" (did you mean "linear"?)`,
    ]);
  });

  it('all-at-once gets the built-in gates where none are written', () => {
    expect(releaseOf(rel('strategy: all-at-once'))).toEqual({ strategy: 'all-at-once', gates: BUILT_IN_GATES });
  });
});

describe('canary steps', () => {
  it('reads weights 1..100 and bakes in ms', () => {
    expect(releaseOf(rel('strategy: canary, steps: [{ weight: 1, bake: 1s }, { weight: 100, bake: 2m }]'))).toEqual({
      strategy: 'canary',
      steps: [
        { weight: 1, bakeMs: 1_000 },
        { weight: 100, bakeMs: 120_000 },
      ],
      gates: BUILT_IN_GATES,
    });
  });

  it('reads one step of 100%', () => {
    expect(releaseOf(rel('strategy: canary, steps: [{ weight: 100, bake: 1m }]'))).toMatchObject({
      steps: [{ weight: 100, bakeMs: 60_000 }],
    });
  });

  it('reads weights one point apart', () => {
    expect(
      releaseOf(rel('strategy: canary, steps: [{ weight: 10, bake: 1m }, { weight: 11, bake: 1m }]')),
    ).toMatchObject({
      steps: [{ weight: 10 }, { weight: 11 }],
    });
  });

  it.each([
    ['0', 'number 0'],
    ['101', 'number 101'],
    ['"100.5%"', '"100.5%"'],
  ])('refuses weight %s', (weight, got) => {
    const text = rel(`strategy: canary, steps: [{ weight: ${weight}, bake: 1m }]`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, weight)}: models[0].release.steps[0].weight: expected a percentage from 1% to 100%, got ${got}`,
    ]);
  });

  it('refuses a weight equal to the previous one', () => {
    const text = rel('strategy: canary, steps: [{ weight: 10, bake: 1m }, { weight: 10, bake: 1m }]');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '10, bake: 1m }]')}: models[0].release.steps[1].weight: must be greater than the previous step's weight (10%)`,
    ]);
  });

  it('refuses 100% before the last step, and what follows it', () => {
    const text = rel('strategy: canary, steps: [{ weight: 100, bake: 1m }, { weight: 50, bake: 1m }]');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '100')}: models[0].release.steps[0].weight: reaches 100% before the last step: later steps would never run`,
      `${where(text, 11, '50')}: models[0].release.steps[1].weight: must be greater than the previous step's weight (100%)`,
    ]);
  });

  it('wants steps, and says so once when they are written but wrong', () => {
    const missing = rel('strategy: canary');
    expect(errorsOf(missing)).toEqual(['models.yaml:11:14: models[0].release.steps: is required for strategy canary']);
    const empty = rel('strategy: canary, steps: []');
    expect(errorsOf(empty)).toEqual([`${where(empty, 11, '[]')}: models[0].release.steps: needs at least 1 item(s)`]);
    const bad = rel('strategy: canary, steps: [{ weight: 10 }]');
    expect(errorsOf(bad)).toEqual([`${where(bad, 11, '{ weight')}: models[0].release.steps[0].bake: is required`]);
  });

  it('says nothing more of steps that are not a list, in the model or in defaults', () => {
    const own = rel('strategy: canary, steps: 5');
    expect(errorsOf(own)).toEqual([
      `${where(own, 11, 'steps: 5', 7)}: models[0].release.steps: expected a list, got number 5`,
    ]);
    const inherited = rel(undefined, 'strategy: canary, steps: 5');
    expect(errorsOf(inherited)).toEqual([
      `${where(inherited, 3, 'steps: 5', 7)}: defaults.release.steps: expected a list, got number 5`,
    ]);
  });

  it('places a field missing from both blocks at the model when it has no release block', () => {
    expect(errorsOf(rel(undefined, 'strategy: linear, interval: 1m'))).toEqual([
      'models.yaml:6:5: models[0].release.increment: is required for strategy linear',
    ]);
  });

  it('checks the steps of defaults.release once, at defaults', () => {
    const text = rel(undefined, 'strategy: canary, steps: [{ weight: 50, bake: 1m }, { weight: 20, bake: 1m }]');
    expect(errorsOf(text)).toEqual([
      `${where(text, 3, '20')}: defaults.release.steps[1].weight: must be greater than the previous step's weight (50%)`,
    ]);
  });
});

describe('linear and ab', () => {
  it('reads linear: increment 1..100%, interval in ms', () => {
    expect(releaseOf(rel('strategy: linear, increment: 1%, interval: 90s'))).toEqual({
      strategy: 'linear',
      increment: 1,
      intervalMs: 90_000,
      gates: BUILT_IN_GATES,
    });
    expect(releaseOf(rel('strategy: linear, increment: 100, interval: 1h'))).toMatchObject({ increment: 100 });
  });

  it.each([
    ['0%', '"0%"'],
    ['101%', '"101%"'],
  ])('refuses increment %s', (increment, got) => {
    const text = rel(`strategy: linear, increment: ${increment}, interval: 1m`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, increment)}: models[0].release.increment: expected a percentage from 1% to 100%, got ${got}`,
    ]);
  });

  it('wants increment and interval for linear', () => {
    expect(errorsOf(rel('strategy: linear'))).toEqual([
      'models.yaml:11:14: models[0].release.increment: is required for strategy linear',
      'models.yaml:11:14: models[0].release.interval: is required for strategy linear',
    ]);
  });

  it('reads ab: split 1..99, a field sticky key, duration in ms', () => {
    expect(releaseOf(rel('strategy: ab, split: 1, sticky: field:userId, duration: 2h'))).toEqual({
      strategy: 'ab',
      split: 1,
      sticky: { source: 'field', name: 'userId' },
      durationMs: 7_200_000,
      gates: BUILT_IN_GATES,
    });
    expect(releaseOf(rel('strategy: ab, split: 99%, sticky: header:x-user.id_2, duration: 1d'))).toMatchObject({
      split: 99,
      sticky: { source: 'header', name: 'x-user.id_2' },
      durationMs: 86_400_000,
    });
  });

  it.each([
    ['split: 0', '0', 'models[0].release.split: expected a percentage from 1% to 99%, got number 0'],
    [
      'sticky: cookie:sid',
      'cookie:sid',
      'models[0].release.sticky: expected a sticky key like header:x-user-id or field:userId, got "cookie:sid"',
    ],
    [
      'sticky: "header:"',
      '"header:"',
      'models[0].release.sticky: expected a sticky key like header:x-user-id or field:userId, got "header:"',
    ],
    ['duration: 24', '24', 'models[0].release.duration: expected a duration like 30s, 5m or 24h, got number 24'],
  ])('refuses %s', (field, at, message) => {
    const fields = { split: 'split: 50', sticky: 'sticky: header:x', duration: 'duration: 1h' };
    const key = field.split(':')[0] as keyof typeof fields;
    const text = rel(`strategy: ab, ${Object.values({ ...fields, [key]: field }).join(', ')}`);
    expect(errorsOf(text)).toEqual([`${where(text, 11, at)}: ${message}`]);
  });

  it('wants split, sticky and duration for ab', () => {
    expect(errorsOf(rel('strategy: ab'))).toEqual([
      'models.yaml:11:14: models[0].release.split: is required for strategy ab',
      'models.yaml:11:14: models[0].release.sticky: is required for strategy ab',
      'models.yaml:11:14: models[0].release.duration: is required for strategy ab',
    ]);
  });
});

describe('fields of another strategy', () => {
  it.each([
    ['all-at-once', 'steps: [{ weight: 10, bake: 1m }]', 'steps', 'canary'],
    ['all-at-once', 'increment: 10', 'increment', 'linear'],
    ['all-at-once', 'interval: 1m', 'interval', 'linear'],
    ['all-at-once', 'split: 10', 'split', 'ab'],
    ['all-at-once', 'sticky: header:x', 'sticky', 'ab'],
    ['all-at-once', 'duration: 1m', 'duration', 'ab'],
    ['all-at-once', 'sample: 10', 'sample', 'shadow'],
    ['all-at-once', 'then: canary', 'then', 'shadow'],
    ['linear, increment: 10, interval: 1m', 'split: 10', 'split', 'ab'],
  ])('on %s: %s', (strategy, field, key, owner) => {
    const text = rel(`strategy: ${strategy}, ${field}`);
    const name = strategy.split(',')[0];
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, field, key.length + 2)}: models[0].release.${key}: applies to ${owner} only, not ${name}`,
    ]);
  });

  it('are flagged in defaults.release too, once', () => {
    const text = rel(undefined, `${CANARY}, split: 10`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 3, 'split: 10', 7)}: defaults.release.split: applies to ab only, not canary`,
    ]);
  });
});

describe('what a model inherits from defaults.release', () => {
  it('everything, when it names no strategy or the same one', () => {
    const steps = [
      { weight: 10, bakeMs: 60_000 },
      { weight: 100, bakeMs: 120_000 },
    ];
    expect(releaseOf(rel(undefined, CANARY))).toEqual({ strategy: 'canary', steps, gates: BUILT_IN_GATES });
    expect(releaseOf(rel('strategy: canary', CANARY))).toEqual({ strategy: 'canary', steps, gates: BUILT_IN_GATES });
  });

  it("its own fields over the defaults'", () => {
    expect(releaseOf(rel('steps: [{ weight: 30, bake: 5m }]', CANARY))).toMatchObject({
      steps: [{ weight: 30, bakeMs: 300_000 }],
    });
  });

  it('only gates and judge, when it names another strategy', () => {
    const text = rel(
      'strategy: linear',
      `${CANARY}, gates: { minRequests: 7 }, judge: { metric: latency, test: sequential-rank }`,
    );
    expect(errorsOf(text)).toEqual([
      'models.yaml:11:14: models[0].release.increment: is required for strategy linear',
      'models.yaml:11:14: models[0].release.interval: is required for strategy linear',
    ]);
    expect(
      releaseOf(rel('strategy: linear, increment: 5, interval: 1m', `${CANARY}, gates: { minRequests: 7 }`)),
    ).toEqual({
      strategy: 'linear',
      increment: 5,
      intervalMs: 60_000,
      gates: { ...BUILT_IN_GATES, minRequests: 7 },
    });
  });

  it('gates field by field: its own over the defaults, the built-in ones under both', () => {
    expect(
      releaseOf(
        rel(
          'strategy: all-at-once, gates: { minRequests: 10, alarms: [own-alarm] }',
          'gates: { maxErrorRate: 2%, minRequests: 20, alarms: [a, b] }',
        ),
      ).gates,
    ).toEqual({ maxErrorRate: 0.02, maxP99LatencyMs: 500, minRequests: 10, alarms: ['own-alarm'] });
  });

  it('the judge, whose errors are placed at defaults', () => {
    const text = rel('strategy: all-at-once', 'judge: { metric: error-rate, test: mann-whitney }');
    expect(errorsOf(text)).toEqual([
      `${where(text, 3, 'mann-whitney')}: defaults.release.judge.test: error-rate is judged with sequential-binomial, not mann-whitney`,
    ]);
    expect(
      releaseOf(rel('strategy: all-at-once', 'judge: { metric: error-rate, test: two-proportion, alpha: 0.01 }')).judge,
    ).toEqual({
      metric: 'error-rate',
      test: 'sequential-binomial',
      alpha: 0.01,
      boundary: 'alpha-spending',
    });
  });

  it("the model's own judge over the defaults'", () => {
    const text = rel(
      'strategy: all-at-once, judge: { metric: latency, test: sequential-rank, boundary: mixture }',
      'judge: { metric: error-rate, test: sequential-binomial }',
    );
    expect(releaseOf(text).judge).toEqual({
      metric: 'latency',
      test: 'sequential-rank',
      alpha: 0.05,
      boundary: 'mixture',
    });
  });

  it('never breaking: defaults.release.breaking is refused', () => {
    const text = rel('strategy: all-at-once', 'breaking: true');
    expect(errorsOf(text)).toEqual([
      `${where(text, 3, 'true')}: defaults.release.breaking: is set per model only (a breaking release is a decision about one model)`,
    ]);
  });
});

describe('gates', () => {
  const gates = (fields: string) => rel(`strategy: all-at-once, gates: { ${fields} }`);
  const gatesOf = (fields: string) => releaseOf(gates(fields)).gates;

  it('reads maxErrorRate 0..100% as a fraction, and maxP99LatencyMs 1..600000', () => {
    expect(gatesOf('maxErrorRate: 0%, maxP99LatencyMs: 1')).toMatchObject({ maxErrorRate: 0, maxP99LatencyMs: 1 });
    expect(gatesOf('maxErrorRate: 100%, maxP99LatencyMs: 600000')).toMatchObject({
      maxErrorRate: 1,
      maxP99LatencyMs: 600_000,
    });
    expect(gatesOf('maxErrorRate: 0.5%')).toMatchObject({ maxErrorRate: 0.005 });
  });

  it.each([
    ['maxErrorRate: 101%', '101%', 'maxErrorRate: expected a percentage from 0% to 100%, got "101%"'],
    ['maxErrorRate: -1', '-1', 'maxErrorRate: expected a percentage from 0% to 100%, got number -1'],
    ['maxP99LatencyMs: 0', '0', 'maxP99LatencyMs: expected an integer from 1 to 600000, got number 0'],
    ['maxP99LatencyMs: 600001', '600001', 'maxP99LatencyMs: expected an integer from 1 to 600000, got number 600001'],
    ['minRequests: 0', '0', 'minRequests: expected an integer from 1 to 9007199254740991, got number 0'],
    ['alarms: [ok, ""]', '""', 'alarms[1]: expected an alarm name, got ""'],
    ['alarms: high-latency', 'high-latency', 'alarms: expected a list, got "high-latency"'],
  ])('refuses %s', (fields, at, message) => {
    const text = gates(fields);
    expect(errorsOf(text)).toEqual([`${where(text, 11, at)}: models[0].release.gates.${message}`]);
  });

  it('reads minRequests from 1 and alarm names', () => {
    expect(gatesOf('minRequests: 1, alarms: [a, b-2]')).toMatchObject({ minRequests: 1, alarms: ['a', 'b-2'] });
  });

  it('reads a dead-letter gate: max 0 unless written, maxAge in ms', () => {
    expect(gatesOf('deadLetters: {}').deadLetters).toStrictEqual({ max: 0 });
    expect(gatesOf('deadLetters: { maxAge: 10m }').deadLetters).toEqual({ max: 0, maxAgeMs: 600_000 });
    expect(gatesOf('deadLetters: { max: 3 }').deadLetters).toStrictEqual({ max: 3 });
    expect(gatesOf('minRequests: 5').deadLetters).toBeUndefined();
    const text = gates('deadLetters: { max: -1 }');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '-1')}: models[0].release.gates.deadLetters.max: expected an integer from 0 to 9007199254740991, got number -1`,
    ]);
  });
});

describe('judge', () => {
  const judge = (fields: string) => rel(`strategy: all-at-once, judge: { ${fields} }`);

  it('reads alpha 0.0001..0.5', () => {
    expect(releaseOf(judge('metric: latency, test: sequential-rank, alpha: 0.0001')).judge?.alpha).toBe(0.0001);
    expect(releaseOf(judge('metric: latency, test: sequential-rank, alpha: 0.5')).judge?.alpha).toBe(0.5);
  });

  it.each([
    ['0.00001', 'number 0.00001'],
    ['0.51', 'number 0.51'],
  ])('refuses alpha %s', (alpha, got) => {
    const text = judge(`metric: latency, test: sequential-rank, alpha: ${alpha}`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, alpha)}: models[0].release.judge.alpha: expected a number from 0.0001 to 0.5, got ${got}`,
    ]);
  });

  it('refuses sequential-rank on error rates', () => {
    const text = judge('metric: error-rate, test: sequential-rank');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, 'sequential-rank')}: models[0].release.judge.test: error-rate is judged with sequential-binomial, not sequential-rank`,
    ]);
  });

  it('wants both metric and test', () => {
    const text = judge('metric: latency');
    expect(errorsOf(text)).toEqual([`${where(text, 11, '{ metric')}: models[0].release.judge.test: is required`]);
  });
});

describe('shadow', () => {
  const shadow = (fields: string, defaults?: string) => rel(`strategy: shadow, ${fields}`, defaults);

  it('reads sample 1..100% and the duration, with nothing to follow', () => {
    expect(releaseOf(shadow('sample: 1, duration: 10m'))).toEqual({
      strategy: 'shadow',
      sample: 1,
      durationMs: 600_000,
      gates: BUILT_IN_GATES,
    });
    expect(releaseOf(shadow('sample: 100%, duration: 10m'))).toMatchObject({ sample: 100 });
  });

  it('refuses sample 0 and wants a duration', () => {
    const text = shadow('sample: 0, duration: 1m');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '0, duration')}: models[0].release.sample: expected a percentage from 1% to 100%, got number 0`,
    ]);
    expect(errorsOf(shadow('sample: 5'))).toEqual([
      'models.yaml:11:14: models[0].release.duration: is required for strategy shadow',
    ]);
  });

  it('then: canary takes its own steps', () => {
    expect(releaseOf(shadow('sample: 5, duration: 1m, then: canary, steps: [{ weight: 50, bake: 1m }]'))).toEqual({
      strategy: 'shadow',
      sample: 5,
      durationMs: 60_000,
      followedBy: { strategy: 'canary', steps: [{ weight: 50, bakeMs: 60_000 }] },
      gates: BUILT_IN_GATES,
    });
  });

  it('then: canary without steps anywhere is refused at then', () => {
    const text = shadow('sample: 5, duration: 1m, then: canary');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, 'canary')}: models[0].release.then: needs steps for the canary after the shadow`,
    ]);
  });

  it("checks the canary's steps", () => {
    const text = shadow(
      'sample: 5, duration: 1m, then: canary, steps: [{ weight: 50, bake: 1m }, { weight: 40, bake: 1m }]',
    );
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '40')}: models[0].release.steps[1].weight: must be greater than the previous step's weight (50%)`,
    ]);
  });

  it("ignores defaults' canary steps when no canary follows", () => {
    expect(releaseOf(shadow('sample: 5, duration: 1m', CANARY))).toEqual({
      strategy: 'shadow',
      sample: 5,
      durationMs: 60_000,
      gates: BUILT_IN_GATES,
    });
  });

  it('reads a divergence threshold: any number >= 0 for abs-diff-p99; a rate strictly between 0 and 1 for disagreement', () => {
    const gate = (g: string) =>
      releaseOf(shadow(`sample: 5, duration: 1m, gates: { maxDivergence: { ${g} } }`)).gates.maxDivergence;
    expect(gate('metric: abs-diff-p99, threshold: 0')).toEqual({ metric: 'abs-diff-p99', threshold: 0, alpha: 0.05 });
    expect(gate('metric: abs-diff-p99, threshold: 3.5, alpha: 0.5')).toEqual({
      metric: 'abs-diff-p99',
      threshold: 3.5,
      alpha: 0.5,
    });
    expect(gate('metric: disagreement, threshold: 0.001')).toMatchObject({ threshold: 0.001 });
    expect(gate('metric: disagreement, threshold: 0.999')).toMatchObject({ threshold: 0.999 });
    expect(gate('metric: disagreement, threshold: 99.5%')).toMatchObject({ threshold: 0.995 });
  });

  it.each([
    [
      'metric: disagreement, threshold: 0',
      'threshold',
      'is a disagreement rate for disagreement: above 0% and below 100%',
    ],
    [
      'metric: disagreement, threshold: 0%',
      'threshold',
      'is a disagreement rate for disagreement: above 0% and below 100%',
    ],
    [
      'metric: disagreement, threshold: 1',
      'threshold',
      'is a disagreement rate for disagreement: above 0% and below 100%',
    ],
    [
      'metric: abs-diff-p99, threshold: -0.1',
      'threshold',
      'expected a number >= 0 or a percentage like 2%, got number -0.1',
    ],
    ['metric: abs-diff-p99, threshold: 1, alpha: 0.6', 'alpha', 'expected a number from 0.0001 to 0.5, got number 0.6'],
  ])('refuses %s', (g, field, message) => {
    const text = shadow(`sample: 5, duration: 1m, gates: { maxDivergence: { ${g} } }`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, `${field}: `, field.length + 2)}: models[0].release.gates.maxDivergence.${field}: ${message}`,
    ]);
  });

  it('wants a metric and a threshold in a divergence gate', () => {
    const text = shadow('sample: 5, duration: 1m, gates: { maxDivergence: { metric: disagreement } }');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '{ metric')}: models[0].release.gates.maxDivergence.threshold: is required`,
    ]);
  });

  it('refuses a divergence gate written in defaults for a canary, at defaults', () => {
    const text = rel(undefined, `${CANARY}, gates: { maxDivergence: { metric: abs-diff-p99, threshold: 0.1 } }`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 3, '{ metric')}: defaults.release.gates.maxDivergence: applies to strategy shadow only, not canary (only a shadow mirrors requests to compare)`,
    ]);
  });
});

describe('breaking', () => {
  it('reads true and false; anything else is refused', () => {
    const result = loadManifest(rel('strategy: all-at-once, breaking: false'));
    expect(result.ok && result.manifest.models[0]).not.toHaveProperty('breaking');
    const text = rel('strategy: all-at-once, breaking: yes');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, 'yes')}: models[0].release.breaking: expected true or false, got "yes"`,
    ]);
  });

  it('refuses a breaking canary, at breaking', () => {
    const text = rel(`${CANARY}, breaking: true`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, 'true')}: models[0].release.breaking: a breaking release goes all at once (strategy: all-at-once), not canary`,
    ]);
  });
});
