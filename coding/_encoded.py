"""An encoded matrix, the shards workers hold, and the per-round payload they multiply by.

The platform encodes ``A`` once (``EncodedMatrix``), hands each worker a ``CodedShard`` with
its coded blocks, and every round broadcasts ``prepare(x)``; each worker returns
``shard.multiply(payload)`` and the platform decodes ``A @ x`` from the first decodable set.
Shards and payloads are small frozen dataclasses of numpy arrays, so they pickle cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coding import _validation as v
from coding._decoding import Selection, select
from coding._exceptions import CodingError, NotDecodableError
from coding._modular import (
    ModularLayout,
    garner,
    residues_of,
    signed,
    worker_product,
)

if TYPE_CHECKING:
    from coding._mds import MDSCode
    from coding._repetition import RepetitionCode


@dataclass(frozen=True, eq=False)
class Payload:
    """What a round broadcasts: ``x`` as ``(s,)`` or ``(s, q)``, ready for the shards.

    Real codes carry ``x`` as float64 and ``scale`` is ``None``. Finite-field codes carry the
    quantized integers ``x_q`` (held as float64) and the per-column ``scale`` with
    ``x ~ scale * x_q``; ``primes`` names the code the payload belongs to.
    """

    operand: np.ndarray
    scale: np.ndarray | None = None
    primes: tuple[int, ...] = ()

    @property
    def vector(self) -> bool:
        """Whether ``x`` was a single vector (products then drop the last axis)."""
        return self.operand.ndim == 1


@dataclass(frozen=True, eq=False)
class CodedShard:
    """A worker's coded blocks ``indices``: ``(g, b, s)`` floats, or residues per prime.

    For a finite-field code ``data`` holds the centered residues ``(m, g, b, s)`` of the coded
    blocks modulo each of ``primes``.
    """

    indices: tuple[int, ...]
    data: np.ndarray
    primes: tuple[int, ...] = ()

    def multiply(self, payload: Payload) -> np.ndarray:
        """The products of the held blocks with ``x``: ``(g, b)`` or ``(g, b, q)``.

        One BLAS call for all blocks (and all primes); finite-field products come back as
        int64 values in ``[0, P)``, exact.
        """
        if payload.primes != self.primes:
            raise CodingError(
                f"Argument 'payload' must come from the code of this shard (primes "
                f"{self.primes}), not one with primes {payload.primes}."
            )
        s = self.data.shape[-1]
        if payload.operand.shape[0] != s:
            v.fail("payload", f"an operand with {s} rows", payload.operand)

        g, b = len(self.indices), self.data.shape[-2]
        tail = payload.operand.shape[1:]
        if not self.primes:
            return (self.data.reshape(g * b, s) @ payload.operand).reshape((g, b, *tail))

        m = len(self.primes)
        primes = np.asarray(self.primes, dtype=np.float64)
        flat = self.data.reshape(m, g * b, s)
        return worker_product(flat, payload.operand, primes, self.primes).reshape((g, b, *tail))


class EncodedMatrix:
    """``A`` (``r x s``) encoded into ``n`` coded blocks of ``block_rows`` rows each.

    ``blocks`` is ``(n, b, s)``: floats for a real code; for a finite-field code the coded
    blocks of the quantized ``A`` as int64 elements of ``Z/P`` (``P`` the product of the
    primes). ``row_scale`` (finite field only) gives ``A ~ row_scale[:, None] * A_q``.
    """

    def __init__(
        self,
        code: MDSCode | RepetitionCode,
        r: int,
        s: int,
        data: np.ndarray,
        layout: ModularLayout | None = None,
        row_scale: np.ndarray | None = None,
        row_l1: np.ndarray | None = None,
    ) -> None:
        self.code = code
        self.r = r
        self.s = s
        self.block_rows = data.shape[-2]
        self.layout = layout
        self.row_scale = row_scale
        self.row_l1 = row_l1
        self._data = data
        self._primes = layout.primes if layout is not None else ()
        self._blocks: np.ndarray | None = None if layout is not None else data

    @property
    def n(self) -> int:
        """The number of coded blocks."""
        return self.code.n

    @property
    def k(self) -> int:
        """The number of coded blocks any decodable set needs."""
        return self.code.k

    @property
    def blocks(self) -> np.ndarray:
        """The ``n`` coded blocks, ``(n, b, s)``."""
        if self._blocks is None:
            assert self.layout is not None
            self._blocks = garner(self._data.astype(np.int64), self._primes)
        return self._blocks

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> np.ndarray:
        """Coded block ``i``, ``(b, s)``."""
        return self.blocks[i]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.blocks if dtype is None else self.blocks.astype(dtype)

    def __repr__(self) -> str:
        return (
            f"EncodedMatrix(r={self.r}, s={self.s}, n={self.n}, k={self.k}, "
            f"block_rows={self.block_rows}, field={self.code.field!r})"
        )

    def decodable(self, indices: Iterable[int]) -> bool:
        """Whether the coded blocks ``indices`` determine ``A @ x``."""
        return self.code.decodable(indices)

    def shard(self, indices: Iterable[int]) -> CodedShard:
        """A picklable shard holding copies of just the coded blocks ``indices``."""
        chosen = v.block_indices("indices", indices, self.n)
        v.check("indices", indices, len(chosen) > 0, "at least one coded-block index")
        if not self._primes:
            return CodedShard(chosen, np.ascontiguousarray(self._data[list(chosen)]))
        data = np.ascontiguousarray(self._data[:, list(chosen)])
        return CodedShard(chosen, data, self._primes)

    def prepare(self, x: Any) -> Payload:
        """The payload of one round for ``x``, ``(s,)`` or ``(s, q)``."""
        x = v.finite_array("x", x, (1, 2))
        v.check("x", x, x.shape[0] == self.s, f"an array with {self.s} rows (A has s={self.s})")
        if self.layout is None:
            return Payload(np.ascontiguousarray(x))

        # Per column: x ~ scale * x_q with integers |x_q| <= levels_x.
        levels = self.layout.levels_x
        peak = np.abs(x).max(axis=0)
        scale = np.where(peak > 0, peak / levels, 1.0)
        quantized = np.clip(np.rint(x / scale), -levels, levels)
        return Payload(np.ascontiguousarray(quantized), np.atleast_1d(scale), self._primes)

    def decode(self, results: Mapping[int, Any], payload: Payload | None = None) -> np.ndarray:
        """``A @ x`` from the products of at least ``k`` coded blocks: ``(r,)`` or ``(r, q)``.

        ``payload`` is the round's ``prepare(x)``; a real code may omit it and decode plain
        products ``blocks[i] @ x`` (their shape then comes from the results).

        For a finite-field code, with ``A = row_scale (A_q + E_A)`` and ``x = scale (x_q + E_x)``,
        ``|E| <= 1/2`` entrywise, the error of row ``i`` is bounded by

            |A x - y|_i <= (scale/2) |A_i|_1 + (row_scale_i/2) |x|_1 + s row_scale_i scale / 4

        (per column of ``x``), since ``y`` is ``row_scale scale A_q x_q`` computed exactly; the
        per-row and per-column scales are ``max |A_i| / levels_a`` and ``max |x| / levels_x``.
        Real codes: the error is that of one ``e x e`` solve, ``e`` the missing data blocks.
        """
        if self.layout is None:
            checked = self._checked(results, payload)
            return self._unblock(self.code._recover(checked))

        integers = self.decode_integers(results, payload)
        assert self.row_scale is not None and payload.scale is not None
        if payload.vector:
            return integers.astype(np.float64) * self.row_scale * payload.scale[0]
        return integers.astype(np.float64) * self.row_scale[:, None] * payload.scale

    def error_bound(self, payload: Payload) -> np.ndarray:
        """Entrywise bound on ``|A x - decode(...)|`` from quantization: ``(r,)`` or ``(r, q)``.

        The bound of :meth:`decode`, with ``|x|_1 <= scale (|x_q|_1 + s/2)`` read off the
        payload. Zero for a real code, whose only error is floating-point rounding.
        """
        shape = (self.r, *payload.operand.shape[1:])
        if self.layout is None:
            return np.zeros(shape)

        assert self.row_scale is not None and self.row_l1 is not None
        assert payload.scale is not None
        # A zero column of x is exact (its scale is a placeholder), so it adds no error.
        magnitude = np.abs(payload.operand).reshape(self.s, -1)
        scale = np.where(magnitude.max(axis=0) > 0, payload.scale, 0.0)
        row = self.row_scale[:, None]
        col = scale[None, :]
        x_l1 = scale * (magnitude.sum(axis=0) + self.s / 2)
        bound = col / 2 * self.row_l1[:, None] + row / 2 * x_l1[None, :] + self.s * row * col / 4
        return bound.reshape(shape)

    def decode_integers(self, results: Mapping[int, Any], payload: Payload) -> np.ndarray:
        """Finite field only: the exact integers ``A_q @ x_q``, int64, ``(r,)`` or ``(r, q)``."""
        if self.layout is None:
            raise CodingError("decode_integers needs a finite-field encoding (field='gf').")
        checked = self._checked(results, payload)
        sel = select(sorted(checked), self.k)
        y_kept = np.stack([checked[i] for i in sel.kept]) if sel.kept else None
        if not sel.missing:
            return self._unblock(signed(y_kept, self.layout.modulus))

        # Decode modulo each prime, then combine the primes' residues.
        y_parity = np.stack([checked[i] for i in sel.parity])
        shape = (self.k, *y_parity.shape[1:])
        per_prime = self._recover_residues(sel, y_kept, y_parity)
        combined = garner(per_prime.astype(np.int64), self._primes).reshape(shape)
        return self._unblock(signed(combined, self.layout.modulus))

    def _recover_residues(
        self, sel: Selection, y_kept: np.ndarray | None, y_parity: np.ndarray
    ) -> np.ndarray:
        """Centered residues ``(m, k, b * q)`` of every data block's product, one per prime."""
        kept = residues_of(y_kept, self._primes) if y_kept is not None else None
        parity = residues_of(y_parity, self._primes)
        out = np.empty((len(self._primes), self.k, y_parity[0].size))
        for j, decoder in enumerate(self.code._prime_decoders(self._primes)):
            flat_kept = kept[j].reshape(len(sel.kept), -1) if kept is not None else None
            flat_parity = parity[j].reshape(len(sel.parity), -1)
            out[j, list(sel.missing)] = decoder.recover(sel, flat_kept, flat_parity)
            if flat_kept is not None:
                out[j, list(sel.kept)] = flat_kept
        return out

    def _checked(
        self, results: Mapping[int, Any], payload: Payload | None
    ) -> dict[int, np.ndarray]:
        """Validated results: keys in range, shapes matching the payload, enough of them."""
        if not isinstance(results, Mapping):
            v.fail("results", "a mapping from coded-block index to product", results)
        if payload is None and self.layout is None and results:
            first = np.asarray(next(iter(results.values())))
            payload = Payload(np.empty((self.s, *first.shape[1:2])))
        if not isinstance(payload, Payload) or payload.primes != self._primes:
            v.fail("payload", "the payload prepared by this encoding", payload)
        v.block_indices("results", list(results), self.n)

        shape = (self.block_rows, *payload.operand.shape[1:])
        checked = {}
        for i, value in results.items():
            array = np.asarray(value)
            if array.shape != shape:
                v.fail(f"results[{i}]", f"an array of shape {shape}", array)
            checked[int(i)] = array

        if not self.code.decodable(checked):
            raise NotDecodableError(
                f"Cannot decode from {len(checked)} coded blocks {sorted(checked)}: the "
                f"(n={self.n}, k={self.k}) code needs {self.code.needs}."
            )
        return checked

    def _unblock(self, blocks: np.ndarray) -> np.ndarray:
        """``(k, b, ...)`` data-block products to the ``r`` rows of ``A @ x``."""
        return blocks.reshape((self.k * self.block_rows, *blocks.shape[2:]))[: self.r]
