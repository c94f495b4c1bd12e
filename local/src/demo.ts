// `npm start -- --demo`: traffic, a good version released by canary to promotion, then a bad one
// rolled back automatically, narrated step by step and summarised. It drives the platform only
// through its public faces (models.yaml, the HTTP API) plus two hooks the lead wires: the
// controller's rollout phase and the example models' good/bad versions.
import type { Manifest } from '../../model-registry/src/domain/manifest/types.ts';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { Platform } from './platform.ts';
import { TrafficGenerator } from './traffic-generator.ts';

export interface DemoRelease {
  readonly model: string;
  readonly good: { readonly version: string; readonly artifact: string };
  readonly bad: { readonly version: string; readonly artifact: string };
}

export interface DemoOptions {
  readonly platform: Pick<Platform, 'url' | 'devToken'>;
  readonly manifestPath: string;
  readonly manifest: Manifest | undefined;
  readonly log: (line: string) => void;
  /** Phase of the model's rollout of `version` (Progressing, Promoted, RolledBack...); undefined until it starts. */
  readonly rolloutPhase?: (model: string, version: string) => Promise<string | undefined>;
  readonly release?: DemoRelease;
  /** @default 180_000 per release */
  readonly stepTimeoutMs?: number;
  /** @default 1000 */
  readonly pollMs?: number;
  /** Traffic shown when the release hooks are missing. @default 10_000 */
  readonly fallbackTrafficMs?: number;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const { log, platform } = options;
  const models = (options.manifest?.models ?? []).map((m) => ({ name: m.name, signature: m.signature }));
  const traffic = new TrafficGenerator({ url: platform.url, token: platform.devToken, models, ratePerSecond: 25 });
  const started = Date.now();
  log(`demo: sending ~25 requests/s to ${models.map((m) => m.name).join(', ')}`);
  traffic.start();
  let code = 0;
  try {
    if (!options.rolloutPhase || !options.release) {
      log('demo: the release part needs the controller and the example models wired into local/src/main.ts');
      const ms = options.fallbackTrafficMs ?? 10_000;
      log(`      (runDemo({ rolloutPhase, release })); showing ${ms / 1000} s of traffic instead.`);
      await sleep(ms);
      code = 2;
    } else {
      const { release, rolloutPhase } = options;
      log(`demo: 1/2 releasing ${release.model}@${release.good.version} (a good version) by canary`);
      await writeModelVersion(options.manifestPath, release.model, release.good.version, release.good.artifact);
      const good = await waitForPhase(
        options,
        rolloutPhase,
        release.model,
        release.good.version,
        ['Promoted'],
        ['RolledBack', 'Aborted'],
      );
      log(`demo: ${good === 'Promoted' ? 'promoted' : `ended ${good}`} after the canary steps`);
      log(`demo: 2/2 releasing ${release.model}@${release.bad.version} (errors/slow on purpose)`);
      await writeModelVersion(options.manifestPath, release.model, release.bad.version, release.bad.artifact);
      const bad = await waitForPhase(
        options,
        rolloutPhase,
        release.model,
        release.bad.version,
        ['RolledBack'],
        ['Promoted'],
      );
      log(`demo: ${bad === 'RolledBack' ? 'rolled back automatically by its gates' : `ended ${bad}`}`);
      code = good === 'Promoted' && bad === 'RolledBack' ? 0 : 1;
    }
  } finally {
    await traffic.stop();
  }
  const { sent, counts } = traffic.snapshot();
  log(`\ndemo summary (${Math.round((Date.now() - started) / 1000)} s, ${sent} requests):`);
  for (const c of counts.sort((a, b) => `${a.model}${a.version}`.localeCompare(`${b.model}${b.version}`)))
    log(
      `  ${`${c.model}@${c.version}`.padEnd(28)} ${c.track.padEnd(10)} ok ${String(c.ok).padStart(6)}  failed ${c.failed}`,
    );
  return code;
}

async function waitForPhase(
  options: DemoOptions,
  phaseOf: (model: string, version: string) => Promise<string | undefined>,
  model: string,
  version: string,
  success: readonly string[],
  failure: readonly string[],
): Promise<string> {
  const deadline = Date.now() + (options.stepTimeoutMs ?? 180_000);
  let last: string | undefined;
  while (Date.now() < deadline) {
    const phase = await phaseOf(model, version);
    if (phase !== last) options.log(`demo:   ${model}: ${phase ?? '(no rollout yet)'}`);
    last = phase;
    if (phase && (success.includes(phase) || failure.includes(phase))) return phase;
    await sleep(options.pollMs ?? 1000);
  }
  return `timeout (last phase ${last ?? 'none'})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
