"""Individual rationality and incentive compatibility of an announced mechanism, numerically.

Misreport models (a worker's ``mu`` and ``a`` show in its finish times, so only its cost is
private; a report names one of the hired types):

- ``"per-row"`` (the model the payment rules implement): reporting type ``m~`` buys the
  per-row price ``p_{m~} / (phi_{m~} E[T])`` of that type, paid on the worker's own delivered
  rows, so a type-``m`` worker expects ``p_{m~} phi_m / phi_{m~}``.
- ``"lump-sum"``: the reported type's expected reward ``p_{m~}`` is received as is, whatever
  the worker's own performance.

Payoff of a type-``m`` worker reporting ``m~`` is its expected reward minus ``c_m E[T]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from incentives import _validate
from incentives._mechanism import MechanismResult
from incentives._performance import phi
from incentives._types import type_arrays

MISREPORT_MODELS = ("per-row", "lump-sum")


@dataclass(frozen=True)
class IncentiveCheck:
    """IR and IC of one mechanism result under one misreport model.

    Attributes:
        misreport: the misreport model checked.
        payoff: ``payoff[m, j]``: expected payoff of a type-``m`` worker reporting the ``j``-th
            hired type (columns follow ``MechanismResult.selected``).
        individually_rational: every hired type's truthful payoff is ``>= -tol``.
        incentive_compatible: no type gains more than ``tol`` by misreporting.
        selection_holds: no unhired type gains more than ``tol`` by joining under any report.
        worst_ir: the smallest truthful payoff of a hired type.
        worst_ic: the largest gain of any type from misreporting instead of reporting truly.
    """

    misreport: str
    payoff: np.ndarray
    individually_rational: bool
    incentive_compatible: bool
    selection_holds: bool
    worst_ir: float
    worst_ic: float


def check_incentives(
    result: MechanismResult, misreport: str = "per-row", tol: float = 1e-9
) -> IncentiveCheck:
    """Evaluate IR, IC and the selection's stability for ``result``.

    ``tol`` is relative to the largest expected reward. For the complete-information mechanism
    the platform knows every type, so its IC is reported but not required.
    """
    if misreport not in MISREPORT_MODELS:
        _validate.fail("misreport", "one of 'per-row', 'lump-sum'", misreport)
    tol = _validate.number("tol", tol, nonnegative=True)
    c, mu, a, _ = type_arrays(result.types)
    names = [t.name for t in result.types]
    hired = np.array([name in result.selected for name in names])
    reward = np.array([result.rewards[name] for name in names])
    p = phi(mu, a)

    # Expected reward of true type m reporting hired type j, minus c_m E[T].
    if misreport == "per-row":
        paid = p[:, None] * (reward[hired] / p[hired])[None, :]
    else:
        paid = np.broadcast_to(reward[hired][None, :], (c.size, int(hired.sum())))
    payoff = paid - (c * result.expected_runtime)[:, None]

    scale = tol * max(float(np.max(np.abs(reward))), 1e-300)
    truthful = payoff[hired, np.arange(int(hired.sum()))]
    gain = payoff[hired].max(axis=1) - truthful
    best_outside = payoff[~hired].max(initial=-np.inf)
    return IncentiveCheck(
        misreport=misreport,
        payoff=payoff,
        individually_rational=bool(truthful.min() >= -scale),
        incentive_compatible=bool(gain.max() <= scale),
        selection_holds=bool(best_outside <= scale),
        worst_ir=float(truthful.min()),
        worst_ic=float(gain.max()),
    )
