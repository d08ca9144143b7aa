"""The three mechanisms: whom the platform hires, with which loads, for which rewards.

Types are ranked by a one-dimensional key and every selected set is a prefix of the ranking:

- ``complete`` (costs known, Theorem 1): rank by ``omega``; reimburse each hired worker its
  expected cost ``c_m E[T]``.
- ``incomplete`` (costs private, Theorem 2): rank by ``omega``; post one price ``omega_{n*}``
  per delivered row, so a type-``m`` worker expects ``phi_m omega_{n*} E[T]``.
- ``cost-only`` (costs private, one shared ``mu`` and ``a``, Proposition 1): rank by ``c``;
  equal loads under an ``(N(S), k*)``-MDS code; everyone expects ``c_{n*} E[T]``.

The closed forms are vectorized over the types (``solve_arrays``); ``solve_mechanism`` wraps
them for a table of ``WorkerType`` and returns a ``MechanismResult`` keyed by type name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from incentives import _validate
from incentives._exhaustive import exhaustive_mask
from incentives._lemmas import alpha as alpha_of
from incentives._lemmas import recovery_threshold as round_threshold
from incentives._performance import lam, phi
from incentives._types import WorkerType, check_types, type_arrays

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MechanismArrays:
    """A mechanism's outcome as arrays in table order (one entry per type).

    ``threshold`` is the index of the marginal type: the last selected one in the ranking.
    ``alpha`` and ``recovery_threshold`` are set for ``cost-only`` only.
    """

    scenario: str
    selected: np.ndarray
    threshold: int
    rewards: np.ndarray
    loads: np.ndarray
    payoffs: np.ndarray
    expected_runtime: float
    expected_cost: float
    alpha: float | None = None
    recovery_threshold: int | None = None


@dataclass(frozen=True)
class MechanismResult:
    """What the platform announces: hired types, loads and expected rewards, and their price.

    Every per-type quantity is per worker per round, keyed by type name, for every type in the
    table (unselected types get load 0). ``rewards`` are expected rewards; ``payoffs`` are
    reward minus the expected cost ``c_m E[T]`` of being occupied for the round.
    ``recovery_threshold`` is ``alpha N(S)`` rounded half up and clipped to ``[1, N(S)]``;
    ``price_per_row`` is the posted price ``omega_{n*}`` of the incomplete mechanism.
    """

    scenario: str
    types: tuple[WorkerType, ...]
    selected: tuple[str, ...]
    threshold_type: str
    rewards: dict[str, float]
    loads: dict[str, float]
    payoffs: dict[str, float]
    expected_runtime: float
    expected_cost: float
    alpha: float | None = None
    recovery_threshold: int | None = None
    price_per_row: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``codedml mechanism --json``."""
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "selected": list(self.selected),
            "threshold_type": self.threshold_type,
            "rewards": dict(self.rewards),
            "loads": dict(self.loads),
            "payoffs": dict(self.payoffs),
            "expected_runtime": self.expected_runtime,
            "expected_cost": self.expected_cost,
        }
        if self.scenario == "cost-only":
            out["alpha"] = self.alpha
            out["recovery_threshold"] = self.recovery_threshold
        return out


def solve_mechanism(
    scenario: str,
    types: Sequence[WorkerType],
    r: float,
    gamma1: float,
    gamma2: float,
    exhaustive: bool = False,
) -> MechanismResult:
    """Solve one of the paper's mechanisms for a table of worker types.

    Args:
        scenario: ``"complete"``, ``"incomplete"`` or ``"cost-only"``.
        types: the worker types; ``cost-only`` needs one shared ``mu`` and ``a``.
        r: rows of ``A`` to compute per round (positive).
        gamma1: the platform's price of one unit of expected runtime (positive).
        gamma2: the platform's price of one unit of payment (positive).
        exhaustive: select by searching all ``2^M - 1`` subsets instead of the closed form
            (at most 20 types); loads and rewards then follow the same rules.

    Raises:
        IncentiveError: on any invalid argument, with a one-line message naming it.
    """
    types = check_types(types)
    c, mu, a, n = type_arrays(types)
    out = solve_arrays(scenario, c, mu, a, n, r, gamma1, gamma2, exhaustive=exhaustive)

    names = [t.name for t in types]
    price = None
    if out.scenario == "incomplete":
        price = float(c[out.threshold] / phi(mu[out.threshold], a[out.threshold]))
    result = MechanismResult(
        scenario=out.scenario,
        types=types,
        selected=tuple(name for name, s in zip(names, out.selected, strict=True) if s),
        threshold_type=names[out.threshold],
        rewards=dict(zip(names, out.rewards.tolist(), strict=True)),
        loads=dict(zip(names, out.loads.tolist(), strict=True)),
        payoffs=dict(zip(names, out.payoffs.tolist(), strict=True)),
        expected_runtime=out.expected_runtime,
        expected_cost=out.expected_cost,
        alpha=out.alpha,
        recovery_threshold=out.recovery_threshold,
        price_per_row=price,
    )
    logger.info(
        "%s mechanism: %d of %d types selected, E[T] = %.6g, E[W] = %.6g",
        scenario,
        len(result.selected),
        len(types),
        result.expected_runtime,
        result.expected_cost,
    )
    return result


def solve_arrays(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    count: np.ndarray,
    r: float,
    gamma1: float,
    gamma2: float,
    exhaustive: bool = False,
) -> MechanismArrays:
    """``solve_mechanism`` on the columns ``c, mu, a, N`` of a type table (vectorized).

    ``count`` may hold any positive reals here (expected counts, for instance).
    """
    # Validate once, here.
    scenario = _validate.scenario(scenario)
    c = _validate.array("cost", c, nonnegative=True)
    mu = _validate.array("mu", mu, positive=True)
    a = _validate.array("a", a, positive=True)
    count = _validate.array("count", count, positive=True)
    _validate.same_length(("cost", "mu", "a", "count"), (c, mu, a, count))
    r = _validate.number("rows", r, positive=True)
    gamma1 = _validate.number("gamma1", gamma1, positive=True)
    gamma2 = _validate.number("gamma2", gamma2, positive=True)
    if scenario == "cost-only" and (np.any(mu != mu[0]) or np.any(a != a[0])):
        pairs = len(set(zip(mu.tolist(), a.tolist(), strict=True)))
        _validate.fail(
            "types",
            "a table whose types share one mu and one a for cost-only",
            _validate.Described(f"{pairs} distinct (mu, a) pairs"),
        )

    # Rank once: lam and phi cost a Lambert W evaluation per type.
    ranked = _rank(scenario, c, mu, a)

    # Select: a prefix of the ranking, or the best of all subsets.
    if exhaustive:
        selected = exhaustive_mask(scenario, c, mu, a, count, r, gamma1, gamma2)
    else:
        selected = _closed_form_mask(scenario, c, count, ranked, gamma1, gamma2)

    return _outcome(scenario, c, mu, a, count, selected, ranked, r, gamma1, gamma2)


@dataclass(frozen=True)
class _Ranked:
    """Per-type performance (``None`` for cost-only, which ranks by cost) and the ranking."""

    lam: np.ndarray | None
    phi: np.ndarray | None
    order: np.ndarray


def _rank(scenario: str, c: np.ndarray, mu: np.ndarray, a: np.ndarray) -> _Ranked:
    if scenario == "cost-only":
        return _Ranked(None, None, np.argsort(c, kind="stable"))
    lm = lam(mu, a)
    p = mu / (1.0 + mu * lm)
    return _Ranked(lm, p, np.argsort(c / p, kind="stable"))


def ranking(scenario: str, c: np.ndarray, mu: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Type indices by the scenario's key (``omega``, or ``c`` for cost-only); ties keep order."""
    return _rank(_validate.scenario(scenario), c, mu, a).order


def _closed_form_mask(
    scenario: str,
    c: np.ndarray,
    count: np.ndarray,
    ranked: _Ranked,
    gamma1: float,
    gamma2: float,
) -> np.ndarray:
    """The selected types of Theorem 1, Theorem 2 or Proposition 1, as a mask in table order.

    For the two argmin rules a tie between prefixes goes to the shorter one.
    """
    order = ranked.order
    cs, ns = c[order], count[order]
    if ranked.phi is not None:
        ps = ranked.phi[order]
        big_phi = np.cumsum(ns * ps)

    if scenario == "complete":
        # Theorem 1: n* = max{n : omega_n <= (g1 + g2 sum N c) / (g2 sum N phi)}
        bound = (gamma1 + gamma2 * np.cumsum(ns * cs)) / (gamma2 * big_phi)
        n_star = int(np.flatnonzero(cs / ps <= bound)[-1])
    elif scenario == "incomplete":
        # Theorem 2: n* = argmin_n g1 / sum N phi + g2 omega_n
        n_star = int(np.argmin(gamma1 / big_phi + gamma2 * cs / ps))
    else:
        # Proposition 1: n* = argmin_n (g1 + g2 c_n sum N) / sum N
        big_n = np.cumsum(ns)
        n_star = int(np.argmin((gamma1 + gamma2 * cs * big_n) / big_n))

    selected = np.zeros(c.size, dtype=bool)
    selected[order[: n_star + 1]] = True
    return selected


def outcome(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    count: np.ndarray,
    selected: np.ndarray,
    r: float,
    gamma1: float,
    gamma2: float,
) -> MechanismArrays:
    """Loads, rewards, E[T] and cost when the platform hires the types in ``selected``.

    Works for any non-empty selection, prefix or not; the threshold type is the selected type
    ranked last. Inputs are taken as valid (``solve_arrays`` checks them).
    """
    selected = np.asarray(selected, dtype=bool)
    if not selected.any():
        _validate.fail("selected", "a mask hiring at least one type", _validate.Described("none"))
    ranked = _rank(scenario, c, mu, a)
    return _outcome(scenario, c, mu, a, count, selected, ranked, r, gamma1, gamma2)


def _outcome(
    scenario: str,
    c: np.ndarray,
    mu: np.ndarray,
    a: np.ndarray,
    count: np.ndarray,
    selected: np.ndarray,
    ranked: _Ranked,
    r: float,
    gamma1: float,
    gamma2: float,
) -> MechanismArrays:
    order = ranked.order
    threshold = int(order[np.flatnonzero(selected[order])[-1]])
    alpha_value = k_star = None

    if scenario == "cost-only":
        # Proposition 1: k* = alpha N(S), l = r / k*, E[T] = (r / k*)(a + ln(1 / (1 - alpha)) / mu)
        mu0, a0 = float(mu[0]), float(a[0])
        alpha_value = float(alpha_of(mu0, a0))
        big_n = float(np.sum(count[selected]))
        runtime = r / (alpha_value * big_n) * (a0 + np.log(1.0 / (1.0 - alpha_value)) / mu0)
        k_star = round_threshold(alpha_value, max(round(big_n), 1))
        loads = np.where(selected, r / k_star, 0.0)

        # Proposition 1: p = c_{n*} E[T] for every type
        rewards = np.full(c.size, c[threshold] * runtime)
    else:
        # Lemma 1: E[T] = r / sum N phi, l_m = E[T] / lam_m
        p = ranked.phi
        runtime = r / float(np.sum(count[selected] * p[selected]))
        loads = np.where(selected, runtime / ranked.lam, 0.0)

        if scenario == "complete":
            # Theorem 1: p_m = c_m E[T] on S, 0 elsewhere
            rewards = np.where(selected, c * runtime, 0.0)
        else:
            # Theorem 2: p_m = phi_m omega_{n*} E[T] for every type
            rewards = p * (c[threshold] / p[threshold]) * runtime

    # The platform's objective: g1 E[T] + g2 sum_{m in S} N_m p_m.
    payment = float(np.sum(count[selected] * rewards[selected]))
    return MechanismArrays(
        scenario=scenario,
        selected=selected,
        threshold=threshold,
        rewards=rewards,
        loads=loads,
        payoffs=rewards - c * runtime,
        expected_runtime=float(runtime),
        expected_cost=float(gamma1 * runtime + gamma2 * payment),
        alpha=alpha_value,
        recovery_threshold=k_star,
    )
