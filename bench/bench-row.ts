export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. "< 200 ms". */
  readonly target?: string;
  readonly ok?: boolean;
  readonly notes?: string;
}

/** Median of repeated timings, in ms. */
export async function medianMs(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
