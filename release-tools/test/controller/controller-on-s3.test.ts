// The controller through the S3 state store and S3 route table, over a simulated S3 behind the real
// S3Client (see bench/controller-s3.bench.ts for the same at AWS latencies): what each tick costs
// in requests, and that no route change is lost when many models change at once.
import { afterEach, describe, expect, it } from 'vitest';
import { S3RouteTable } from '../../src/adapters/aws/s3-route-table.ts';
import { S3StateStore } from '../../src/adapters/aws/s3-state-store.ts';
import { createController } from '../../src/controller/create-controller.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { routeFor } from '../../src/domain/rollout/route-for.ts';
import { SimulatedS3 } from '../support/simulated-s3.ts';
import { harness, manifestOf, model } from './harness.ts';

const MODELS = 24;
const models = (version: string) =>
  manifestOf(Array.from({ length: MODELS }, (_, i) => model(`m${i}`, version)).join(''));
const clients: { destroy(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

function onS3() {
  const s3 = new SimulatedS3();
  const client = s3.client();
  clients.push(client);
  const store = new S3StateStore({ client, bucket: 'state' });
  const h = harness(models('1.0.0'), { store });
  const router = new S3RouteTable({ client, bucket: 'state', key: 'routes.json' });
  const controller = createController({ ...h.deps, router });
  const tick = () => {
    h.advance(1_000);
    return controller.reconcile(h.now());
  };
  return { s3, h, router, tick };
}

describe('the controller on S3', () => {
  it(`writes the route changes of ${MODELS} models in one tick as a few conditional writes, losing none`, async () => {
    const { s3, h, router, tick } = onS3();
    // New models: started, compiling, registered, then promoted with a route each, in the 4th tick.
    for (let i = 0; i < 3; i++) await tick();
    s3.resetCounts();

    const report = await tick();

    expect(report.models.filter((m) => m.error)).toEqual([]);
    const table = await router.readTable();
    for (let i = 0; i < MODELS; i++) {
      const record = (await h.store.get<RolloutRecord>(`rollouts/m${i}`))!.value;
      expect(table.routes[`m${i}`]).toEqual(routeFor(record));
    }
    // One writer per model would be 24 writes racing for one object; group commit needs a few.
    expect(s3.counts.writesByKey.get('routes.json')).toBeLessThan(MODELS / 4);
    expect(s3.counts.conflictsByKey.get('routes.json') ?? 0).toBe(0);
  });

  it('reads no intent log for models that have none (one listing per tick instead of a GET per model)', async () => {
    const { s3, h, tick } = onS3();
    for (let i = 0; i < 5; i++) await tick();
    await h.store.put('intents/m7', { model: 'm7', intents: [] }, null);
    s3.resetCounts();

    await tick();

    // Per model one GET of its record; plus the route table and m7's intent log.
    expect(s3.counts.get).toBe(MODELS + 2);
    expect(s3.counts.list).toBe(2);
  });
});
