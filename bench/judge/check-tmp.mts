import { SCENARIOS } from './scenarios.ts';
import { simulateRollout } from './simulate-rollout.ts';
const drift = SCENARIOS[1]!;
const counts: Record<string, number> = {};
for (const looks of ['one-look', 'sequential'] as const) {
  for (let s = 1; s <= 150; s++) {
    const o = await simulateRollout(drift, looks, 5000 + s);
    counts[`${looks}/${o.result}`] = (counts[`${looks}/${o.result}`] ?? 0) + 1;
  }
}
console.log(JSON.stringify(counts));
