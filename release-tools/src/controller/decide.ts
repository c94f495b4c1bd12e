// The ordered steps of one model's reconcile. Each returns early with exactly one next step; the
// caller writes the record (compare-and-swap) and then makes the route match it.
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { compareSignatures } from '../../../model-registry/src/domain/signature-compat.ts';
import { FetchWebhookCaller } from '../adapters/fetch-webhook-caller.ts';
import { assessGates } from '../domain/gates/assess-gates.ts';
import { divergenceMoved } from '../domain/gates/divergence-view.ts';
import { judgeSchedule } from '../domain/gates/information-fraction.ts';
import type { Verdict } from '../domain/gates/verdict.ts';
import { type IntentLog, pendingIntents } from '../domain/intents.ts';
import { applyIntent } from '../domain/rollout/apply-intent.ts';
import { CONTROLLER, type HistoryEvent } from '../domain/rollout/history.ts';
import { heldVersions, isHeld, isStopped, releaseHolds, retryHeld } from '../domain/rollout/holds.ts';
import {
  abort,
  beginCompile,
  promote,
  registered,
  retire,
  startRollout,
  startTraffic,
} from '../domain/rollout/operations.ts';
import { progress } from '../domain/rollout/progress.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { note } from '../domain/rollout/transition.ts';
import { judgeLooksOf } from '../domain/stats/judge-result.ts';
import { nextMove, planOf } from '../domain/strategies/next-move.ts';
import { gatesAtStep } from '../domain/strategies/shadow.ts';
import { ReleaseNotReadyError } from '../ports/release-preparer.ts';
import { isTemporaryFailure } from '../ports/temporary-failure.ts';
import { confirmStep } from './confirm-step.ts';
import type { ControllerDeps } from './deps.ts';
import { readSignals } from './read-signals.ts';

/** Where the controller's deps name no webhook caller: Node's fetch, the same on both planes. */
const fetchWebhooks = new FetchWebhookCaller();

export type Decision =
  | { readonly changed: true; readonly record: RolloutRecord; readonly action: string }
  | { readonly changed: false; readonly action: string };

const same = (action: string): Decision => ({ changed: false, action });
const next = (record: RolloutRecord, action: string): Decision => ({ changed: true, record, action });

export async function decide(
  spec: ModelSpec | undefined,
  r: RolloutRecord | undefined,
  intents: IntentLog | undefined,
  now: number,
  deps: ControllerDeps,
  /** The model's gate alarms exist (always true where nothing syncs them). */
  gated = true,
): Promise<Decision> {
  // Not in models.yaml: retire what runs (once).
  if (!spec) return r && r.phase !== 'Retired' ? next(retire(r, now), 'retired') : same('absent');
  // First sight of a model (or back after retirement): release it; it will go straight to stable.
  if (!r || r.phase === 'Retired') return next(fresh(startRollout(r, spec, now, 'new model'), intents), 'started');
  // A hold ends once models.yaml names another version; naming it again later retries it.
  const released = heldVersions(r).filter((v) => v !== spec.version);
  if (released.length > 0)
    return next(releaseHolds(r, released, { at: now, why: `models.yaml names ${spec.version}` }), 'hold released');
  const active = r.candidate !== undefined;
  // models.yaml went back to the stable version: stop the candidate, stable stays.
  if (spec.version === r.stable?.version) {
    if (active)
      return next(
        abort(r, { at: now, why: `models.yaml names stable ${spec.version} again` }, { hold: false }),
        'aborted',
      );
  } else if (spec.version !== r.release.version || (isStopped(r) && !isHeld(r, spec.version))) {
    // A held version is not retried until models.yaml names another one (or `mlrelease retry`).
    if (isHeld(r, spec.version)) return same(`held: ${spec.version} was rolled back or aborted`);
    // Callers of stable cannot call a candidate whose signature broke: refuse unless declared breaking.
    const refused = refusal(spec, r, now);
    if (refused) return refused;
    const why = active
      ? `models.yaml names ${spec.version}; supersedes ${r.release.version}`
      : `models.yaml names ${spec.version}${spec.version === r.release.version ? ' again' : ''}`;
    return next(fresh(startRollout(r, spec, now, why), intents), 'started');
  }
  // A user's intent comes before the controller's own next step.
  const [intent] = pendingIntents(intents, r.intentSeq);
  if (intent?.type === 'retry') return next(fresh(retryHeld(r, spec, intent), intents), 'intent retry');
  if (intent) return next(applyIntent(r, intent), `intent ${intent.type}`);

  switch (r.phase) {
    case 'Pending':
      return next(beginCompile(r, now), 'compiling');
    case 'Compiling': {
      // Preparing is idempotent (content-addressed), so a crash here simply prepares again.
      const prepared = await deps.preparer.prepare(spec).catch((error: Error) => error);
      // Still compiling elsewhere: nothing to write, ask again next tick.
      if (prepared instanceof ReleaseNotReadyError) return same(`waiting: ${prepared.message}`);
      if (prepared instanceof Error) {
        // Throttled or unavailable for now says nothing about the release: try again next tick.
        if (isTemporaryFailure(prepared)) return same(`retrying: prepare failed for now: ${prepared.message}`);
        return next(abort(r, { at: now, why: `prepare failed: ${prepared.message}` }), 'aborted');
      }
      return next(registered(r, now, prepared.targetModel, prepared.sha256, prepared.targetVariant), 'registered');
    }
    case 'Registered':
      // No traffic on a candidate that nothing could roll back: wait for its gate alarms.
      if (r.stable && !gated) return same('waiting: gate alarms not in place yet');
      return startServing(spec, r, now, deps);
    case 'Progressing':
    case 'Paused': {
      const plan = planOf(r.policy);
      const move = nextMove(plan, r.step, r.stepSince ?? now, now);
      const looks = deps.judgeLooks ?? judgeLooksOf(r.policy.judge);
      const gates = gatesAtStep(r.policy.gates, plan, r.step);
      const judged = { ...r, policy: { ...r.policy, gates } };
      const verdict = assessGates(
        await readSignals(judged, now, deps.metrics, deps.alarms, deps.mirror, deps.deadLetters),
        {
          ...judged.policy,
          looks,
          finalLook: move.kind === 'complete',
          ...(looks === 'alpha-spending' ? { schedule: judgeSchedule(r, plan, now) } : {}),
        },
      );
      // The step may move: its step gates (webhooks, a person's approval) have their say first.
      const ready = r.phase === 'Progressing' && verdict.outcome === 'pass' && move.kind !== 'hold';
      const confirmed = ready ? await confirmStep(r, verdict, plan, now, deps.webhooks ?? fetchWebhooks) : undefined;
      if (confirmed?.kind === 'changed')
        return next({ ...confirmed.record, lastVerdict: summary(verdict, now) }, confirmed.action);
      if (confirmed?.kind === 'unchanged') return same(confirmed.action);
      const allowed = confirmed?.why ? { ...verdict, why: `${verdict.why}; ${confirmed.why}` } : verdict;
      const result = progress(r, allowed, now);
      if (result.changed) return next({ ...result.record, lastVerdict: summary(verdict, now) }, result.action);
      // Remember a changed verdict for status, without a write on every tick; a shadow's divergence
      // evidence also when it has grown enough to tell the reader something new.
      if (r.lastVerdict?.outcome !== verdict.outcome || divergenceMoved(r.lastVerdict.divergence, verdict.divergence))
        return next({ ...r, lastVerdict: summary(verdict, now) }, result.action);
      return same(result.action);
    }
    default:
      return same(r.phase.toLowerCase());
  }
}

async function startServing(spec: ModelSpec, r: RolloutRecord, now: number, deps: ControllerDeps): Promise<Decision> {
  const targetModel = r.release.targetModel!;
  const { targetVariant } = r.release;
  // A single-model version is served by its own production variant: it must exist before the warm-up.
  if (targetVariant && deps.variants) {
    const served = await serveVariant(spec, r, now, deps);
    if (served) return served;
  }
  // Load before traffic so a cold load does not count against the candidate's latency gate.
  const warm = await deps.host.warm(targetModel, targetVariant ? { targetVariant } : {}).catch((error: Error) => error);
  if (warm instanceof Error) {
    // Only the model failing to load is a verdict; a throttled or unavailable endpoint is not.
    if (isTemporaryFailure(warm)) return same(`retrying: warm-up failed for now: ${warm.message}`);
    return next(abort(r, { at: now, why: `warm-up failed: ${warm.message}` }), 'aborted');
  }
  const warmed = note(
    r,
    {
      type: 'warmed',
      at: now,
      why: `loaded in ${Math.round(warm.loadMs)}ms${warm.alreadyLoaded ? ' (already loaded)' : ''}`,
    },
    { warm },
  );
  // Nothing to compare a first version against: it becomes stable at once.
  if (!r.stable) return next(promote(warmed, { at: now, why: 'first version of the model' }), 'promoted');
  return next(startTraffic(warmed, planOf(r.policy), now), 'progressing');
}

/** Adds the release's production variant; a decision while it is not serving yet, else undefined. */
async function serveVariant(
  spec: ModelSpec,
  r: RolloutRecord,
  now: number,
  deps: ControllerDeps,
): Promise<Decision | undefined> {
  const failed = (why: string) => next(abort(r, { at: now, why }), 'aborted');
  // The prepared release (re-read: idempotent) says which image and instance type serve the version.
  const prepared = await deps.preparer.prepare(spec).catch((error: Error) => error);
  if (prepared instanceof Error) {
    if (isTemporaryFailure(prepared) || prepared instanceof ReleaseNotReadyError)
      return same(`retrying: prepared release unreadable for now: ${prepared.message}`);
    return failed(`prepare failed: ${prepared.message}`);
  }
  // Recorded before the controller created variants: the Register stage must record it again.
  if (!prepared.variant)
    return failed(
      `production variant ${r.release.targetVariant}: the registered release names no inference image; run the Register stage again (mlrelease register ${spec.name})`,
    );
  const state = await deps
    .variants!.serve({ ...prepared.variant, name: r.release.targetVariant!, targetModel: r.release.targetModel! })
    .catch((error: Error) => error);
  if (state instanceof Error) {
    if (isTemporaryFailure(state)) return same(`retrying: variant endpoint unavailable for now: ${state.message}`);
    return failed(`production variant ${r.release.targetVariant} could not be created: ${state.message}`);
  }
  return state.ready ? undefined : same(`waiting: ${state.why}`);
}

function refusal(spec: ModelSpec, r: RolloutRecord, now: number): Decision | undefined {
  const changes = r.stable?.signature ? compareSignatures(r.stable.signature, spec.signature) : [];
  if (changes.length === 0 || spec.breaking) return undefined;
  const why = `signature incompatible with stable ${r.stable!.version}: ${changes.map((c) => c.change).join('; ')} (set release: { strategy: all-at-once, breaking: true } to release it anyway)`;
  const last = r.history.at(-1);
  // Said once in the history; later ticks change nothing.
  if (last?.type === 'held' && last.version === spec.version && last.why === why) return same(`held: ${why}`);
  const event: HistoryEvent = {
    at: now,
    rolloutId: r.rolloutId,
    type: 'held',
    version: spec.version,
    to: r.phase,
    who: CONTROLLER,
    why,
  };
  return next({ ...r, history: [...r.history, event] }, 'held');
}

/** Intents recorded before a rollout started were meant for the one it replaces: drop them. */
function fresh(r: RolloutRecord, intents: IntentLog | undefined): RolloutRecord {
  return { ...r, intentSeq: Math.max(r.intentSeq, intents?.intents.at(-1)?.seq ?? 0) };
}

function summary(v: Verdict, at: number): NonNullable<RolloutRecord['lastVerdict']> {
  return {
    at,
    outcome: v.outcome,
    why: v.why,
    ...(v.judge ? { judge: v.judge } : {}),
    ...(v.divergence ? { divergence: v.divergence } : {}),
    ...(v.deadLetters ? { deadLetters: v.deadLetters } : {}),
  };
}
