"""The runtime's one validation helper: every option is checked here, once, at the boundary."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from runtime._exceptions import ConfigError


def check(name: str, value: Any, ok: bool, expected: str) -> None:
    """Raise ``ConfigError("Argument 'name' must be <expected>, not <value>.")`` unless ``ok``."""
    if not ok:
        raise ConfigError(f"Argument {name!r} must be {expected}, not {value!r}.")


def check_positive_int(name: str, value: Any) -> int:
    """Return ``value`` if it is an integer >= 1."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    check(name, value, is_int and value >= 1, "a positive integer")
    return int(value)


def check_positive_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and > 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    check(name, value, number > 0 and number != float("inf"), "a finite number > 0")
    return number


def check_choice(name: str, value: Any, choices: Collection[str]) -> str:
    """Return ``value`` if it is one of ``choices``."""
    check(name, value, value in choices, f"one of {', '.join(sorted(choices))}")
    return str(value)
