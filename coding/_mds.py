"""``MDSCode``: an ``(n, k)`` maximum-distance-separable code over the reals or ``GF(p)``."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from coding import _validation as v
from coding._conditioning import MAX_CONDITION, ConditionReport, worst_condition
from coding._decoding import PrimeDecoder, RealDecoder
from coding._encoded import EncodedMatrix
from coding._exceptions import ConditioningError
from coding._generator import REAL_CONSTRUCTIONS, Generator, prime_generator, real_generator
from coding._modular import centered, choose_layout, matmul_mod

logger = logging.getLogger(__name__)

FIELDS = ("real", "gf")

# Chosen by measurement (python -m benchmarks.coding): the seeded Gaussian parity has the smallest
# worst-case decode condition number at every (n, k) measured, by orders of magnitude.
DEFAULT_CONSTRUCTION = "gaussian"

# How many further seeds "auto" draws when a Gaussian parity is refused.
AUTO_RESEEDS = 3


@functools.lru_cache(maxsize=64)
def _checked_generator(
    construction: str, n: int, k: int, seed: int, samples: int
) -> tuple[Generator, ConditionReport]:
    """A real generator and its worst-case decode condition number (cached: both are pure)."""
    generator = real_generator(construction, n, k, seed)
    return generator, worst_condition(generator, samples=samples, seed=seed)


@functools.lru_cache(maxsize=64)
def _prime_decoder(n: int, k: int, p: int) -> PrimeDecoder:
    """The decoder (and with it the generator) of the Reed–Solomon code over ``GF(p)``."""
    return PrimeDecoder(prime_generator(n, k, p), p)


class MDSCode:
    """An ``(n, k)`` MDS code: ``A`` in ``k`` row blocks, any ``k`` of ``n`` coded blocks decode.

    Args:
        n: number of coded blocks.
        k: number of data blocks, ``1 <= k <= n``.
        field: ``"real"`` (floating point) or ``"gf"`` (exact over prime fields, quantized).
        construction: real codes only: ``"auto"`` (the default construction, Gaussian parity,
            re-drawn with the next seed if refused), or one of ``"gaussian"``, ``"chebyshev"``,
            ``"vandermonde"``.
        seed: the seed of the Gaussian parity.
        moduli: finite-field codes only: how many primes run side by side. More primes give
            more fixed-point bits per entry but cost one more product per prime on workers.
        samples: how many ``k``-subsets the real conditioning check samples when there are too
            many to try all.
        max_condition: the refusal threshold. A real code whose worst decode condition number
            found exceeds it, by default ``1e8`` (more than 8 of float64's 16 digits lost), is
            refused with a ``ConditioningError``; raise it only to study bad codes.

    Finite-field codes quantize ``A`` per row and ``x`` per column to integers (levels from
    ``choose_layout``: about 20 bits each for ``s`` near 1000 with two primes), compute and
    decode exactly, then scale back. The only error is quantization; for row ``i``,

        |A x - y|_i <= (scale/2) |A_i|_1 + (row_scale_i/2) |x|_1 + s row_scale_i scale / 4

    with ``row_scale_i = max|A_i| / Q_A`` and ``scale = max|x| / Q_x``.

    Example:
        >>> code = MDSCode(6, 4)
        >>> enc = code.encode(np.arange(12.0).reshape(6, 2))
        >>> payload = enc.prepare(np.array([1.0, -1.0]))
        >>> results = {i: enc.shard([i]).multiply(payload)[0] for i in (1, 3, 4, 5)}
        >>> enc.decode(results, payload)
        array([-1., -1., -1., -1., -1., -1.])
    """

    def __init__(
        self,
        n: int,
        k: int,
        field: str = "real",
        *,
        construction: str = "auto",
        seed: int = 0,
        moduli: int = 2,
        samples: int = 256,
        max_condition: float = MAX_CONDITION,
    ) -> None:
        self.n = v.integer("n", n)
        self.k = v.integer("k", k)
        v.check("k", k, self.k <= self.n, f"at most n={self.n}")
        v.check("field", field, field in FIELDS, "'real' or 'gf'")
        choices = ("auto", *REAL_CONSTRUCTIONS)
        v.check("construction", construction, construction in choices, f"one of {choices}")
        self.field = field
        self.seed = v.integer("seed", seed, minimum=0)
        self.moduli = v.integer("moduli", moduli)
        v.check("moduli", moduli, self.moduli <= 4, "at most 4")
        self.samples = v.integer("samples", samples)
        ok = isinstance(max_condition, (int, float)) and not isinstance(max_condition, bool)
        v.check("max_condition", max_condition, ok and max_condition >= 1, "a number >= 1")
        self.max_condition = float(max_condition)
        self.needs = f"{self.k} distinct coded blocks"

        self.construction = "reed-solomon" if field == "gf" else construction
        self.condition: ConditionReport | None = None
        self._generator: Generator | None = None
        self._decoder: RealDecoder | None = None
        if field == "real":
            self._build_real(construction)

    def __repr__(self) -> str:
        return f"MDSCode(n={self.n}, k={self.k}, field={self.field!r}, {self.construction!r})"

    def _build_real(self, construction: str) -> None:
        """Pick and check the real generator; refuse it when decoding loses too many digits."""
        auto = construction == "auto"
        seeds = range(self.seed, self.seed + AUTO_RESEEDS + 1) if auto else [self.seed]
        name = DEFAULT_CONSTRUCTION if auto else construction
        for seed in seeds:
            generator, report = _checked_generator(name, self.n, self.k, seed, self.samples)
            if report.worst <= self.max_condition:
                break
            if auto:
                logger.warning(
                    "(n=%d, k=%d) %s parity with seed %d has decode condition number %.1e; "
                    "drawing again with seed %d",
                    self.n,
                    self.k,
                    name,
                    seed,
                    report.worst,
                    seed + 1,
                )
        else:
            remedy = "a smaller n - k or field='gf'"
            if name != DEFAULT_CONSTRUCTION:
                remedy = f"construction={DEFAULT_CONSTRUCTION!r}, {remedy}"
            raise ConditioningError(
                f"Argument 'construction' must give a worst decode condition number <= "
                f"{self.max_condition:.0e}, not {name!r} at (n={self.n}, k={self.k}) with "
                f"{report.worst:.1e} ({report.digits_lost:.1f} digits lost); use {remedy}."
            )

        self.construction = name
        self.seed = seed
        self.condition = report
        self._generator = generator
        self._decoder = RealDecoder(generator)
        logger.info(
            "(n=%d, k=%d) %s code: worst decode condition number %.1e over %d subsets",
            self.n,
            self.k,
            name,
            report.worst,
            report.subsets,
        )

    @property
    def generator(self) -> np.ndarray:
        """Real codes: the ``n x k`` generator matrix."""
        if self._generator is None:
            v.fail("field", "'real' for a floating-point generator", self.field)
        return self._generator.full()

    def decodable(self, indices: Iterable[int]) -> bool:
        """Whether the coded blocks ``indices`` (distinct, in ``range(n)``) suffice: ``>= k``."""
        return len(v.block_indices("indices", indices, self.n)) >= self.k

    def encode(self, A: Any) -> EncodedMatrix:
        """Encode ``A`` (``r x s``): ``k`` row blocks of ``ceil(r / k)`` rows, zero-padded."""
        A = v.finite_array("A", A, (2,))
        r, s = A.shape
        b = math.ceil(r / self.k)
        if r == self.k * b:
            data = np.ascontiguousarray(A).reshape(self.k, b, s)
        else:
            padded = np.zeros((self.k * b, s))
            padded[:r] = A
            data = padded.reshape(self.k, b, s)

        if self.field == "real":
            return EncodedMatrix(self, r, s, self._encode_real(data))
        return self._encode_prime(data, A)

    def _encode_real(self, data: np.ndarray) -> np.ndarray:
        """The ``(n, b, s)`` coded blocks: data blocks then parity, or ``G`` times all."""
        assert self._generator is not None
        k, b, s = data.shape
        flat = data.reshape(k, b * s)
        if not self._generator.systematic:
            return (self._generator.matrix @ flat).reshape(self.n, b, s)

        out = np.empty((self.n, b, s))
        out[:k] = data
        np.matmul(self._generator.matrix, flat, out=out[k:].reshape(self.n - k, b * s))
        return out

    def _encode_prime(self, data: np.ndarray, A: np.ndarray) -> EncodedMatrix:
        """Quantize ``A`` per row, then encode its integers modulo every prime of the layout."""
        r, s = A.shape
        layout = choose_layout(s, self.moduli, self.n)

        # Per row: A ~ row_scale * A_q with integers |A_q| <= levels_a.
        peak = np.abs(A).max(axis=1)
        row_scale = np.where(peak > 0, peak / layout.levels_a, 1.0)
        k, b, _ = data.shape
        scale = np.ones(k * b)
        scale[:r] = row_scale
        quantized = np.rint(data / scale.reshape(k, b, 1))
        np.clip(quantized, -layout.levels_a, layout.levels_a, out=quantized)

        # Systematic blocks are the residues of A_q (A_q itself when its levels are below p/2);
        # parity is P @ A_q modulo each prime.
        out = np.empty((len(layout.primes), self.n, b, s))
        for j, decoder in enumerate(self._prime_decoders(layout.primes)):
            p = decoder.p
            out[j, :k] = quantized if layout.levels_a <= (p - 1) // 2 else centered(quantized, p)
            parity = matmul_mod(decoder._parity, out[j, :k].reshape(k, b * s), p)
            out[j, k:] = parity.reshape(self.n - k, b, s)
        return EncodedMatrix(self, r, s, out, layout, row_scale, np.abs(A).sum(axis=1))

    def _recover(self, results: Mapping[int, np.ndarray]) -> np.ndarray:
        assert self._decoder is not None
        return self._decoder.recover(results)

    def _prime_decoders(self, primes: tuple[int, ...]) -> list[PrimeDecoder]:
        return [_prime_decoder(self.n, self.k, p) for p in primes]
