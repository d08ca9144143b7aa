"""Recovering the ``k`` data-block products from any ``k`` received coded-block products.

Decoding solves ``G_S z = y_S`` for the stacked products ``y_S`` of the chosen blocks ``S``,
one factorization applied to every row and right-hand side at once. For a systematic code the
received data blocks are rows of the identity, so block elimination leaves an ``e x e`` system
for the ``e`` missing data blocks:

    P[R, M] z_M = y_R - P[R, K] y_K

with ``K`` the received data blocks, ``M`` the missing ones and ``R`` the first ``e`` received
parity blocks. With every data block received (``e = 0``) no solve is needed. Factorizations
are cached per chosen set, since the same fast workers tend to arrive first round after round.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg

from coding._generator import Generator
from coding._modular import centered, load_galois, matmul_mod

CACHE_SIZE = 256


@dataclass(frozen=True)
class Selection:
    """The blocks a systematic decode uses: received data ``kept``, ``missing`` and ``parity``."""

    kept: tuple[int, ...]
    missing: tuple[int, ...]
    parity: tuple[int, ...]


def select(received: list[int], k: int) -> Selection:
    """Received data blocks, the missing ones and the first parity blocks that replace them."""
    kept = tuple(i for i in received if i < k)
    missing = tuple(sorted(set(range(k)).difference(kept)))
    parity = tuple(i for i in received if i >= k)[: len(missing)]
    return Selection(kept, missing, parity)


class _Cache:
    """A small least-recently-used map from a chosen block set to its factorization."""

    def __init__(self) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any, build: Callable[[], Any]) -> Any:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = build()
        self._items[key] = value
        if len(self._items) > CACHE_SIZE:
            self._items.popitem(last=False)
        return value


class RealDecoder:
    """Recovers float products of the data blocks for a real generator."""

    def __init__(self, generator: Generator) -> None:
        self.generator = generator
        self._cache = _Cache()

    def recover(self, results: Mapping[int, np.ndarray]) -> np.ndarray:
        """The ``(k, b, ...)`` data-block products from at least ``k`` received ones."""
        k = self.generator.k
        received = sorted(results)
        if not self.generator.systematic:
            chosen = tuple(received[:k])
            lu = self._cache.get(chosen, lambda: scipy.linalg.lu_factor(self._rows(chosen)))
            y = np.stack([results[i] for i in chosen])
            return scipy.linalg.lu_solve(lu, y.reshape(k, -1)).reshape(y.shape)

        sel = select(received, k)
        y_kept = np.stack([results[i] for i in sel.kept]) if sel.kept else None
        if not sel.missing:
            return y_kept

        # Block elimination: P[R, M] z_M = y_R - P[R, K] y_K.
        lu, b = self._cache.get(sel, lambda: self._factor(sel))
        y_parity = np.stack([results[i] for i in sel.parity])
        rhs = y_parity.reshape(len(sel.parity), -1)
        if y_kept is not None:
            rhs = rhs - b @ y_kept.reshape(len(sel.kept), -1)
        z = scipy.linalg.lu_solve(lu, rhs)

        out = np.empty((k, *y_parity.shape[1:]))
        out[list(sel.missing)] = z.reshape((len(sel.missing), *y_parity.shape[1:]))
        if y_kept is not None:
            out[list(sel.kept)] = y_kept
        return out

    def _rows(self, chosen: tuple[int, ...]) -> np.ndarray:
        return self.generator.matrix[list(chosen)]

    def _factor(self, sel: Selection) -> tuple[Any, np.ndarray]:
        parity = self.generator.matrix[[i - self.generator.k for i in sel.parity]]
        return scipy.linalg.lu_factor(parity[:, list(sel.missing)]), parity[:, list(sel.kept)]


class PrimeDecoder:
    """Recovers centered residues of the data-block products modulo one prime ``p``."""

    def __init__(self, generator: Generator, p: int) -> None:
        self.generator = generator
        self.p = p
        self._field = load_galois().GF(p, compile="jit-calculate")
        self._parity = centered(generator.matrix.astype(np.float64), p)
        self._cache = _Cache()

    def recover(
        self, sel: Selection, y_kept: np.ndarray | None, y_parity: np.ndarray
    ) -> np.ndarray:
        """Residues ``z_M`` (flattened per block) of the missing data blocks, exactly mod ``p``."""
        inverse, b = self._cache.get(sel, lambda: self._invert(sel))
        rhs = y_parity
        if y_kept is not None:
            rhs = centered(rhs - matmul_mod(b, y_kept, self.p), self.p)
        return matmul_mod(inverse, rhs, self.p)

    def _invert(self, sel: Selection) -> tuple[np.ndarray, np.ndarray]:
        k = self.generator.k
        rows = self.generator.matrix[[i - k for i in sel.parity]]

        # The e x e inverse over GF(p) by galois, kept as centered float residues.
        square = self._field(rows[:, list(sel.missing)])
        inverse = np.linalg.inv(square).view(np.ndarray).astype(np.float64)
        b = self._parity[[i - k for i in sel.parity]][:, list(sel.kept)]
        return centered(inverse, self.p), b
