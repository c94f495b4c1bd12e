"""Reference boundaries for release-tools/src/domain/stats/alpha-spending.ts, computed independently.

Run: python3 release-tools/test/domain/reference/alpha_spending_reference.py > \
       release-tools/test/domain/reference/alpha-spending-boundaries.json
(numpy 2.4 and scipy 1.17; about a minute.)

The same problem as the code (Lan-DeMets O'Brien-Fleming-like spending, one-sided, a score with
independent increments), solved another way: the sub-density of the paths not yet crossed is kept
as a function (a sum of Gaussian kernels over the previous look's quadrature nodes), each integral
is composite Simpson on a grid much finer than the code's (GRID sd / POINTS_PER_SD), the normal
functions are scipy's (accurate to ~1e-16, where the code's erfc fit is 1.2e-7), and each boundary
is solved with brentq to 1e-13. Every case is computed at two grid sizes; the JSON keeps the finer
one and the largest difference between the two (the reference's own error, far below the
tolerances the test uses).
"""

import json
import sys

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr, ndtri

SQRT2PI = np.sqrt(2 * np.pi)


def phi(z):
    return np.exp(-0.5 * z * z) / SQRT2PI


def upper(z):
    return ndtr(-z)


def spending(alpha, t):
    if t <= 0:
        return 0.0
    if t >= 1:
        return alpha
    return 2 * upper(ndtri(1 - alpha / 2) / np.sqrt(t))


def simpson(a, b, n):
    """Nodes and weights of composite Simpson on [a, b] with n (even) intervals."""
    x = np.linspace(a, b, n + 1)
    w = np.ones(n + 1)
    w[1:-1:2] = 4
    w[2:-1:2] = 2
    return x, w * (b - a) / (3 * n)


class Density:
    """Sub-density of the paths not crossed yet: f(s) for s < cut."""

    def __init__(self, sd, cut, nodes=None, weights=None, step=None):
        self.sd, self.cut = sd, cut
        self.nodes, self.weights, self.step = nodes, weights, step

    def __call__(self, s):
        s = np.asarray(s, dtype=float)
        if self.nodes is None:
            v = phi(s / self.sd) / self.sd
        else:
            v = np.concatenate(
                [
                    phi((part[:, None] - self.nodes[None, :]) / self.step) @ self.weights / self.step
                    for part in np.array_split(s, max(1, s.size // 500))
                ]
            )
        return np.where(s <= self.cut, v, 0.0)


def run(information, fractions, alpha, per_sd):
    """Boundaries (z) and alpha spent, look by look."""
    lower_sd = 10.0
    density = None
    info_before = 0.0
    spent = 0.0
    boundaries = []
    for info, t in zip(information, fractions):
        sd = np.sqrt(info)
        target = max(spent, spending(alpha, t))
        budget = target - spent
        step = np.sqrt(max(0.0, info - info_before))
        lo = -lower_sd * np.sqrt(info_before)  # where the previous density lives
        if density is None:
            cross = lambda c: upper(c / sd)  # noqa: E731
        elif step > 0:
            h = min(np.sqrt(info_before), step) / per_sd
            n = 2 * int(np.ceil((density.cut - lo) / h / 2))
            x, w = simpson(lo, density.cut, n)
            fw = density(x) * w

            def cross(c, x=x, fw=fw, step=step):
                return float(fw @ upper((c - x) / step))
        else:

            def cross(c, density=density, sd=sd):
                if c >= density.cut:
                    return 0.0
                n = 2 * int(np.ceil((density.cut - c) / (sd / per_sd) / 2)) + 2
                x, w = simpson(c, density.cut, n)
                return float(density(x) @ w)

        if budget > 0 and cross(12 * sd) < budget:
            c = brentq(lambda c: cross(c) - budget, -12 * sd, 12 * sd, xtol=1e-13 * sd, rtol=1e-15)
            boundaries.append(c / sd)
        else:
            c = 12 * sd
            boundaries.append(None)
        spent += cross(c)
        # The next density: the paths below c, moved on by the next increment (lazily).
        if density is None:
            density = Density(sd, c)
        elif step > 0:
            h = min(np.sqrt(info_before), step) / per_sd
            n = 2 * int(np.ceil((density.cut - lo) / h / 2))
            x, w = simpson(lo, density.cut, n)
            density = Density(sd, c, x, density(x) * w, step)
        else:
            density = Density(density.sd, min(c, density.cut), density.nodes, density.weights, density.step)
        info_before = info
    return boundaries, spent


CASES = [
    # name, information, fractions, alpha
    ("five equal looks, one-sided 0.025", [1, 2, 3, 4, 5], [0.2, 0.4, 0.6, 0.8, 1], 0.025),
    ("three unequal looks, 0.05", [1, 2.5, 4], [0.3, 0.55, 1], 0.05),
    ("information not proportional to the fraction", [0.9, 2.7, 3.0, 5.1], [0.25, 0.5, 0.62, 1], 0.05),
    (
        "the default canary, a look every 5 s from 20 s to 60 s",
        [1.8, 2.25, 2.7, 3.95, 5.2, 6.45, 7.7, 8.95, 10.2],
        [v / 10.2 for v in [1.8, 2.25, 2.7, 3.95, 5.2, 6.45, 7.7, 8.95, 10.2]],
        0.05,
    ),
    ("two looks on a large score scale", [400, 1600], [0.25, 1], 0.05),
    ("two looks on a small score scale", [0.01, 0.03], [0.5, 1], 0.1),
    ("a second look with almost no new information", [1, 1.0025], [0.6, 1], 0.05),
    ("a last look far beyond the first", [1, 400], [0.5, 1], 0.05),
    ("a look without new information", [2, 2], [0.5, 1], 0.05),
    ("two looks without new information, then more", [2, 2, 2, 4], [0.3, 0.5, 0.7, 1], 0.05),
    ("nothing to spend at the first look", [1, 2, 3], [0, 0.5, 1], 0.05),
]


# The integration pieces on one piecewise-linear density, by mpmath quadrature (30 digits) of the
# integrals the code evaluates in closed form.
PIECE = {"h": 0.5, "lo": -4, "x": [-2, -1.5, -1, -0.5, 0, 0.5, 0.8], "y": [0.1, 0.3, 0.2, 0.5, 0.4, 0.6, 0.25]}


def piece_integral(g, lower=None, peak=None):
    """Integral of f(u) g(u) over the piecewise-linear PIECE (above `lower` if given)."""
    import mpmath

    mpmath.mp.dps = 30
    x, y = PIECE["x"], PIECE["y"]
    total = mpmath.mpf(0)
    for i in range(len(x) - 1):
        ua, ub, ya, yb = (mpmath.mpf(str(v)) for v in (x[i], x[i + 1], y[i], y[i + 1]))
        start = ua if lower is None else max(ua, mpmath.mpf(str(lower)))
        if start < ub:
            # Split at the kernel's peak when it lies inside, so the quadrature sees it.
            inside = peak is not None and start < peak < ub
            nodes = [start, mpmath.mpf(str(peak)), ub] if inside else [start, ub]
            total += mpmath.quad(lambda u: (ya + (yb - ya) * (u - ua) / (ub - ua)) * g(u), nodes)
    return float(total)


def pieces():
    import mpmath

    mpmath.mp.dps = 30
    tail = lambda z: mpmath.ncdf(-z)  # noqa: E731
    crossing = []
    for c, step in [(0.3, 0.7), (-1.2, 0.25), (1.5, 2.0), (-3.5, 0.4), (0.6, 0), (-0.7, 0), (-2.5, 0)]:
        if step > 0:
            mass = piece_integral(lambda u, c=c, step=step: tail((mpmath.mpf(c) - u) / step))
        else:
            mass = piece_integral(lambda u: 1, lower=c)
        crossing.append({"c": c, "step": step, "mass": mass})
    propagated = []
    # Next density at sd 0.5 below c = 0.9: the lattice -3, -2.5, ..., 0.5, then 0.9.
    points = [-3 + 0.5 * k for k in range(8)] + [0.9]
    for step in [0.35, 0.05, 1.3]:
        ys = [
            piece_integral(lambda u, s=s, step=step: mpmath.npdf((mpmath.mpf(s) - u) / step) / step, peak=s)
            for s in points
        ]
        propagated.append({"c": 0.9, "sd": 0.5, "step": step, "x": points, "y": ys})
    return {"density": PIECE, "crossingMass": crossing, "propagate": propagated}


def main():
    out = []
    for name, information, fractions, alpha in CASES:
        coarse, spent_coarse = run(information, fractions, alpha, 60)
        fine, spent_fine = run(information, fractions, alpha, 120)
        err = max(abs(a - b) for a, b in zip(coarse, fine) if a is not None)
        fine = [None if b is None else float(b) for b in fine]
        out.append(
            {
                "name": name,
                "information": information,
                "fractions": fractions,
                "alpha": alpha,
                "boundaries": fine,
                "spent": float(spent_fine),
                "gridDifference": float(err),
                "spentGridDifference": float(abs(spent_coarse - spent_fine)),
            }
        )
        print(name, fine, spent_fine, err, file=sys.stderr)
    json.dump({"generator": "alpha_spending_reference.py", "cases": out, "pieces": pieces()}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
