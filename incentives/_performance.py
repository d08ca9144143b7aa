"""Each type's performance summary: ``lam``, ``phi = mu / (1 + mu lam)`` and ``omega = c / phi``.

``lam`` is the finish time per row at which the platform should expect a type's workers to be
done in the many-worker limit: the positive root of ``exp(mu (lam - a)) = mu lam + 1``.
Writing ``u = 1 + mu lam`` turns it into ``u - ln u = 1 + mu a`` with ``u > 1``, whose root is
``u = -W_{-1}(-exp(-1 - mu a))`` on the lower branch of Lambert W.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import lambertw

# Above this ``1 + mu a`` the argument ``-exp(-1 - mu a)`` of Lambert W underflows.
_LAMBERTW_LIMIT = 600.0


def _u(mu: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The root ``u > 1`` of ``u - ln u = 1 + mu a``, elementwise."""
    x = 1.0 + mu * a
    u = np.empty_like(x)

    # Lower branch of Lambert W wherever its argument is representable.
    small = x <= _LAMBERTW_LIMIT
    u[small] = -lambertw(-np.exp(-x[small]), k=-1).real

    # Newton on f(u) = u - ln u - x from u = x + ln x, which is already close for large x.
    big = ~small
    if big.any():
        xb = x[big]
        ub = xb + np.log(xb)
        for _ in range(6):
            ub -= (ub - np.log(ub) - xb) / (1.0 - 1.0 / ub)
        u[big] = ub
    return u


def lam(mu: ArrayLike, a: ArrayLike) -> np.ndarray:
    """Lemma 1's ``lam``: the positive root of ``exp(mu (lam - a)) = mu lam + 1``."""
    mu, a = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(a, dtype=float))
    u = _u(np.atleast_1d(mu), np.atleast_1d(a)).reshape(mu.shape)

    # lam = (u - 1) / mu, i.e. -(1 + W_{-1}(-exp(-1 - mu a))) / mu.
    return (u - 1.0) / mu


def phi(mu: ArrayLike, a: ArrayLike) -> np.ndarray:
    """Computation performance ``phi = mu / (1 + mu lam)``: expected rows per unit time."""
    mu = np.asarray(mu, dtype=float)
    return mu / (1.0 + mu * lam(mu, a))


def omega(c: ArrayLike, mu: ArrayLike, a: ArrayLike) -> np.ndarray:
    """Cost-performance ratio ``omega = c / phi``: the cost of one delivered row."""
    return np.asarray(c, dtype=float) / phi(mu, a)
