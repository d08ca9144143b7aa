"""Lemma 1 at finite N: simulated round time against the formula ``E[T] = r / sum N phi``.

Lemma 1's loads and runtime are limits as the number of workers grows. This benchmark runs
the model's rounds for N = 100, 1000, 10000 and 100000 workers (Table III, N / 10 of each type,
r = 1000): every hired worker draws its finish time for its Lemma 1 load, the round ends when
the finished workers' rows first reach r, and the mean round time is compared with the
formula. Two hiring rules: all ten types, and Theorem 2's selection (gamma1 = 2000,
gamma2 = 1) at that N.

    python -m benchmarks.lemma1 [--quick]

Writes benchmarks/results/lemma1.{csv,png,md}.
"""

from __future__ import annotations

import argparse
import csv
import math
import pathlib
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from incentives import FinishTimeLaw, default_types_path, lam, load_types, phi, solve_arrays

R = 1000.0
RESULTS = pathlib.Path(__file__).parent / "results"
COLUMNS = (
    "hiring",
    "N",
    "hired_workers",
    "rounds",
    "formula_ET",
    "simulated_ET",
    "se_ET",
    "gap_percent",
    "se_percent",
    "finished_share",
    "formula_finished_share",
)


def round_times(
    mu: np.ndarray, a: np.ndarray, rows: np.ndarray, rounds: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Round lengths and the share of workers finished by then, for ``rounds`` rounds."""
    ends = np.empty(rounds)
    finished = np.empty(rounds)
    law = FinishTimeLaw(mu, a)
    block = max(1, 2_000_000 // rows.size)

    for start in range(0, rounds, block):
        size = min(block, rounds - start)
        times = law.sample(rows, rng, size=(size, rows.size))

        # The round ends at the first finish time where the finished rows reach r.
        order = np.argsort(times, axis=1)
        done = np.cumsum(rows[order], axis=1)
        first = np.argmax(done >= R * (1 - 1e-12), axis=1)
        ends[start : start + size] = np.take_along_axis(times, order, axis=1)[
            np.arange(size), first
        ]
        finished[start : start + size] = (first + 1) / rows.size
    return ends, finished


def measure(hiring: str, n: int, rounds: int, rng: np.random.Generator) -> dict[str, float]:
    """Simulate one configuration and compare with Lemma 1."""
    types = load_types(default_types_path())
    c = np.array([t.cost for t in types])
    mu = np.array([t.mu for t in types])
    a = np.array([t.a for t in types])
    count = np.full(len(types), n // len(types))

    if hiring == "all types":
        hired = np.ones(len(types), dtype=bool)
    else:
        hired = solve_arrays("incomplete", c, mu, a, count, R, 2000.0, 1.0).selected

    # Lemma 1: E[T] = r / sum N phi, load r / (lam sum N phi); a worker is done by E[T] with
    # probability mu lam / (1 + mu lam).
    p, lm = phi(mu, a), lam(mu, a)
    formula = R / float(np.sum(count[hired] * p[hired]))
    index = np.repeat(np.flatnonzero(hired), count[hired])
    rows = formula / lm[index]
    share = float(np.mean(mu[index] * lm[index] / (1 + mu[index] * lm[index])))

    ends, finished = round_times(mu[index], a[index], rows, rounds, rng)
    mean, se = float(ends.mean()), float(ends.std(ddof=1) / math.sqrt(rounds))
    return {
        "hiring": hiring,
        "N": n,
        "hired_workers": index.size,
        "rounds": rounds,
        "formula_ET": formula,
        "simulated_ET": mean,
        "se_ET": se,
        "gap_percent": 100 * (mean / formula - 1),
        "se_percent": 100 * se / formula,
        "finished_share": float(finished.mean()),
        "formula_finished_share": share,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()

    rng = np.random.default_rng(2026)
    scale = 10 if args.quick else 1
    plan = [
        (h, n, max(100, 40_000_000 // n // scale))
        for h in ("all types", "Theorem 2")
        for n in (100, 1000, 10000, 100000)
    ]
    results = []
    start = time.perf_counter()
    for hiring, n, rounds in tqdm(plan, desc="lemma1", unit="config"):
        results.append(measure(hiring, n, rounds, rng))
    print(f"simulated {len(plan)} configurations in {time.perf_counter() - start:.1f} s")

    RESULTS.mkdir(exist_ok=True)
    write_csv(results, RESULTS / "lemma1.csv")
    write_markdown(results, RESULTS / "lemma1.md")
    write_plot(results, RESULTS / "lemma1.png")
    print((RESULTS / "lemma1.md").read_text())


def write_csv(results: list[dict[str, float]], path: pathlib.Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(results)


def write_markdown(results: list[dict[str, float]], path: pathlib.Path) -> None:
    lines = [
        "| hiring | N | hired workers | rounds | Lemma 1 E[T] | simulated E[T] | gap | "
        "finished at end (sim / limit) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['hiring']} | {r['N']} | {r['hired_workers']} | {r['rounds']} | "
            f"{r['formula_ET']:.6g} | {r['simulated_ET']:.6g} ± {r['se_ET']:.2g} | "
            f"{r['gap_percent']:+.3f}% ± {r['se_percent']:.3f}% | "
            f"{r['finished_share']:.4f} / {r['formula_finished_share']:.4f} |"
        )
    path.write_text("\n".join(lines) + "\n")


def write_plot(results: list[dict[str, float]], path: pathlib.Path) -> None:
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for hiring in ("all types", "Theorem 2"):
        rows = [r for r in results if r["hiring"] == hiring]
        ax.errorbar(
            [r["N"] for r in rows],
            [r["gap_percent"] for r in rows],
            yerr=[2 * r["se_percent"] for r in rows],
            marker="o",
            capsize=3,
            label=hiring,
        )
    ax.axhline(0, color="gray", lw=0.5)
    ax.set_xscale("log")
    ax.set_xlabel("total number of workers N")
    ax.set_ylabel("simulated / Lemma 1 E[T] - 1 (%), ±2 s.e.")
    ax.set_title("Lemma 1 at finite N")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


if __name__ == "__main__":
    main()
