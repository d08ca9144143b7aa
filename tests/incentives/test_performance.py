"""The performance model: lam, phi, omega, the finish-time law, Lemma 2 and alpha."""

from __future__ import annotations

import fractions
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

from incentives import (
    FinishTimeLaw,
    ParameterError,
    alpha,
    harmonic,
    lam,
    lemma1_loads,
    lemma1_runtime,
    lemma2_runtime,
    lemma2_runtime_log,
    omega,
    phi,
    recovery_threshold,
)

speeds = st.floats(1e-2, 1e4)
startups = st.floats(1e-4, 1e2)


@settings(max_examples=60, deadline=None)
@given(mu=speeds, a=startups)
def test_lam_is_the_root_found_by_bisection(mu: float, a: float) -> None:
    # Independent: Brent's method on mu (lam - a) = ln(mu lam + 1), the log of the defining
    # equation, bracketed between a (where the left side is 0) and a generous upper end.
    def f(x: float) -> float:
        return mu * (x - a) - math.log1p(mu * x)

    hi = a + 10.0
    while f(hi) <= 0:
        hi *= 2
    expected = brentq(f, a + 1e-300, hi, xtol=1e-14, rtol=1e-13)

    assert float(lam(mu, a)) == pytest.approx(expected, rel=1e-9)


def test_lam_on_both_sides_of_the_lambert_w_cutoff() -> None:
    # mu a = 599 uses Lambert W, 601 uses Newton; u - ln u = 1 + mu a must hold for both.
    for mu_a in (599.0, 601.0, 5e4):
        u = 1.0 + float(lam(mu_a, 1.0)) * mu_a
        assert u - math.log(u) == pytest.approx(1.0 + mu_a, rel=1e-13)


def test_phi_and_omega_definitions() -> None:
    mu, a, c = np.array([50.0, 10.0]), np.array([0.012, 0.031]), np.array([1.0, 3.0])

    assert np.allclose(phi(mu, a), mu / (1 + mu * lam(mu, a)))
    assert np.allclose(omega(c, mu, a), c / phi(mu, a))


@settings(max_examples=40, deadline=None)
@given(mu=speeds, a=startups, factor=st.floats(1.01, 10))
def test_phi_grows_with_speed_and_falls_with_start_up(mu: float, a: float, factor: float) -> None:
    assert phi(mu * factor, a) > phi(mu, a)
    assert phi(mu, a * factor) < phi(mu, a)


def test_finish_time_law_matches_its_samples() -> None:
    law = FinishTimeLaw(mu=20.0, a=0.08)
    rng = np.random.default_rng(7)
    t = law.sample(12.0, rng, size=40_000)

    # Mean within 5 standard errors; Kolmogorov-Smirnov distance below the 0.1% critical value.
    assert abs(t.mean() - law.mean(12.0)) < 5 * t.std() / math.sqrt(t.size)
    grid = np.sort(t)
    ks = np.max(np.abs(law.cdf(grid, 12.0) - np.arange(1, t.size + 1) / t.size))
    assert ks < 1.95 / math.sqrt(t.size)
    assert t.min() >= 12.0 * 0.08


def test_finish_time_law_is_vectorized_over_workers() -> None:
    law = FinishTimeLaw(mu=np.array([1.0, 100.0]), a=np.array([2.0, 0.01]))
    t = law.sample(np.array([1.0, 3.0]), np.random.default_rng(1), size=(5, 2))

    assert t.shape == (5, 2)
    assert np.all(t[:, 0] >= 2.0) and np.all(t[:, 1] >= 0.03)
    assert law.cdf(np.array([1.9, 0.03]), np.array([1.0, 3.0])).tolist() == [0.0, 0.0]


def test_finish_time_law_refuses_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="'mu'"):
        FinishTimeLaw(mu=0.0, a=1.0)
    with pytest.raises(ParameterError, match="'a'"):
        FinishTimeLaw(mu=1.0, a=np.array([1.0, -1.0]))


def test_harmonic_numbers_against_exact_fractions() -> None:
    for n in (0, 1, 2, 10, 137):
        exact = sum((fractions.Fraction(1, i) for i in range(1, n + 1)), fractions.Fraction(0))
        assert float(harmonic(n)) == pytest.approx(float(exact), rel=1e-13, abs=1e-15)


@pytest.mark.parametrize(
    ("n", "k", "mu", "a"), [(12, 8, 2.0, 0.3), (5, 5, 50.0, 0.012), (30, 1, 1.0, 1.0)]
)
def test_lemma2_exact_against_monte_carlo(n: int, k: int, mu: float, a: float) -> None:
    # Monte Carlo: n workers with r / k rows each; the round ends at the k-th finish.
    r, rounds = 120.0, 20_000
    times = FinishTimeLaw(mu, a).sample(r / k, np.random.default_rng(n * k), size=(rounds, n))
    kth = np.sort(times, axis=1)[:, k - 1]

    # Within 5 standard errors of the mean.
    se = kth.std() / math.sqrt(rounds)
    assert abs(kth.mean() - lemma2_runtime(r, n, k, mu, a)) < 5 * se


def test_lemma2_log_form_approaches_the_exact_one() -> None:
    # H_n - H_{n-k} - ln(n / (n - k)) = O(1 / (n - k)): the relative gap shrinks with n.
    gaps = [
        abs(
            lemma2_runtime_log(1e3, n, n // 2, 5.0, 0.1) / lemma2_runtime(1e3, n, n // 2, 5.0, 0.1)
            - 1
        )
        for n in (10, 100, 1000)
    ]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3
    assert lemma2_runtime_log(1.0, 4, 4, 1.0, 1.0) == math.inf


def test_lemma2_refuses_k_above_n() -> None:
    with pytest.raises(ParameterError, match="'k'"):
        lemma2_runtime(1.0, 3, 4, 1.0, 1.0)


@settings(max_examples=40, deadline=None)
@given(mu=st.floats(1e-1, 1e3), a=st.floats(1e-3, 10))
def test_alpha_minimises_the_log_runtime_per_participant(mu: float, a: float) -> None:
    # Independent: minimise (a + ln(1 / (1 - x)) / mu) / x over x in (0, 1) numerically.
    def runtime_per_row(x: float) -> float:
        return (a - math.log1p(-x) / mu) / x

    best = minimize_scalar(
        runtime_per_row, bounds=(1e-12, 1 - 1e-15), method="bounded", options={"xatol": 1e-13}
    )
    value = float(alpha(mu, a))

    assert 0.0 < value < 1.0
    assert runtime_per_row(value) <= runtime_per_row(best.x) * (1 + 1e-9)


@pytest.mark.parametrize(
    ("alpha_value", "n", "expected"),
    [
        (0.5, 10, 5),  # exact
        (0.25, 10, 3),  # 2.5 rounds half up
        (0.24, 10, 2),  # 2.4 rounds down
        (0.01, 10, 1),  # 0.1 clipped up to one block
        (0.99, 10, 10),  # 9.9 rounds to n
    ],
)
def test_recovery_threshold_rounding(alpha_value: float, n: int, expected: int) -> None:
    assert recovery_threshold(alpha_value, n) == expected


def test_lemma1_loads_deliver_r_rows_on_average() -> None:
    # Under Lemma 1 a type-m worker is done by E[T] with probability mu lam / (1 + mu lam);
    # the expected delivered rows must add up to r.
    mu, a, n = np.array([50.0, 10.0, 400.0]), np.array([0.012, 0.031, 0.04]), np.array([3, 7, 2])
    r = 500.0
    loads = lemma1_loads(r, mu, a, n)
    runtime = lemma1_runtime(r, mu, a, n)
    done = FinishTimeLaw(mu, a).cdf(runtime, loads)

    assert float(np.sum(n * loads * done)) == pytest.approx(r, rel=1e-12)
