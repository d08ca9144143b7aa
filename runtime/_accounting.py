"""Turning a round's phases into ledger entries: rows, busy and occupied time, cost, reward.

Every hired worker is occupied for the whole of every phase (the model of the incentive
mechanism), so its cost is ``c * occupied``. A worker is busy until its result arrives, or for
the whole phase if it was cancelled. Rewards follow the scenario's realized payment rule
(``incentives.realized_rewards``), applied per phase and summed over the round's phases.

A worker that was not called (dead since an earlier phase) or died during the phase takes no
part in it: no rows, no time, no cost, no reward. It still gets its (zero) row in the ledger,
so every (round, worker) is accounted for once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from incentives import MechanismResult, realized_rewards
from runtime._ledger import Payment
from runtime._platform import PhaseResult
from runtime._schemes import Deployment


def round_payments(
    round_: int, deployment: Deployment, plan: MechanismResult, phases: Sequence[PhaseResult]
) -> list[Payment]:
    """One payment per hired worker for a round made of ``phases``."""
    workers = deployment.workers
    type_names = [w.type_name for w in workers]
    rows = np.zeros(len(workers))
    busy = np.zeros(len(workers))
    occupied = np.zeros(len(workers))
    reward = np.zeros(len(workers))

    for phase in phases:
        present = np.array([phase.took_part(i) for i in range(len(workers))])
        finished = np.array([phase.finished(i) for i in range(len(workers))])
        # A finished worker was busy until its finish time, a straggler for the whole phase.
        times = np.array([phase.finish_times.get(i, phase.model_time) for i in range(len(workers))])
        phase_rows = np.where(present, phase.rows, 0.0)
        rows += phase_rows
        busy += np.where(present, times, 0.0)
        occupied += np.where(present, phase.model_time, 0.0)
        paid = realized_rewards(plan, type_names, phase_rows, finished, phase.model_time)
        reward += np.where(present, paid, 0.0)

    cost = np.array([w.cost for w in workers]) * occupied
    return [
        Payment(
            round_,
            w.name,
            w.type_name,
            float(rows[i]),
            float(busy[i]),
            float(occupied[i]),
            float(cost[i]),
            float(reward[i]),
        )
        for i, w in enumerate(workers)
    ]
