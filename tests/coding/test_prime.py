"""Finite-field MDS codes: exact in the field (checked with galois), then dequantized."""

from __future__ import annotations

import itertools

import galois
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding import MDSCode, QuantizationError

from .conftest import all_products


def vandermonde_generator(n: int, k: int, p: int) -> galois.FieldArray:
    """Systematic Reed–Solomon generator at points 0..n-1 by galois: V @ inv(V[:k])."""
    field = galois.GF(p)
    v = field(np.arange(n))[:, None] ** np.arange(k)[None, :]
    return v @ np.linalg.inv(v[:k])


def quantized_rows(A: np.ndarray, enc) -> np.ndarray:
    """``A_q`` as exact Python integers, from the encoding's per-row scales."""
    q = np.rint(A / enc.row_scale[:, None])
    assert np.abs(q).max() <= enc.layout.levels_a
    return q.astype(np.int64).astype(object)


def test_coded_blocks_and_products_are_exact_in_every_field():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((21, 8))
    x = rng.standard_normal(8)
    n, k = 7, 4
    enc = MDSCode(n, k, field="gf").encode(A)
    payload = enc.prepare(x)
    products = all_products(enc, payload)
    b = enc.block_rows

    a_q = np.zeros((k * b, 8), dtype=object)
    a_q[:21] = quantized_rows(A, enc)
    x_q = payload.operand.astype(np.int64)
    for p in enc.layout.primes:
        field = galois.GF(p)
        g = vandermonde_generator(n, k, p)
        data = field(np.mod(a_q, p).astype(np.int64).reshape(k, b * 8))
        expected_blocks = (g @ data).reshape(n, b, 8)
        np.testing.assert_array_equal(enc.blocks % p, expected_blocks)

        expected_products = expected_blocks @ field(np.mod(x_q, p))
        for i in range(n):
            np.testing.assert_array_equal(products[i] % p, expected_products[i])


@pytest.mark.parametrize("moduli", [1, 2, 3])
def test_every_subset_decodes_the_exact_integer_product(moduli):
    # Independent: the product of the quantized integers in Python's exact integers.
    rng = np.random.default_rng(moduli)
    A = rng.standard_normal((17, 6)) * rng.uniform(0.1, 100, size=(17, 1))
    X = rng.standard_normal((6, 2))
    n, k = 7, 3
    enc = MDSCode(n, k, field="gf", moduli=moduli).encode(A)
    payload = enc.prepare(X)
    products = all_products(enc, payload)
    exact = quantized_rows(A, enc) @ payload.operand.astype(np.int64).astype(object)

    for subset in itertools.combinations(range(n), k):
        got = enc.decode_integers({i: products[i] for i in subset}, payload)
        np.testing.assert_array_equal(got.astype(object), exact)


@pytest.mark.parametrize("moduli", [1, 2, 3])
def test_dequantized_error_within_the_stated_bound(moduli):
    rng = np.random.default_rng(10 + moduli)
    A = rng.standard_normal((50, 30)) * rng.uniform(0.01, 10, size=(50, 1))
    X = rng.standard_normal((30, 3)) * np.array([1e-3, 1.0, 1e3])
    enc = MDSCode(9, 5, field="gf", moduli=moduli).encode(A)
    payload = enc.prepare(X)
    products = all_products(enc, payload)
    y = enc.decode({i: products[i] for i in (8, 7, 6, 0, 1)}, payload)

    # |A x - y|_i <= (scale/2)|A_i|_1 + (row_scale_i/2)|x|_1 + s row_scale_i scale / 4,
    # plus float64 rounding of the two products (relative 1e-12 of |A| |x|).
    row, col = enc.row_scale[:, None], payload.scale[None, :]
    abs_a, abs_x = np.abs(A).sum(axis=1, keepdims=True), np.abs(X).sum(axis=0, keepdims=True)
    bound = col / 2 * abs_a + row / 2 * abs_x + 30 * row * col / 4
    rounding = 1e-12 * np.abs(A) @ np.abs(X)
    error = np.abs(A @ X - y)
    assert (error <= bound + rounding).all()
    assert error.max() > 0  # quantization is real: the bound is not vacuous here

    # The encoding's own bound reads |x|_1 off the quantized payload, so it is at least as wide.
    reported = enc.error_bound(payload)
    assert reported.shape == error.shape
    assert (error <= reported + rounding).all()
    assert (reported >= bound * (1 - 1e-12)).all()
    assert (reported <= bound + 30 * row * col).all()


def test_error_bound_of_a_real_code_is_zero_and_shaped_like_the_product():
    enc = MDSCode(6, 4).encode(np.ones((10, 3)))
    assert np.array_equal(enc.error_bound(enc.prepare(np.ones(3))), np.zeros(10))
    assert enc.error_bound(enc.prepare(np.ones((3, 2)))).shape == (10, 2)


def test_extreme_values_do_not_wrap_around():
    # Every product term at its largest magnitude with the same sign: the largest |A_q x_q|.
    s = 40
    A = np.full((6, s), -3.0)
    x = np.full(s, 7.0)
    enc = MDSCode(5, 2, field="gf").encode(A)
    payload = enc.prepare(x)
    products = all_products(enc, payload)
    levels = enc.layout.levels_a * enc.layout.levels_x
    got = enc.decode_integers({i: products[i] for i in (2, 4)}, payload)
    np.testing.assert_array_equal(got, np.full(6, -s * levels))
    np.testing.assert_allclose(enc.decode({3: products[3], 4: products[4]}, payload), A @ x)


def test_zero_operands_decode_to_zero():
    enc = MDSCode(4, 2, field="gf").encode(np.zeros((4, 3)))
    payload = enc.prepare(np.zeros(3))
    products = all_products(enc, payload)
    np.testing.assert_array_equal(enc.decode({2: products[2], 3: products[3]}, payload), 0.0)


def test_too_many_columns_for_one_prime_is_refused():
    with pytest.raises(QuantizationError, match="moduli"):
        MDSCode(4, 2, field="gf", moduli=1).encode(np.ones((4, 100_000)))


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(1, 9),
    data=st.data(),
    r=st.integers(1, 30),
    s=st.integers(1, 5),
    q=st.integers(0, 2),
)
def test_hypothesis_shapes_and_subsets_decode_exactly(n, data, r, s, q):
    # Independent: Python's exact integers for A_q @ x_q.
    k = data.draw(st.integers(1, n))
    subset = data.draw(st.permutations(range(n)))[: data.draw(st.integers(k, n))]
    rng = np.random.default_rng(r * 10 + s)
    A = rng.standard_normal((r, s))
    x = rng.standard_normal((s, q)) if q else rng.standard_normal(s)
    enc = MDSCode(n, k, field="gf").encode(A)
    payload = enc.prepare(x)
    out = enc.shard(subset).multiply(payload)
    got = enc.decode_integers(dict(zip(subset, out, strict=True)), payload)
    exact = quantized_rows(A, enc) @ payload.operand.astype(np.int64).astype(object)
    np.testing.assert_array_equal(got.astype(object), exact)
