"""Logistic regression by plain gradient descent: the exact reference the coded run must match.

With ``m`` training rows, the loss is the mean log loss and its gradient
``g = A^T (sigmoid(A w) - y) / m``: two matrix-vector products per step, which the coded run
computes on the workers.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, log_expit


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow."""
    return expit(z)


def log_loss(z: np.ndarray, y: np.ndarray) -> float:
    """Mean log loss of the scores ``z = A w`` against labels ``y`` in {0, 1}."""
    return float(-np.mean(y * log_expit(z) + (1.0 - y) * log_expit(-z)))


def accuracy(z: np.ndarray, y: np.ndarray) -> float:
    """Fraction of rows whose score has the label's sign."""
    return float(np.mean((z > 0) == (y > 0.5)))


def default_step(A: np.ndarray) -> float:
    """``1 / L`` with ``L = ||A||_2^2 / (4 m)`` the gradient's Lipschitz constant."""
    return 4.0 * A.shape[0] / float(np.linalg.norm(A, 2) ** 2)


def gradient_descent(
    A: np.ndarray, y: np.ndarray, step: float, rounds: int, w0: np.ndarray | None = None
) -> np.ndarray:
    """``rounds`` exact gradient steps from ``w0`` (zeros by default); the final weights."""
    w = np.zeros(A.shape[1]) if w0 is None else np.array(w0, dtype=np.float64)
    for _ in range(rounds):
        w = w - step * (A.T @ (sigmoid(A @ w) - y)) / A.shape[0]
    return w
