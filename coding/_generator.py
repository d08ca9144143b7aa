"""Generator matrices of ``(n, k)`` MDS codes over the reals and over prime fields.

A generator ``G`` is ``n x k``: coded block ``i`` is ``sum_j G[i, j] A_j`` for the ``k`` row
blocks ``A_j`` of ``A``. A code is MDS when every ``k x k`` submatrix of ``G`` is invertible, so
any ``k`` coded blocks determine ``A x``. A systematic generator is ``[I_k; P]``: the first ``k``
coded blocks are the data blocks themselves and only the parity ``P`` is stored.

Real constructions:

- ``"gaussian"``: systematic, parity of independent ``N(0, 1/k)`` entries from a seeded
  generator. Every square submatrix is invertible with probability one and, being random, is
  rarely close to singular; the package's default (see ``benchmarks/coding.py``).
- ``"chebyshev"``: not systematic, ``G[i, j] = T_j(x_i)``, the Chebyshev polynomials at the
  ``n`` Chebyshev nodes ``x_i``. Any ``k`` rows are a polynomial interpolation problem in an
  orthogonal basis, better conditioned than monomials.
- ``"vandermonde"``: systematic Reed–Solomon over the reals, a polynomial of degree ``< k``
  evaluated at the ``n`` Chebyshev nodes; ``P[i, j] = L_j(t_i)``, the Lagrange basis of the
  ``k`` systematic nodes at parity node ``t_i`` (the systematic form does not depend on the
  polynomial basis). Parity nodes are spread evenly among the nodes, so that no parity value
  is an extrapolation far outside the systematic nodes.

Over ``GF(p)`` the code is systematic Reed–Solomon at the points ``0, 1, ..., n - 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coding._modular import load_galois

REAL_CONSTRUCTIONS = ("gaussian", "chebyshev", "vandermonde")


@dataclass(frozen=True, eq=False)
class Generator:
    """An ``n x k`` generator: the parity ``(n - k, k)`` if systematic, else all ``(n, k)``."""

    n: int
    k: int
    systematic: bool
    matrix: np.ndarray

    def full(self) -> np.ndarray:
        """The whole ``n x k`` generator matrix."""
        if not self.systematic:
            return self.matrix
        return np.vstack([np.eye(self.k, dtype=self.matrix.dtype), self.matrix])


def chebyshev_nodes(n: int) -> np.ndarray:
    """The ``n`` Chebyshev nodes of the first kind, ``cos((2i + 1) pi / 2n)``, descending."""
    return np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))


def parity_positions(n: int, k: int) -> np.ndarray:
    """Which of ``n`` ordered nodes carry the ``n - k`` parity blocks: spread evenly."""
    return np.floor((np.arange(n - k) + 0.5) * n / max(n - k, 1)).astype(np.int64)


def lagrange_parity(systematic: np.ndarray, parity: np.ndarray) -> np.ndarray:
    """``L_j(t_i)``: the Lagrange basis of nodes ``systematic`` evaluated at nodes ``parity``.

    Products of ``k`` factors are summed as logarithms with a separate sign, so that neither
    the barycentric weights nor the node polynomial overflow for large ``k``.
    """
    # Barycentric weights w_j = 1 / prod_{l != j} (x_j - x_l).
    d = systematic[:, None] - systematic[None, :]
    np.fill_diagonal(d, 1.0)
    log_w = -np.log(np.abs(d)).sum(axis=1)
    sign_w = np.prod(np.sign(d), axis=1)

    # L_j(t) = w_j prod_l (t - x_l) / (t - x_j).
    e = parity[:, None] - systematic[None, :]
    log_l = np.log(np.abs(e)).sum(axis=1, keepdims=True) - np.log(np.abs(e)) + log_w
    sign_l = np.prod(np.sign(e), axis=1, keepdims=True) * np.sign(e) * sign_w
    return sign_l * np.exp(log_l)


def real_generator(construction: str, n: int, k: int, seed: int) -> Generator:
    """The generator of a real ``(n, k)`` code built by ``construction``."""
    if construction == "gaussian":
        rng = np.random.default_rng(np.random.SeedSequence([seed, n, k]))
        return Generator(n, k, True, rng.standard_normal((n - k, k)) / np.sqrt(k))

    x = chebyshev_nodes(n)
    if construction == "chebyshev":
        theta = np.arccos(x)
        return Generator(n, k, False, np.cos(np.outer(theta, np.arange(k))))

    # Reorder the nodes so that the systematic ones come first, parity nodes spread among them.
    is_parity = np.zeros(n, dtype=bool)
    is_parity[parity_positions(n, k)] = True
    return Generator(n, k, True, lagrange_parity(x[~is_parity], x[is_parity]))


def prime_generator(n: int, k: int, p: int) -> Generator:
    """Systematic Reed–Solomon over ``GF(p)`` at the points ``0..n-1``; parity as int64.

    Parity row ``i`` holds the Lagrange basis of the points ``0..k-1`` at the point ``k + i``,
    so coded block ``k + i`` is the degree-``< k`` polynomial through the data blocks evaluated
    there. Needs ``p > n`` for distinct points.

    NOTE: galois compiles each new prime field's arithmetic, a few seconds the first time in a
    process; the primes depend only on the number of moduli, so this happens once per prime.
    """
    field = load_galois().GF(p, compile="jit-calculate")
    x = field(np.arange(k))
    t = field(np.arange(k, n))

    # Barycentric weights w_j = 1 / prod_{l != j} (x_j - x_l), in the field.
    d = x[:, None] - x[None, :]
    d[np.arange(k), np.arange(k)] = field(1)
    w = np.reciprocal(np.prod(d, axis=1))

    # L_j(t) = w_j prod_l (t - x_l) / (t - x_j).
    e = t[:, None] - x[None, :]
    node = np.prod(e, axis=1)
    parity = node[:, None] * w[None, :] / e
    return Generator(n, k, True, np.asarray(parity.view(np.ndarray), dtype=np.int64))
