"""Side checks behind benchmarks/paper.md's claim 3: can incomplete information hire more types?

1. Table III, equal counts, N = 10..5000: 121 values of gamma1 from 1 to 10^6 (gamma2 = 1).
2. 100,000 random instances of 2 to 6 types.
3. Table III at the paper's settings with other readings of a type's "performance" in place
   of phi: 1 / lam, mu, 1 / (a + 1 / mu).

    python -m benchmarks.paper_checks
"""

from __future__ import annotations

import numpy as np
from tqdm import tqdm

from incentives import default_types_path, lam, load_types, phi, solve_arrays

TYPES = load_types(default_types_path())
C = np.array([t.cost for t in TYPES])
MU = np.array([t.mu for t in TYPES])
A = np.array([t.a for t in TYPES])
GRID = range(10, 5001, 10)


def hired(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    n: np.ndarray,
    gamma1: float,
    gamma2: float = 1.0,
) -> int:
    return int(solve_arrays(scenario, c, mu, a, n, 1000.0, gamma1, gamma2).selected.sum())


def gamma_sweep() -> int:
    """Grid points (gamma1, N) where incomplete information hires more types on Table III."""
    found = 0
    for gamma1 in tqdm(np.geomspace(1, 1e6, 121), desc="gamma1 sweep"):
        for n in GRID:
            count = np.full(10, n / 10)
            found += hired("incomplete", C, MU, A, count, gamma1) > hired(
                "complete", C, MU, A, count, gamma1
            )
    return found


def random_instances(trials: int = 100_000) -> int:
    """Random instances where incomplete information hires more types."""
    rng = np.random.default_rng(0)
    found = 0
    for _ in tqdm(range(trials), desc="random instances"):
        m = int(rng.integers(2, 7))
        c, mu, a = rng.uniform(0, 20, m), rng.uniform(0.5, 800, m), rng.uniform(0.001, 0.3, m)
        n = rng.integers(1, 100, m).astype(float)
        g1, g2 = 10 ** rng.uniform(-1, 5), 10 ** rng.uniform(-1, 2)
        found += hired("incomplete", c, mu, a, n, g1, g2) > hired("complete", c, mu, a, n, g1, g2)
    return found


def other_performance_readings() -> None:
    """Theorems 1-2 with phi replaced by another performance measure, at N = 1400."""
    readings = {
        "phi": phi(MU, A),
        "1/lam": 1 / lam(MU, A),
        "mu": MU,
        "1/(a+1/mu)": 1 / (A + 1 / MU),
    }
    for name, perf in readings.items():
        omega = C / perf
        order = np.argsort(omega)
        results = []
        for n in GRID:
            big_phi = np.cumsum(np.full(10, n / 10) * perf[order])
            big_c = np.cumsum(np.full(10, n / 10) * C[order])
            complete = np.flatnonzero(omega[order] <= (2000 + big_c) / big_phi)[-1] + 1
            incomplete = np.argmin(2000 / big_phi + omega[order]) + 1
            results.append((n, complete, incomplete))
        at_1400 = next(r[1:] for r in results if r[0] == 1400)
        more = sum(r[2] > r[1] for r in results)
        print(
            f"{name:>11}: at N = 1400 complete {at_1400[0]}, incomplete {at_1400[1]}; "
            f"incomplete hires more at {more} of {len(results)} N"
        )


def main() -> None:
    print(f"gamma1 sweep: incomplete hires more at {gamma_sweep()} of {121 * len(GRID)} points")
    print(f"random instances: incomplete hires more in {random_instances()} of 100000")
    other_performance_readings()


if __name__ == "__main__":
    main()
