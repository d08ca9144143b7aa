"""The shifted-exponential finish-time law of a worker given a number of rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from incentives import _validate


@dataclass(frozen=True)
class FinishTimeLaw:
    """``T = rows * (a + Y)`` with ``Y ~ Exponential(rate mu)``.

    ``mu`` and ``a`` may be scalars or equal-shape arrays (one entry per worker); every method
    broadcasts them against its ``rows`` and ``t`` arguments.

    >>> law = FinishTimeLaw(mu=50.0, a=0.012)
    >>> round(law.mean(10), 3)
    0.32
    """

    mu: float | np.ndarray
    a: float | np.ndarray

    def __post_init__(self) -> None:
        for name in ("mu", "a"):
            value = getattr(self, name)
            if np.ndim(value) == 0:
                checked = _validate.number(name, value, positive=True)
            else:
                checked = _validate.array(name, value, positive=True)
            object.__setattr__(self, name, checked)

    def sample(
        self, rows: ArrayLike, rng: np.random.Generator, size: int | tuple[int, ...] | None = None
    ) -> np.ndarray:
        """Draw finish times; ``size`` defaults to the broadcast shape of the arguments."""
        rows = np.asarray(rows, dtype=float)
        if size is None:
            size = np.broadcast_shapes(rows.shape, np.shape(self.mu), np.shape(self.a))
        y = rng.exponential(1.0, size=size) / self.mu
        return rows * (self.a + y)

    def cdf(self, t: ArrayLike, rows: ArrayLike) -> np.ndarray:
        """``P(T <= t) = 1 - exp(-mu (t / rows - a))`` for ``t >= a rows``, else 0."""
        t = np.asarray(t, dtype=float)
        rows = np.asarray(rows, dtype=float)
        excess = np.maximum(t / rows - self.a, 0.0)
        return -np.expm1(-self.mu * excess)

    def mean(self, rows: ArrayLike) -> np.ndarray | float:
        """``E[T] = rows (a + 1 / mu)``."""
        return np.asarray(rows, dtype=float) * (self.a + 1.0 / self.mu)
