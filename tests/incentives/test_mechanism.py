"""The three mechanisms against the exhaustive oracle, Corollary 1, IR/IC and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incentives import (
    ParameterError,
    SearchTooLargeError,
    TypesError,
    WorkerType,
    check_incentives,
    default_types_path,
    exhaustive_costs,
    load_types,
    omega,
    solve_arrays,
    solve_mechanism,
)

TABLE3 = load_types(default_types_path())

# A small pool of values so that hypothesis draws equal costs, equal (mu, a) and so equal
# omegas (ties) often, beside arbitrary floats.
costs = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 5.0]), st.floats(0.0, 30.0))
speeds = st.one_of(st.sampled_from([10.0, 50.0]), st.floats(0.5, 500.0))
startups = st.one_of(st.sampled_from([0.01, 0.1]), st.floats(1e-3, 0.5))
counts = st.integers(1, 60)
gammas = st.floats(1e-2, 1e4)


@st.composite
def tables(draw: st.DrawFn, shared_performance: bool = False) -> tuple[WorkerType, ...]:
    m = draw(st.integers(1, 7))
    mu, a = draw(speeds), draw(startups)
    return tuple(
        WorkerType(
            f"t{i}",
            draw(costs),
            mu if shared_performance else draw(speeds),
            a if shared_performance else draw(startups),
            draw(counts),
        )
        for i in range(m)
    )


def _arrays(types: tuple[WorkerType, ...]) -> tuple[np.ndarray, ...]:
    return tuple(
        np.array([getattr(t, f) for t in types], dtype=float) for f in ("cost", "mu", "a", "count")
    )


def _check_against_oracle(
    scenario: str, types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    r = 1000.0
    closed = solve_mechanism(scenario, types, r, g1, g2)
    oracle = exhaustive_costs(scenario, *_arrays(types), r, g1, g2)
    best = int(np.argmin(oracle))

    # The closed form's cost is the cheapest of all 2^M - 1 subsets.
    assert closed.expected_cost == pytest.approx(oracle[best], rel=1e-9)

    # When the cheapest subset is unique by a clear margin, it is the one selected.
    runner_up = np.partition(oracle, 1)[1] if oracle.size > 1 else math.inf
    if runner_up > oracle[best] * (1 + 1e-7):
        chosen = {t.name for i, t in enumerate(types) if (best + 1) >> i & 1}
        assert set(closed.selected) == chosen


@settings(max_examples=150, deadline=None)
@given(types=tables(), g1=gammas, g2=gammas)
def test_theorem1_matches_exhaustive_search(
    types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    _check_against_oracle("complete", types, g1, g2)


@settings(max_examples=150, deadline=None)
@given(types=tables(), g1=gammas, g2=gammas)
def test_theorem2_matches_exhaustive_search(
    types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    _check_against_oracle("incomplete", types, g1, g2)


@settings(max_examples=150, deadline=None)
@given(types=tables(shared_performance=True), g1=gammas, g2=gammas)
def test_proposition1_matches_exhaustive_search(
    types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    _check_against_oracle("cost-only", types, g1, g2)


@pytest.mark.parametrize("scenario", ["complete", "incomplete", "cost-only"])
def test_exhaustive_flag_agrees_on_table_iii(scenario: str) -> None:
    types = (
        TABLE3
        if scenario != "cost-only"
        else tuple(WorkerType(t.name, t.cost, 50.0, 0.012, t.count) for t in TABLE3)
    )

    closed = solve_mechanism(scenario, types, 1000, 2000, 1)
    brute = solve_mechanism(scenario, types, 1000, 2000, 1, exhaustive=True)

    assert closed.selected == brute.selected
    assert closed.threshold_type == brute.threshold_type
    assert closed.expected_cost == brute.expected_cost
    assert closed.rewards == brute.rewards


@pytest.mark.parametrize("scenario", ["complete", "incomplete", "cost-only"])
def test_single_type_population(scenario: str) -> None:
    (t,) = types = (WorkerType("only", 3.0, 20.0, 0.08, 7),)

    res = solve_mechanism(scenario, types, 100, 5, 2)

    # Hand computation: the only type is hired and paid exactly its expected cost.
    assert res.selected == ("only",) and res.threshold_type == "only"
    assert res.payoffs["only"] == pytest.approx(0.0, abs=1e-12)
    assert res.rewards["only"] == pytest.approx(t.cost * res.expected_runtime)
    expected = 5 * res.expected_runtime + 2 * 7 * res.rewards["only"]
    assert res.expected_cost == pytest.approx(expected)


def test_table_iii_ranking_is_increasing_omega() -> None:
    # The paper orders Table III by increasing cost-performance ratio.
    c, mu, a, _ = _arrays(TABLE3)
    assert np.all(np.diff(omega(c, mu, a)) > 0)


def test_incomplete_rewards_are_a_posted_price_per_row() -> None:
    res = solve_mechanism("incomplete", TABLE3, 1000, 2000, 1)
    c, mu, a, n = _arrays(TABLE3)
    phi = c / omega(c, mu, a)

    # Theorem 2: p_m / (phi_m E[T]) is the threshold type's omega for every type.
    prices = np.array([res.rewards[t.name] for t in TABLE3]) / (phi * res.expected_runtime)
    assert np.allclose(prices, res.price_per_row)

    # Total expected payment is r omega_{n*}; E[W] = r (g1 / sum N phi + g2 omega_{n*}).
    hired = np.array([t.name in res.selected for t in TABLE3])
    assert float(
        np.sum(n[hired] * prices[hired] * phi[hired] * res.expected_runtime)
    ) == pytest.approx(1000 * res.price_per_row)
    assert res.expected_cost == pytest.approx(
        1000 * (2000 / np.sum(n[hired] * phi[hired]) + res.price_per_row)
    )


def _n_selected(scenario: str, types: tuple[WorkerType, ...], g1: float, g2: float) -> int:
    return len(solve_mechanism(scenario, types, 1000, g1, g2).selected)


@settings(max_examples=100, deadline=None)
@given(
    types=tables(),
    g=gammas,
    other=gammas,
    factor=st.floats(1.0, 1e3),
    scenario=st.sampled_from(["complete", "incomplete"]),
)
def test_corollary1_more_types_as_gamma1_grows_fewer_as_gamma2_grows(
    types: tuple[WorkerType, ...], g: float, other: float, factor: float, scenario: str
) -> None:
    assert _n_selected(scenario, types, g * factor, other) >= _n_selected(scenario, types, g, other)
    assert _n_selected(scenario, types, other, g * factor) <= _n_selected(scenario, types, other, g)


@settings(max_examples=100, deadline=None)
@given(types=tables(), g1=gammas, g2=gammas)
def test_incomplete_mechanism_is_ir_and_ic_under_per_row_reports(
    types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    check = check_incentives(solve_mechanism("incomplete", types, 1000, g1, g2), "per-row")

    assert check.individually_rational and check.incentive_compatible and check.selection_holds


@settings(max_examples=60, deadline=None)
@given(types=tables(), g1=gammas, g2=gammas)
def test_complete_mechanism_is_ir_with_zero_payoffs(
    types: tuple[WorkerType, ...], g1: float, g2: float
) -> None:
    res = solve_mechanism("complete", types, 1000, g1, g2)
    check = check_incentives(res)

    assert check.individually_rational and check.selection_holds
    assert max(abs(res.payoffs[name]) for name in res.selected) <= 1e-9 * max(res.rewards.values())


@settings(max_examples=60, deadline=None)
@given(
    types=tables(shared_performance=True),
    g1=gammas,
    g2=gammas,
    model=st.sampled_from(["per-row", "lump-sum"]),
)
def test_cost_only_mechanism_is_ir_and_ic(
    types: tuple[WorkerType, ...], g1: float, g2: float, model: str
) -> None:
    check = check_incentives(solve_mechanism("cost-only", types, 1000, g1, g2), model)

    assert check.individually_rational and check.incentive_compatible and check.selection_holds


def test_lump_sum_reports_break_theorem2_on_table_iii() -> None:
    # If a report bought the reported type's expected reward whatever the worker's own speed,
    # a slow hired type (phi = 5) would claim a fast one (phi = 20) and get about four times
    # more: Theorem 2's rewards are IC only when the price is paid per delivered row.
    check = check_incentives(solve_mechanism("incomplete", TABLE3, 1000, 2000, 1), "lump-sum")

    assert not check.incentive_compatible
    assert check.worst_ic > 50.0


def test_exhaustive_search_refuses_more_than_twenty_types() -> None:
    types = tuple(WorkerType(f"t{i}", 1.0 + i, 10.0, 0.1, 1) for i in range(21))

    with pytest.raises(SearchTooLargeError, match="at most 20 types"):
        solve_mechanism("complete", types, 10, 1, 1, exhaustive=True)


def test_cost_only_refuses_heterogeneous_performance() -> None:
    with pytest.raises(ParameterError, match="share one mu and one a"):
        solve_mechanism("cost-only", TABLE3, 1000, 2000, 1)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (("complete", 0, 1, 1), "'rows'"),
        (("complete", -5, 1, 1), "'rows'"),
        (("complete", 10, 0, 1), "'gamma1'"),
        (("complete", 10, 1, -1), "'gamma2'"),
        (("complete", 10, math.nan, 1), "'gamma1'"),
        (("complete", math.inf, 1, 1), "'rows'"),
        (("best", 10, 1, 1), "'scenario'"),
    ],
)
def test_bad_parameters_name_the_argument(args: tuple, word: str) -> None:
    scenario, r, g1, g2 = args
    with pytest.raises(ParameterError, match=word):
        solve_mechanism(scenario, TABLE3, r, g1, g2)


def test_bad_tables_are_refused() -> None:
    with pytest.raises(TypesError, match="non-empty"):
        solve_mechanism("complete", (), 10, 1, 1)
    with pytest.raises(TypesError, match="unique names"):
        solve_mechanism("complete", (TABLE3[0], TABLE3[0]), 10, 1, 1)


def test_to_dict_has_exactly_the_cli_fields() -> None:
    base = {
        "scenario",
        "selected",
        "threshold_type",
        "rewards",
        "loads",
        "payoffs",
        "expected_runtime",
        "expected_cost",
    }
    same = tuple(WorkerType(t.name, t.cost, 50.0, 0.012, t.count) for t in TABLE3)

    assert set(solve_mechanism("complete", TABLE3, 1000, 2000, 1).to_dict()) == base
    assert set(solve_mechanism("incomplete", TABLE3, 1000, 2000, 1).to_dict()) == base
    cost_only = solve_mechanism("cost-only", same, 1000, 2000, 1).to_dict()
    assert set(cost_only) == base | {"alpha", "recovery_threshold"}
    assert isinstance(cost_only["recovery_threshold"], int)


def test_solve_arrays_handles_many_types() -> None:
    # A million-type instance is timed in benchmarks/; here, correctness at 10^5 against a
    # direct evaluation of Theorem 2's objective on every prefix of the omega ranking.
    rng = np.random.default_rng(3)
    m = 100_000
    c, mu, a = rng.uniform(0, 20, m), rng.uniform(1, 800, m), rng.uniform(0.01, 0.2, m)
    n = rng.integers(1, 5, m).astype(float)

    out = solve_arrays("incomplete", c, mu, a, n, 1000, 2000, 1)

    om = omega(c, mu, a)
    order = np.argsort(om)
    objective = 2000 / np.cumsum(n[order] * (c[order] / om[order])) + om[order]
    assert out.expected_cost == pytest.approx(1000 * objective.min(), rel=1e-9)
    assert int(out.selected.sum()) == int(np.argmin(objective)) + 1


def test_incomplete_information_can_hire_more_types() -> None:
    # A hand-found instance (all share phi). With costs known, the third type is worth hiring
    # only if its cost per row, 5.2 / phi, is below the average so far, (100 + 520) / 120 / phi
    # = 5.17 / phi. With costs private, everyone is already paid the second type's 5 / phi per
    # row, so the third type raises the bill by only 0.2 / phi per row while it shortens the
    # round. Both answers are confirmed by the exhaustive search.
    types = (
        WorkerType("cheap", 1.0, 50.0, 0.012, 20),
        WorkerType("mid", 5.0, 50.0, 0.012, 100),
        WorkerType("dear", 5.2, 50.0, 0.012, 50),
    )

    for exhaustive in (False, True):
        complete = solve_mechanism("complete", types, 1000, 100, 1, exhaustive=exhaustive)
        incomplete = solve_mechanism("incomplete", types, 1000, 100, 1, exhaustive=exhaustive)
        assert complete.selected == ("cheap", "mid")
        assert incomplete.selected == ("cheap", "mid", "dear")
