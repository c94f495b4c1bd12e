// Steady synthetic traffic against the HTTP API (synchronous invokes with a sticky user id), tallied
// by model, version and outcome, for the demo and for trying a release by hand.

import { sampleInputs } from '../../inference-stack/src/domain/tensors/sample-inputs.ts';
import type { ModelSignature } from '../../model-registry/src/domain/manifest/types.ts';

export interface TrafficTarget {
  readonly name: string;
  /** Requests carry random values of this shape: every input, one row of batch. */
  readonly signature: ModelSignature;
}

export interface TrafficOptions {
  readonly url: string;
  readonly token: string;
  readonly models: readonly TrafficTarget[];
  /** @default 20 */
  readonly ratePerSecond?: number;
  /** [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface TrafficCount {
  readonly model: string;
  readonly version: string;
  readonly track: string;
  ok: number;
  failed: number;
}

export class TrafficGenerator {
  private timer: NodeJS.Timeout | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private readonly counts = new Map<string, TrafficCount>();
  private readonly random: () => number;
  private sent = 0;

  constructor(private readonly options: TrafficOptions) {
    this.random = options.random ?? Math.random;
  }

  start(): void {
    const interval = 1000 / (this.options.ratePerSecond ?? 20);
    this.timer = setInterval(() => {
      const done: Promise<void> = this.sendOne().finally(() => this.inflight.delete(done));
      this.inflight.add(done);
    }, interval);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inflight]);
  }

  snapshot(): { sent: number; counts: TrafficCount[] } {
    return { sent: this.sent, counts: [...this.counts.values()].map((c) => ({ ...c })) };
  }

  private async sendOne(): Promise<void> {
    const { models, url, token } = this.options;
    const model = models[Math.floor(this.random() * models.length)];
    if (!model) return;
    this.sent++;
    const inputs = sampleInputs(model.signature, this.random);
    try {
      const response = await fetch(`${url}/v1/models/${model.name}/invoke`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-user-id': `user-${Math.floor(this.random() * 50)}`,
        },
        body: JSON.stringify({ inputs }),
      });
      const body = (await response.json()) as { version?: string; track?: string };
      this.count(model.name, body.version ?? '?', body.track ?? '?', response.ok);
    } catch {
      this.count(model.name, '?', '?', false);
    }
  }

  private count(model: string, version: string, track: string, ok: boolean): void {
    const key = `${model}@${version}/${track}`;
    const count = this.counts.get(key) ?? { model, version, track, ok: 0, failed: 0 };
    if (ok) count.ok++;
    else count.failed++;
    this.counts.set(key, count);
  }
}
