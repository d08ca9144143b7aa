"""The coding package measured: conditioning, encode, decode and worker-product times.

Four measurements, each against a baseline in the same run:

1. worst-case ``k x k`` decode condition number and the decode's relative error against
   ``(n, k)``, for each real construction (exhaustive over subsets when there are at most 4096,
   else sampled; the error is the worst over the worst subset found and 20 random ones);
2. encode time against a plain numpy product of the same size (the full ``n x k`` generator
   times the ``k`` data blocks);
3. decode time against ``k`` up to 1000, with every parity block standing in for a data block
   (first decode of a block set, then the same set again, cached), and with all data blocks;
4. a worker's finite-field product time against the real one for the same shard (ratio).

BLAS runs on one thread throughout, as in a Ray worker holding one CPU, and because a second
BLAS thread on a busy two-core machine makes small products jump by milliseconds.

    python -m benchmarks.coding [--quick]

Writes benchmarks/results/coding.{csv,png,md}; ``--quick`` runs in under a minute.
"""

from __future__ import annotations

import argparse
import csv
import math
import pathlib
import timeit
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from coding import REAL_CONSTRUCTIONS, MDSCode

RESULTS = pathlib.Path(__file__).parent / "results"
COLUMNS = ("section", "construction", "n", "k", "r", "s", "q", "metric", "value", "baseline",
           "ratio")  # fmt: skip


def best_seconds(
    *calls: Callable[[], object], budget: float = 0.1, repeats: int = 7
) -> list[float]:
    """Smallest mean time of each call; repeats interleave the calls, so load drift on a shared
    machine hits them alike. Each call gets about ``budget`` seconds over ``repeats``."""
    numbers = []
    for call in calls:
        once = min(timeit.repeat(call, number=1, repeat=2))
        numbers.append(max(1, int(budget / repeats / max(once, 1e-7))))
    best = [math.inf] * len(calls)
    for _ in range(repeats):
        for j, (call, number) in enumerate(zip(calls, numbers, strict=True)):
            best[j] = min(best[j], timeit.timeit(call, number=number) / number)
    return best


def row(section: str, metric: str, value: float, baseline: float = math.nan, **keys) -> dict:
    """One CSV row; ``ratio`` is ``value / baseline`` when there is a baseline."""
    out = {c: "" for c in COLUMNS}
    out.update(keys, section=section, metric=metric, value=value, baseline=baseline)
    out["ratio"] = value / baseline if baseline == baseline else math.nan
    return out


def conditioning(sizes: list[tuple[int, int]], rng: np.random.Generator) -> list[dict]:
    """Worst condition number and relative error per real construction and ``(n, k)``."""
    rows = []
    for construction in REAL_CONSTRUCTIONS:
        for n, k in tqdm(sizes, desc=f"conditioning {construction}", leave=False):
            code = MDSCode(n, k, construction=construction, max_condition=math.inf)
            report = code.condition
            A = rng.standard_normal((4 * k, 16))
            x = rng.standard_normal(16)
            enc = code.encode(A)
            payload = enc.prepare(x)
            products = {i: enc.shard([i]).multiply(payload)[0] for i in range(n)}

            subsets = [report.worst_subset]
            subsets += [tuple(rng.choice(n, size=k, replace=False)) for _ in range(20)]
            expected = A @ x
            error = max(
                np.abs(enc.decode({i: products[i] for i in s}, payload) - expected).max()
                / np.abs(expected).max()
                for s in subsets
            )
            keys = dict(construction=construction, n=n, k=k, r=4 * k, s=16, q=1)
            rows.append(row("conditioning", "worst_condition", report.worst, **keys))
            rows.append(row("conditioning", "subsets_tried", report.subsets, **keys))
            rows.append(row("conditioning", "relative_error", error, **keys))
    return rows


def encoding(shapes: list[tuple[int, int, int, int]], rng: np.random.Generator) -> list[dict]:
    """Encode time (real and GF) against the same-size plain numpy product."""
    rows = []
    for n, k, r, s in tqdm(shapes, desc="encode", leave=False):
        A = rng.standard_normal((r, s))
        b = math.ceil(r / k)
        g = rng.standard_normal((n, k))
        flat = rng.standard_normal((k, b * s))
        real, prime = MDSCode(n, k), MDSCode(n, k, field="gf")
        prime.encode(A)  # sets up the prime fields once, as a long run would
        times = best_seconds(
            lambda: g @ flat,  # noqa: B023 (each loop's calls are timed within the loop)
            lambda: real.encode(A),  # noqa: B023
            lambda: prime.encode(A),  # noqa: B023
        )
        keys = dict(n=n, k=k, r=r, s=s)
        for field, seconds in zip(("real", "gf"), times[1:], strict=True):
            rows.append(row("encode", "seconds", seconds, times[0], construction=field, **keys))
    return rows


def decoding(ks: list[int], field: str, rng: np.random.Generator) -> list[dict]:
    """Decode time against ``k``: all parity blocks used (cold, then cached), and none used."""
    rows = []
    warm_up = MDSCode(3, 2, field=field).encode(np.ones((2, 1)))
    ones = warm_up.prepare(np.ones(1))
    warm_up.decode({i: warm_up.shard([i]).multiply(ones)[0] for i in (1, 2)}, ones)

    for k in tqdm(ks, desc=f"decode {field}", leave=False):
        n = k + max(1, k // 4)
        r, s = 2 * k, 8
        code = MDSCode(n, k, field=field, samples=4 if k >= 300 else 32)
        A = rng.standard_normal((r, s))
        enc = code.encode(A)
        payload = enc.prepare(rng.standard_normal(s))
        products = {i: enc.shard([i]).multiply(payload)[0] for i in range(n)}
        hardest = {i: products[i] for i in range(n - k, n)}
        systematic = {i: products[i] for i in range(k)}

        start = timeit.default_timer()
        enc.decode(hardest, payload)
        cold = timeit.default_timer() - start
        warm, plain = best_seconds(
            lambda: enc.decode(hardest, payload),  # noqa: B023 (timed before the next loop)
            lambda: enc.decode(systematic, payload),  # noqa: B023
        )
        keys = dict(construction=field, n=n, k=k, r=r, s=s, q=1)
        rows.append(row("decode", "seconds_first_parity_set", cold, plain, **keys))
        rows.append(row("decode", "seconds_cached_parity_set", warm, plain, **keys))
        rows.append(row("decode", "seconds_all_systematic", plain, **keys))
    return rows


def worker_products(
    cases: list[tuple[int, int, int, int, int]], moduli_tried: tuple[int, ...], rng
) -> list[dict]:
    """A worker's GF product time against the real product of the same shard."""
    rows = []
    for n, k, r, s, q in tqdm(cases, desc="worker product", leave=False):
        A = rng.standard_normal((r, s))
        x = rng.standard_normal((s, q)) if q > 1 else rng.standard_normal(s)
        calls = []
        for field, moduli in (("real", 2), *(("gf", m) for m in moduli_tried)):
            enc = MDSCode(n, k, field=field, moduli=moduli).encode(A)
            shard, payload = enc.shard([0]), enc.prepare(x)
            calls.append(lambda shard=shard, payload=payload: shard.multiply(payload))
        times = best_seconds(*calls, budget=0.5, repeats=25)
        for moduli, seconds in zip(moduli_tried, times[1:], strict=True):
            keys = dict(construction=f"gf moduli={moduli}", n=n, k=k, r=enc.block_rows, s=s, q=q)
            rows.append(row("worker", "seconds", seconds, times[0], **keys))
    return rows


def plot(rows: list[dict], path: pathlib.Path) -> None:
    """Four panels: condition number, relative error, decode time, GF/real product ratio."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    for construction in REAL_CONSTRUCTIONS:
        for ax, metric in zip(axes[0], ("worst_condition", "relative_error"), strict=True):
            sel = [x for x in rows if x["construction"] == construction and x["metric"] == metric]
            ax.semilogy([x["n"] - x["k"] for x in sel], [x["value"] for x in sel], "o-",
                        label=construction)  # fmt: skip
    axes[0, 0].axhline(1e8, color="k", ls=":", label="refusal threshold 1e8")
    axes[0, 0].set(xlabel="n - k (k = 3n/4)", ylabel="worst k x k condition number")
    axes[0, 1].set(xlabel="n - k (k = 3n/4)", ylabel="worst relative error of A x")
    for ax in axes[0]:
        ax.legend(fontsize=8)

    for field in ("real", "gf"):
        for metric, style in (
            ("seconds_first_parity_set", "o-"),
            ("seconds_all_systematic", "s--"),
        ):
            sel = [x for x in rows if x["section"] == "decode" and x["construction"] == field
                   and x["metric"] == metric]  # fmt: skip
            axes[1, 0].loglog([x["k"] for x in sel], [1e3 * x["value"] for x in sel], style,
                              label=f"{field}: {metric.removeprefix('seconds_')}")  # fmt: skip
    axes[1, 0].set(xlabel="k", ylabel="decode time (ms)")
    axes[1, 0].legend(fontsize=8)

    sel = [x for x in rows if x["section"] == "worker"]
    labels = [f"{x['construction'][3:]}\n{x['r']}x{x['s']}\nq={x['q']}" for x in sel]
    axes[1, 1].bar(range(len(sel)), [x["ratio"] for x in sel])
    axes[1, 1].axhline(4, color="k", ls=":", label="target 4x")
    axes[1, 1].set_xticks(range(len(sel)), labels, fontsize=6)
    axes[1, 1].set(ylabel="GF / real worker product time")
    axes[1, 1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def fmt(value: float) -> str:
    """Compact number for the tables."""
    if value != value:
        return ""
    return f"{value:.2g}" if abs(value) < 1e-2 or abs(value) >= 1e4 else f"{value:.3g}"


def markdown(rows: list[dict]) -> str:
    """The tables of the README: conditioning, encode, decode, worker product."""
    out = ["| (n, k) | construction | worst condition | subsets | worst relative error |",
           "|---|---|---|---|---|"]  # fmt: skip
    cond = {}
    for x in rows:
        if x["section"] == "conditioning":
            cond.setdefault((x["n"], x["k"], x["construction"]), {})[x["metric"]] = x["value"]
    for (n, k, c), m in sorted(cond.items()):
        out.append(f"| ({n}, {k}) | {c} | {fmt(m['worst_condition'])} | "
                   f"{int(m['subsets_tried'])} | {fmt(m['relative_error'])} |")  # fmt: skip

    out += ["", "| encode (n, k), r x s | field | encode (ms) | numpy G @ blocks (ms) | ratio |",
            "|---|---|---|---|---|"]  # fmt: skip
    for x in (x for x in rows if x["section"] == "encode"):
        out.append(f"| ({x['n']}, {x['k']}), {x['r']} x {x['s']} | {x['construction']} | "
                   f"{fmt(1e3 * x['value'])} | {fmt(1e3 * x['baseline'])} | "
                   f"{fmt(x['ratio'])} |")  # fmt: skip

    out += ["", "| decode (n, k) | field | first, all parity (ms) | cached (ms) | "
            "all data blocks (ms) |", "|---|---|---|---|---|"]  # fmt: skip
    dec = {}
    for x in rows:
        if x["section"] == "decode":
            dec.setdefault((x["construction"], x["k"], x["n"]), {})[x["metric"]] = x["value"]
    for (field, k, n), m in sorted(dec.items()):
        out.append(f"| ({n}, {k}) | {field} | {fmt(1e3 * m['seconds_first_parity_set'])} | "
                   f"{fmt(1e3 * m['seconds_cached_parity_set'])} | "
                   f"{fmt(1e3 * m['seconds_all_systematic'])} |")  # fmt: skip

    out += ["", "| worker shard (rows x s), q | code | GF (ms) | real (ms) | GF / real |",
            "|---|---|---|---|---|"]  # fmt: skip
    for x in (x for x in rows if x["section"] == "worker"):
        out.append(f"| {x['r']} x {x['s']}, q={x['q']} | {x['construction']} | "
                   f"{fmt(1e3 * x['value'])} | {fmt(1e3 * x['baseline'])} | "
                   f"{fmt(x['ratio'])} |")  # fmt: skip
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grid, under a minute")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(2026)

    if args.quick:
        sizes = [(8, 6), (16, 12), (32, 24), (48, 36), (64, 48)]
        shapes = [(12, 8, 2000, 1000)]
        ks = [10, 30, 100, 300, 1000]
        gf_ks = [10, 30, 100]
        cases = [(3, 2, 2000, 1000, 1), (12, 8, 2000, 1000, 1), (30, 20, 2000, 1000, 1),
                 (12, 8, 2000, 1000, 4)]  # fmt: skip
    else:
        sizes = [(8, 6), (12, 9), (16, 12), (24, 18), (32, 24), (48, 36), (64, 48), (96, 72),
                 (128, 96), (200, 150)]  # fmt: skip
        shapes = [(12, 8, 2000, 1000), (40, 30, 2000, 1000), (12, 8, 10000, 1000),
                  (200, 150, 3000, 500)]  # fmt: skip
        ks = [10, 20, 50, 100, 200, 500, 1000]
        gf_ks = [10, 20, 50, 100, 200, 500, 1000]
        cases = [(3, 2, 2000, 1000, 1), (12, 8, 2000, 1000, 1), (30, 20, 2000, 1000, 1),
                 (12, 8, 2000, 1000, 4), (12, 8, 10000, 2000, 1),
                 (12, 8, 2000, 1000, 16)]  # fmt: skip

    with threadpool_limits(1):
        rows = conditioning(sizes, rng)
        rows += encoding(shapes, rng)
        rows += decoding(ks, "real", rng)
        rows += decoding(gf_ks, "gf", rng)
        rows += worker_products(cases, (2,) if args.quick else (2, 3), rng)

    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "coding.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, RESULTS / "coding.png")
    table = markdown(rows)
    (RESULTS / "coding.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
