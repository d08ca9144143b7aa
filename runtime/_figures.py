"""The paper's Figs. 5-8 recomputed from the mechanisms, as data tables and PNG plots.

Settings of the paper's Section V: the types of its Table III, ``r = 1000`` rows,
``gamma1 = 2000``, ``gamma2 = 1``, and ``N / M`` workers of each of the ``M`` types for total
worker counts ``N`` up to 5000.

- Fig. 5: number of hired types under complete and incomplete information, against ``N``.
- Fig. 6: the platform's extra cost ``E[W_incomplete] - E[W_complete]``, against ``N``.
- Fig. 7: each type's expected payoff per worker per round under incomplete information.
- Fig. 8: "strongly incomplete" information. The platform knows only ``N`` and that each worker
  is of each type with probability ``1 / M``; it posts Theorem 2's price computed for the
  expected counts ``N / M``. The realized counts are multinomial. Every hired-type worker who
  shows up is given a Lemma 1 load (its ``mu`` and ``a`` show in its work), so the cost is
  ``r (gamma1 / sum N_m phi_m + gamma2 omega)`` over the hired types present. The extra cost
  is measured against Theorem 2 solved with the realized counts; mean and spread over seeds.
"""

from __future__ import annotations

import csv
import pathlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from incentives import WorkerType, phi, solve_arrays


@dataclass(frozen=True)
class FigureSettings:
    """Section V's parameters, and the grid and seeds used to recompute the figures."""

    r: float = 1000.0
    gamma1: float = 2000.0
    gamma2: float = 1.0
    n_max: int = 5000
    n_step: int = 10
    seeds: int = 50


@dataclass(frozen=True)
class FigureData:
    """One figure's table: a column per quantity, a row per total worker count ``N``."""

    name: str
    title: str
    columns: tuple[str, ...]
    values: np.ndarray


def worker_totals(m: int, settings: FigureSettings) -> np.ndarray:
    """Total worker counts ``N``: multiples of ``m`` (equal counts per type) up to ``n_max``."""
    per_type_step = max(1, settings.n_step // m)
    return m * np.arange(per_type_step, settings.n_max // m + 1, per_type_step)


def _columns(types: Sequence[WorkerType]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.array([t.cost for t in types]),
        np.array([t.mu for t in types]),
        np.array([t.a for t in types]),
    )


def information_figures(
    types: Sequence[WorkerType],
    settings: FigureSettings,
    advance: Callable[[int], object] = lambda _: None,
) -> tuple[FigureData, FigureData, FigureData]:
    """Figs. 5, 6 and 7: one pass over ``N`` solving both mechanisms with equal counts."""
    c, mu, a = _columns(types)
    m = len(types)
    totals = worker_totals(m, settings)
    hired = np.empty((totals.size, 2))
    costs = np.empty((totals.size, 2))
    payoffs = np.empty((totals.size, m))

    for i, n in enumerate(totals):
        count = np.full(m, n / m)
        for j, scenario in enumerate(("complete", "incomplete")):
            out = solve_arrays(
                scenario, c, mu, a, count, settings.r, settings.gamma1, settings.gamma2
            )
            hired[i, j] = out.selected.sum()
            costs[i, j] = out.expected_cost
        payoffs[i] = out.payoffs
        advance(1)

    gap = costs[:, 1] - costs[:, 0]
    names = tuple(t.name for t in types)
    n_col = totals[:, None].astype(float)
    return (
        FigureData(
            "fig5",
            "Number of worker types hired",
            ("N", "types_complete", "types_incomplete"),
            np.hstack([n_col, hired]),
        ),
        FigureData(
            "fig6",
            "Platform's extra cost from incomplete information",
            ("N", "cost_complete", "cost_incomplete", "extra_cost", "extra_cost_percent"),
            np.hstack([n_col, costs, gap[:, None], (100 * gap / costs[:, 0])[:, None]]),
        ),
        FigureData(
            "fig7",
            "Expected payoff per worker per round, incomplete information",
            ("N", *(f"payoff_{name}" for name in names)),
            np.hstack([n_col, payoffs]),
        ),
    )


def strongly_incomplete_figure(
    types: Sequence[WorkerType],
    settings: FigureSettings,
    advance: Callable[[int], object] = lambda _: None,
) -> FigureData:
    """Fig. 8: extra cost of pricing for expected counts, over random type draws."""
    c, mu, a = _columns(types)
    m = len(types)
    p = phi(mu, a)
    omega = c / p
    totals = worker_totals(m, settings)
    extra = np.full((totals.size, settings.seeds), np.nan)
    s = settings

    for i, n in enumerate(totals):
        # The platform's design from the expected counts N / M.
        design = solve_arrays("incomplete", c, mu, a, np.full(m, n / m), s.r, s.gamma1, s.gamma2)
        price = omega[design.threshold]

        for seed in range(s.seeds):
            count = np.random.default_rng([seed, int(n)]).multinomial(n, np.full(m, 1 / m))
            present = count > 0
            big_phi = float(np.sum((count * p)[design.selected & present]))
            if big_phi == 0:
                continue
            realized = s.r * (s.gamma1 / big_phi + s.gamma2 * price)

            # The benchmark: Theorem 2 with the realized counts known.
            best = solve_arrays(
                "incomplete",
                c[present],
                mu[present],
                a[present],
                count[present].astype(float),
                s.r,
                s.gamma1,
                s.gamma2,
            )
            extra[i, seed] = 100 * (realized - best.expected_cost) / best.expected_cost
        advance(1)

    # Equal costs computed along two paths differ by rounding only; call those zero.
    extra[np.abs(extra) < 1e-9] = 0.0

    columns = ("N", "mean_percent", "std_percent", "p10_percent", "p90_percent", "share_nonzero")
    values = np.column_stack(
        [
            totals.astype(float),
            np.nanmean(extra, axis=1),
            np.nanstd(extra, axis=1),
            np.nanpercentile(extra, 10, axis=1),
            np.nanpercentile(extra, 90, axis=1),
            np.mean(extra > 1e-9, axis=1),
        ]
    )
    return FigureData("fig8", "Extra cost of strongly incomplete information", columns, values)


def write_csv(data: FigureData, path: pathlib.Path) -> None:
    """The figure's table as CSV with a header line."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(data.columns)
        for row in data.values:
            writer.writerow([f"{v:.10g}" for v in row])


def plot(data: FigureData, path: pathlib.Path, seeds: int | None = None) -> None:
    """Draw one figure to a PNG file."""
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    n = data.values[:, 0]
    col = {name: data.values[:, i] for i, name in enumerate(data.columns)}

    if data.name == "fig5":
        ax.step(n, col["types_complete"], where="post", label="complete information")
        ax.step(n, col["types_incomplete"], where="post", ls="--", label="incomplete information")
        ax.set_ylabel("number of hired worker types")
        ax.legend()
    elif data.name == "fig6":
        ax.plot(n, col["extra_cost"])
        ax.set_ylabel("E[W] incomplete - E[W] complete")
    elif data.name == "fig7":
        for name in data.columns[1:]:
            ax.plot(n, col[name], label=name.removeprefix("payoff_"))
        ax.axhline(0, color="gray", lw=0.5)
        ax.set_xscale("log")
        ax.set_ylim(-10, 25)
        ax.set_ylabel("expected payoff per worker per round (clipped)")
        ax.legend(ncol=2, fontsize="small")
    else:
        ax.plot(n, col["mean_percent"], label=f"mean over {seeds or 'all'} draws")
        ax.fill_between(n, col["p10_percent"], col["p90_percent"], alpha=0.3, label="10%-90%")
        ax.set_ylabel("extra cost (% of the informed optimum)")
        ax.legend()

    ax.set_xlabel("total number of workers N")
    ax.set_title(data.title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
