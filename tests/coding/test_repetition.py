"""Uncoded and replicated baselines: which block sets decode, and what they decode to."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from coding import NotDecodableError, RepetitionCode

from .conftest import all_products


def test_uncoded_needs_every_block():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((10, 4))
    x = rng.standard_normal(4)
    enc = RepetitionCode(3, 1).encode(A)
    assert (enc.n, enc.k, enc.block_rows) == (3, 3, 4)
    payload = enc.prepare(x)
    products = all_products(enc, payload)
    np.testing.assert_allclose(enc.decode(products, payload), A @ x, rtol=1e-13)
    assert not enc.decodable([0, 2])
    with pytest.raises(NotDecodableError, match="2 coded blocks"):
        enc.decode({0: products[0], 2: products[2]}, payload)


def test_replication_decodes_exactly_when_each_block_arrived_once():
    # Brute force over every subset of the 2k coded blocks.
    rng = np.random.default_rng(1)
    k = 3
    A = rng.standard_normal((9, 2))
    X = rng.standard_normal((2, 2))
    code = RepetitionCode(k, 2)
    enc = code.encode(A)
    np.testing.assert_array_equal(enc.blocks[:k], enc.blocks[k:])
    payload = enc.prepare(X)
    products = all_products(enc, payload)

    for size in range(1, 2 * k + 1):
        for subset in itertools.combinations(range(2 * k), size):
            covers = {i % k for i in subset} == set(range(k))
            assert code.decodable(subset) == covers
            if covers:
                y = enc.decode({i: products[i] for i in subset}, payload)
                np.testing.assert_allclose(y, A @ X, rtol=1e-13)
