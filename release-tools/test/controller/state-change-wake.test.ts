import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { wakeOnStateChange } from '../../src/controller/state-change-wake.ts';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('wakeOnStateChange', () => {
  it('wakes the loop when an intent or the desired state is written, not before', async () => {
    const store = new MemoryStateStore();
    let wakes = 0;
    const unsubscribe = wakeOnStateChange(store, 5)(() => wakes++);
    await new Promise((r) => setTimeout(r, 30));
    const idle = wakes;

    await store.put('intents/fraud', { intents: [] }, null);
    await until(() => wakes > 0);
    const afterIntent = wakes;
    await store.put('desired', {}, null);
    await until(() => wakes > afterIntent);
    unsubscribe();

    expect(idle).toBe(0);
    expect(afterIntent).toBe(1);
    expect(wakes).toBe(2);
  });
});
