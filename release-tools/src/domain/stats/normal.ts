// Standard normal distribution, enough for the judge's large-sample tests.

/** Complementary error function (Chebyshev fit from Numerical Recipes, erfcc: relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * P(Z > z), computed from erfc rather than as 1 - P(Z <= z): the subtraction rounds every tail
 * below ~1e-16 to exactly 0, which then printed as p=0.00.
 */
export function upperTailP(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** A p-value for people: 3 significant digits, scientific when small, a bound when it underflowed. */
export function formatPValue(p: number): string {
  if (p <= 0) return 'p<1e-300';
  if (p < 0.001) return `p=${p.toExponential(2)}`;
  return `p=${p.toPrecision(3)}`;
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}
