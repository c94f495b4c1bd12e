// The local adapters against the same contracts as the AWS ones, plus what only they promise.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileObjectStore } from '../../src/adapters/local/file-object-store.ts';
import { MemoryQueue } from '../../src/adapters/local/memory-queue.ts';
import { MemoryTopic } from '../../src/adapters/local/memory-topic.ts';
import { InvalidObjectKeyError } from '../../src/adapters/local/object-key-path.ts';
import { ObjectExistsError } from '../../src/ports/object-store.ts';
import { objectStoreContract } from './contracts/object-store.contract.ts';
import { queueContract } from './contracts/queue.contract.ts';
import { topicContract } from './contracts/topic.contract.ts';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-adapters-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const newStore = () => new FileObjectStore({ root: join(dir, `store-${++n}`) });

describe('FileObjectStore contract', () => {
  objectStoreContract(async () => newStore());
});

describe('FileObjectStore with recent writes cached contract', () => {
  objectStoreContract(async () => new FileObjectStore({ root: join(dir, `store-${++n}`), recentWrites: 2 }));
});

describe('MemoryQueue contract', () => {
  queueContract(async () => new MemoryQueue());
});

describe('MemoryTopic contract', () => {
  topicContract(async () => {
    const topic = new MemoryTopic();
    const queue = new MemoryQueue();
    topic.subscribe(queue);
    return {
      topic,
      delivered: async () =>
        (await queue.receive({ waitSeconds: 1 })).map((m) => ({ body: m.body, attributes: m.attributes })),
    };
  });
});

describe('FileObjectStore', () => {
  it.each(['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', '.tmp/x', 'a\\b', '', 'nul\u0000'])(
    'refuses the key %j',
    async (key) => {
      const store = newStore();
      await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    },
  );

  it('lets exactly one of many concurrent conditional writers win, across store instances', async () => {
    const root = join(dir, `shared-${++n}`);
    const stores = Array.from({ length: 4 }, () => new FileObjectStore({ root }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => stores[i % 4]!.put('results/one.json', `w${i}`, { ifNoneMatch: '*' })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof ObjectExistsError)).toBe(
      true,
    );
  });

  it('leaves no temporary files behind and lists only objects', async () => {
    const store = newStore();
    await store.put('requests/a.json', '1');
    await store.put('requests/a.json', '2', { ifNoneMatch: '*' }).catch(() => {});
    await store.put('requests/sub/b.json', '3');
    expect(await store.list('requests/')).toEqual(['requests/a.json', 'requests/sub/b.json']);
    expect(await store.list('requests/s')).toEqual(['requests/sub/b.json']);
    expect(await store.list('nothing/')).toEqual([]);
    const [own] = await readdir(join(dir, `store-${n}`, '.tmp'));
    expect(await readdir(join(dir, `store-${n}`, '.tmp', own!))).toEqual([]);
  });

  it('removes temporary files of a dead process and keeps those of a live one', async () => {
    const root = join(dir, `stale-${++n}`);
    await mkdir(join(root, '.tmp', '999999999-dead'), { recursive: true });
    await writeFile(join(root, '.tmp', '999999999-dead', 'torn'), 'half');
    await mkdir(join(root, '.tmp', `${process.pid}-other`), { recursive: true });
    await new FileObjectStore({ root }).put('a.json', '{}');
    const left = await readdir(join(root, '.tmp'));
    expect(left).not.toContain('999999999-dead');
    expect(left).toContain(`${process.pid}-other`);
  });

  it('serves recent writes from memory as copies, and older ones from disk', async () => {
    const store = new FileObjectStore({ root: join(dir, `store-${++n}`), recentWrites: 1 });
    await store.put('a.json', 'one');
    await store.put('b.json', 'two');
    const first = await store.get('b.json');
    first!.fill(0);
    expect(new TextDecoder().decode(await store.get('b.json'))).toBe('two');
    expect(new TextDecoder().decode(await store.get('a.json'))).toBe('one');
  });

  it('answers undefined for a key that names a directory', async () => {
    const store = newStore();
    await store.put('requests/a.json', '1');
    expect(await store.get('requests')).toBeUndefined();
  });
});

describe('MemoryQueue', () => {
  it('wakes a long poll as soon as a message is sent', async () => {
    const queue = new MemoryQueue();
    const started = Date.now();
    const receiving = queue.receive({ waitSeconds: 10 });
    setTimeout(() => void queue.send('late'), 50);
    const [message] = await receiving;
    expect(message?.body).toBe('late');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('redelivers after the visibility timeout and then moves to the DLQ with the last reason', async () => {
    let now = 0;
    const dlq = new MemoryQueue({ now: () => now });
    const queue = new MemoryQueue({ now: () => now, deadLetter: { queue: dlq, maxReceiveCount: 2 } });
    await queue.send('poison', { lane: 'standard' });
    const [first] = await queue.receive({ visibilityTimeoutSeconds: 5 });
    now += 5_000;
    const [second] = await queue.receive({});
    await queue.changeVisibility(second!.receiptHandle, 0, 'model exploded');
    expect(await queue.receive({})).toEqual([]);
    expect(first?.receiveCount).toBe(1);
    expect(second?.receiveCount).toBe(2);
    expect(dlq.messages()).toMatchObject([
      { body: 'poison', reason: 'model exploded', receiveCount: 2, attributes: { lane: 'standard' } },
    ]);
    expect(await queue.depth()).toBe(0);
  });

  it('returns at most 10 messages per receive', async () => {
    const queue = new MemoryQueue();
    for (let i = 0; i < 15; i++) await queue.send(`m${i}`);
    expect(await queue.receive({ maxMessages: 50 })).toHaveLength(10);
    expect(await queue.receive({ maxMessages: 50 })).toHaveLength(5);
  });

  it('ends a long poll early when its signal aborts', async () => {
    const queue = new MemoryQueue();
    const abort = new AbortController();
    const receiving = queue.receive({ waitSeconds: 20, signal: abort.signal });
    abort.abort();
    expect(await receiving).toEqual([]);
  });
});

describe('MemoryTopic', () => {
  it('delivers only to subscriptions whose filter policy matches', async () => {
    const topic = new MemoryTopic();
    const standard = new MemoryQueue();
    const priority = new MemoryQueue();
    topic.subscribe(standard, { filterPolicy: { lane: ['standard'] } });
    topic.subscribe(priority, { filterPolicy: { lane: ['priority'] } });
    await topic.publish({ body: 'p', attributes: { lane: 'priority' } });
    await topic.publish({ body: 'x', attributes: { lane: 'other' } });
    expect(await standard.depth()).toBe(0);
    expect((await priority.receive({})).map((m) => m.body)).toEqual(['p']);
  });
});
