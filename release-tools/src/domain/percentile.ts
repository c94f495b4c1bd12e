// Nearest-rank percentile (as CloudWatch's pNN on raw samples); undefined for no samples.

export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  // No samples: the rank is 0, so this reads index -1, which is undefined.
  return sorted[nearestRank(sorted.length, p) - 1];
}

/**
 * The same percentile of unsorted samples, by selection (Hoare's quickselect with a median-of-three
 * pivot): linear time instead of a sort, for the local alarms that ask for a p99 at every
 * evaluation. `scratch` is reordered.
 */
export function percentileOfUnsorted(scratch: Float64Array, p: number): number | undefined {
  // No samples: k is -1, the loop does not run and scratch[-1] is undefined.
  const k = nearestRank(scratch.length, p) - 1;
  let low = 0;
  let high = scratch.length - 1;
  while (high > low) {
    const mid = (low + high) >> 1;
    const pivot = medianOfThree(scratch[low]!, scratch[mid]!, scratch[high]!);
    let i = low;
    let j = high;
    while (i <= j) {
      while (scratch[i]! < pivot) i++;
      while (scratch[j]! > pivot) j--;
      if (i <= j) {
        const t = scratch[i]!;
        scratch[i++] = scratch[j]!;
        scratch[j--] = t;
      }
    }
    // [low, j] <= pivot <= [i, high], and everything strictly between j and i equals the pivot.
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return scratch[k];
  }
  return scratch[k];
}

function nearestRank(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
}

/** The middle one of three values: the pivot, so sorted or reversed input stays linear. */
export function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
