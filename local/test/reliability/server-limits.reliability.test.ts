// Issue 15, finding 10: a caller that sends a body without end, or that never finishes its request,
// must cost the platform a bounded amount of reading and cannot hold its shutdown. Before: an
// unauthenticated chunked body kept being read after its 401 (19.7 GB in 15 s), and a slow
// authenticated client held `stop()` for as long as it kept sending.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';

const MiB = 2 ** 20;

interface Flood {
  readonly status: number;
  /** Bytes our socket accepted after the answer had arrived. */
  readonly bytesAfterAnswer: number;
  /** Whether the server closed the connection before the flood's time was up. */
  readonly closedByServer: boolean;
}

/** Sends `head`, then body chunks as fast as the socket takes them, for up to `forMs`. */
function flood(port: number, head: string, forMs: number): Promise<Flood> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
    let answer = '';
    let afterAnswer = 0;
    let closedByServer = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0),
        bytesAfterAnswer: afterAnswer,
        closedByServer,
      });
    };
    const timer = setTimeout(finish, forMs);
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = !done;
      finish();
    });
    const pump = () => {
      while (!done && !socket.destroyed) {
        const ok = socket.write(chunk, () => {
          if (answer !== '') afterAnswer += chunk.length;
        });
        if (!ok) return void socket.once('drain', pump);
      }
    };
    socket.write(head, pump);
  });
}

const chunkedPost = (auth: string) =>
  `POST /v1/models/alpha/predictions HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`;

describe('bodies that never end', () => {
  let hp: HostilePlatform;
  let token: string;
  beforeAll(async () => {
    hp = await startHostilePlatform();
    token = await hp.platform.issueToken('invoke');
  });
  afterAll(async () => {
    await hp?.stop();
  });

  it('an unauthenticated chunked body is not read: 401, then the connection is closed', async () => {
    const result = await flood(hp.platform.port, chunkedPost(''), 3_000);

    expect(result.status).toBe(401);
    expect(result.closedByServer).toBe(true);
    expect(result.bytesAfterAnswer).toBeLessThan(16 * MiB);
    expect((await fetch(`${hp.platform.url}/healthz`)).status).toBe(200);
  });

  it('an authenticated chunked body past the limit stops being read: 413, then the connection is closed', async () => {
    const result = await flood(hp.platform.port, chunkedPost(`authorization: Bearer ${token}\r\n`), 3_000);

    expect(result.status).toBe(413);
    expect(result.closedByServer).toBe(true);
    expect(result.bytesAfterAnswer).toBeLessThan(16 * MiB);
    expect((await fetch(`${hp.platform.url}/healthz`)).status).toBe(200);
  });
});

describe('graceful stop with a slow client', () => {
  it('stop() closes a connection still sending its body once the drain deadline has passed', async () => {
    const hp = await startHostilePlatform({ drainTimeoutMs: 500 });
    const token = await hp.platform.issueToken('invoke');
    const socket = connect({ host: '127.0.0.1', port: hp.platform.port });
    socket.on('error', () => {});
    await new Promise<void>((resolve) =>
      socket.write(
        `POST /v1/models/alpha/predictions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n{"inputs":`,
        () => resolve(),
      ),
    );
    const trickle = setInterval(() => socket.write(' '), 50);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    const outcome = await Promise.race([
      hp.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still draining after 10 s'), 10_000)),
    ]);
    const tookMs = performance.now() - started;
    clearInterval(trickle);
    socket.destroy();

    expect(outcome).toBe('stopped');
    expect(tookMs).toBeLessThan(3_000);
  });
});
