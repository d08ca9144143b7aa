"""The package's one validation helper: public entry points check their input here, once.

Every message has the form ``Argument 'name' must be <expected>, not <got>.``; the kernels
behind the public methods trust what passed through here and stay lean.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from coding._exceptions import CodingError


def describe(value: Any) -> str:
    """A short description of ``value`` for an error message (arrays by shape, not contents)."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fail(name: str, expected: str, got: Any, error: type[CodingError] = CodingError) -> None:
    """Raise ``error`` with the package's single message form."""
    raise error(f"Argument {name!r} must be {expected}, not {describe(got)}.")


def check(name: str, value: Any, ok: bool, expected: str) -> None:
    """Raise a ``CodingError`` naming ``name`` unless ``ok``."""
    if not ok:
        fail(name, expected, value)


def integer(name: str, value: Any, minimum: int = 1) -> int:
    """``value`` as an ``int`` of at least ``minimum`` (bools and non-integral floats refused)."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    check(name, value, ok and value >= minimum, f"an integer >= {minimum}")
    return int(value)


def finite_array(name: str, value: Any, ndims: tuple[int, ...]) -> np.ndarray:
    """``value`` as a finite float64 array with one of the dimensionalities in ``ndims``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        fail(name, "an array of real numbers", value)
    expected = " or ".join(f"{d}-dimensional" for d in ndims)
    check(name, value, array.ndim in ndims, f"a {expected} array")
    check(name, value, array.size > 0, "a non-empty array")
    check(name, value, bool(np.isfinite(array).all()), "an array of finite numbers")
    return array


def block_indices(name: str, value: Any, n: int) -> tuple[int, ...]:
    """``value`` as a tuple of distinct coded-block indices in ``range(n)``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        fail(name, "an iterable of coded-block indices", value)
    indices = tuple(value)
    for i in indices:
        ok = isinstance(i, (int, np.integer)) and not isinstance(i, bool)
        check(name, value, ok and 0 <= i < n, f"indices of coded blocks in range(0, {n})")
    check(name, value, len(set(indices)) == len(indices), "distinct indices (a block twice)")
    return tuple(int(i) for i in indices)
