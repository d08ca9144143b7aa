"""Placing coded blocks on workers with heterogeneous loads."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from coding import _validation as v
from coding._exceptions import CodingError


@dataclass(frozen=True)
class BlockPlan:
    """``A`` in ``k`` blocks of ``block_rows`` rows; worker ``i`` holds ``counts[i]`` coded ones.

    ``n = sum(counts)`` coded blocks; ``assignment[i]`` lists worker ``i``'s block indices,
    consecutive and in worker order, so the ``n`` indices are covered exactly once.
    """

    k: int
    n: int
    block_rows: int
    counts: tuple[int, ...]
    assignment: tuple[tuple[int, ...], ...]


def plan_blocks(loads: Any, r: int, k: int) -> BlockPlan:
    """Round per-worker loads (in rows) to whole coded blocks of ``b = ceil(r / k)`` rows.

    Worker ``i``'s quota is ``loads[i] / b`` blocks. Rounding is by largest remainder
    (Hamilton's method): the total is the quota sum rounded to the nearest integer, each worker
    first gets the whole part of its quota, and the blocks left go to the largest fractional
    parts (ties to the lower worker index). So the code's redundancy matches the loads', and no
    worker is more than one block from its quota, except that every worker gets at least one
    block: a hired worker is paid to be there and must carry something. Equal loads ``r / k``
    on ``n`` workers give one block each, the classic ``(n, k)`` code.

    Raises ``CodingError`` when the blocks cannot cover ``r`` rows (``n < k``).
    """
    r = v.integer("r", r)
    k = v.integer("k", k)
    v.check("k", k, k <= r, f"at most r={r} (each block needs a row)")
    quotas = v.finite_array("loads", loads, (1,))
    v.check("loads", loads, bool((quotas > 0).all()), "positive numbers of rows")
    b = math.ceil(r / k)
    quotas = quotas / b

    # Whole parts first (at least one block each), then the largest remainders.
    counts = np.maximum(np.floor(quotas), 1).astype(np.int64)
    left = round(float(quotas.sum())) - int(counts.sum())
    if left > 0:
        order = np.argsort(-(quotas - counts), kind="stable")
        counts[order[:left]] += 1

    n = int(counts.sum())
    if n < k:
        raise CodingError(
            f"Argument 'loads' must cover r={r} rows with k={k} blocks of {b} rows, not "
            f"{quotas.size} loads summing to {quotas.sum() * b:.6g} rows ({n} blocks)."
        )

    ends = np.cumsum(counts)
    assignment = tuple(tuple(range(int(e - c), int(e))) for e, c in zip(ends, counts, strict=True))
    return BlockPlan(k, n, b, tuple(int(c) for c in counts), assignment)
