import type { CommandModule } from 'yargs';
import { parseDuration } from '../../../../model-registry/src/domain/manifest/units.ts';
import { createController } from '../../controller/create-controller.ts';
import type { ReconcileReport } from '../../controller/deps.ts';
import { runControllerLoop } from '../../controller/run-loop.ts';
import { wakeOnStateChange } from '../../controller/state-change-wake.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { localControllerDeps } from '../local-controller.ts';

interface Args extends GlobalArgs {
  action: 'run';
  interval: string;
  once: boolean;
}

export function controllerCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'controller <action>',
    describe: 'Run the release controller on the local state dir (tick + act on intents), until Ctrl-C',
    builder: (y) =>
      y
        .positional('action', { choices: ['run'] as const, demandOption: true, describe: 'run: the reconcile loop' })
        .option('interval', { type: 'string', default: '5s', describe: 'time between reconciles' })
        .option('once', { type: 'boolean', default: false, describe: 'reconcile once and exit' })
        .check((a) =>
          parseDuration(String(a.interval)) !== undefined ? true : `--interval: not a duration: ${a.interval}`,
        ),
    handler: async (args) => {
      if (args.backend === 'aws') {
        ctx.err.write(
          'error: on AWS the controller runs as a Lambda (every minute and on gate alarms); `controller run` drives the local state dir only\n',
        );
        ctx.exitCode = ExitCode.usage;
        return;
      }
      const deps = localControllerDeps(ctx, args);
      const controller = createController(deps);
      const print = (report: ReconcileReport) => {
        if (args.json) return printJson(ctx, report);
        for (const m of report.models) {
          if (m.changed || m.error)
            ctx.out.write(`${m.model}: ${m.phase} (${m.error ? `error: ${m.error}` : m.action})\n`);
        }
      };
      if (args.once) {
        const report = await controller.reconcile();
        print(report);
        // Silence would read as "did it run?": say that it did, and that nothing needed doing.
        if (!args.json && !report.models.some((m) => m.changed || m.error))
          ctx.out.write(
            report.models.length === 0
              ? 'nothing to reconcile: no models in the desired state (run mlrelease apply)\n'
              : `no change: ${report.models.map((m) => `${m.model} ${m.phase}`).join(', ')}\n`,
          );
        ctx.exitCode = report.models.some((m) => m.error) ? ExitCode.failed : ExitCode.ok;
        return;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      ctx.platform?.signal?.addEventListener('abort', onSignal, { once: true });
      try {
        await runControllerLoop({
          controller,
          intervalMs: parseDuration(args.interval)!,
          signal: stop.signal,
          wakeOn: wakeOnStateChange(deps.store),
          ...(deps.clock ? { clock: deps.clock } : {}),
          onReport: print,
          onError: (error) => ctx.err.write(`reconcile failed: ${(error as Error).message}\n`),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      ctx.exitCode = ExitCode.ok;
    },
  };
}
