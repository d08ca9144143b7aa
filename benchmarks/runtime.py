"""Straggler mitigation on the real platform: coded against uncoded and replicated rounds.

Every scheme runs on the same hired workers (Theorem 2's selection from Table III) and the
same injected delays: worker ``i`` in round ``t`` draws ``Y`` from one seeded stream whatever
the scheme, and only its load differs. For each scheme the benchmark runs ``A x`` rounds on a
local Ray instance and records the model time at which the platform decoded, the wall time of
the round and the decode time. Beside it:

- the virtual clock (``runtime._simulation``) on the same rounds: the earliest decodable moment
  the injected delays allow; the platform matches it when results arrive in model order;
- the virtual clock over many more rounds: the scheme's expected round time;
- Lemma 1's ``E[T] = r / sum N phi`` (asymptotic in the number of workers) for the code.

    python -m benchmarks.runtime [--quick]

Writes benchmarks/results/runtime.{csv,png,md}.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import ray
from tqdm import tqdm

from incentives import default_types_path, load_types, solve_mechanism
from runtime._cluster import connect
from runtime._config import SCHEMES
from runtime._platform import Platform
from runtime._schemes import deploy
from runtime._simulation import simulate

RESULTS = pathlib.Path(__file__).parent / "results"
R, S = 1000, 50
GAMMA1, GAMMA2 = 2000.0, 1.0


def run_scheme(scheme: str, plan, A: np.ndarray, x: np.ndarray, rounds: int, args) -> dict:
    """Run ``rounds`` products for one scheme; per-round records and a summary."""
    deployment = deploy(plan, scheme, R)
    records = []
    with Platform(deployment, seed=args.seed, time_scale=args.time_scale) as platform:
        platform.load("A", A)
        platform.multiply("A", x, 2**31, 0)  # warm-up, its own delay stream: start-up costs
        for t in tqdm(range(rounds), desc=scheme, unit="round", leave=False):
            result = platform.multiply("A", x, t, 0)
            error = np.linalg.norm(result.value - A @ x) / np.linalg.norm(A @ x)
            records.append(
                {
                    "scheme": scheme,
                    "round": t,
                    "model_time": result.model_time,
                    "wall_seconds": result.wall_seconds,
                    "injected_seconds": result.model_time * args.time_scale,
                    "decode_seconds": result.decode_seconds,
                    "workers_used": len(result.used),
                    "relative_error": error,
                }
            )
        layout = platform.layouts["A"]

    same = simulate(deployment, R, args.seed, range(rounds))
    many = simulate(deployment, R, args.seed, range(10_000, 10_000 + args.sim_rounds))
    for record, simulated in zip(records, same, strict=True):
        record["virtual_clock_time"] = simulated

    model = np.array([r["model_time"] for r in records])
    return {
        "scheme": scheme,
        "workers": len(deployment.workers),
        "n": layout.n,
        "k": layout.k,
        "mean_model_time": float(model.mean()),
        "p95_model_time": float(np.percentile(model, 95)),
        "virtual_clock_same_rounds": float(same.mean()),
        "matches_virtual_clock": float(np.mean(np.isclose(model, same, rtol=1e-9))),
        "virtual_clock_expected": float(many.mean()),
        "virtual_clock_se": float(many.std(ddof=1) / np.sqrt(len(many))),
        "mean_wall_seconds": float(np.mean([r["wall_seconds"] for r in records])),
        "mean_overhead_seconds": float(
            np.mean([r["wall_seconds"] - r["injected_seconds"] for r in records])
        ),
        "mean_decode_ms": 1e3 * float(np.mean([r["decode_seconds"] for r in records])),
        "max_relative_error": float(max(r["relative_error"] for r in records)),
        "records": records,
        "expected_many": many,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (under a minute)")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--time-scale", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sim-rounds", type=int, default=2000)
    args = parser.parse_args()
    rounds = args.rounds or (15 if args.quick else 60)

    rng = np.random.default_rng(args.seed)
    A = rng.standard_normal((R, S))
    x = rng.standard_normal(S)
    plan = solve_mechanism("incomplete", load_types(default_types_path()), R, GAMMA1, GAMMA2)

    started = time.perf_counter()
    connect(None, plan.selected, num_cpus=2)
    try:
        summaries = [run_scheme(scheme, plan, A, x, rounds, args) for scheme in SCHEMES]
    finally:
        ray.shutdown()
    elapsed = time.perf_counter() - started

    write_outputs(summaries, plan.expected_runtime, rounds, args, elapsed)


def write_outputs(summaries: list[dict], lemma1: float, rounds: int, args, elapsed: float) -> None:
    """CSV of every round, a PNG of the round-time distributions, a markdown table."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = [record for s in summaries for record in s["records"]]
    with open(RESULTS / "runtime.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    fig, ax = plt.subplots(figsize=(7, 4))
    for s in summaries:
        times = np.sort(s["expected_many"])
        (line,) = ax.plot(
            times, np.arange(1, len(times) + 1) / len(times), label=f"{s['scheme']} (clock)"
        )
        measured = np.sort([r["model_time"] for r in s["records"]])
        ax.plot(
            measured,
            np.arange(1, len(measured) + 1) / len(measured),
            "o",
            ms=3,
            color=line.get_color(),
            label=f"{s['scheme']} (Ray)",
        )
    ax.axvline(lemma1, color="k", ls="--", lw=1, label="Lemma 1 E[T]")
    ax.set_xscale("log")
    ax.set_xlabel("round time (model units)")
    ax.set_ylabel("fraction of rounds")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(RESULTS / "runtime.png", dpi=120)

    uncoded = next(s for s in summaries if s["scheme"] == "uncoded")
    lines = [
        f"Table III, incomplete information (Theorem 2), r = {R}, s = {S}, {rounds} Ray rounds "
        f"per scheme at {args.time_scale} s per model unit, virtual clock over "
        f"{args.sim_rounds} rounds; seed {args.seed}; {elapsed:.0f} s in all.",
        "",
        "| scheme | workers | n, k | Ray: mean round (model) | clock, same rounds | "
        "same as clock | clock, expected | speed-up vs uncoded | wall s/round | "
        "overhead s/round | decode ms | max rel. error |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s['scheme']} | {s['workers']} | {s['n']}, {s['k']} | "
            f"{s['mean_model_time']:.3f} | {s['virtual_clock_same_rounds']:.3f} | "
            f"{100 * s['matches_virtual_clock']:.0f}% | "
            f"{s['virtual_clock_expected']:.3f} ± {s['virtual_clock_se']:.3f} | "
            f"{uncoded['virtual_clock_expected'] / s['virtual_clock_expected']:.2f}x | "
            f"{s['mean_wall_seconds']:.3f} | {s['mean_overhead_seconds']:.3f} | "
            f"{s['mean_decode_ms']:.2f} | {s['max_relative_error']:.1e} |"
        )
    lines += ["", f"Lemma 1's E[T] for the code: {lemma1:.3f} model units (N -> infinity)."]
    (RESULTS / "runtime.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
