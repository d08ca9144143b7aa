"""The package's one validation helper: every public function checks its input here, once.

Every message has the form ``Argument 'name' must be <expected>, not <got>.`` so a user sees
what was wrong and what was expected in one line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np

from incentives._exceptions import IncentiveError, ParameterError

SCENARIOS = ("complete", "incomplete", "cost-only")


class Described(str):
    """A description of the offending input, shown without quotes (``an empty file``)."""

    def __repr__(self) -> str:
        return str(self)


def error(
    name: str, expected: str, got: Any, cls: type[IncentiveError] = ParameterError
) -> IncentiveError:
    """The package's single message form, as an exception of class ``cls``."""
    return cls(f"Argument {name!r} must be {expected}, not {got!r}.")


def fail(
    name: str, expected: str, got: Any, cls: type[IncentiveError] = ParameterError
) -> NoReturn:
    """Raise ``error(name, expected, got, cls)``."""
    raise error(name, expected, got, cls)


def number(
    name: str,
    value: Any,
    *,
    positive: bool = False,
    nonnegative: bool = False,
    cls: type[IncentiveError] = ParameterError,
) -> float:
    """``value`` as a finite float, optionally required to be positive or non-negative."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        fail(name, "a real number", value, cls)
    x = float(value)
    if not math.isfinite(x):
        fail(name, "a finite number", value, cls)
    if positive and x <= 0:
        fail(name, "a positive number", value, cls)
    if nonnegative and x < 0:
        fail(name, "a non-negative number", value, cls)
    return x


def count(name: str, value: Any, cls: type[IncentiveError] = ParameterError) -> int:
    """``value`` as a positive integer; integral floats such as ``2.0`` are accepted."""
    if isinstance(value, bool):
        fail(name, "a positive integer", value, cls)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or value != int(value):
            fail(name, "a positive integer", value, cls)
        value = int(value)
    if not isinstance(value, (int, np.integer)) or value < 1:
        fail(name, "a positive integer", value, cls)
    return int(value)


def scenario(value: Any) -> str:
    """``value`` if it names one of the three mechanisms."""
    if value not in SCENARIOS:
        fail("scenario", "one of " + ", ".join(repr(s) for s in SCENARIOS), value)
    return str(value)


def array(
    name: str,
    values: Any,
    *,
    positive: bool = False,
    nonnegative: bool = False,
    cls: type[IncentiveError] = ParameterError,
) -> np.ndarray:
    """``values`` as a non-empty 1-D float array of finite numbers with the requested sign."""
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        fail(name, "an array of real numbers", Described("non-numeric values"), cls)
    if x.ndim != 1 or x.size == 0:
        fail(name, "a non-empty 1-D array", Described(f"shape {x.shape}"), cls)
    bad = ~np.isfinite(x)
    if positive:
        bad |= x <= 0
    if nonnegative:
        bad |= x < 0
    if bad.any():
        sign = "positive " if positive else "non-negative " if nonnegative else ""
        fail(name, f"an array of {sign}finite numbers", float(x[np.argmax(bad)]), cls)
    return x


def same_length(names: Sequence[str], arrays: Sequence[np.ndarray]) -> None:
    """Refuse arrays of different lengths, naming the first one that differs."""
    for name, x in zip(names[1:], arrays[1:], strict=True):
        if x.shape != arrays[0].shape:
            fail(name, f"of the same length as {names[0]!r} ({arrays[0].size})", x.size)
