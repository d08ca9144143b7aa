"""The oracle: the platform's objective on every one of the ``2^M - 1`` subsets of types.

It knows nothing of rankings or thresholds; it prices each subset ``S`` the way its
mechanism would and keeps the cheapest:

- complete: ``r (g1 + g2 sum_S N c) / sum_S N phi`` (each worker reimbursed ``c E[T]``);
- incomplete: ``r (g1 / sum_S N phi + g2 max_S omega)`` (one price per row, high enough for
  every hired type);
- cost-only: ``h r (g1 + g2 max_S c sum_S N) / sum_S N`` with ``h = (a + ln(1/(1-alpha))/mu)
  / alpha`` (equal loads, everyone paid as the dearest hired type).
"""

from __future__ import annotations

import numpy as np

from incentives import _validate
from incentives._exceptions import SearchTooLargeError
from incentives._lemmas import alpha as alpha_of
from incentives._performance import phi

MAX_TYPES = 20

# Subsets priced per chunk: a (chunk x M) 0/1 matrix stays a few megabytes.
_CHUNK = 1 << 15


def exhaustive_costs(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    count: np.ndarray,
    r: float,
    gamma1: float,
    gamma2: float,
) -> np.ndarray:
    """The objective of subset ``s`` (bit ``m`` set = type ``m`` hired) at index ``s - 1``."""
    m = c.size
    if m > MAX_TYPES:
        expected = f"at most {MAX_TYPES} types for an exhaustive search"
        _validate.fail("types", expected, _validate.Described(f"{m} types"), SearchTooLargeError)
    p = phi(mu, a)
    omega = c / p
    key = c if scenario == "cost-only" else omega
    costs = np.empty((1 << m) - 1)

    for start in range(1, 1 << m, _CHUNK):
        # Row j of `bits` is the membership vector of subset start + j.
        subsets = np.arange(start, min(start + _CHUNK, 1 << m))
        bits = ((subsets[:, None] >> np.arange(m)) & 1).astype(bool)
        worst = np.where(bits, key, -np.inf).max(axis=1)

        if scenario == "complete":
            cost = r * (gamma1 + gamma2 * (bits @ (count * c))) / (bits @ (count * p))
        elif scenario == "incomplete":
            cost = r * (gamma1 / (bits @ (count * p)) + gamma2 * worst)
        else:
            alpha = float(alpha_of(mu[0], a[0]))
            h = (a[0] + np.log(1.0 / (1.0 - alpha)) / mu[0]) / alpha
            big_n = bits @ count
            cost = h * r * (gamma1 + gamma2 * worst * big_n) / big_n
        costs[start - 1 : start - 1 + subsets.size] = cost
    return costs


def exhaustive_mask(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    count: np.ndarray,
    r: float,
    gamma1: float,
    gamma2: float,
) -> np.ndarray:
    """The cheapest subset as a mask in table order (on a tie, the lowest subset number)."""
    costs = exhaustive_costs(scenario, c, mu, a, count, r, gamma1, gamma2)
    best = int(np.argmin(costs)) + 1
    return ((best >> np.arange(c.size)) & 1).astype(bool)
