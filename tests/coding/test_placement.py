"""Rounding heterogeneous loads to whole coded blocks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding import CodingError, MDSCode, plan_blocks


@pytest.mark.parametrize(("n", "k", "r"), [(8, 5, 50), (8, 5, 53), (12, 12, 7 * 12), (3, 1, 5)])
def test_equal_loads_give_the_classic_code(n, k, r):
    plan = plan_blocks([r / k] * n, r, k)
    assert plan.counts == (1,) * n
    assert (plan.n, plan.k, plan.block_rows) == (n, k, -(-r // k))
    assert plan.assignment == tuple((i,) for i in range(n))


def test_largest_remainder_example():
    # Quotas 3.0, 2.0, 1.33, 0.5 blocks: whole parts 3, 2, 1, 1 (at least one); total
    # round(6.83) = 7 is already reached.
    plan = plan_blocks([30, 20, 13.3, 5], 50, 5)
    assert plan.counts == (3, 2, 1, 1)
    assert plan.assignment == ((0, 1, 2), (3, 4), (5,), (6,))

    # Quotas 1.6, 1.6, 1.4, 1.4: total 6; the two largest remainders get the extra block.
    assert plan_blocks([16, 16, 14, 14], 50, 5).counts == (2, 2, 1, 1)


def test_loads_that_cannot_cover_the_rows_are_refused():
    with pytest.raises(CodingError, match="loads"):
        plan_blocks([10, 10], 100, 5)


@settings(max_examples=60, deadline=None)
@given(
    loads=st.lists(st.floats(0.5, 400), min_size=1, max_size=12),
    r=st.integers(1, 300),
    data=st.data(),
)
def test_rounding_properties(loads, r, data):
    k = data.draw(st.integers(1, r))
    b = -(-r // k)
    quotas = np.asarray(loads) / b
    # The total: the rounded quota sum, unless the one-block minimum already exceeds it.
    total = max(round(float(quotas.sum())), sum(max(1, int(np.floor(q))) for q in quotas))
    if total < k:
        with pytest.raises(CodingError, match="loads"):
            plan_blocks(loads, r, k)
        return

    plan = plan_blocks(loads, r, k)
    counts = np.asarray(plan.counts)
    assert (counts >= 1).all()
    assert plan.n == counts.sum() == total
    # Within one block of the quota, unless lifted to the minimum of one block.
    assert ((np.abs(counts - quotas) < 1) | (counts == 1)).all()
    # The assignment partitions range(n).
    flat = list(itertools.chain.from_iterable(plan.assignment))
    assert sorted(flat) == list(range(plan.n))
    assert tuple(len(a) for a in plan.assignment) == plan.counts


def test_plan_drives_a_code_that_decodes_from_any_k_blocks():
    rng = np.random.default_rng(7)
    loads, r = [60.0, 35.0, 35.0, 20.0, 12.0], 100
    plan = plan_blocks(loads, r, 10)
    A = rng.standard_normal((r, 4))
    x = rng.standard_normal(4)
    enc = MDSCode(plan.n, plan.k).encode(A)
    payload = enc.prepare(x)
    results = {}
    # Workers arrive slowest first; decode as soon as enough blocks are in.
    for worker in reversed(range(len(loads))):
        shard = enc.shard(plan.assignment[worker])
        results.update(zip(shard.indices, shard.multiply(payload), strict=True))
        if enc.decodable(results):
            break
    np.testing.assert_allclose(enc.decode(results, payload), A @ x, rtol=1e-10, atol=1e-10)
