// Requests no well-behaved client sends, written to the socket byte by byte: the platform answers
// 4xx and keeps serving. Cases the fuzz suite found are kept here so they stay fixed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { sendRaw } from './support/raw-socket.ts';

let hp: HostilePlatform;
let token: string;

beforeAll(async () => {
  hp = await startHostilePlatform();
  token = await hp.platform.issueToken('invoke');
});

afterAll(async () => {
  await hp?.stop();
});

const request = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\nconnection: close\r\n${extra}\r\n`;

async function stillServing(): Promise<number> {
  return (await fetch(`${hp.platform.url}/healthz`)).status;
}

const httpFailures = () => hp.logs.filter((l) => l.startsWith('http:')).length;

describe('hostile request lines and framing', () => {
  it.each([
    { name: 'a protocol-relative path (//)', target: '//' },
    { name: 'a protocol-relative path with a host (//evil/healthz)', target: '//evil/healthz' },
    { name: 'an absolute-form target with a broken host', target: 'http://[/v1/models' },
    { name: 'an asterisk target', target: '*' },
    { name: 'a traversal in the id', target: '/v1/predictions/..%2F..%2Fetc%2Fpasswd' },
    { name: 'a NUL in the id', target: '/v1/predictions/abcdefgh%00' },
  ])('answers $name with a JSON 4xx and keeps serving', async ({ target }) => {
    const failuresBefore = httpFailures();

    const answer = await sendRaw(hp.platform.port, request(target));

    expect(answer.status, answer.head).toBeGreaterThanOrEqual(400);
    expect(answer.status, answer.head).toBeLessThan(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(await stillServing()).toBe(200);
    expect(httpFailures()).toBe(failuresBefore);
  });

  // node:http answers these itself, before any route runs (no JSON body: see bench/RELIABILITY.md).
  it.each([
    { name: 'garbage instead of a request line', bytes: 'HELLO\r\n\r\n' },
    { name: 'a header block over 16 KiB', bytes: request('/healthz', `x-big: ${'a'.repeat(20_000)}\r\n`) },
    {
      name: 'a broken chunked body',
      bytes:
        'POST /v1/models/alpha/invoke HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    },
    {
      name: 'a client that hangs up in the middle of its body',
      hangUp: true,
      bytes: `POST /v1/models/alpha/invoke HTTP/1.1\r\nhost: x\r\nauthorization: Bearer TOKEN\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"inputs":`,
    },
  ])('survives $name', async ({ bytes, hangUp }) => {
    const failuresBefore = httpFailures();

    const answer = await sendRaw(hp.platform.port, bytes.replace('TOKEN', token), { hangUp: hangUp === true });

    expect(answer.status === 0 || (answer.status >= 400 && answer.status < 500), answer.head).toBe(true);
    expect(await stillServing()).toBe(200);
    expect(httpFailures()).toBe(failuresBefore);
  });

  it('answers bodies near the default 256 KiB limit (deep nesting, many keys, long rows) at once and without a 5xx', async () => {
    // Prepare
    const roomy = await startHostilePlatform({ limits: { ratePerSecond: 1_000, burst: 1_000 } });
    const depth = 120_000;
    const bodies = [
      `{"inputs":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"inputs":[[1,2,3]],"x":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}`,
      JSON.stringify({
        inputs: [[1, 2, 3]],
        ...Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, i])),
      }),
      JSON.stringify({ inputs: [Array.from({ length: 40_000 }, () => 1.5)] }),
    ];
    const headers = { authorization: `Bearer ${roomy.platform.devToken}`, 'content-type': 'application/json' };
    try {
      // Act
      const started = performance.now();
      const answers = [];
      for (const body of bodies)
        for (const path of ['/v1/models/alpha/invoke', '/v1/models/alpha/predictions'])
          answers.push(await fetch(`${roomy.platform.url}${path}`, { method: 'POST', headers, body }));
      const elapsedMs = performance.now() - started;

      // Assess
      expect(bodies.every((b) => b.length < 256 * 1024)).toBe(true);
      expect(answers.map((a) => a.status)).toEqual([400, 400, 200, 202, 200, 202, 400, 400]);
      expect(elapsedMs).toBeLessThan(5_000);
      expect((await fetch(`${roomy.platform.url}/healthz`)).status).toBe(200);
    } finally {
      await roomy.stop();
    }
  });
});
