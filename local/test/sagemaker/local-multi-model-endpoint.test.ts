// The local endpoint in front of a serving container that dies and comes back: calls in flight are
// retried with backoff while it restarts, within a bounded number of attempts and total time.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeInvokeResponse } from '../../../inference-stack/src/serving/invoke-body.ts';
import { LocalMultiModelEndpoint, type ServingContainer } from '../../src/sagemaker/local-multi-model-endpoint.ts';
import { ContainerUnavailableError } from '../../src/sagemaker/model-container-client.ts';

const INPUT = { features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } } as const;

/** A container that answers the load and invoke verbs of the contract. */
async function liveContainer(): Promise<{ server: Server; url: string; invokes: () => number }> {
  let invokes = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/invoke')) invokes++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url === '/models' ? '{}' : encodeInvokeResponse({ score: { dtype: 'float32', shape: [1], data: [0.5] } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, invokes: () => invokes };
}

/** A URL nothing listens on (connection refused), as while the process restarts. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('LocalMultiModelEndpoint while the container restarts', () => {
  let modelsDir: string;
  let live: Awaited<ReturnType<typeof liveContainer>>;
  let dead: string;
  let clock: number;
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const artifacts = { get: async () => new Uint8Array([1, 2, 3]) };

  beforeEach(async () => {
    modelsDir = await mkdtemp(join(tmpdir(), 'mme-'));
    live = await liveContainer();
    dead = await deadUrl();
    clock = 0;
    sleeps.length = 0;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => live.server.close(() => resolve()));
    await rm(modelsDir, { recursive: true, force: true });
  });

  /** Refuses connections until `downMs` of (injected) time has passed, then serves as a new incarnation. */
  function restartingContainer(downMs: number): ServingContainer {
    return {
      url: async () => (clock >= downMs ? live.url : dead),
      get incarnation() {
        return clock >= downMs ? 2 : 1;
      },
    };
  }

  it('a call made while the container is down for 1.5 s waits for it and succeeds', async () => {
    const endpoint = new LocalMultiModelEndpoint({
      container: restartingContainer(1_500),
      artifacts,
      modelsDir,
      now: () => clock,
      sleep,
    });

    const invocation = await endpoint.invoke('alpha/1.0.0/model.onnx', INPUT);

    expect(invocation.outputs).toEqual({ score: { dtype: 'float32', shape: [1], data: [0.5] } });
    expect(live.invokes()).toBe(1);
    // Backoff doubles from 50 ms up to 1 s.
    expect(sleeps).toEqual([50, 100, 200, 400, 800]);
  });

  it('gives up within its time budget when the container stays down, naming how long it tried', async () => {
    const endpoint = new LocalMultiModelEndpoint({
      container: restartingContainer(Number.POSITIVE_INFINITY),
      artifacts,
      modelsDir,
      now: () => clock,
      sleep,
      retryBudgetMs: 2_000,
    });

    const call = endpoint.invoke('alpha/1.0.0/model.onnx', INPUT);

    await expect(call).rejects.toThrow(ContainerUnavailableError);
    await expect(call).rejects.toThrow(/unreachable for 1550 ms/);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2_000);
    expect(live.invokes()).toBe(0);
  });

  it('gives up after its attempts when the container stays down', async () => {
    const endpoint = new LocalMultiModelEndpoint({
      container: restartingContainer(Number.POSITIVE_INFINITY),
      artifacts,
      modelsDir,
      now: () => clock,
      sleep,
      attempts: 3,
    });

    await expect(endpoint.invoke('alpha/1.0.0/model.onnx', INPUT)).rejects.toThrow(ContainerUnavailableError);
    expect(sleeps).toEqual([50, 100]);
  });
});
