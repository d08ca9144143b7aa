"""``codedml figures`` on a small grid: files, columns, and values checked independently."""

from __future__ import annotations

import csv
import pathlib

import numpy as np
import pytest

from incentives import default_types_path, exhaustive_costs, load_types, omega, phi
from runtime._figures import FigureSettings, information_figures, strongly_incomplete_figure
from runtime.cli import main

TABLE3 = load_types(default_types_path())
C = np.array([t.cost for t in TABLE3])
MU = np.array([t.mu for t in TABLE3])
A = np.array([t.a for t in TABLE3])


def _read(path: pathlib.Path) -> dict[str, np.ndarray]:
    with path.open() as f:
        rows = list(csv.reader(f))
    values = np.array(rows[1:], dtype=float)
    return {name: values[:, i] for i, name in enumerate(rows[0])}


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("figures")
    assert (
        main(["figures", "--out", str(out), "--n-max", "400", "--n-step", "30", "--seeds", "4"])
        == 0
    )
    return out


def test_every_figure_is_written_as_png_and_csv(figures: pathlib.Path) -> None:
    for name in ("fig5", "fig6", "fig7", "fig8"):
        assert (figures / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        data = _read(figures / f"{name}.csv")
        # N = 30, 60, ..., 390: equal counts per type, 13 points.
        assert data["N"].tolist() == list(range(30, 400, 30))


def test_fig5_and_fig6_against_brute_force(figures: pathlib.Path) -> None:
    fig5, fig6 = _read(figures / "fig5.csv"), _read(figures / "fig6.csv")

    for i, n in enumerate(fig5["N"]):
        count = np.full(10, n / 10)
        for scenario in ("complete", "incomplete"):
            costs = exhaustive_costs(scenario, C, MU, A, count, 1000.0, 2000.0, 1.0)
            best = int(np.argmin(costs)) + 1
            assert fig5[f"types_{scenario}"][i] == best.bit_count()
            assert fig6[f"cost_{scenario}"][i] == pytest.approx(costs.min(), rel=1e-9)

    assert np.all(fig6["extra_cost"] >= -1e-9)


def test_full_grid_of_figs_5_and_6_against_brute_force() -> None:
    # The paper's whole grid (N = 10, 20, ..., 5000): every closed-form cost equals the best
    # of all 1023 subsets, and incomplete information never hires more types on it.
    fig5, fig6, _ = information_figures(TABLE3, FigureSettings())

    for row5, row6 in zip(fig5.values, fig6.values, strict=True):
        count = np.full(10, row5[0] / 10)
        for j, scenario in enumerate(("complete", "incomplete")):
            costs = exhaustive_costs(scenario, C, MU, A, count, 1000.0, 2000.0, 1.0)
            assert row6[1 + j] == pytest.approx(costs.min(), rel=1e-12)
            assert row5[1 + j] == (int(np.argmin(costs)) + 1).bit_count()
    assert np.all(fig5.values[:, 2] <= fig5.values[:, 1])


def test_fig7_payoffs_are_theorem2_information_rents(figures: pathlib.Path) -> None:
    fig5, fig7 = _read(figures / "fig5.csv"), _read(figures / "fig7.csv")
    om = omega(C, MU, A)

    for i, n in enumerate(fig7["N"]):
        # Independent: payoff_m = phi_m E[T] (omega_{n*} - omega_m) with E[T] = r / sum N phi.
        hired = int(fig5["types_incomplete"][i])
        runtime = 1000.0 / np.sum(n / 10 * phi(MU[:hired], A[:hired]))
        expected = phi(MU, A) * runtime * (om[hired - 1] - om)
        got = np.array([fig7[f"payoff_type{m}"][i] for m in range(1, 11)])
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_fig8_against_brute_force_for_one_draw() -> None:
    settings = FigureSettings(n_max=60, n_step=60, seeds=1)
    data = strongly_incomplete_figure(TABLE3, settings)

    # Independent recomputation for N = 60, seed 0: the design picks the best prefix for the
    # expected counts, the benchmark the best of all subsets for the realized counts.
    count = np.random.default_rng([0, 60]).multinomial(60, np.full(10, 0.1))
    design = (
        np.argmin(exhaustive_costs("incomplete", C, MU, A, np.full(10, 6.0), 1000.0, 2000.0, 1.0))
        + 1
    )
    hired = np.array([(design >> m) & 1 for m in range(10)], dtype=bool)
    price = omega(C, MU, A)[hired].max()
    realized = 1000.0 * (2000.0 / np.sum((count * phi(MU, A))[hired]) + price)
    present = count > 0
    realized_counts = count[present].astype(float)
    best = exhaustive_costs(
        "incomplete", C[present], MU[present], A[present], realized_counts, 1000.0, 2000.0, 1.0
    ).min()

    assert data.values[0, 1] == pytest.approx(100 * (realized - best) / best, abs=1e-7)
    assert data.values[0, 1] >= 0


@pytest.mark.parametrize(
    ("extra", "word"),
    [
        (["--seeds", "0"], "--seeds"),
        (["--n-max", "5"], "--n-max"),
        (["--n-step", "-1"], "--n-step"),
    ],
)
def test_bad_options_exit_2(
    extra: list[str], word: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["figures", "--out", str(tmp_path), *extra]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and word in err and "Traceback" not in err


def test_command_defaults_match_the_settings() -> None:
    from runtime import _cmd_figures

    settings = FigureSettings()
    command = (_cmd_figures._SEEDS, _cmd_figures._N_MAX, _cmd_figures._N_STEP)
    assert command == (settings.seeds, settings.n_max, settings.n_step)
