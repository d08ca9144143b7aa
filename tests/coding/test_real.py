"""Real-valued MDS codes: decoding from any k blocks, against numpy's own product ``A @ x``."""

from __future__ import annotations

import itertools
import logging
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding import (
    REAL_CONSTRUCTIONS,
    ConditioningError,
    MDSCode,
    subset_condition,
    worst_condition,
)
from coding._generator import real_generator

from .conftest import all_products, decode_from, relative_error


@pytest.mark.parametrize("construction", REAL_CONSTRUCTIONS)
@pytest.mark.parametrize(("n", "k"), [(5, 3), (7, 4), (8, 8), (6, 1)])
def test_every_k_subset_decodes(construction, n, k):
    # r = 23 is not a multiple of k (except k = 1), so the last block is zero-padded.
    rng = np.random.default_rng(n * 10 + k)
    A = rng.standard_normal((23, 9))
    x = rng.standard_normal(9)
    enc = MDSCode(n, k, construction=construction).encode(A)
    payload = enc.prepare(x)
    products = all_products(enc, payload)

    for subset in itertools.combinations(range(n), k):
        y = decode_from(enc, payload, products, subset)
        assert y.shape == (23,)
        assert relative_error(y, A @ x) < 1e-12, subset


def test_several_right_hand_sides_decode_like_one_at_a_time():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((40, 6))
    X = rng.standard_normal((6, 4))
    enc = MDSCode(9, 6).encode(A)
    payload = enc.prepare(X)
    products = all_products(enc, payload)
    assert products[0].shape == (enc.block_rows, 4)

    for subset in [(0, 1, 2, 3, 4, 5), (3, 4, 5, 6, 7, 8), (0, 2, 4, 6, 7, 8)]:
        Y = decode_from(enc, payload, products, subset)
        assert Y.shape == (40, 4)
        assert relative_error(Y, A @ X) < 1e-12


@pytest.mark.parametrize(("n", "k", "bound"), [(32, 24, 1e-9), (64, 48, 1e-8)])
def test_default_construction_error_at_scale(n, k, bound):
    # Random subsets, half of them using every parity block (the hardest decodes).
    rng = np.random.default_rng(n)
    A = rng.standard_normal((10 * k + 3, 20))
    x = rng.standard_normal(20)
    enc = MDSCode(n, k).encode(A)
    payload = enc.prepare(x)
    products = all_products(enc, payload)

    worst = 0.0
    for trial in range(60):
        if trial % 2:
            kept = rng.choice(k, size=k - (n - k), replace=False).tolist()
            subset = kept + list(range(k, n))
        else:
            subset = rng.choice(n, size=k, replace=False).tolist()
        worst = max(worst, relative_error(decode_from(enc, payload, products, subset), A @ x))
    assert worst <= bound


def test_all_systematic_blocks_decode_without_a_solve():
    # The decode is then a copy of the received products: equal bit for bit.
    rng = np.random.default_rng(4)
    A = rng.standard_normal((30, 5))
    enc = MDSCode(10, 6).encode(A)
    payload = enc.prepare(rng.standard_normal(5))
    products = all_products(enc, payload)
    y = decode_from(enc, payload, products, [9, 0, 1, 2, 3, 4, 5])
    np.testing.assert_array_equal(y, np.concatenate([products[i] for i in range(6)])[:30])


def test_systematic_blocks_are_the_data_and_shards_pickle():
    rng = np.random.default_rng(5)
    A = rng.standard_normal((12, 3))
    enc = MDSCode(6, 4).encode(A)
    np.testing.assert_array_equal(enc.blocks[:4].reshape(12, 3), A)

    shard = pickle.loads(pickle.dumps(enc.shard([4, 1])))
    payload = pickle.loads(pickle.dumps(enc.prepare(np.ones(3))))
    assert shard.indices == (4, 1)
    out = shard.multiply(payload)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out[1], A[3:6].sum(axis=1), rtol=1e-14)


@pytest.mark.parametrize("construction", REAL_CONSTRUCTIONS)
def test_structured_condition_number_matches_numpy(construction):
    # Independent: numpy's SVD-based condition number of the full k x k decode matrix.
    generator = real_generator(construction, 11, 7, seed=2)
    full = generator.full()
    for subset in itertools.combinations(range(11), 7):
        expected = np.linalg.cond(full[list(subset)])
        assert subset_condition(generator, subset) == pytest.approx(expected, rel=1e-6)


def test_exhaustive_worst_case_is_the_brute_force_maximum():
    generator = real_generator("gaussian", 10, 6, seed=0)
    report = worst_condition(generator)
    full = generator.full()
    brute = max(np.linalg.cond(full[list(s)]) for s in itertools.combinations(range(10), 6))
    assert report.exhaustive
    assert report.subsets == 210
    assert report.worst == pytest.approx(brute, rel=1e-6)


def test_ill_conditioned_code_is_refused_with_a_remedy():
    with pytest.raises(ValueError, match="construction='gaussian'") as info:
        MDSCode(64, 48, construction="vandermonde")
    assert "digits lost" in str(info.value)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 12),
    data=st.data(),
    r=st.integers(1, 40),
    s=st.integers(1, 6),
    q=st.integers(0, 3),
)
def test_hypothesis_shapes_and_subsets(n, data, r, s, q):
    k = data.draw(st.integers(1, n))
    subset = data.draw(st.permutations(range(n)))[: data.draw(st.integers(k, n))]
    rng = np.random.default_rng(r * 100 + s)
    A = rng.standard_normal((r, s))
    x = rng.standard_normal((s, q)) if q else rng.standard_normal(s)
    enc = MDSCode(n, k).encode(A)
    payload = enc.prepare(x)
    shard = enc.shard(subset)
    out = shard.multiply(payload)
    y = enc.decode(dict(zip(subset, out, strict=True)), payload)
    assert y.shape == (A @ x).shape
    np.testing.assert_allclose(y, A @ x, rtol=1e-9, atol=1e-9 * np.abs(A @ x).max())


def test_auto_draws_again_with_a_warning_then_refuses(caplog):
    # A threshold no (12, 6) code meets: every re-draw is logged, then the code is refused.
    caplog.set_level(logging.WARNING, logger="coding")
    with pytest.raises(ConditioningError, match="smaller n - k or field='gf'"):
        MDSCode(12, 6, max_condition=1.5)
    redraws = [r for r in caplog.records if "drawing again" in r.getMessage()]
    assert len(redraws) == 4


def test_auto_keeps_the_first_seed_that_passes():
    # The measured worst case of seed 0 decides whether seed 1 is drawn at all.
    first = worst_condition(real_generator("gaussian", 12, 6, seed=0)).worst
    second = worst_condition(real_generator("gaussian", 12, 6, seed=1)).worst
    threshold = (first + second) / 2
    code = MDSCode(12, 6, max_condition=threshold)
    assert code.seed == (0 if first <= threshold else 1)
    assert code.condition.worst <= threshold
