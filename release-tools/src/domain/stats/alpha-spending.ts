// Group-sequential boundaries by alpha spending (Lan and DeMets 1983, "Discrete sequential
// boundaries for clinical trials", Biometrika 70:659-663), with their O'Brien-Fleming-like
// spending function, one-sided: by information fraction t the test may have spent at most
//   alpha(t) = 2 - 2 Phi(z_{1-alpha/2} / sqrt(t)),   alpha(1) = alpha,
// which spends almost nothing early and keeps nearly the power of one look at the end. Looks need
// not be planned: at each look the boundary is solved so that the probability, under "no
// difference", of crossing it there without having crossed at an earlier look is the alpha spent
// since then, on the information actually seen (Jennison and Turnbull 2000, Group Sequential
// Methods with Applications to Clinical Trials, ch. 7). The joint law of the looks is that of a
// score with independent increments: S_j ~ N(0, V_j) with Cov(S_i, S_j) = V_min(i,j); crossing
// probabilities come from the recursive numerical integration of Armitage, McPherson and Rowe
// (1969) (Jennison and Turnbull ch. 19), here with the sub-density held piecewise linear and each
// step integrated exactly against the normal kernel.
import { normalCdf, upperTailP } from './normal.ts';

/** Lan-DeMets O'Brien-Fleming-like spending: alpha spent by information fraction t (0..1). */
export function obrienFlemingSpending(alpha: number, t: number): number {
  if (t >= 1) return alpha;
  // At t <= 0 the quotient is +Infinity, whose upper tail is 0: nothing spent.
  return 2 * upperTailP(normalQuantile(1 - alpha / 2) / Math.sqrt(Math.max(t, 0)));
}

/** One look of a score with independent increments. */
export interface GaussianLook {
  /** Cumulative variance of the score under the null (the information); nondecreasing. */
  readonly information: number;
  /** The score; > 0 means the candidate is worse. */
  readonly score: number;
  /** Information fraction by which the alpha is spent (0..1, nondecreasing). */
  readonly fraction: number;
}

export interface SpendingOutcome {
  /** Some look's statistic reached its boundary (the test rejects: candidate worse). */
  readonly crossed: boolean;
  /** Index of the first look that crossed. */
  readonly crossedAt?: number;
  /** Boundary of each look, on the z scale (Infinity where no alpha was left to spend). */
  readonly boundaries: readonly number[];
  /** Alpha spent by the last look (<= alpha(fraction of the last look)). */
  readonly spent: number;
}

/** Beyond this many standard deviations below zero a path's mass is negligible (< 1e-9). */
const LOWER_SD = 6;
/** Kernel tails beyond this many of its standard deviations are dropped (< 1e-15). */
const KERNEL_SD = 8;
/** Z boundary that stands for "nothing to spend here". */
const NO_BOUNDARY_Z = 12;
/** Grid points per standard deviation of the score. */
const GRID_PER_SD = 20;

/** Group-sequential test of "score > 0" at the given looks, alpha spent by O'Brien-Fleming-like spending. */
export function gaussianSpendingTest(looks: readonly GaussianLook[], alpha: number): SpendingOutcome {
  const boundaries: number[] = [];
  let state: LookState = { density: undefined, information: 0, spent: 0 };
  let crossedAt: number | undefined;
  let key = `${alpha}`;
  looks.forEach((look, j) => {
    // A controller asks again at every tick with the same earlier looks: reuse their work.
    key += `|${look.information},${look.fraction}`;
    const next = recentLooks.get(key) ?? nextLook(state, look, alpha);
    remember(key, next);
    state = next;
    // No information: the boundary is Infinity and z is Infinity (or NaN), not open.
    const z = next.boundary / Math.sqrt(look.information);
    const open = z < NO_BOUNDARY_Z;
    boundaries.push(open ? z : Number.POSITIVE_INFINITY);
    if (crossedAt === undefined && open && look.score >= next.boundary) crossedAt = j;
  });
  return {
    crossed: crossedAt !== undefined,
    ...(crossedAt !== undefined ? { crossedAt } : {}),
    boundaries,
    spent: state.spent,
  };
}

interface LookState {
  readonly density: Density | undefined;
  readonly information: number;
  readonly spent: number;
  /** Boundary on the score scale. */
  readonly boundary?: number;
}

function nextLook(state: LookState, look: GaussianLook, alpha: number): LookState & { boundary: number } {
  if (look.information <= 0) return { ...state, boundary: Number.POSITIVE_INFINITY };
  const { density, spent } = state;
  const target = Math.max(spent, obrienFlemingSpending(alpha, look.fraction));
  const sd = Math.sqrt(look.information);
  const step = Math.sqrt(Math.max(0, look.information - state.information));
  const cross = (c: number) => (density ? crossingMass(density, c, step) : upperTailP(c / sd));
  const budget = target - spent;
  let c = NO_BOUNDARY_Z * sd;
  // A crossing mass is never negative, so no budget (0) never solves.
  if (cross(c) < budget) c = solveBoundary(cross, budget, sd);
  return {
    density: density ? propagate(density, c, step, sd) : firstDensity(sd, c),
    information: look.information,
    spent: spent + cross(c),
    boundary: c,
  };
}

/** Looks solved recently, by alpha and the looks up to them (least recently used first); at most 512. */
export const recentLooks = new Map<string, LookState & { boundary: number }>();
function remember(key: string, state: LookState & { boundary: number }): void {
  recentLooks.delete(key);
  if (recentLooks.size >= 512) recentLooks.delete(recentLooks.keys().next().value!);
  recentLooks.set(key, state);
}

/**
 * The boundary c whose crossing mass is the budget (the mass falls as c rises): regula falsi
 * (Illinois) on log mass, bracketed, to 1e-6 standard deviations.
 */
export function solveBoundary(cross: (c: number) => number, budget: number, sd: number): number {
  let low = -NO_BOUNDARY_Z * sd;
  let high = NO_BOUNDARY_Z * sd;
  const target = Math.log(budget);
  const gap = (c: number) => Math.log(Math.max(cross(c), 1e-300)) - target;
  let fLow = gap(low);
  let fHigh = gap(high);
  if (fLow <= 0) return low;
  let side = 0;
  for (let i = 0; i < 100 && high - low > 1e-6 * sd; i++) {
    const c = (low * fHigh - high * fLow) / (fHigh - fLow);
    const f = gap(c);
    if (f > 0) {
      low = c;
      fLow = f;
      if (side === -1) fHigh /= 2;
      side = -1;
    } else if (f < 0) {
      high = c;
      fHigh = f;
      if (side === 1) fLow /= 2;
      side = 1;
    } else return c;
  }
  return high;
}

/**
 * Sub-density of the paths that have not crossed yet, piecewise linear: on the lattice i * h
 * below the boundary, then one last (shorter) segment up to the boundary itself. The lattice is
 * the same at every look, so a step's kernel weights depend only on index differences.
 */
export interface Density {
  readonly h: number;
  /** Lattice index of x[0]. */
  readonly lo: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** The lattice points of [-LOWER_SD sd, c), then c. */
export function pointsBelow(h: number, sd: number, c: number): { lo: number; x: Float64Array } {
  const lo = Math.min(Math.floor((-LOWER_SD * sd) / h), Math.ceil(c / h) - 1);
  let hi = Math.ceil(c / h) - 1;
  // A last segment much shorter than h only adds rounding.
  if (c - hi * h < 1e-6 * h) hi--;
  const n = Math.max(1, hi - lo + 1);
  const x = new Float64Array(n + 1);
  x[n] = c;
  for (let i = 0; i < n; i++) x[i] = (lo + i) * h;
  return { lo, x };
}

function firstDensity(sd: number, c: number): Density {
  const h = sd / GRID_PER_SD;
  const { lo, x } = pointsBelow(h, sd, c);
  return { h, lo, x, y: x.map((s) => normalPdf(s / sd) / sd) };
}

/** f_next(s) = integral f(u) phi((s-u)/step)/step du for s below c, f piecewise linear (exact). */
export function propagate(f: Density, c: number, step: number, sd: number): Density {
  const { h } = f;
  const { lo, x } = pointsBelow(h, sd, c);
  if (step <= 0) return { h, lo, x, y: x.map((s) => interpolate(f, s)) };
  const y = new Float64Array(x.length);
  // Lattice segment [j, j+1] (index difference d = j - m to the point m) contributes
  // y_j A(d) + y_{j+1} B(d): the exact integral of the linear piece against the kernel.
  const r = h / step;
  const reach = Math.ceil(KERNEL_SD / r) + 1;
  // Weights of the segments d = -reach .. reach - 1 (the loop below reads no other).
  const weights = Array.from({ length: 2 * reach }, (_, i) => {
    const d = i - reach;
    const dCdf = normalCdf((d + 1) * r) - normalCdf(d * r);
    const dPdf = normalPdf(d * r) - normalPdf((d + 1) * r);
    return { A: (1 + d) * dCdf - dPdf / r, B: -d * dCdf + dPdf / r };
  });
  // The boundary point itself is off the lattice: integrate every segment directly.
  let top = 0;
  for (let i = 0; i < f.x.length - 1; i++) top += segmentKernel(f, i, c, step);
  y[x.length - 1] = Math.max(0, top);
  const lattice = f.x.length - 1; // points on the lattice; the last segment is partial.
  for (let k = 0; k < x.length - 1; k++) {
    const m = lo + k;
    let total = 0;
    const from = Math.max(0, m - reach - f.lo);
    const to = Math.min(lattice - 1, m + reach - f.lo);
    for (let j = from; j < to; j++) {
      const w = weights[f.lo + j - m + reach]!;
      total += f.y[j]! * w.A + f.y[j + 1]! * w.B;
    }
    total += segmentKernel(f, lattice - 1, x[k]!, step);
    y[k] = Math.max(0, total);
  }
  return { h, lo, x, y };
}

/** Integral over segment i of f(u) phi((s-u)/step)/step du. */
export function segmentKernel(f: Density, i: number, s: number, step: number): number {
  const ua = f.x[i]!;
  const ub = f.x[i + 1]!;
  const za = (ua - s) / step;
  const zb = (ub - s) / step;
  if (zb < -KERNEL_SD || za > KERNEL_SD || ub <= ua) return 0;
  const slope = (f.y[i + 1]! - f.y[i]!) / (ub - ua);
  // f(u) = a + slope*(u - s) on this segment; z = (u - s)/step.
  const a = f.y[i]! + slope * (s - ua);
  return a * (normalCdf(zb) - normalCdf(za)) + slope * step * (normalPdf(za) - normalPdf(zb));
}

/** Mass of the paths that cross c at the next look: integral f(u) P(u + step*Z >= c) du. */
export function crossingMass(f: Density, c: number, step: number): number {
  let total = 0;
  const n = f.x.length;
  for (let i = n - 2; i >= 0; i--) {
    const ua = f.x[i]!;
    const ub = f.x[i + 1]!;
    if (ub <= ua) continue;
    const slope = (f.y[i + 1]! - f.y[i]!) / (ub - ua);
    if (step <= 0) {
      // No new information: the paths already at or above c cross (none of a segment below c).
      const from = Math.max(ua, c);
      const ya = f.y[i]! + slope * (from - ua);
      total += ((ya + f.y[i + 1]!) / 2) * Math.max(0, ub - from);
      continue;
    }
    const za = (ua - c) / step;
    const zb = (ub - c) / step;
    // Segments are visited downwards: below the kernel's reach nothing more crosses.
    if (zb < -KERNEL_SD) break;
    if (za > KERNEL_SD) {
      total += ((f.y[i]! + f.y[i + 1]!) / 2) * (ub - ua);
      continue;
    }
    const b0 = antiderivatives(zb);
    const a0 = antiderivatives(za);
    // f(u) = a + b*z with z = (u - c)/step; integral of (a + b z) Phi(z) step dz.
    const a = f.y[i]! + slope * (c - ua);
    const b = slope * step;
    total += step * (a * (b0.g0 - a0.g0) + b * (b0.g1 - a0.g1));
  }
  return Math.max(0, total);
}

/** Antiderivatives of Phi(z) and z Phi(z). */
function antiderivatives(z: number): { g0: number; g1: number } {
  const cdf = normalCdf(z);
  const pdf = normalPdf(z);
  return { g0: z * cdf + pdf, g1: ((z * z - 1) * cdf + z * pdf) / 2 };
}

export function interpolate(f: Density, s: number): number {
  const n = f.x.length;
  if (s < f.x[0]! || s > f.x[n - 1]!) return 0;
  let low = 0;
  let high = n - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (f.x[mid]! <= s) low = mid;
    else high = mid;
  }
  const t = (s - f.x[low]!) / (f.x[high]! - f.x[low]! || 1);
  return f.y[low]! + t * (f.y[high]! - f.y[low]!);
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Phi^-1(p) by bisection on normalCdf (only a handful of calls per judgement). */
export function normalQuantile(p: number): number {
  let low = -40;
  let high = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
