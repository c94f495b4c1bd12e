// The controller's ports for a stand-alone `mlrelease controller run` on the local state dir. A
// host process (the embedded platform, a test) replaces any of them through CliPlatform: alone,
// this process sees no traffic, so its metric store stays empty and gates wait for requests.
import { LocalAlarmEvaluator } from '../adapters/local/local-alarm-evaluator.ts';
import { LogEventSink } from '../adapters/local/log-event-sink.ts';
import { MemoryMetricStore } from '../adapters/local/memory-metric-store.ts';
import { noopWeightGauge } from '../adapters/local/noop-weight-gauge.ts';
import { RegistryReleasePreparer } from '../adapters/local/registry-release-preparer.ts';
import { StateDesiredSource } from '../adapters/local/state-desired-source.ts';
import { StateRouteTable } from '../adapters/state-route-table.ts';
import type { ControllerDeps } from '../controller/deps.ts';
import { systemClock } from '../ports/clock.ts';
import { localBackend } from './backends/local.ts';
import { type CliContext, type GlobalArgs, stateDirOf } from './context.ts';

export function localControllerDeps(ctx: CliContext, args: GlobalArgs): ControllerDeps {
  const store = localBackend(stateDirOf(ctx, args)).stateStore();
  const metrics = new MemoryMetricStore();
  const clock = ctx.platform?.clock ?? systemClock;
  const defaults: ControllerDeps = {
    store,
    desired: new StateDesiredSource(store),
    router: new StateRouteTable(store),
    preparer: new RegistryReleasePreparer({
      stateDir: stateDirOf(ctx, args),
      store,
      clock,
      who: args.actor,
    }),
    host: { warm: async () => ({ loadMs: 0, alreadyLoaded: false }) },
    metrics,
    alarms: new LocalAlarmEvaluator(metrics),
    events: new LogEventSink((line) => ctx.err.write(`${line}\n`)),
    gauge: noopWeightGauge,
    ...(ctx.platform?.clock ? { clock: ctx.platform.clock } : {}),
  };
  return { ...defaults, ...ctx.platform?.controllerDeps?.(stateDirOf(ctx, args)) };
}
