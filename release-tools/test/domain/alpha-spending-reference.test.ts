// The alpha-spending boundaries and their numerical pieces against values computed outside the code:
// reference/alpha_spending_reference.py (numpy, scipy, mpmath) wrote reference/alpha-spending-reference.json.
// - Boundaries: the same recursion solved with Simpson quadrature on a grid 6 to 24 times finer,
//   scipy's normal functions and brentq; the script's two grid sizes agree to 3e-9 in z. The code's
//   piecewise-linear lattice (20 points per sd) is off by up to 9e-4 in z at later looks; its first
//   look has no integration (1e-6), and the alpha it spends is exact to 1e-7.
// - Pieces: one piecewise-linear density, its crossing mass and its propagation by a Gaussian
//   increment, integrated by mpmath to 30 digits; the code integrates each linear piece exactly
//   against the kernel, so they agree to the 1.2e-7 of its erfc fit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  crossingMass,
  type Density,
  gaussianSpendingTest,
  interpolate,
  obrienFlemingSpending,
  pointsBelow,
  propagate,
  recentLooks,
  segmentKernel,
  solveBoundary,
} from '../../src/domain/stats/alpha-spending.ts';
import { upperTailP } from '../../src/domain/stats/normal.ts';

interface Reference {
  readonly cases: readonly {
    readonly name: string;
    readonly information: readonly number[];
    readonly fractions: readonly number[];
    readonly alpha: number;
    /** null: nothing to spend at that look (the code says Infinity). */
    readonly boundaries: readonly (number | null)[];
    readonly spent: number;
  }[];
  readonly pieces: {
    readonly density: { h: number; lo: number; x: number[]; y: number[] };
    readonly crossingMass: readonly { c: number; step: number; mass: number }[];
    readonly propagate: readonly { c: number; sd: number; step: number; x: number[]; y: number[] }[];
  };
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/alpha-spending-reference.json', import.meta.url), 'utf8'),
) as Reference;

const density = (d: { h: number; lo: number; x: readonly number[]; y: readonly number[] }): Density => ({
  h: d.h,
  lo: d.lo,
  x: Float64Array.from(d.x),
  y: Float64Array.from(d.y),
});
/** A density given by its points only (h and lo matter to propagate alone). */
const points = (x: number[], y: number[]): Density => density({ h: 1, lo: 0, x, y });

describe('alpha-spending boundaries against an independent quadrature', () => {
  it.each(reference.cases)('$name', ({ information, fractions, alpha, boundaries, spent }) => {
    const outcome = gaussianSpendingTest(
      information.map((v, i) => ({ information: v, fraction: fractions[i]!, score: 0 })),
      alpha,
    );
    expect(outcome.boundaries).toHaveLength(boundaries.length);
    outcome.boundaries.forEach((b, j) => {
      const expected = boundaries[j] ?? Number.POSITIVE_INFINITY;
      if (expected === Number.POSITIVE_INFINITY) expect(b).toBe(expected);
      else expect(Math.abs(b - expected)).toBeLessThan(j === 0 ? 1e-6 : 1e-3);
    });
    expect(Math.abs(outcome.spent - spent)).toBeLessThan(1e-6);
  });
});

describe('the spending function at its ends', () => {
  it('spends exactly alpha at t = 1 and nothing before any information (t <= 0)', () => {
    expect(obrienFlemingSpending(0.05, 1)).toBe(0.05);
    expect(obrienFlemingSpending(0.05, 0)).toBe(0);
    expect(obrienFlemingSpending(0.05, -0.5)).toBe(0);
  });
});

describe('gaussianSpendingTest at its edges', () => {
  it('a look without information (0) has no boundary, spends nothing, and the next look starts afresh', () => {
    const outcome = gaussianSpendingTest(
      [
        { information: 0, fraction: 0.2, score: 5 },
        { information: 1, fraction: 0.5, score: 0 },
      ],
      0.05,
    );
    // One look at t = 0.5: alpha(0.5) = 0.005574596680784402 (scipy), its z = 2.537987603442789.
    expect(outcome.boundaries[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Math.abs(outcome.boundaries[1]! - 2.537987603442789)).toBeLessThan(1e-6);
    expect(Math.abs(outcome.spent - 0.005574596680784402)).toBeLessThan(1e-9);
    expect(outcome.crossed).toBe(false);
    expect(outcome).not.toHaveProperty('crossedAt');
  });

  it('spends nothing while nothing is due, even where the new information makes no path reach 12 sd', () => {
    // Information 1 then 100: the density stops at 12 (sd 1); 12 sd of the second look is 120, over
    // 10 increments' sds above it, so nothing can cross there.
    const outcome = gaussianSpendingTest(
      [
        { information: 1, fraction: 0, score: 0 },
        { information: 100, fraction: 0, score: 0 },
        { information: 101, fraction: 1, score: 0 },
      ],
      0.05,
    );
    expect(outcome.boundaries.slice(0, 2)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(outcome.spent).toBeCloseTo(0.05, 6);
  });

  it('a score exactly at its boundary rejects', () => {
    const looks = (score: number) => [{ information: 1, fraction: 0.5, score }];
    const [z] = gaussianSpendingTest(looks(0), 0.05).boundaries;
    // With information 1 the score is on the z scale.
    expect(gaussianSpendingTest(looks(z!), 0.05)).toMatchObject({ crossed: true, crossedAt: 0 });
    expect(gaussianSpendingTest(looks(z! - 1e-9), 0.05).crossed).toBe(false);
  });

  it('names the first look that crossed when later ones cross too', () => {
    const outcome = gaussianSpendingTest(
      [
        { information: 1, fraction: 0.5, score: 10 },
        { information: 2, fraction: 1, score: 20 },
      ],
      0.05,
    );
    expect(outcome).toMatchObject({ crossed: true, crossedAt: 0 });
  });

  it('keys its cache by alpha as well as by the looks', () => {
    const looks = [{ information: 1, fraction: 0.5, score: 0 }];
    gaussianSpendingTest(looks, 0.05);
    // alpha 0.025 at t = 0.5 spends 0.0015253227579889112 (scipy), alpha 0.05 three times as much.
    const outcome = gaussianSpendingTest(looks, 0.025);
    expect(Math.abs(outcome.spent - 0.0015253227579889112)).toBeLessThan(1e-9);
  });

  it('keeps at most 512 solved looks, dropping the least recently used', () => {
    const first = [{ information: 1, fraction: 0.5, score: 0 }];
    gaussianSpendingTest(first, 0.011);
    for (let i = 0; i < 600; i++) {
      gaussianSpendingTest([{ information: 1, fraction: 0.5, score: 0 }], 0.02 + i * 1e-5);
      // Used again every time: never the least recently used.
      if (i % 100 === 0) gaussianSpendingTest(first, 0.011);
    }
    expect(recentLooks.size).toBe(512);
    expect(recentLooks.has('0.011|1,0.5')).toBe(true);
    expect(recentLooks.has(`${0.02}|1,0.5`)).toBe(false);
  });
});

describe('solveBoundary: Illinois regula falsi on the log of the crossing mass', () => {
  /** A normal upper tail on the scale sd, counting its evaluations. */
  const counted = (sd: number) => {
    const calls = { n: 0 };
    const cross = (c: number) => {
      calls.n++;
      return upperTailP(c / sd);
    };
    return { calls, cross };
  };

  it.each([
    // budget, sd, Phi^-1(1 - budget) from scipy.stats.norm.isf
    [1e-3, 1, 3.090232306167813],
    [0.3, 1, 0.5244005127080409],
    [1e-8, 10, 5.612001244174789],
    [0.02, 1e-3, 2.053748910631823],
  ])('budget %s at sd %s: c = sd x %s to 1e-6 sd, in few evaluations', (budget, sd, z) => {
    const { calls, cross } = counted(sd);
    const c = solveBoundary(cross, budget, sd);
    // The code's normal tail is a fit (relative error 1.2e-7): 1e-6 sd from scipy's quantile.
    expect(Math.abs(c / sd - z)).toBeLessThan(2e-6);
    expect(calls.n).toBeLessThan(30);
  });

  it('converges when the high end is the one that keeps moving (a convex log mass)', () => {
    // log cross(c) = -exp(c / 3): falls ever faster; the root of -exp(c/3) = log(1e-3) is 3 ln(6.9078).
    let n = 0;
    const cross = (c: number) => {
      n++;
      return Math.exp(-Math.exp(c / 3));
    };
    const c = solveBoundary(cross, 1e-3, 1);
    expect(Math.abs(c - 3 * Math.log(-Math.log(1e-3)))).toBeLessThan(1e-6);
    expect(n).toBeLessThan(40);
  });

  it('converges when the high end is the one that keeps moving (a convex gap: the secant lands high)', () => {
    // log cross(c) - log(budget) = exp(-c / 3) - exp(-1): zero at c = 3.
    let n = 0;
    const cross = (c: number) => {
      n++;
      return 1e-3 * Math.exp(Math.exp(-c / 3) - Math.exp(-1));
    };
    expect(Math.abs(solveBoundary(cross, 1e-3, 1) - 3)).toBeLessThan(1e-6);
    expect(n).toBeLessThan(40);
  });

  it('a crossing mass with a jump: the boundary is the jump, anywhere within 12 sd', () => {
    const cross = (c: number) => (c < 100 ? 1 : 1e-10);
    expect(Math.abs(solveBoundary(cross, 1e-5, 10) - 100)).toBeLessThan(1e-5);
  });

  it('stops at an exact root', () => {
    // Symmetric log masses at -12 and 12: the first secant lands on 0, where the mass is the budget.
    let n = 0;
    const cross = (c: number) => {
      n++;
      return c < 0 ? 2 : c > 0 ? 0.5 : 1;
    };
    expect(Math.abs(solveBoundary(cross, 1, 1))).toBe(0);
    expect(n).toBe(3);
  });

  it('answers the lowest boundary (-12 sd) when even that crosses no more than the budget', () => {
    expect(solveBoundary(() => 0.5, 0.5, 2)).toBe(-24);
    expect(solveBoundary(() => 0.4, 0.5, 2)).toBe(-24);
  });
});

describe('pointsBelow: the lattice of h below c, from 6 sd down, then c', () => {
  it('lattice points from floor(-6 sd / h) to the last below c, then c', () => {
    const { lo, x } = pointsBelow(0.5, 1, 1.2);
    expect(lo).toBe(-12);
    expect([...x]).toEqual([...Array.from({ length: 15 }, (_, i) => -6 + 0.5 * i), 1.2]);
    expect(pointsBelow(0.5, 2, 1.2).lo).toBe(-24);
  });

  it('a c on the lattice is the last point once', () => {
    expect([...pointsBelow(0.5, 1, 1).x].slice(-3)).toEqual([0, 0.5, 1]);
  });

  it('drops a last segment shorter than 1e-6 h, keeps one of 1e-6 h or longer', () => {
    expect([...pointsBelow(0.5, 1, 1 + 1e-8).x].slice(-3)).toEqual([0, 0.5, 1 + 1e-8]);
    expect([...pointsBelow(0.5, 1, 1 + 1e-6).x].slice(-3)).toEqual([0.5, 1, 1 + 1e-6]);
    expect([...pointsBelow(0.5, 1, 1 + 1e-5).x].slice(-3)).toEqual([0.5, 1, 1 + 1e-5]);
    // Exactly 1e-6 h above the lattice point 0 (h = 1: no rounding in c - 0).
    expect([...pointsBelow(1, 1, 1e-6).x].slice(-2)).toEqual([0, 1e-6]);
  });

  it('a c below -6 sd still gets a segment: the lattice point below it', () => {
    expect(pointsBelow(0.5, 1, -7.2)).toEqual({ lo: -15, x: Float64Array.from([-7.5, -7.2]) });
    expect(pointsBelow(0.5, 1, -7).x).toEqual(Float64Array.from([-7.5, -7]));
  });
});

describe('crossingMass: the paths that cross c at the next look', () => {
  const piece = density(reference.pieces.density);

  it.each(reference.pieces.crossingMass)('c = $c, increment sd $step: $mass', ({ c, step, mass }) => {
    expect(Math.abs(crossingMass(piece, c, step) - mass)).toBeLessThan(2e-7);
  });

  it('a density more than 8 increment sds below c crosses with nothing; one ending at 8 sds still counts', () => {
    const flat = points([0, 1], [1, 1]);
    expect(crossingMass(flat, 10, 1)).toBe(0);
    // At c = 9: the integral over v in [8, 9] of P(Z > v), 7.55e-17 (mpmath).
    expect(crossingMass(flat, 9, 1) / 7.549037632765655e-17 - 1).toBeCloseTo(0, 3);
  });

  it('a segment far above c crosses whole: its trapezoid, not a difference of huge antiderivatives', () => {
    expect(crossingMass(points([1e9, 1e9 + 1], [1, 3]), 0, 1)).toBe(2);
  });

  it('a jump (two points at one place) adds no mass and no NaN', () => {
    // Height 1 on [0, 1], 3 on [1, 2]: above 0.5 with no increment, 0.5 + 3.
    const jump = points([0, 1, 1, 2], [1, 1, 3, 3]);
    expect(crossingMass(jump, 0.5, 0)).toBeCloseTo(3.5, 12);
    // With an increment of sd 1e-9 the answer is the same to 1e-9.
    expect(crossingMass(jump, 0.5, 1e-9)).toBeCloseTo(3.5, 8);
  });
});

describe('propagate: the next density below c, the kernel integrated exactly on each linear piece', () => {
  const piece = density(reference.pieces.density);

  it.each(reference.pieces.propagate)('increment sd $step, below c = $c', ({ c, sd, step, x, y }) => {
    const next = propagate(piece, c, step, sd);
    expect([...next.x]).toEqual(x);
    expect(next.lo).toBe(-6);
    for (const [k, v] of next.y.entries()) expect(Math.abs(v - y[k]!)).toBeLessThan(2e-7);
  });

  it('with no increment, the same density cut at c', () => {
    const next = propagate(piece, 0.2, 0, 0.5);
    // Lattice -3 .. 0 (x = 0.2 is 0.4 + (0.6 - 0.4) * 0.4 = 0.48 on the density), below -2 nothing.
    expect([...next.x]).toEqual([-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.2]);
    expect([...next.y].map((v) => Number(v.toFixed(12)))).toEqual([0, 0, 0.1, 0.3, 0.2, 0.5, 0.4, 0.48]);
  });
});

describe('segmentKernel: one linear piece against the kernel', () => {
  const flat = points([0, 1], [1, 1]);

  it('cuts the kernel beyond 8 sds on either side, not at 8', () => {
    expect(segmentKernel(flat, 0, 10, 1)).toBe(0);
    expect(segmentKernel(flat, 0, -10, 1)).toBe(0);
    // A sloped piece beyond +8 sds: its slope term (phi(10) - phi(11), 7.7e-23) is cut too.
    expect(segmentKernel(points([0, 1], [1, 2]), 0, -10, 1)).toBe(0);
    // Phi(-8) - Phi(-9) = 6.2198e-16 (mpmath). From above it is Phi(9) - Phi(8), a difference of two
    // numbers next to 1: only its order of magnitude is left in binary64.
    expect(segmentKernel(flat, 0, 9, 1) / 6.21983198586583e-16 - 1).toBeCloseTo(0, 3);
    expect(segmentKernel(flat, 0, -8, 1)).toBeGreaterThan(4e-16);
    expect(segmentKernel(flat, 0, -8, 1)).toBeLessThan(8e-16);
  });

  it('a zero-length segment (a jump) contributes nothing', () => {
    expect(segmentKernel(points([0, 1, 1, 2], [1, 1, 3, 3]), 1, 1, 0.5)).toBe(0);
  });
});

describe('interpolate: the density between its points, 0 outside', () => {
  const f = points([0, 1, 2, 2, 3.5], [1, 3, 2, 4, 1]);

  it.each([
    [-0.5, 0],
    [0, 1],
    [0.25, 1.5],
    [1, 3],
    [1.5, 2.5],
    [2.75, 2.5],
    [3.5, 1],
    [3.6, 0],
  ])('at %s: %s', (s, expected) => {
    expect(interpolate(f, s)).toBeCloseTo(expected, 12);
  });

  it('a point exactly at a jump takes the upper value', () => {
    expect(interpolate(f, 2)).toBe(4);
  });
});
