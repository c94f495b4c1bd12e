// Seeded PRNG (mulberry32) so every build of the example models yields the same weights, byte for byte.

export type Random = () => number;

/** mulberry32: a tiny seeded PRNG; tests, benchmarks and the example models all use this one. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG seeded from text (FNV-1a of the text), e.g. a model name and version. */
export function seededRandom(seedText: string): Random {
  let seed = 2166136261;
  for (let i = 0; i < seedText.length; i++) seed = Math.imul(seed ^ seedText.charCodeAt(i), 16777619);
  return mulberry32(seed);
}

/** `count` float32 values uniform in [-scale, scale). */
export function uniform(random: Random, count: number, scale: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = (random() * 2 - 1) * scale;
  return values;
}
