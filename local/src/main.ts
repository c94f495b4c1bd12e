// `npm start`: flags --port (or PORT, default 8080), --state-dir (or MLRELEASE_STATE_DIR), --file,
// --data-plane, --durability, --actor, --traffic, --demo (start-settings.ts). Checks come first: a bad
// command line, a busy port or a state dir another platform holds costs one line and writes nothing.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FAUXQS_CREDENTIALS_FILE } from './data-plane-fauxqs.ts';
import { runDemo } from './demo.ts';
import { DEMO_MANIFEST, DEMO_RELEASE } from './demo-manifest.ts';
import { createEmbeddedReleaseControl } from './embedded-release-control.ts';
import { writeExampleModels } from './example-models/index.ts';
import { readManifestFile } from './manifest-watcher.ts';
import { startPlatform } from './platform.ts';
import { assertPortFree } from './port-check.ts';
import { parseStartSettings, START_USAGE, type StartSettings, StartUsageError } from './start-settings.ts';
import { startupBanner } from './startup-banner.ts';
import { assertStateDirFree } from './state-dir-lock.ts';
import { TrafficGenerator } from './traffic-generator.ts';

// The AWS SDK's Node 22 notice would bury the start-up banner; the local platform runs on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let settings: StartSettings;
try {
  settings = parseStartSettings(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof StartUsageError)) throw error;
  console.error(`${error.message}\n\n${START_USAGE}`);
  process.exit(2);
}
if (settings.help) {
  console.log(START_USAGE);
  process.exit(0);
}
const { port, dataPlane, durability } = settings;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
// The demo edits models.yaml; it works on its own copy so the user's file stays as it is.
const stateDir = settings.demo ? join(resolve(settings.stateDir), 'demo') : resolve(settings.stateDir);
const manifestPath = settings.demo ? join(stateDir, 'models.yaml') : resolve(settings.file);
try {
  await assertStateDirFree(stateDir);
  await assertPortFree(port);
} catch (error) {
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (settings.demo) {
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  await writeFile(manifestPath, DEMO_MANIFEST);
}

// Example models are generated (deterministic ONNX built in TypeScript), never downloaded. On a
// full disk they are not needed to start: the platform serves what it has, read-only.
try {
  const written = await writeExampleModels(dirname(manifestPath));
  if (written.length > 0) log(`generated ${written.length} example model files under ${dirname(manifestPath)}/models`);
} catch (error) {
  log(`could not write the example models under ${dirname(manifestPath)}/models: ${String(error)}`);
}

const control = createEmbeddedReleaseControl({ stateDir, manifestPath, log, who: settings.actor });
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
    mirrorSink: control.mirrors,
    traffic: control.traffic,
    artifacts: control.artifacts,
    host: control.host,
    serving: control.serving,
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
    ...(platform.readOnly ? { readOnly: platform.readOnly } : {}),
    ...(dataPlane === 'fauxqs' ? { fauxqsCredentialsFile: join(stateDir, FAUXQS_CREDENTIALS_FILE) } : {}),
    ...(platform.sageMakerRuntimeUrl
      ? { sageMakerRuntime: { url: platform.sageMakerRuntimeUrl, endpointName: platform.endpointName() } }
      : {}),
  }),
);

// Example traffic, so a release makes progress without a client of one's own.
const traffic =
  settings.trafficRps !== undefined && !settings.demo && manifest
    ? new TrafficGenerator({
        url: platform.url,
        token: platform.devToken,
        models: manifest.models.map((m) => ({ name: m.name, signature: m.signature })),
        ratePerSecond: settings.trafficRps,
      })
    : undefined;
if (traffic) {
  traffic.start();
  log(`sending ${settings.trafficRps} example requests/s to ${manifest!.models.map((m) => m.name).join(', ')}`);
}

const stopAll = async () => {
  await traffic?.stop();
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

if (settings.demo) {
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
