"""Datasets: standardized training features, a bias column, a stratified held-out split.

Expectations are recomputed from scikit-learn's raw arrays and numpy statistics.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits

from runtime._config import DATASETS
from runtime._datasets import TEST_FRACTION, load_dataset
from runtime._exceptions import ConfigError


@pytest.mark.parametrize("name", DATASETS)
def test_split_standardization_and_bias(name):
    data = load_dataset(name, seed=3, samples=400, features=12)
    total = data.A_train.shape[0] + data.A_test.shape[0]

    # A trailing column of ones, and training features with mean 0 and unit spread.
    assert np.all(data.A_train[:, -1] == 1) and np.all(data.A_test[:, -1] == 1)
    features = data.A_train[:, :-1]
    assert np.allclose(features.mean(axis=0), 0, atol=1e-10)
    spread = features.std(axis=0)
    assert np.allclose(spread[spread > 0], 1, atol=1e-10)

    # The held-out share, labels in {0, 1}, and the class balance kept by stratification.
    assert abs(data.A_test.shape[0] - TEST_FRACTION * total) <= 1
    assert set(np.unique(data.y_train)) == {0.0, 1.0}
    assert abs(data.y_train.mean() - data.y_test.mean()) < 0.05


def test_sizes_follow_the_source():
    X, _ = load_breast_cancer(return_X_y=True)
    data = load_dataset("breast-cancer")
    assert data.r + data.A_test.shape[0] == X.shape[0] and data.s == X.shape[1] + 1

    X, y = load_digits(n_class=2, return_X_y=True)
    data = load_dataset("digits")
    assert data.r + data.A_test.shape[0] == X.shape[0] and set(np.unique(y)) == {0, 1}

    data = load_dataset("synthetic", samples=300, features=7)
    assert data.r + data.A_test.shape[0] == 300 and data.s == 8


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"name": "mnist"}, "'dataset'"),
        ({"name": "synthetic", "samples": 0}, "'samples'"),
        ({"name": "synthetic", "features": -1}, "'features'"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, named):
    with pytest.raises(ConfigError, match=named):
        load_dataset(**kwargs)
