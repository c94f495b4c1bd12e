// Finding 9 of issue 15: a model in models.yaml with no version serving (its first version was
// aborted, so there is no stable) used to get 202 on the async path; the request reached the DLQ
// within seconds and its GET said "pending" forever. Now both paths refuse it at the door.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';

let hp: HostilePlatform;
let token: string;

beforeAll(async () => {
  // A controller that never routes: the route table stays empty, as after an aborted first version.
  hp = await startHostilePlatform({ controller: { reconcile: async () => ({}) } });
  token = await hp.platform.issueToken('invoke');
});

afterAll(async () => {
  await hp?.stop();
});

const post = (path: string) =>
  fetch(`${hp.platform.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [[0.1, 0.2, 0.3]] }),
  });

describe('a model that has no version serving', () => {
  it.each(['/v1/models/alpha/predictions', '/v1/models/alpha/invoke'])(
    'is refused on %s with 503 ModelNotRouted and Retry-After; nothing reaches a queue or the DLQ',
    async (path) => {
      const response = await post(path);
      const body = (await response.json()) as { error: { code: string; message: string } };
      // Give the worker the time it used to need to dead-letter the accepted request.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const dead = await hp.platform.internals.dataPlane.deadLetters();

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(body.error).toMatchObject({
        code: 'ModelNotRouted',
        message: expect.stringContaining('alpha has no version'),
      });
      expect(dead.reduce((n, lane) => n + lane.count, 0)).toBe(0);
      expect(hp.invocations).toEqual([]);
    },
  );
});
