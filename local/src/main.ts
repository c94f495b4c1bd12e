// `npm start`: flags --port (or PORT, default 8080), --state-dir, --file, --data-plane, --demo.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './demo.ts';
import { DEMO_MANIFEST, DEMO_RELEASE } from './demo-manifest.ts';
import { createEmbeddedReleaseControl } from './embedded-release-control.ts';
import { writeExampleModels } from './example-models/index.ts';
import { readManifestFile } from './manifest-watcher.ts';
import { startPlatform } from './platform.ts';
import { startupBanner } from './startup-banner.ts';

// The AWS SDK's Node 22 notice would bury the start-up banner; the local platform runs on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `usage: npm start -- [--port 8080] [--state-dir .mlrelease] [--file models.yaml]
                     [--data-plane local|fauxqs] [--durability power|process] [--demo]

Runs the whole product on this machine: HTTP API, queues, worker, ONNX Runtime model host,
release controller (watching models.yaml) and the dashboard.
  --data-plane  local (default): requests/results on disk, queues in process, survives kill -9;
                fauxqs: the AWS SDK adapters against an in-process S3/SNS/SQS emulator (memory only)
  --durability  power (default): a request is fsynced before its 202; process: it is left in the
                page cache (survives the platform being killed, not the machine; ~35% faster)
  --demo        release a good version by canary, then a bad one that is rolled back; then exit`;

let values: {
  port?: string;
  'state-dir': string;
  file: string;
  'data-plane': string;
  durability: string;
  demo: boolean;
  help: boolean;
};
try {
  values = parseArgs({
    options: {
      port: { type: 'string' },
      'state-dir': { type: 'string', default: '.mlrelease' },
      file: { type: 'string', default: 'models.yaml' },
      'data-plane': { type: 'string', default: 'local' },
      durability: { type: 'string', default: 'power' },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values as typeof values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}

const dataPlane = values['data-plane'];
if (dataPlane !== 'local' && dataPlane !== 'fauxqs') {
  console.error(`invalid --data-plane: ${dataPlane} (local or fauxqs)\n\n${USAGE}`);
  process.exit(2);
}

const durability = values.durability;
if (durability !== 'power' && durability !== 'process') {
  console.error(`invalid --durability: ${durability} (power or process)\n\n${USAGE}`);
  process.exit(2);
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
let stateDir = resolve(values['state-dir']);
let manifestPath = resolve(values.file);
if (values.demo) {
  // The demo edits models.yaml; it works on its own copy so the user's file stays as it is.
  stateDir = join(stateDir, 'demo');
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  manifestPath = join(stateDir, 'models.yaml');
  await writeFile(manifestPath, DEMO_MANIFEST);
}

// Example models are generated (deterministic ONNX built in TypeScript), never downloaded.
const written = await writeExampleModels(dirname(manifestPath));
if (written.length > 0) log(`generated ${written.length} example model files under ${dirname(manifestPath)}/models`);

const control = createEmbeddedReleaseControl({ stateDir, manifestPath, log, who: process.env.USER ?? 'local' });
let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform({
    port,
    stateDir,
    manifestPath,
    dataPlane,
    durability,
    log,
    controller: control.controller,
    alarmEvents: control.alarmEvents,
    controllerTickMs: 1_000,
    metricSink: control.metrics,
    traffic: control.traffic,
    artifacts: control.artifacts,
    host: control.host,
    dashboard: control.dashboard,
  });
} catch (error) {
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await control.stop();
  process.exit(1);
}
control.start();

const manifest = (await readManifestFile(manifestPath)).manifest;
console.log(
  startupBanner({
    url: platform.url,
    devToken: platform.devToken,
    stateDir,
    manifestPath,
    models: (manifest?.models ?? []).map((m) => ({
      name: m.name,
      version: m.version,
      signature: m.signature,
    })),
    dashboard: true,
  }),
);

const stopAll = async () => {
  await platform.stop();
  await control.stop();
};
let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) {
    console.log('forced exit');
    process.exit(130);
  }
  shuttingDown = true;
  console.log(`\n${signal}: draining in-flight work...`);
  await stopAll();
  console.log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (values.demo) {
  const code = await runDemo({
    platform,
    manifestPath,
    manifest,
    log: console.log,
    rolloutPhase: control.rolloutPhase,
    release: DEMO_RELEASE,
  });
  await stopAll();
  process.exit(code);
}
