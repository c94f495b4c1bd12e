// 95% intervals for the judge bench: Wilson's score interval for a proportion (Wilson 1927), and a
// distribution-free interval for a median from order statistics (ranks n/2 -/+ 1.96 sqrt(n)/2).

const Z95 = 1.959964;

export function wilson(successes: number, n: number): { p: number; low: number; high: number } {
  if (n === 0) return { p: 0, low: 0, high: 1 };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function medianInterval(values: readonly number[]): { median: number; low: number; high: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (rank: number) => sorted[Math.min(n - 1, Math.max(0, rank))]!;
  const half = (Z95 * Math.sqrt(n)) / 2;
  return {
    median: at(Math.ceil(n / 2) - 1),
    low: at(Math.floor(n / 2 - half) - 1),
    high: at(Math.ceil(n / 2 + half) - 1),
  };
}
