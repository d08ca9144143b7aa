"""Worst-case condition number of a real code's ``k x k`` decode matrices.

Decoding from the coded blocks ``S`` solves ``G_S z = y``; relative errors in the products are
amplified by up to ``cond(G_S)``, so ``log10(cond)`` decimal digits are lost. The worst case
over all ``k``-subsets is found exhaustively when there are few, else estimated by sampling.

For a systematic generator ``[I; P]`` the singular values of ``G_S`` come from a small matrix.
With ``e`` systematic blocks missing (columns ``M``), ``e`` parity rows ``R`` received and the
other systematic columns ``K``, write ``B = P[R, K] = U diag(sigma) V^T`` (thin SVD, ``t``
values). Then ``G_S`` is orthogonally equivalent to ``I`` (of size ``k - e - t``) next to
``H = [[I_t, 0], [U diag(sigma), P[R, M]]]``, so ``cond(G_S)`` costs ``O(e^2 k)``, not
``O(k^3)``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from coding._generator import Generator

# Decoding may lose at most half of float64's 16 significant digits.
MAX_CONDITION = 1e8


@dataclass(frozen=True)
class ConditionReport:
    """The worst decode condition number found for one real generator."""

    n: int
    k: int
    worst: float
    worst_subset: tuple[int, ...]
    subsets: int
    exhaustive: bool

    @property
    def digits_lost(self) -> float:
        """Decimal digits a decode from the worst subset can lose, ``log10(worst)``."""
        return math.log10(self.worst) if self.worst > 0 else math.inf


def subset_condition(generator: Generator, subset: tuple[int, ...]) -> float:
    """The 2-norm condition number of the decode matrix of the ``k`` coded blocks ``subset``."""
    if not generator.systematic:
        return float(np.linalg.cond(generator.matrix[list(subset)]))

    k = generator.k
    rows = np.asarray(subset)
    received = rows[rows < k]
    parity = rows[rows >= k] - k
    e = parity.size
    if e == 0:
        return 1.0

    # Split the received parity rows into the columns already known and the missing ones.
    missing = np.setdiff1d(np.arange(k), received)
    b = generator.matrix[np.ix_(parity, received)]
    c = generator.matrix[np.ix_(parity, missing)]

    # Singular values of the small equivalent matrix H, plus ones for the untouched directions.
    if b.shape[1] == 0:
        sigma = np.linalg.svd(c, compute_uv=False)
        ones = 0
    else:
        u, s, _ = np.linalg.svd(b, full_matrices=False)
        t = s.size
        h = np.zeros((t + e, t + e))
        h[:t, :t] = np.eye(t)
        h[t:, :t] = u * s
        h[t:, t:] = c
        sigma = np.linalg.svd(h, compute_uv=False)
        ones = k - e - t
    if ones > 0:
        sigma = np.append(sigma, 1.0)
    smallest = sigma.min()
    return math.inf if smallest == 0 else float(sigma.max() / smallest)


def _subset_cost(generator: Generator) -> float:
    """Rough floating-point operations of one ``subset_condition`` call at the largest ``e``."""
    k = generator.k
    if not generator.systematic:
        return 10.0 * k**3
    e = min(generator.n - k, k)
    return 10.0 * (e * e * k + 8 * e**3) + 1.0


def _sample_subset(
    generator: Generator, rng: np.random.Generator, hardest: bool
) -> tuple[int, ...]:
    """A random ``k``-subset; ``hardest`` takes as many parity blocks as possible."""
    n, k = generator.n, generator.k
    if not hardest:
        return tuple(sorted(rng.choice(n, size=k, replace=False).tolist()))
    e = min(n - k, k)
    parity = rng.choice(np.arange(k, n), size=e, replace=False)
    kept = rng.choice(k, size=k - e, replace=False)
    return tuple(sorted(np.concatenate([kept, parity]).tolist()))


def worst_condition(
    generator: Generator,
    samples: int = 256,
    seed: int = 0,
    exhaustive_limit: int = 4096,
    budget: float = 2e9,
) -> ConditionReport:
    """The largest decode condition number over ``k``-subsets of ``generator``'s blocks.

    Every subset is tried when there are at most ``exhaustive_limit`` of them. Otherwise
    ``samples`` random subsets are tried (fewer when their cost would exceed ``budget``
    floating-point operations, but at least 8 or ``samples``); for a systematic code half of
    them take as many parity blocks as possible, the subsets whose decode matrix is furthest
    from ``I``.

    NOTE: a sampled worst case is a lower bound on the true worst case; the refusal threshold
    is applied to it.
    """
    n, k = generator.n, generator.k
    total = math.comb(n, k)
    if total <= exhaustive_limit:
        subsets = list(itertools.combinations(range(n), k))
        exhaustive = True
    else:
        count = int(max(min(8, samples), min(samples, budget / _subset_cost(generator))))
        rng = np.random.default_rng(np.random.SeedSequence([seed, n, k]))
        hard = generator.systematic
        subsets = [_sample_subset(generator, rng, hard and i % 2 == 1) for i in range(count)]
        exhaustive = False

    worst, worst_subset = 0.0, subsets[0]
    for subset in subsets:
        value = subset_condition(generator, subset)
        if value > worst:
            worst, worst_subset = value, subset
    return ConditionReport(n, k, worst, tuple(worst_subset), len(subsets), exhaustive)
