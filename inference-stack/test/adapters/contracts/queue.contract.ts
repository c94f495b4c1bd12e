// One behavioural contract for every Queue adapter (mocked SQS, fauxqs SQS).
import { expect, it } from 'vitest';
import type { Queue } from '../../../src/ports/queue.ts';

export function queueContract(makeQueue: () => Promise<Queue>): void {
  it('delivers a sent message with its attributes and a receive count of 1', async () => {
    const queue = await makeQueue();
    await queue.send('{"id":"a"}', { model: 'fraud' });
    const [message, ...rest] = await queue.receive({ waitSeconds: 1 });
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ body: '{"id":"a"}', receiveCount: 1, attributes: { model: 'fraud' } });
    expect(message?.messageId).not.toBe('');
  });

  it('answers an empty list when nothing arrives within the wait', async () => {
    const queue = await makeQueue();
    expect(await queue.receive({ waitSeconds: 0 })).toEqual([]);
  });

  it('does not deliver a deleted message again', async () => {
    const queue = await makeQueue();
    await queue.send('x');
    const [message] = await queue.receive({ waitSeconds: 1, visibilityTimeoutSeconds: 0 });
    await queue.delete(message!.receiptHandle);
    expect(await queue.receive({ waitSeconds: 0 })).toEqual([]);
  });

  it('hides a received message until its visibility is released, then counts the redelivery', async () => {
    const queue = await makeQueue();
    await queue.send('y');
    const [first] = await queue.receive({ waitSeconds: 1, visibilityTimeoutSeconds: 30 });
    expect(await queue.receive({ waitSeconds: 0 })).toEqual([]);
    await queue.changeVisibility(first!.receiptHandle, 0);
    const [again] = await queue.receive({ waitSeconds: 1 });
    expect(again).toMatchObject({ body: 'y', receiveCount: 2 });
  });

  it('counts waiting and in-flight messages in its depth', async () => {
    const queue = await makeQueue();
    expect(await queue.depth()).toBe(0);
    await queue.send('a');
    await queue.send('b');
    const [received] = await queue.receive({ waitSeconds: 1, maxMessages: 1 });
    expect(await queue.depth()).toBe(2);
    await queue.delete(received!.receiptHandle);
    expect(await queue.depth()).toBe(1);
  });
}
