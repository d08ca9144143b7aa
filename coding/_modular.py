"""Exact integer arithmetic for the finite-field code: fixed-point layout, residues, CRT.

The code runs over several primes ``p_1 .. p_m`` at once (one Reed–Solomon code per prime);
the Chinese remainder theorem combines them into one ring ``Z/P``, ``P = p_1 ... p_m``.

Every product runs on float64 BLAS and stays exact: operands are integers held as floats, and
every dot product's terms are bounded so that all partial sums stay below ``2^53``.

- A worker multiplies coded entries, centered residues ``|c| <= (p - 1)/2``, by the quantized
  vector ``|x_q| <= Q_x`` without reducing it: exact while ``s (p - 1)/2 Q_x < 2^53``. One BLAS
  call covers all primes, then ``fmod`` reduces and Garner's algorithm combines the residues
  into one int64 in ``[0, P)``.
- Encoding and decoding multiply residues by residues over an inner dimension up to ``k``; the
  inner dimension is cut into chunks short enough to be exact, reduced after each.
- No wrap-around: the true integer ``A_q x_q`` has ``|.| <= s Q_A Q_x <= (P - 1)/2``, so its
  residue modulo ``P`` lifted to ``(-P/2, P/2]`` is the integer itself.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from coding._exceptions import QuantizationError

# Largest integer every float64 partial sum must stay below for exact arithmetic.
EXACT = 2**53 - 1

# The CRT value of all primes is returned as int64; keep P below 2^62 so that Garner's steps fit.
RING_LIMIT = 2**62

# A code that cannot give each operand entry this many bits of precision is refused.
MIN_BITS = 8


@dataclass(frozen=True)
class ModularLayout:
    """The primes and fixed-point levels of a finite-field code for ``s``-column operands.

    ``A`` is quantized per row to integers in ``[-levels_a, levels_a]`` and ``x`` per column to
    ``[-levels_x, levels_x]``.
    """

    primes: tuple[int, ...]
    levels_a: int
    levels_x: int
    s: int

    @property
    def modulus(self) -> int:
        """``P``, the product of the primes: the size of the exact integer range."""
        return math.prod(self.primes)


@functools.lru_cache(maxsize=8)
def primes_for(moduli: int) -> tuple[int, ...]:
    """The ``moduli`` largest primes below ``min(2^(62/m), 2^25)``, descending.

    The primes depend on ``moduli`` only, so a process builds few prime fields (galois takes
    seconds to set one up). ``P < 2^62`` keeps Garner's steps in int64; below ``2^25`` a
    centered residue times an operand of about 19 bits stays exact over ``s`` of about 1000
    terms, where two primes give ``Q_A`` and ``Q_x`` both near their joint optimum.
    """
    bound = min(math.floor(RING_LIMIT ** (1.0 / moduli)), 2**25)
    primes: list[int] = []
    p = bound + 1
    while len(primes) < moduli:
        p = load_galois().prev_prime(p - 1)
        primes.append(p)
    return tuple(primes)


def choose_layout(s: int, moduli: int, n: int) -> ModularLayout:
    """The fixed-point levels for ``s``-column operands with ``moduli`` primes.

    ``Q_x`` is the largest level for which a worker's product stays exact,
    ``s (p - 1)/2 Q_x <= 2^53 - 1``, and for which ``Q_A = Q_x`` would not wrap around;
    ``Q_A`` is then the largest with ``s Q_A Q_x <= (P - 1)/2``. Fewer than ``2^8`` levels for
    either operand is refused.
    """
    primes = primes_for(moduli)
    half_range = (math.prod(primes) - 1) // 2
    levels_x = min(EXACT // (s * ((primes[0] - 1) // 2)), math.isqrt(half_range // s))
    levels_a = half_range // (s * max(levels_x, 1))
    if min(levels_a, levels_x) < 2**MIN_BITS:
        raise QuantizationError(
            f"Argument 'A' must have few enough columns for exact products with "
            f"moduli={moduli} and {MIN_BITS} bits per entry, not s={s}; pass more moduli or "
            f"field='real'."
        )
    if primes[-1] <= n:
        raise QuantizationError(
            f"Argument 'n' must be below the smallest prime {primes[-1]} of moduli={moduli}, "
            f"not {n}; pass fewer moduli."
        )
    return ModularLayout(primes, levels_a, levels_x, s)


def centered(values: np.ndarray, p: int) -> np.ndarray:
    """Integers held as floats reduced to ``[-(p-1)/2, (p-1)/2]`` (exact below ``2^53``)."""
    return values - p * np.rint(values / p)


def matmul_mod(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    """``a @ b`` modulo ``p`` for centered residues, exact: inner dimension cut into chunks."""
    half = (p - 1) // 2
    chunk = max(1, EXACT // (half * half))
    inner = a.shape[1]
    if inner <= chunk:
        return centered(a @ b, p)

    total = np.zeros((a.shape[0], *b.shape[1:]))
    for start in range(0, inner, chunk):
        total += np.fmod(a[:, start : start + chunk] @ b[start : start + chunk], p)
    return centered(total, p)


def garner(residues: np.ndarray, primes: tuple[int, ...]) -> np.ndarray:
    """Combine int64 residues ``(m, ...)`` in ``(-p_j, p_j)`` into int64 values in ``[0, P)``."""
    value = residues[0] % primes[0]
    radix = 1
    for j in range(1, len(primes)):
        p = primes[j]
        radix *= primes[j - 1]

        # value + radix v = residue_j (mod p_j): v = (residue_j - value) / radix (mod p_j).
        inverse = pow(radix % p, -1, p)
        v = (residues[j] - value % p) % p * inverse % p
        value = value + v * radix
    return value


def signed(values: np.ndarray, modulus: int) -> np.ndarray:
    """Values in ``[0, P)`` lifted to the integers in ``(-P/2, P/2]`` they represent."""
    return np.where(values > modulus // 2, values - modulus, values)


def residues_of(values: np.ndarray, primes: tuple[int, ...]) -> np.ndarray:
    """Centered float residues ``(m, ...)`` of int64 values, one slice per prime."""
    return np.stack([centered((values % p).astype(np.float64), p) for p in primes])


def worker_product(
    residues: np.ndarray, operand: np.ndarray, primes: np.ndarray, modulus_primes: tuple
) -> np.ndarray:
    """Coded residues ``(m, rows, s)`` times the quantized operand, as int64 in ``[0, P)``."""
    m, rows, s = residues.shape
    product = residues.reshape(m * rows, s) @ operand
    product = product.reshape((m, rows, *operand.shape[1:]))
    reduced = np.fmod(product, primes.reshape((m,) + (1,) * (product.ndim - 1)))
    return garner(reduced.astype(np.int64), modulus_primes)


def load_galois() -> ModuleType:
    """galois, imported on first use: a worker process that only multiplies never loads it."""
    import galois

    return galois
