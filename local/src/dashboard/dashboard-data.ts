// The data contract of the dashboard page, and the pure builder that shapes controller records,
// verdicts and metric buckets into it. The page only renders; every number is computed here.
import type { Phase } from '../../../release-tools/src/domain/rollout/record.ts';
import type { JudgeResult } from '../../../release-tools/src/domain/stats/judge-result.ts';
import { buildDivergencePanel, type DivergenceInput, type DivergencePanel } from './divergence-panel.ts';
import { buildTrackPanel, type MetricBucketInput, type TrackPanel } from './track-panel.ts';

export type { DivergenceInput, DivergencePanel } from './divergence-panel.ts';

export type { MetricBucketInput, SeriesPoint, TrackPanel, TrackTotals } from './track-panel.ts';

export type Track = 'stable' | 'candidate';
/** The controller's phases, less Retired (a retired model has no panel). */
export type RolloutPhase = Exclude<Phase, 'Retired'>;
export type VerdictOutcome = 'pass' | 'fail' | 'inconclusive';

// ---- Inputs (the lead adapts the controller's records and the metric store to these) ----

export interface HistoryEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly type: string;
  /** Who caused it: `controller`, a user name, an alarm name. */
  readonly who: string;
  readonly why: string;
}

export interface RolloutInput {
  readonly model: string;
  readonly phase: RolloutPhase;
  readonly stable: { readonly version: string };
  readonly candidate?: { readonly version: string };
  /** Percent (0..100) of requests sent to the candidate. */
  readonly candidateWeight: number;
  /** 1-based step index and step count, while a stepped strategy runs. */
  readonly step?: { readonly index: number; readonly count: number };
  readonly history: readonly HistoryEvent[];
  /** A shadow release's divergence gate, once it has looked (the latest finding of this rollout). */
  readonly divergence?: DivergenceInput;
}

export interface GateVerdictInput {
  readonly model: string;
  /** E.g. `maxErrorRate`, `maxP99LatencyMs`, `minRequests`, `alarm:fraud-detector-candidate-5xx`. */
  readonly gate: string;
  readonly outcome: VerdictOutcome;
  readonly observed?: number;
  readonly threshold?: number;
  readonly detail?: string;
  readonly at: number;
}

export interface JudgeVerdictInput {
  readonly model: string;
  readonly metric: 'latency' | 'error-rate';
  readonly test: JudgeResult['test'];
  readonly outcome: VerdictOutcome;
  readonly pValue?: number;
  readonly alpha: number;
  /** Candidate minus stable (ms for latency, a fraction for error rate); positive is worse. */
  readonly effectSize?: number;
  readonly at: number;
}

export interface DashboardInput {
  /** Epoch ms at which the snapshot is taken. */
  readonly now: number;
  readonly rollouts: readonly RolloutInput[];
  readonly gates?: readonly GateVerdictInput[];
  readonly judges?: readonly JudgeVerdictInput[];
  readonly buckets?: readonly MetricBucketInput[];
  /** Only buckets newer than now - windowMs are shown. @default 900_000 (15 min) */
  readonly windowMs?: number;
  /** Most recent history events kept per model. @default 50 */
  readonly historyLimit?: number;
}

// ---- Output (what `/dashboard/data.json` serves) ----

export interface GateRow {
  readonly gate: string;
  readonly outcome: VerdictOutcome;
  readonly observed: number | null;
  readonly threshold: number | null;
  readonly detail: string;
  readonly at: number;
}

export interface JudgeRow {
  readonly metric: string;
  readonly test: string;
  readonly outcome: VerdictOutcome;
  readonly pValue: number | null;
  readonly alpha: number;
  readonly effectSize: number | null;
  readonly at: number;
}

export interface ModelPanel {
  readonly model: string;
  readonly phase: RolloutPhase;
  readonly step: { readonly index: number; readonly count: number } | null;
  readonly stable: TrackPanel;
  readonly candidate: TrackPanel | null;
  /** Worst outcome over gates and judges: fail > inconclusive > pass; null when nothing was judged. */
  readonly verdict: VerdictOutcome | null;
  /** Latest verdict per gate, in gate-name order. */
  readonly gates: readonly GateRow[];
  /** Latest verdict per judged metric. */
  readonly judges: readonly JudgeRow[];
  /** Candidate vs stable outputs on mirrored requests (shadow); null when no divergence gate looked. */
  readonly divergence: DivergencePanel | null;
  /** Latest first. */
  readonly history: readonly HistoryEvent[];
}

export interface DashboardData {
  readonly generatedAt: number;
  /** Time axis shared by every chart, so stable and candidate line up. */
  readonly window: { readonly from: number; readonly to: number };
  /** Sorted by model name. */
  readonly models: readonly ModelPanel[];
  /** Models whose rollout record cannot be read: stopped until repaired, shown, never reset. */
  readonly damaged?: readonly { readonly model: string; readonly location: string; readonly reason: string }[];
}

const DEFAULT_WINDOW_MS = 15 * 60_000;
const DEFAULT_HISTORY_LIMIT = 50;
const SEVERITY: Record<VerdictOutcome, number> = { pass: 0, inconclusive: 1, fail: 2 };

export function buildDashboardData(input: DashboardInput): DashboardData {
  const from = input.now - (input.windowMs ?? DEFAULT_WINDOW_MS);
  const window = { from, to: input.now };
  const inWindow = (input.buckets ?? []).filter((b) => b.at >= from && b.at <= input.now);
  const models = [...input.rollouts]
    .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))
    .map((rollout): ModelPanel => {
      const weight = clampPercent(rollout.candidate ? rollout.candidateWeight : 0);
      const mine = inWindow.filter((b) => b.model === rollout.model);
      const gates = latestBy(
        (input.gates ?? []).filter((g) => g.model === rollout.model),
        (g) => g.gate,
      ).map(toGateRow);
      const judges = latestBy(
        (input.judges ?? []).filter((j) => j.model === rollout.model),
        (j) => j.metric,
      ).map(toJudgeRow);
      return {
        model: rollout.model,
        phase: rollout.phase,
        step: rollout.step ? { index: rollout.step.index, count: rollout.step.count } : null,
        stable: buildTrackPanel(rollout.stable.version, 100 - weight, mine, 'stable'),
        candidate: rollout.candidate ? buildTrackPanel(rollout.candidate.version, weight, mine, 'candidate') : null,
        verdict: worst([...gates, ...judges].map((v) => v.outcome)),
        gates,
        judges,
        divergence: rollout.divergence ? buildDivergencePanel(rollout.divergence) : null,
        history: latestFirst(rollout.history).slice(0, input.historyLimit ?? DEFAULT_HISTORY_LIMIT),
      };
    });
  return { generatedAt: input.now, window, models };
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

/** Keeps the newest entry per key (ties: the later one in input order), sorted by key. */
function latestBy<T extends { readonly at: number }>(items: readonly T[], key: (item: T) => string): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const seen = newest.get(key(item));
    if (!seen || item.at >= seen.at) newest.set(key(item), item);
  }
  return [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

function latestFirst(history: readonly HistoryEvent[]): HistoryEvent[] {
  // Sort a copy by time descending; among equal times, the event appended later comes first.
  return history
    .map((event, index) => ({ event, index }))
    .sort((a, b) => b.event.at - a.event.at || b.index - a.index)
    .map(({ event }) => ({ at: event.at, type: event.type, who: event.who, why: event.why }));
}

function worst(outcomes: readonly VerdictOutcome[]): VerdictOutcome | null {
  let result: VerdictOutcome | null = null;
  for (const outcome of outcomes) if (result === null || SEVERITY[outcome] > SEVERITY[result]) result = outcome;
  return result;
}

function toGateRow(g: GateVerdictInput): GateRow {
  return {
    gate: g.gate,
    outcome: g.outcome,
    observed: finiteOrNull(g.observed),
    threshold: finiteOrNull(g.threshold),
    detail: g.detail ?? '',
    at: g.at,
  };
}

function toJudgeRow(j: JudgeVerdictInput): JudgeRow {
  return {
    metric: j.metric,
    test: j.test,
    outcome: j.outcome,
    pValue: finiteOrNull(j.pValue),
    alpha: j.alpha,
    effectSize: finiteOrNull(j.effectSize),
    at: j.at,
  };
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
