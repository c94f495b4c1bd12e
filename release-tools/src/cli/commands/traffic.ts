// `mlrelease traffic [--rps 20] [--for 60s]`: sends the example traffic (synchronous invokes of
// every model in models.yaml) to the running local platform until Ctrl-C or --for, so a release
// that waits for requests can progress. The platform says where it answers in platform.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { TrafficGenerator } from '../../../../local/src/traffic-generator.ts';
import { parseDuration } from '../../../../model-registry/src/domain/manifest/units.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson, stateDirOf } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';

interface TrafficArgs extends GlobalArgs {
  rps: number;
  for?: string;
  file: string;
}

export function trafficCommand(ctx: CliContext): CommandModule<GlobalArgs, TrafficArgs> {
  return {
    command: 'traffic',
    describe: 'Send example requests to the running local platform (until Ctrl-C or --for)',
    builder: (y) =>
      y
        .option('rps', { type: 'number', default: 20, describe: 'requests per second' })
        .option('for', { type: 'string', describe: 'stop after this long (e.g. 90s)' })
        .option('file', { type: 'string', default: DEFAULT_MANIFEST, describe: 'models.yaml naming the models' })
        .check((a) => {
          if (!(a.rps > 0 && a.rps <= 1000)) return '--rps: a number of requests per second from 1 to 1000';
          if (a.for !== undefined && parseDuration(String(a.for)) === undefined)
            return `--for: not a duration: ${a.for}`;
          return true;
        }) as Argv<TrafficArgs>,
    handler: async (args) => {
      const file = join(stateDirOf(ctx, args), 'platform.json');
      const platform = await readFile(file, 'utf8')
        .then((text) => JSON.parse(text) as { url: string; token: string })
        .catch(() => undefined);
      if (!platform) {
        ctx.err.write(`no local platform is running (${file} not found); start one with \`npm start\`\n`);
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const manifest = await readManifestFile(ctx, args.file);
      if (!manifest.ok) {
        ctx.err.write(`${manifest.issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`).join('\n')}\n`);
        ctx.exitCode = ExitCode.failed;
        return;
      }
      const models = manifest.manifest.models.map((m) => ({ name: m.name, signature: m.signature }));
      const traffic = new TrafficGenerator({
        url: platform.url,
        token: platform.token,
        models,
        ratePerSecond: args.rps,
      });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      ctx.platform?.signal?.addEventListener('abort', onSignal, { once: true });
      const forMs = args.for !== undefined ? parseDuration(args.for) : undefined;
      const timer = forMs !== undefined ? setTimeout(onSignal, forMs) : undefined;
      if (!args.json) ctx.out.write(`sending ${args.rps} requests/s to ${platform.url} (Ctrl-C to stop)\n`);
      traffic.start();
      try {
        await new Promise<void>((resolve) =>
          stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      } finally {
        clearTimeout(timer);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await traffic.stop();
      }
      const { sent, counts } = traffic.snapshot();
      if (args.json) printJson(ctx, { sent, counts });
      else
        ctx.out.write(
          `sent ${sent}: ${counts.map((c) => `${c.model}@${c.version} (${c.track}) ${c.ok} ok, ${c.failed} failed`).join('; ')}\n`,
        );
      ctx.exitCode = ExitCode.ok;
    },
  };
}
