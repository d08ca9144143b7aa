"""Loads and expected runtimes: Lemma 1 (heterogeneous, many workers) and Lemma 2 (MDS codes).

Lemma 1: with ``Phi = sum_j N_j phi_j`` over the selected types, a type-``m`` worker gets
``r / (lam_m Phi)`` rows and the round takes ``E[T] = r / Phi`` as the number of workers grows.

Lemma 2: an ``(n, k)``-MDS code gives every one of ``n`` identical workers ``r / k`` rows; the
round ends at the ``k``-th finish, so ``E[T] = (r / k)(a + (H_n - H_{n-k}) / mu)`` exactly.

Proposition 1: minimising Lemma 2's log form ``(r / k)(a + ln(n / (n - k)) / mu)`` over
``k = alpha n`` gives ``alpha = 1 + 1 / W_{-1}(-exp(-a mu - 1))``, independent of ``n``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import digamma

from incentives import _validate
from incentives._performance import _u, lam, phi


def lemma1_runtime(r: float, mu: ArrayLike, a: ArrayLike, count: ArrayLike) -> float:
    """``E[T] = r / sum_j N_j phi_j`` over the given (selected) types."""
    r = _validate.number("r", r, positive=True)

    # Lemma 1
    return r / float(np.sum(np.asarray(count, dtype=float) * phi(mu, a)))


def lemma1_loads(r: float, mu: ArrayLike, a: ArrayLike, count: ArrayLike) -> np.ndarray:
    """Rows per worker ``r / (lam_m sum_j N_j phi_j)`` for each of the given types."""
    # Lemma 1
    return lemma1_runtime(r, mu, a, count) / lam(mu, a)


def harmonic(n: ArrayLike) -> np.ndarray:
    """Harmonic numbers ``H_n = sum_{i <= n} 1 / i`` (``H_0 = 0``), via the digamma function."""
    return digamma(np.asarray(n, dtype=float) + 1.0) + np.euler_gamma


def _check_code(r: float, n: int, k: int) -> tuple[float, int, int]:
    r = _validate.number("r", r, positive=True)
    n = _validate.count("n", n)
    k = _validate.count("k", k)
    if k > n:
        _validate.fail("k", f"at most n = {n}", k)
    return r, n, k


def lemma2_runtime(r: float, n: int, k: int, mu: float, a: float) -> float:
    """Exact ``E[T]`` of an ``(n, k)``-MDS round on ``n`` identical workers with ``r / k`` rows."""
    r, n, k = _check_code(r, n, k)
    mu = _validate.number("mu", mu, positive=True)
    a = _validate.number("a", a, positive=True)

    # Lemma 2: the k-th of n exponential order statistics has mean (H_n - H_{n-k}) / mu.
    return r / k * (a + float(harmonic(n) - harmonic(n - k)) / mu)


def lemma2_runtime_log(r: float, n: int, k: int, mu: float, a: float) -> float:
    """Lemma 2's large-``n`` form ``(r / k)(a + ln(n / (n - k)) / mu)``; infinite for ``k = n``."""
    r, n, k = _check_code(r, n, k)
    mu = _validate.number("mu", mu, positive=True)
    a = _validate.number("a", a, positive=True)
    if k == n:
        return float("inf")

    # Lemma 2, with H_n ~ ln n
    return r / k * (a + float(np.log(n / (n - k))) / mu)


def alpha(mu: ArrayLike, a: ArrayLike) -> np.ndarray:
    """Proposition 1's optimal code rate ``alpha = k / n = 1 + 1 / W_{-1}(-exp(-a mu - 1))``."""
    mu, a = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(a, dtype=float))

    # Proposition 1, with u = -W_{-1}(-exp(-a mu - 1)) > 1
    return 1.0 - 1.0 / _u(np.atleast_1d(mu), np.atleast_1d(a)).reshape(mu.shape)


def recovery_threshold(alpha_value: float, n: int) -> int:
    """The integer recovery threshold ``k*`` for ``n`` participants: ``alpha n`` rounded.

    ``alpha n`` is rounded half up to the nearest integer and then clipped to ``[1, n]``, so
    every participant count gets a usable code.
    """
    alpha_value = _validate.number("alpha", alpha_value, positive=True)
    if alpha_value >= 1.0:
        _validate.fail("alpha", "below 1", alpha_value)
    n = _validate.count("n", n)

    # Proposition 1: k* = alpha N(S)
    return int(min(max(np.floor(alpha_value * n + 0.5), 1), n))
