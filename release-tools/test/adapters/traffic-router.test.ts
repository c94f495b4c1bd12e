import 'aws-sdk-client-mock-vitest/extend';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { S3RouteTable } from '../../src/adapters/aws/s3-route-table.ts';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import type { ModelRoute } from '../../src/domain/route-table.ts';
import type { TrafficRouter } from '../../src/ports/traffic-router.ts';
import { fakeS3 } from './fake-s3.ts';

const route = (model: string, weight: number): ModelRoute => ({
  model,
  stable: { version: '1.0.0', targetModel: `${model}/1.0.0-aaaaaaaaaaaa/model.onnx` },
  candidate: { version: '1.1.0', targetModel: `${model}/1.1.0-bbbbbbbbbbbb/model.onnx` },
  candidateWeight: weight,
  mode: 'weighted',
});

/** `make(shared)`: a router over the same table as `shared` when given (a second controller). */
function trafficRouterContract(make: (shared?: TrafficRouter) => TrafficRouter): void {
  it('starts with an empty table', async () => {
    expect(await make().readTable()).toEqual({ routes: {} });
  });

  it('sets, replaces and removes routes', async () => {
    const router = make();

    await router.setRoute(route('a', 10));
    await router.setRoute(route('b', 0));
    await router.setRoute(route('a', 50));
    await router.removeRoute('b');

    expect(await router.readTable()).toEqual({ routes: { a: route('a', 50) } });
  });

  it('lands concurrent writes for different models', async () => {
    const router = make();

    await Promise.all(['a', 'b', 'c', 'd'].map((m, i) => router.setRoute(route(m, i * 10))));

    const table = await router.readTable();
    expect(table.routes).toEqual({ a: route('a', 0), b: route('b', 10), c: route('c', 20), d: route('d', 30) });
  });

  it('lands every change when two routers (two controllers) write the same table at once', async () => {
    const one = make();
    const two = make(one);

    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).setRoute(route(`m${i}`, i))));

    const table = await one.readTable();
    expect(Object.keys(table.routes)).toHaveLength(40);
    for (let i = 0; i < 40; i++) expect(table.routes[`m${i}`]).toEqual(route(`m${i}`, i));
  });
}

describe('StateRouteTable', () => {
  const stores = new WeakMap<TrafficRouter, MemoryStateStore>();
  trafficRouterContract((shared) => {
    const store = (shared && stores.get(shared)) ?? new MemoryStateStore();
    const router = new StateRouteTable(store);
    stores.set(router, store);
    return router;
  });
});

describe('S3RouteTable', () => {
  let s3 = fakeS3();
  afterEach(() => {
    s3.mock.restore();
    s3 = fakeS3();
  });
  trafficRouterContract(
    () => new S3RouteTable({ client: s3.client, bucket: 'routes-bucket', key: 'routing/routes.json' }),
  );

  it('writes the whole table as one JSON object with a conditional write', async () => {
    const router = new S3RouteTable({ client: s3.client, bucket: 'routes-bucket', key: 'routing/routes.json' });

    await router.setRoute(route('a', 10));

    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'routes-bucket',
      Key: 'routing/routes.json',
      Body: JSON.stringify({ routes: { a: route('a', 10) } }),
      IfNoneMatch: '*',
    });
  });

  it('reads and updates a table written before the revision counter was dropped', async () => {
    // Prepare: routes.json as the previous release wrote it.
    s3.objects.set('routes-bucket/routing/routes.json', {
      body: JSON.stringify({ revision: 7, routes: { a: route('a', 10) } }),
      etag: '"v7"',
    });
    const router = new S3RouteTable({ client: s3.client, bucket: 'routes-bucket', key: 'routing/routes.json' });
    // Act
    await router.setRoute(route('b', 0));
    // Assess
    expect((await router.readTable()).routes).toEqual({ a: route('a', 10), b: route('b', 0) });
  });

  it('refuses a key that is not a .json object', () => {
    expect(() => new S3RouteTable({ client: s3.client, bucket: 'b', key: 'routes.txt' })).toThrow(/must end in .json/);
  });
});
