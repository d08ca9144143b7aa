"""``RepetitionCode``: the uncoded and replicated baselines behind the same interface."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from coding import _validation as v
from coding._encoded import EncodedMatrix


class RepetitionCode:
    """``A`` cut into ``k`` row blocks, each stored ``copies`` times: block ``j`` at ``j + c k``.

    ``copies=1`` is the uncoded scheme (``n = k``, every block needed); ``copies=2`` is
    replication (``n = 2k``, decodable once every data block has arrived at least once).
    Encoding, shards, payloads and decoding work as for ``MDSCode`` with ``field="real"``.
    """

    field = "real"

    def __init__(self, k: int, copies: int = 1) -> None:
        self.k = v.integer("k", k)
        self.copies = v.integer("copies", copies)
        self.n = self.k * self.copies
        self.needs = f"a copy of each of the {self.k} data blocks"

    def __repr__(self) -> str:
        return f"RepetitionCode(k={self.k}, copies={self.copies})"

    def decodable(self, indices: Iterable[int]) -> bool:
        """Whether every data block ``j`` arrived as some copy ``j + c k``."""
        received = v.block_indices("indices", indices, self.n)
        return len({i % self.k for i in received}) == self.k

    def encode(self, A: Any) -> EncodedMatrix:
        """Encode ``A`` (``r x s``): ``k`` zero-padded row blocks, repeated ``copies`` times."""
        A = v.finite_array("A", A, (2,))
        r, s = A.shape
        b = math.ceil(r / self.k)
        padded = np.zeros((self.k * b, s))
        padded[:r] = A
        data = np.tile(padded.reshape(self.k, b, s), (self.copies, 1, 1))
        return EncodedMatrix(self, r, s, data)

    def _recover(self, results: Mapping[int, np.ndarray]) -> np.ndarray:
        """The first received copy of each data block, in block order."""
        first: dict[int, np.ndarray] = {}
        for i in sorted(results):
            first.setdefault(i % self.k, results[i])
        return np.stack([first[j] for j in range(self.k)])
