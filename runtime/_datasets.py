"""Datasets for logistic regression: standardized features, a bias column, a held-out split."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from runtime._config import DATASETS
from runtime._validation import check_choice, check_positive_int

TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Dataset:
    """A binary classification split; ``A`` matrices carry a trailing column of ones."""

    name: str
    A_train: np.ndarray
    y_train: np.ndarray
    A_test: np.ndarray
    y_test: np.ndarray

    @property
    def r(self) -> int:
        """Training rows: the rows of the coded product ``A w``."""
        return self.A_train.shape[0]

    @property
    def s(self) -> int:
        """Columns, bias included: the rows of the coded product ``A^T e``."""
        return self.A_train.shape[1]


def load_dataset(
    name: str = "breast-cancer", *, seed: int = 0, samples: int = 2000, features: int = 50
) -> Dataset:
    """Load ``name``; ``samples`` and ``features`` size the synthetic set only."""
    check_choice("dataset", name, DATASETS)

    # Load the raw features and binary labels.
    if name == "breast-cancer":
        X, y = load_breast_cancer(return_X_y=True)
    elif name == "digits":
        X, y = load_digits(n_class=2, return_X_y=True)
    else:
        check_positive_int("samples", samples)
        check_positive_int("features", features)
        informative = max(2, features // 2)
        X, y = make_classification(
            n_samples=samples,
            n_features=features,
            n_informative=min(informative, features),
            n_redundant=0,
            random_state=seed,
        )

    # Split, then standardize with the training rows' statistics only.
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_FRACTION, random_state=seed, stratify=y
    )
    scaler = StandardScaler().fit(X_train)
    return Dataset(
        name,
        _with_bias(scaler.transform(X_train)),
        y_train.astype(np.float64),
        _with_bias(scaler.transform(X_test)),
        y_test.astype(np.float64),
    )


def _with_bias(X: np.ndarray) -> np.ndarray:
    """``X`` with a column of ones appended (constant features standardize to zero)."""
    return np.hstack([np.nan_to_num(X), np.ones((X.shape[0], 1))])
