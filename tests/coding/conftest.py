"""Helpers shared by the coding tests: run a code end to end on chosen blocks."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from coding import EncodedMatrix, Payload


def all_products(enc: EncodedMatrix, payload: Payload) -> dict[int, np.ndarray]:
    """Every coded block's product, each computed by its own one-block shard."""
    return {i: enc.shard([i]).multiply(payload)[0] for i in range(enc.n)}


def decode_from(
    enc: EncodedMatrix, payload: Payload, products: dict[int, np.ndarray], subset: Iterable[int]
) -> np.ndarray:
    """Decode from the products of ``subset`` only."""
    return enc.decode({i: products[i] for i in subset}, payload)


def relative_error(got: np.ndarray, expected: np.ndarray) -> float:
    """Largest entry error relative to the largest entry of ``expected``."""
    return float(np.abs(got - expected).max() / np.abs(expected).max())
