"""From a mechanism's plan to a deployment: who is hired, and how each operand is laid out.

Three schemes run on the same hired workers, so that they can be compared on the same
injected delays:

- ``coded``: the mechanism's loads, rounded to whole coded blocks of an MDS code; the platform
  decodes from any ``k`` blocks.
- ``uncoded``: the operand split equally, one block per worker; the platform waits for all.
- ``replication``: the operand split into ``N // 2`` blocks, each held by two workers; the
  first copy of every block wins. With an odd ``N`` the last worker is not hired.

The mechanism sizes loads for an operand of ``r`` rows. Gradient descent also multiplies by
``A^T``, which has ``s`` rows; every operand gets its own :class:`Layout`, with the loads
scaled by ``rows / r`` (Lemma 1's loads are linear in the rows), so a small operand is not
padded up to the large one's block count.

This module is pure planning: no Ray.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from coding import MDSCode, RepetitionCode, plan_blocks
from incentives import MechanismResult
from runtime._config import FIELDS, SCHEMES
from runtime._validation import check, check_choice

logger = logging.getLogger(__name__)

# The smallest worker gets about this many coded blocks, so rounding a load to whole blocks
# is off by at most a quarter of it.
BLOCKS_FOR_SMALLEST_LOAD = 2

# NOTE: the code length is capped because real-valued decoding loses digits as n - k grows and
# a k x k solve per phase grows as k^3; the cap coarsens the smallest loads instead.
MAX_CODE_LENGTH = 200


@dataclass(frozen=True)
class WorkerSpec:
    """One hired worker: its index in the run, its name and its type's parameters."""

    index: int
    name: str
    type_name: str
    cost: float
    mu: float
    a: float


@dataclass(frozen=True)
class Layout:
    """One operand's code and each worker's coded-block indices."""

    code: MDSCode | RepetitionCode
    assignment: tuple[tuple[int, ...], ...]

    @property
    def n(self) -> int:
        """The number of coded blocks."""
        return self.code.n

    @property
    def k(self) -> int:
        """The number of blocks a decodable set needs."""
        return self.code.k

    def worker_rows(self, rows: int) -> tuple[float, ...]:
        """Rows each worker holds of an operand of ``rows`` rows (blocks of ceil(rows/k))."""
        block_rows = -(-rows // self.k)
        return tuple(float(len(blocks) * block_rows) for blocks in self.assignment)


@dataclass(frozen=True)
class Deployment:
    """The hired workers, their planned loads for ``r`` rows, and how operands are coded.

    ``k`` fixes one ``(n, k)`` code for every operand (Proposition 1's recovery threshold, or
    a caller's choice); ``None`` derives each operand's ``k`` from its scaled loads.
    """

    scheme: str
    field: str
    workers: tuple[WorkerSpec, ...]
    loads: tuple[float, ...]
    r: int
    k: int | None = None

    def layout(self, rows: int) -> Layout:
        """The code and block assignment for an operand of ``rows`` rows."""
        n_workers = len(self.workers)
        identity = tuple((i,) for i in range(n_workers))
        if self.scheme == "uncoded":
            return Layout(RepetitionCode(n_workers, 1), identity)
        if self.scheme == "replication":
            return Layout(RepetitionCode(n_workers // 2, 2), identity)

        # A fixed k keeps one (n, k) code for every operand: blocks of ceil(rows / k) rows.
        if self.k is not None:
            plan = plan_blocks(self.loads, self.r, self.k)
            return Layout(MDSCode(plan.n, plan.k, field=self.field), plan.assignment)

        # Otherwise each operand gets its own k; Lemma 1's loads are linear in the rows.
        loads = [load * rows / self.r for load in self.loads]
        plan = plan_blocks(loads, rows, choose_k(loads, rows))
        return Layout(MDSCode(plan.n, plan.k, field=self.field), plan.assignment)


def hire(result: MechanismResult) -> tuple[WorkerSpec, ...]:
    """Every worker of every selected type, in the types' input order."""
    workers: list[WorkerSpec] = []
    for t in result.types:
        if t.name not in result.selected:
            continue
        for j in range(t.count):
            workers.append(WorkerSpec(len(workers), f"{t.name}-{j}", t.name, t.cost, t.mu, t.a))
    return tuple(workers)


def choose_k(loads: list[float], rows: int) -> int:
    """Data blocks for heterogeneous loads: the smallest load spans a few blocks, n stays capped."""
    block_rows = max(min(loads) / BLOCKS_FOR_SMALLEST_LOAD, 1.0)
    redundancy = sum(loads) / rows
    k = min(math.ceil(rows / block_rows), math.floor(MAX_CODE_LENGTH / redundancy), rows)
    return max(k, 1)


def deploy(result: MechanismResult, scheme: str, r: int, field: str = "real") -> Deployment:
    """Hire the mechanism's workers and lay out ``scheme`` for an operand of ``r`` rows."""
    check_choice("scheme", scheme, SCHEMES)
    check_choice("field", field, FIELDS)
    check("field", field, scheme == "coded" or field == "real", "real for an uncoded scheme")
    workers = hire(result)
    check("types", len(workers), len(workers) >= 2, "a plan that hires at least two workers")

    if scheme == "replication" and len(workers) % 2:
        logger.warning(
            "replication: %d workers is odd; %s is not hired", len(workers), workers[-1].name
        )
        workers = workers[:-1]

    loads = tuple(result.loads[w.type_name] for w in workers)
    k = result.recovery_threshold
    deployment = Deployment(scheme, field, workers, loads, r, None if k is None else int(k))
    logger.info("deployment: scheme=%s field=%s workers=%d", scheme, field, len(workers))
    return deployment
