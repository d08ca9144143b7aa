"""Realized payment rules: what each worker is paid after one round actually ran.

The mechanisms fix expected rewards; these rules turn a round's outcome into amounts whose
expectation is that reward (in the many-worker limit of Lemma 1, where a type-``m`` worker
delivers ``phi_m E[T]`` rows on average):

- incomplete: ``omega_{n*}`` per delivered row the platform used (a finished worker's rows);
- complete: ``c_m T_round`` (each hired worker reimbursed for the whole round);
- cost-only: ``c_{n*} T_round``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from incentives import _validate
from incentives._mechanism import MechanismResult
from incentives._performance import phi


def realized_rewards(
    result: MechanismResult,
    worker_types: Sequence[str],
    rows: ArrayLike,
    finished: ArrayLike,
    round_time: float,
) -> np.ndarray:
    """Per-worker rewards for one round.

    Args:
        result: the mechanism in force.
        worker_types: each worker's type name.
        rows: rows assigned to each worker (non-negative).
        finished: whether each worker's result arrived by the time the platform decoded.
        round_time: the round's duration in model time (non-negative).

    Workers of types the mechanism did not hire are paid nothing.
    """
    # Validate once, here.
    names = list(worker_types)
    known = {t.name: t for t in result.types}
    unknown = [name for name in names if name not in known]
    if unknown:
        _validate.fail("worker_types", "names of the mechanism's types", unknown[0])
    rows = _validate.array("rows", rows, nonnegative=True)
    done = np.asarray(finished)
    if done.dtype != bool:
        _validate.fail(
            "finished", "an array of booleans", _validate.Described(f"dtype {done.dtype}")
        )
    _validate.same_length(("worker_types", "rows", "finished"), (np.empty(len(names)), rows, done))
    round_time = _validate.number("round_time", round_time, nonnegative=True)
    hired = np.array([name in result.selected for name in names])
    threshold = known[result.threshold_type]

    if result.scenario == "incomplete":
        # Posted price omega_{n*} per used row; expectation phi_m omega_{n*} E[T] (Theorem 2).
        price = threshold.cost / float(phi(threshold.mu, threshold.a))
        return np.where(hired & done, price * rows, 0.0)

    if result.scenario == "complete":
        # Reimburse c_m T_round; expectation c_m E[T] (Theorem 1).
        cost = np.array([known[name].cost for name in names])
        return np.where(hired, cost * round_time, 0.0)

    # Reimburse c_{n*} T_round; expectation c_{n*} E[T] (Proposition 1).
    return np.where(hired, threshold.cost * round_time, 0.0)
