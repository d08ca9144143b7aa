"""Bad input: one clear error naming the argument, always a ``CodingError``."""

from __future__ import annotations

import numpy as np
import pytest

from coding import CodingError, MDSCode, NotDecodableError, RepetitionCode, plan_blocks


@pytest.fixture(scope="module", params=["real", "gf"])
def enc(request):
    A = np.arange(30.0).reshape(10, 3)
    return MDSCode(6, 4, field=request.param).encode(A)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((3, 4), "'k'"),  # k > n
        ((3, 0), "'k'"),  # k < 1
        ((0, 0), "'n'"),
        ((3.5, 2), "'n'"),
        ((True, 1), "'n'"),
    ],
)
def test_bad_code_sizes(args, name):
    with pytest.raises(CodingError, match=f"Argument {name} must be"):
        MDSCode(*args)


def test_bad_field_and_construction():
    with pytest.raises(CodingError, match="'field'"):
        MDSCode(4, 2, field="complex")
    with pytest.raises(CodingError, match="'construction'"):
        MDSCode(4, 2, construction="hadamard")
    with pytest.raises(CodingError, match="'copies'"):
        RepetitionCode(3, 0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_matrix_and_vector(enc, bad):
    A = np.ones((4, 3))
    A[1, 2] = bad
    with pytest.raises(CodingError, match="Argument 'A' must be an array of finite numbers"):
        enc.code.encode(A)
    with pytest.raises(CodingError, match="Argument 'x' must be an array of finite numbers"):
        enc.prepare(np.array([1.0, bad, 0.0]))


def test_shape_mismatches(enc):
    with pytest.raises(CodingError, match="Argument 'A' must be a 2-dimensional"):
        enc.code.encode(np.ones(5))
    with pytest.raises(CodingError, match="Argument 'x' must be an array with 3 rows"):
        enc.prepare(np.ones(4))
    with pytest.raises(CodingError, match="Argument 'x' must be a 1-dimensional or 2"):
        enc.prepare(np.ones((3, 1, 1)))
    payload = enc.prepare(np.ones(3))
    results = {i: enc.shard([i]).multiply(payload)[0] for i in range(4)}
    results[2] = results[2][:-1]
    with pytest.raises(CodingError, match=r"Argument 'results\[2\]' must be an array of shape"):
        enc.decode(results, payload)


def test_block_indices_out_of_range_or_repeated(enc):
    with pytest.raises(CodingError, match="Argument 'indices' must be indices of coded blocks"):
        enc.shard([0, 6])
    with pytest.raises(CodingError, match="Argument 'indices' must be indices of coded blocks"):
        enc.decodable([-1, 0, 1, 2])
    with pytest.raises(CodingError, match="block twice"):
        enc.shard([1, 1])
    with pytest.raises(CodingError, match="block twice"):
        enc.decodable([0, 1, 2, 2])
    payload = enc.prepare(np.ones(3))
    with pytest.raises(CodingError, match="Argument 'results'"):
        enc.decode({7: np.zeros(enc.block_rows)}, payload)


def test_too_few_blocks_says_how_many(enc):
    payload = enc.prepare(np.ones(3))
    products = {i: enc.shard([i]).multiply(payload)[0] for i in (0, 4, 5)}
    with pytest.raises(NotDecodableError, match=r"from 3 coded blocks .* needs 4 distinct"):
        enc.decode(products, payload)
    assert not enc.decodable(products)


def test_payload_from_another_code_is_refused():
    real = MDSCode(4, 2).encode(np.ones((4, 3)))
    prime = MDSCode(4, 2, field="gf").encode(np.ones((4, 3)))
    with pytest.raises(CodingError, match="Argument 'payload'"):
        prime.shard([0]).multiply(real.prepare(np.ones(3)))


def test_bad_loads():
    with pytest.raises(CodingError, match="Argument 'loads' must be positive"):
        plan_blocks([10, 0], 20, 2)
    with pytest.raises(CodingError, match="Argument 'loads' must be an array of finite"):
        plan_blocks([10, np.nan], 20, 2)
    with pytest.raises(CodingError, match="Argument 'k' must be at most r"):
        plan_blocks([10, 10], 5, 6)
