"""Closed-form mechanisms on a million worker types: time, against baselines in the same run.

The closed forms rank the types once and scan prefix sums, so their cost should be a small
multiple of one ``numpy.argsort`` of the same size; the exhaustive search over all subsets
is timed at its limit of 20 types for contrast.

    python -m benchmarks.mechanism_scale [--quick]

Writes benchmarks/results/mechanism_scale.{csv,md}.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import time
from collections.abc import Callable

import numpy as np

from incentives import MAX_TYPES, exhaustive_costs, lam, solve_arrays

RESULTS = pathlib.Path(__file__).parent / "results"


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeats`` wall-clock runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^5 types instead of 10^6")
    args = parser.parse_args()

    m = 100_000 if args.quick else 1_000_000
    rng = np.random.default_rng(1)
    c, mu, a = rng.uniform(0, 20, m), rng.uniform(1, 800, m), rng.uniform(0.01, 0.2, m)
    n = rng.integers(1, 10, m).astype(float)
    shared_mu, shared_a = np.full(m, 50.0), np.full(m, 0.012)
    repeats = 3

    # Baselines: one argsort of M floats, one Lambert-W evaluation of lam for M types.
    rows = [
        ("baseline: numpy.argsort", m, best_of(repeats, lambda: np.argsort(c, kind="stable"))),
        ("baseline: lam (Lambert W)", m, best_of(repeats, lambda: lam(mu, a))),
    ]
    for scenario in ("complete", "incomplete"):
        t = best_of(repeats, lambda s=scenario: solve_arrays(s, c, mu, a, n, 1000, 2000, 1))
        rows.append((f"solve_arrays {scenario}", m, t))
    t = best_of(
        repeats, lambda: solve_arrays("cost-only", c, shared_mu, shared_a, n, 1000, 2000, 1)
    )
    rows.append(("solve_arrays cost-only", m, t))

    k = MAX_TYPES
    small = (c[:k], mu[:k], a[:k], n[:k])
    t = best_of(1, lambda: exhaustive_costs("incomplete", *small, 1000, 2000, 1))
    rows.append((f"exhaustive incomplete (2^{k} - 1 subsets)", k, t))

    sort_time = rows[0][2]
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "mechanism_scale.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["what", "types", "seconds", "ratio_to_argsort"])
        for what, size, seconds in rows:
            writer.writerow([what, size, f"{seconds:.6f}", f"{seconds / sort_time:.2f}"])

    lines = ["| what | types | seconds | / argsort |", "|---|---:|---:|---:|"]
    lines += [f"| {w} | {s:,} | {t:.3f} | {t / sort_time:.1f} |" for w, s, t in rows]
    (RESULTS / "mechanism_scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
