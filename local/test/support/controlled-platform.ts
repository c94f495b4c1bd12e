// A platform on a workspace with the real release controller and serving container, on a moved
// clock and seeded randomness, ticking only when a test says so: what the release e2e tests share.
import { join } from 'node:path';
import type { ModelHost } from '../../../inference-stack/src/ports/model-host.ts';
import { seededRandom } from '../../../inference-stack/test/support/seeded-random.ts';
import { createEmbeddedReleaseControl } from '../../src/embedded-release-control.ts';
import { startPlatform } from '../../src/platform.ts';

export async function startControlledPlatform(options: {
  readonly dir: string;
  readonly manifestPath: string;
  readonly clock: { now(): number; sleep(ms: number): Promise<void> };
  readonly seeds: readonly [control: number, platform: number];
  /** A fault injected between the platform's requests and the serving container (the controller's warm-up is spared). */
  readonly hostFault?: (host: ModelHost) => ModelHost;
}) {
  const stateDir = join(options.dir, '.mlrelease');
  const control = createEmbeddedReleaseControl({
    stateDir,
    manifestPath: options.manifestPath,
    clock: options.clock,
    random: seededRandom(options.seeds[0]),
    log: () => {},
    evaluateEveryMs: 3_600_000,
  });
  const platform = await startPlatform({
    port: 0,
    stateDir,
    manifestPath: options.manifestPath,
    now: options.clock.now,
    random: seededRandom(options.seeds[1]),
    controller: control.controller,
    alarmEvents: control.alarmEvents,
    controllerTickMs: 3_600_000,
    metricSink: control.metrics,
    mirrorSink: control.mirrors,
    traffic: control.traffic,
    artifacts: control.artifacts,
    host: options.hostFault ? options.hostFault(control.host) : control.host,
    serving: control.serving,
    dashboard: control.dashboard,
    limits: { ratePerSecond: 100_000, burst: 100_000 },
    worker: { waitSeconds: 1 },
  });
  control.start();
  return { control, platform };
}
