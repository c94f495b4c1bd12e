// What the shadow e2e tests share: a controlled platform (support/controlled-platform.ts) on a temp
// workspace with the example models, a manual clock, and churn-scorer requests of which exactly every
// 20th is one the divergent example version (1.4.0) answers differently (5%).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../inference-stack/test/support/seeded-random.ts';
import type { RolloutRecord } from '../../../release-tools/src/domain/rollout/record.ts';
import type { MirrorEvidence } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import type { EmbeddedReleaseControl } from '../../src/embedded-release-control.ts';
import { writeExampleModels } from '../../src/example-models/index.ts';
import type { Platform } from '../../src/platform.ts';
import { startControlledPlatform } from './controlled-platform.ts';

export interface ChurnShadowOptions {
  readonly manifest: string;
  readonly startAt: number;
  readonly seeds: readonly [control: number, platform: number];
  readonly inputSeed: number;
  readonly tmpPrefix: string;
}

export class ChurnShadowE2e {
  dir = '';
  manifestPath = '';
  control!: EmbeddedReleaseControl;
  platform!: Platform;
  private at: number;
  private sent = 0;
  private readonly inputs: () => number;
  readonly clock = { now: () => this.at, sleep: async () => {} };

  constructor(private readonly options: ChurnShadowOptions) {
    this.at = options.startAt;
    this.inputs = seededRandom(options.inputSeed);
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), this.options.tmpPrefix));
    this.manifestPath = join(this.dir, 'models.yaml');
    await writeFile(this.manifestPath, this.options.manifest);
    await writeExampleModels(this.dir);
    ({ control: this.control, platform: this.platform } = await startControlledPlatform({
      dir: this.dir,
      manifestPath: this.manifestPath,
      clock: this.clock,
      seeds: this.options.seeds,
    }));
  }

  async stop(): Promise<void> {
    await this.platform?.stop();
    await this.control?.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  now(): number {
    return this.at;
  }

  advance(ms: number): void {
    this.at += ms;
  }

  /** Features as sampleInputs draws them (0.00..1.00); the first is above DIVERGES_ABOVE on exactly every 20th row. */
  features(): number[] {
    const row = Array.from({ length: 12 }, () => Math.round(this.inputs() * 100) / 100);
    row[0] = ++this.sent % 20 === 0 ? 0.96 + Math.round(this.inputs() * 4) / 100 : Math.round(this.inputs() * 95) / 100;
    return row;
  }

  /** `n` sync invokes of churn-scorer, one after another: who answered each. */
  async invoke(n: number): Promise<{ status: number; version: string; track: string }[]> {
    const seen: { status: number; version: string; track: string }[] = [];
    for (let i = 0; i < n; i++) {
      const response = await fetch(`${this.platform.url}/v1/models/churn-scorer/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.platform.devToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [this.features()] }),
      });
      const body = (await response.json()) as { version: string; track: string };
      seen.push({ status: response.status, version: body.version, track: body.track });
    }
    return seen;
  }

  async record(): Promise<RolloutRecord | undefined> {
    return (await this.control.store.get<RolloutRecord>('rollouts/churn-scorer'))?.value;
  }

  pairsOf(version: string): Promise<MirrorEvidence> {
    return this.control.mirrors.pairs({
      model: 'churn-scorer',
      candidateVersion: version,
      since: 0,
      until: Number.MAX_SAFE_INTEGER,
    });
  }
}
