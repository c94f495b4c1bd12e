// The judge's operating characteristics, measured through the real controller (see
// judge/simulate-rollout.ts): false rollbacks when nothing differs (also with a latency change
// common to both versions) and detection rate, time and candidate requests to rollback when the
// candidate is worse; for the rule before the sequential judge (p < alpha at every tick), one
// fixed-sample look at the end of the canary, and the two sequential judges (mixture SPRT and
// alpha-spending), all four on the same simulated releases. Rollouts run on worker threads;
// JUDGE_BENCH_ROLLOUTS (default 2,000 per cell where the candidate is worse),
// JUDGE_BENCH_SAME_ROLLOUTS (default 4,000 per cell where it is not) and JUDGE_BENCH_WORKERS
// (default: one per CPU) change the load. Also writes bench/results/judge.json, after every chunk
// of rollouts (all cells advance together), so a run stopped early still leaves comparable figures.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JudgeLooks } from '../release-tools/src/domain/stats/judge-result.ts';
import type { BenchRow } from './bench-row.ts';
import { medianInterval, wilson } from './judge/intervals.ts';
import { SCENARIOS } from './judge/scenarios.ts';
import { benchManifest, MODEL, RATE_PER_SECOND, type RolloutOutcome, TICK_MS } from './judge/simulate-rollout.ts';
import type { Job, JobDone } from './judge/worker.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RULES: readonly { looks: JudgeLooks; label: string }[] = [
  { looks: 'every-tick-fixed', label: 'old rule' },
  { looks: 'one-look', label: 'one look' },
  { looks: 'sequential', label: 'mixture SPRT' },
  { looks: 'alpha-spending', label: 'alpha-spending' },
];
const CHUNK = 50;
// A worker thread does not inherit tsx's loader: register it there, then load the TypeScript worker.
const WORKER_BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();
     await import(${JSON.stringify(pathToFileURL(join(here, 'judge', 'worker.ts')).href)});`,
  )}`,
);

export interface JudgeCell {
  readonly scenario: string;
  readonly rule: string;
  readonly rollouts: number;
  readonly worse: boolean;
  /** Share of rollouts the judge rolled back (false rollbacks when !worse), with a 95% interval. */
  readonly judgeRollbacks: { p: number; low: number; high: number };
  /** Rolled back by something else (an alarm or a threshold). */
  readonly otherRollbacks: number;
  readonly unfinished: number;
  readonly medianSecondsToRollback?: { median: number; low: number; high: number };
  readonly medianCandidateRequests?: { median: number; low: number; high: number };
}

export async function measureJudge(
  /** Rollouts per cell of a scenario where the candidate is worse, and where it is not. */
  rollouts: { worse: number; same: number },
  workers: number,
  /** Called with the cells so far after every chunk, so a run cut short still leaves figures. */
  progress?: (cells: JudgeCell[], seconds: number) => Promise<void>,
): Promise<{ cells: JudgeCell[]; seconds: number }> {
  const started = performance.now();
  const rules = RULES.map((r) => r.looks);
  const rolloutsOf = (scenario: number) => (SCENARIOS[scenario]!.worse ? rollouts.worse : rollouts.same);
  // Chunk-major order: every cell grows at the same pace (relative to its total), so partial
  // results stay comparable. Every rule runs on the same releases (simulateRollouts).
  const jobs: Job[] = [];
  const chunks = Math.ceil(Math.max(rollouts.worse, rollouts.same) / CHUNK);
  for (let chunk = 0; chunk < chunks; chunk++) {
    SCENARIOS.forEach((_, scenario) => {
      const total = rolloutsOf(scenario);
      const from = Math.round((chunk * total) / chunks);
      const to = Math.round(((chunk + 1) * total) / chunks);
      const seeds = Array.from({ length: to - from }, (_, i) => 1 + from + i + 100_000 * scenario);
      if (seeds.length > 0) jobs.push({ scenario, rules, seeds });
    });
  }
  const outcomes = new Map<string, RolloutOutcome[]>();
  let writing = Promise.resolve();
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const mine = jobs.filter((_, i) => i % workers === w);
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { jobs: mine } });
        worker.on('message', (m: JobDone) => {
          for (const rule of rules) {
            const key = `${m.scenario}/${rule}`;
            outcomes.set(key, [...(outcomes.get(key) ?? []), ...(m.outcomes[rule] ?? [])]);
          }
          if (progress) {
            const cells = cellsOf(outcomes);
            const seconds = (performance.now() - started) / 1000;
            writing = writing.then(() => progress(cells, seconds));
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`judge bench worker exited ${code}`))));
      });
    }),
  );
  await writing;
  return { cells: cellsOf(outcomes), seconds: (performance.now() - started) / 1000 };
}

function cellsOf(outcomes: ReadonlyMap<string, RolloutOutcome[]>): JudgeCell[] {
  const cells: JudgeCell[] = [];
  SCENARIOS.forEach((scenario, i) => {
    for (const { looks, label } of RULES) {
      const found = outcomes.get(`${i}/${looks}`) ?? [];
      const judged = found.filter((o) => o.result === 'judge');
      const time = medianInterval(judged.map((o) => o.msToRollback! / 1000));
      const requests = medianInterval(judged.map((o) => o.candidateRequests!));
      cells.push({
        scenario: scenario.name,
        rule: label,
        rollouts: found.length,
        worse: scenario.worse,
        judgeRollbacks: wilson(judged.length, found.length),
        otherRollbacks: found.filter((o) => o.result === 'other').length,
        unfinished: found.filter((o) => o.result === 'unfinished').length,
        ...(time ? { medianSecondsToRollback: time } : {}),
        ...(requests ? { medianCandidateRequests: requests } : {}),
      });
    }
  });
  return cells;
}

/** The issue's targets, judged on the sequential rules' cells (and one look's, for errors). */
function target(
  cell: JudgeCell,
  cells: readonly JudgeCell[],
): { target: string; ok: boolean; why?: string } | undefined {
  if (cell.rule !== 'mixture SPRT' && cell.rule !== 'alpha-spending') return undefined;
  const r = cell.judgeRollbacks;
  if (!cell.worse) return { target: 'upper 95% <= 6%', ok: r.high <= 0.06 };
  if (cell.scenario === 'latency +40 ms') {
    const median = cell.medianSecondsToRollback?.median ?? Number.POSITIVE_INFINITY;
    const ok = r.p >= 0.99 && median <= 10;
    return { target: '>= 99%, median <= 10 s', ok, ...(ok ? {} : { why: firstVerdictNote() }) };
  }
  if (cell.scenario === 'latency x1.10') return { target: '>= 99% before promotion', ok: r.p >= 0.99 };
  if (cell.scenario === 'errors 1% -> 2%') {
    const oneLook = cells.find((c) => c.scenario === cell.scenario && c.rule === 'one look')!.judgeRollbacks.p;
    return { target: `>= one look - 5 pts (${pct(oneLook - 0.05)})`, ok: r.p >= oneLook - 0.05 };
  }
  return undefined;
}

/** Why no judge can roll back within 10 s: the gates give no verdict before minRequests. */
function firstVerdictNote(): string {
  const policy = benchManifest('1.1.0', 'latency').models.find((m) => m.name === MODEL)!.release;
  const weight = policy.strategy === 'canary' ? policy.steps[0]!.weight : 100;
  const seconds = policy.gates.minRequests / ((RATE_PER_SECOND * weight) / 100);
  return `missed: no verdict before minRequests ${policy.gates.minRequests}, ${seconds} s at ${weight}% of ${RATE_PER_SECOND} req/s`;
}

function pct(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

function interval(i: { low: number; high: number }, scale = 1, digits = 1): string {
  return `[${(i.low * scale).toFixed(digits)}, ${(i.high * scale).toFixed(digits)}]`;
}

export default async function run(): Promise<BenchRow[]> {
  // Where nothing differs the target is an upper bound near alpha: twice the rollouts narrow it.
  const rollouts = {
    worse: Number(process.env.JUDGE_BENCH_ROLLOUTS ?? 2_000),
    same: Number(process.env.JUDGE_BENCH_SAME_ROLLOUTS ?? 4_000),
  };
  const workers = Number(process.env.JUDGE_BENCH_WORKERS ?? availableParallelism());
  const save = (cells: JudgeCell[], seconds: number, complete: boolean) =>
    writeFile(
      join(here, 'results', 'judge.json'),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          setup: {
            manifest: 'models.yaml (fraud-detector defaults)',
            ratePerSecond: RATE_PER_SECOND,
            tickMs: TICK_MS,
            latency: 'lognormal, median 20 ms, sigma 0.5',
            rolloutsPerCell: rollouts,
            // Every rule is run on the same seeds (the same traffic until its rollout ends).
            rulesShareTraffic: true,
            workers,
          },
          // false while the run is under way (or was stopped): cells then hold the rollouts done so far.
          complete,
          seconds,
          cells,
        },
        null,
        2,
      )}\n`,
    );
  const { cells, seconds } = await measureJudge(rollouts, workers, (partial, s) => save(partial, s, false));
  await save(cells, seconds, true);
  const rows: BenchRow[] = cells.map((cell) => {
    const t = target(cell, cells);
    const r = cell.judgeRollbacks;
    const what = cell.worse ? 'detected' : 'false rollbacks';
    const notes = [
      `95% ${interval(r, 100)}%`,
      ...(cell.medianSecondsToRollback
        ? [`median ${cell.medianSecondsToRollback.median}s ${interval(cell.medianSecondsToRollback, 1, 0)}`]
        : []),
      ...(cell.medianCandidateRequests
        ? [`${cell.medianCandidateRequests.median} cand. req ${interval(cell.medianCandidateRequests, 1, 0)}`]
        : []),
      ...(cell.otherRollbacks ? [`${cell.otherRollbacks} by alarm/threshold`] : []),
      ...(cell.unfinished ? [`${cell.unfinished} unfinished`] : []),
      `n=${cell.rollouts}`,
      ...(t?.why ? [t.why] : []),
    ].join('; ');
    return {
      name: `judge: ${cell.scenario} ${what} (${cell.rule})`,
      value: Number((r.p * 100).toFixed(1)),
      unit: '%',
      ...(t ? { target: t.target, ok: t.ok } : {}),
      notes,
    };
  });
  rows.push({
    name: 'judge: bench runtime',
    value: Number(seconds.toFixed(0)),
    unit: 's',
    notes: `${cells.reduce((n, c) => n + c.rollouts, 0)} rollouts on ${workers} worker threads`,
  });
  return rows;
}
