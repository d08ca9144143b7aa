"""The package's public surface: everything in ``__all__`` exists and nothing private leaks."""

import itertools

import numpy as np
import pytest

import coding


def test_all_names_exist_and_are_public():
    for name in coding.__all__:
        assert hasattr(coding, name), name
        assert not name.startswith("_")


def test_interface_the_runtime_uses_is_exported():
    expected = {
        "CodingError",
        "NotDecodableError",
        "MDSCode",
        "RepetitionCode",
        "EncodedMatrix",
        "CodedShard",
        "BlockPlan",
        "plan_blocks",
    }
    assert expected <= set(coding.__all__)


def test_every_error_is_a_coding_error_and_a_value_error():
    for error in (coding.NotDecodableError, coding.ConditioningError, coding.QuantizationError):
        assert issubclass(error, coding.CodingError)
    assert issubclass(coding.CodingError, ValueError)


def test_encode_returns_the_n_coded_blocks_and_decode_takes_plain_products():
    # The (n, k) contract in its plainest form: the encoding is the n coded blocks, and the
    # products of any k of them with x decode A @ x (checked against numpy's own product).
    rng = np.random.default_rng(0)
    A, X = rng.standard_normal((23, 5)), rng.standard_normal((5, 3))
    blocks = coding.MDSCode(7, 4).encode(A)
    assert len(blocks) == 7 and np.asarray(blocks).shape == (7, 6, 5)

    for subset in itertools.combinations(range(7), 4):
        y = blocks.decode({i: blocks[i] @ X[:, 0] for i in subset})
        assert np.allclose(y, A @ X[:, 0], rtol=1e-10, atol=1e-12)
        Y = blocks.decode({i: blocks[i] @ X for i in subset})
        assert np.allclose(Y, A @ X, rtol=1e-10, atol=1e-12)


def test_a_finite_field_decode_needs_its_payload():
    enc = coding.MDSCode(5, 3, field="gf").encode(np.ones((6, 2)))
    with pytest.raises(coding.CodingError, match="'payload'"):
        enc.decode({i: np.zeros(2, dtype=np.int64) for i in range(3)})
