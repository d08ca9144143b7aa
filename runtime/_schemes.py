"""From a mechanism's plan to a deployment: who is hired, which code, who holds which blocks.

Three schemes run on the same hired workers, so that they can be compared on the same
injected delays:

- ``coded``: the mechanism's loads, rounded to whole coded blocks of an MDS code; the platform
  decodes from any ``k`` blocks.
- ``uncoded``: ``A`` split equally, one block per worker; the platform waits for every worker.
- ``replication``: ``A`` split into ``N // 2`` blocks, each held by two workers; the first copy
  of every block wins. With an odd ``N`` the last worker is not hired.

This module is pure planning: no Ray.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from coding import MDSCode, RepetitionCode, plan_blocks
from incentives import MechanismResult
from runtime._validation import check, check_choice
from runtime._worker import WorkerSpec

logger = logging.getLogger(__name__)

SCHEMES = ("coded", "uncoded", "replication")
FIELDS = ("real", "gf")

# The smallest worker gets about this many coded blocks, so rounding a load to whole blocks
# is off by at most a quarter of it.
BLOCKS_FOR_SMALLEST_LOAD = 2

# NOTE: the code length is capped because real-valued decoding loses digits as n - k grows and
# a k x k solve per phase grows as k^3; the cap coarsens the smallest loads instead.
MAX_CODE_LENGTH = 200


@dataclass(frozen=True)
class Deployment:
    """The hired workers, the code every operand is encoded with, and each worker's blocks."""

    scheme: str
    field: str
    workers: tuple[WorkerSpec, ...]
    code: MDSCode | RepetitionCode
    assignment: tuple[tuple[int, ...], ...]

    @property
    def n(self) -> int:
        """The number of coded blocks."""
        return self.code.n

    @property
    def k(self) -> int:
        """The number of blocks any decodable set needs (the recovery threshold in blocks)."""
        return self.code.k


def hire(result: MechanismResult) -> tuple[WorkerSpec, ...]:
    """Every worker of every selected type, in the types' input order."""
    workers: list[WorkerSpec] = []
    for t in result.types:
        if t.name not in result.selected:
            continue
        for j in range(t.count):
            workers.append(WorkerSpec(len(workers), f"{t.name}-{j}", t.name, t.cost, t.mu, t.a))
    return tuple(workers)


def choose_k(loads: list[float], r: int) -> int:
    """Data blocks for heterogeneous loads: the smallest load spans a few blocks, n stays capped."""
    block_rows = min(loads) / BLOCKS_FOR_SMALLEST_LOAD
    redundancy = sum(loads) / r
    k = math.ceil(r / max(block_rows, 1.0))
    k = min(k, math.floor(MAX_CODE_LENGTH / redundancy), r)
    return max(k, 1)


def deploy(result: MechanismResult, scheme: str, r: int, field: str = "real") -> Deployment:
    """Hire the mechanism's workers and lay out ``scheme`` for an operand of ``r`` rows."""
    check_choice("scheme", scheme, SCHEMES)
    check_choice("field", field, FIELDS)
    check("field", field, scheme == "coded" or field == "real", "real for an uncoded scheme")
    workers = hire(result)
    loads = [result.loads[w.type_name] for w in workers]
    check("types", len(workers), len(workers) >= 2, "a plan that hires at least two workers")

    if scheme == "uncoded":
        code: MDSCode | RepetitionCode = RepetitionCode(len(workers), 1)
        assignment = tuple((i,) for i in range(len(workers)))
    elif scheme == "replication":
        half = len(workers) // 2
        if len(workers) % 2:
            logger.warning(
                "replication: %d workers is odd; %s is not hired", len(workers), workers[-1].name
            )
            workers = workers[:-1]
        code = RepetitionCode(half, 2)
        assignment = tuple((i,) for i in range(2 * half))
    else:
        if result.recovery_threshold is not None:
            k = int(result.recovery_threshold)
        else:
            k = choose_k(loads, r)
        plan = plan_blocks(loads, r, k)
        code = MDSCode(plan.n, plan.k, field=field)
        assignment = plan.assignment

    logger.info(
        "deployment: scheme=%s field=%s workers=%d n=%d k=%d",
        scheme,
        field,
        len(workers),
        code.n,
        code.k,
    )
    return Deployment(scheme, field, workers, code, assignment)
