// `npm start`: flags --port (or PORT, default 8080), --state-dir, --file, --demo.
import { parseArgs } from 'node:util';
import { runDemo } from './demo.ts';
import { startPlatform } from './platform.ts';
import { startupBanner } from './startup-banner.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'state-dir': { type: 'string', default: '.mlrelease' },
    file: { type: 'string', default: 'models.yaml' },
    demo: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm start -- [--port 8080] [--state-dir .mlrelease] [--file models.yaml] [--demo]');
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform({ port, stateDir: values['state-dir'], manifestPath: values.file, log });
} catch (error) {
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { readManifestFile } = await import('./manifest-watcher.ts');
const manifest = (await readManifestFile(values.file)).manifest;
console.log(
  startupBanner({
    url: platform.url,
    devToken: platform.devToken,
    stateDir: values['state-dir'],
    manifestPath: values.file,
    models: (manifest?.models ?? []).map((m) => ({
      name: m.name,
      version: m.version,
      width: m.input.shape.at(-1) ?? 1,
    })),
    dashboard: false,
  }),
);

let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) {
    console.log('forced exit');
    process.exit(130);
  }
  shuttingDown = true;
  console.log(`\n${signal}: draining in-flight work...`);
  await platform.stop();
  console.log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (values.demo) {
  const code = await runDemo({ platform, manifestPath: values.file, manifest, log: console.log });
  await platform.stop();
  process.exit(code);
}
