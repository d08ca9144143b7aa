"""The round loop on a virtual clock: the same delays and decodability as the Ray platform.

Worker ``i``'s finish time in round ``t``, phase ``p`` is drawn from the stream
``delay_rng(seed, i, t, p)``; actors draw from the same streams. Sorting the finish times and
adding workers' blocks until the layout decodes gives the model time at which the platform
decodes, with no Ray and no wall clock: the reference the runtime is measured against, and a
way to run many more rounds or workers than a cluster holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from incentives import FinishTimeLaw
from runtime._schemes import Deployment, Layout


def delay_rng(seed: int, worker: int, round_: int, phase: int) -> np.random.Generator:
    """The random stream of one worker's straggling in one phase of one round."""
    return np.random.default_rng(np.random.SeedSequence([seed, worker, round_, phase]))


def finish_times(
    deployment: Deployment, rows: Sequence[float], seed: int, round_: int, phase: int
) -> np.ndarray:
    """Every hired worker's finish time (model time) for one phase of one round."""
    return np.array(
        [
            float(FinishTimeLaw(w.mu, w.a).sample(rows[i], delay_rng(seed, w.index, round_, phase)))
            for i, w in enumerate(deployment.workers)
        ]
    )


def decode_time(layout: Layout, times: np.ndarray) -> tuple[float, tuple[int, ...]]:
    """When the first decodable set of results is in, and which workers it holds."""
    blocks: list[int] = []
    used: list[int] = []
    for i in np.argsort(times, kind="stable"):
        blocks.extend(layout.assignment[i])
        used.append(int(i))
        if layout.code.decodable(blocks):
            return float(times[i]), tuple(used)
    raise ValueError("the layout does not decode even with every worker")


def simulate(
    deployment: Deployment, operand_rows: int, seed: int, rounds: range, phase: int = 0
) -> np.ndarray:
    """Decode times (model time) of ``rounds`` for an operand of ``operand_rows`` rows."""
    layout = deployment.layout(operand_rows)
    rows = layout.worker_rows(operand_rows)
    return np.array(
        [decode_time(layout, finish_times(deployment, rows, seed, t, phase))[0] for t in rounds]
    )
