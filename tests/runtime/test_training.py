"""Logistic regression end to end on real Ray workers, paid through a real SQLite ledger.

Expected weights come from exact numpy gradient descent on the same data, step and start;
expected accuracy from scikit-learn's own LogisticRegression on the same split; expected
rewards are recomputed from the phases' arrival sets and the posted price.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
import ray
from sklearn.linear_model import LogisticRegression

from incentives import omega
from runtime._config import SCHEMES, TrainConfig
from runtime._datasets import load_dataset
from runtime._exceptions import PlatformError
from runtime._logistic import default_step, gradient_descent
from runtime._training import Trainer, train

pytestmark = pytest.mark.usefixtures("ray_session")

DATA = load_dataset("breast-cancer", seed=0)
STEP = default_step(DATA.A_train)


def _config(tmp_path, **kw) -> TrainConfig:
    settings = {"rounds": 30, "time_scale": 1e-4, "ledger": str(tmp_path / "ledger.sqlite")}
    return TrainConfig(**(settings | kw))


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_weights_equal_exact_gradient_descent(tmp_path, scheme):
    result = train(_config(tmp_path, scheme=scheme))
    expected = gradient_descent(DATA.A_train, DATA.y_train, STEP, 30)
    assert result.rounds == 30
    assert _relative(result.weights, expected) <= 1e-8


def test_gf_weights_within_the_quantization_bound(tmp_path):
    trainer = Trainer(_config(tmp_path, field="gf"))
    result = trainer.run()
    expected = gradient_descent(DATA.A_train, DATA.y_train, STEP, 30)

    # Each decoded gradient is the exact gradient at the coded weights plus an error no larger
    # than its own bound plus the effect of the scores' bound; a 1/L step on the logistic loss
    # is non-expansive, so the weights' error is at most step times the sum over rounds.
    errors = [
        h.phases[1].error_bound + _z_error_effect(h.phases[0].error_bound) for h in result.history
    ]
    bound = STEP * sum(errors)
    assert 0 < bound < 1e-3 * np.linalg.norm(expected)  # a bound that says something
    assert np.linalg.norm(result.weights - expected) <= bound


def _z_error_effect(z_error: float) -> float:
    # |sigmoid'| <= 1/4: a score error moves the gradient by at most ||A^T|| z_error / (4 m).
    return float(np.linalg.norm(DATA.A_train, 2)) * z_error / (4 * DATA.r)


def test_accuracy_within_two_points_of_scikit_learn(tmp_path):
    result = train(_config(tmp_path, rounds=100))
    reference = LogisticRegression(max_iter=5000).fit(DATA.A_train[:, :-1], DATA.y_train)
    sk_accuracy = reference.score(DATA.A_test[:, :-1], DATA.y_test)
    assert abs(result.test_accuracy - sk_accuracy) <= 0.02


def test_ledger_pays_each_worker_once_per_round_by_the_posted_price(tmp_path):
    result = train(_config(tmp_path, rounds=8, scenario="incomplete"))
    workers = [w.name for w in result.deployment.workers]

    db = sqlite3.connect(result.config.ledger)
    rows = db.execute("SELECT round, worker, rows, reward FROM payments").fetchall()
    db.close()

    # Each (round, worker) exactly once, and the rewards add up to total_paid.
    assert sorted((t, w) for t, w, _, _ in rows) == sorted(
        (t, w) for t in range(8) for w in workers
    )
    assert sum(r for *_, r in rows) == pytest.approx(result.total_paid, rel=1e-12)

    # Incomplete information: the threshold type's omega per row used, recomputed per phase.
    threshold = next(t for t in result.plan.types if t.name == result.plan.threshold_type)
    price = float(omega(threshold.cost, threshold.mu, threshold.a))
    paid = {(t, w): reward for t, w, _, reward in rows}
    for record in result.history:
        for i, name in enumerate(workers):
            used_rows = sum(p.rows[i] for p in record.phases if p.finished(i))
            assert paid[record.round, name] == pytest.approx(price * used_rows, rel=1e-12)


def test_an_undecodable_round_is_not_paid_and_the_run_resumes_to_the_same_weights(tmp_path):
    config = _config(tmp_path, rounds=12)
    trainer = Trainer(config)

    # After round 2, kill workers until more than n - k blocks of A are gone.
    def kill_after_round_two(record) -> None:
        if record.round != 2:
            return
        layout = trainer.platform.layouts["A"]
        n_minus_k = layout.n - layout.k
        gone = 0
        for i, blocks in enumerate(layout.assignment):
            ray.kill(trainer.platform.actors[i])
            gone += len(blocks)
            if gone > n_minus_k:
                return

    with pytest.raises(PlatformError, match="do not decode"):
        trainer.run(kill_after_round_two)

    db = sqlite3.connect(config.ledger)
    paid_rounds = {t for (t,) in db.execute("SELECT DISTINCT round FROM payments")}
    db.close()
    assert paid_rounds == {0, 1, 2}

    # A fresh platform resumes from the ledger's checkpoint and pays rounds 3..11 once each.
    resumed = train(_config(tmp_path, rounds=12, resume=True))
    assert resumed.rounds == 12
    assert [h.round for h in resumed.history] == list(range(3, 12))
    expected = gradient_descent(DATA.A_train, DATA.y_train, STEP, 12)
    assert _relative(resumed.weights, expected) <= 1e-8


SAME_SPEED = "name,cost,mu,a,count\nalpha,1,50,0.02,3\nbeta,2,50,0.02,3\ngamma,9,50,0.02,3\n"


def _ledger_rows(path) -> list[tuple[str, str, float, float, float]]:
    db = sqlite3.connect(path)
    rows = db.execute("SELECT worker, worker_type, occupied_seconds, cost, reward FROM payments")
    out = rows.fetchall()
    db.close()
    return out


def test_cost_only_runs_proposition_1s_code_and_pays_the_threshold_cost(tmp_path):
    types = tmp_path / "same_speed.csv"
    types.write_text(SAME_SPEED)
    trainer = Trainer(_config(tmp_path, rounds=4, scenario="cost-only", types=str(types)))
    result = trainer.run()
    plan = result.plan

    # Every hired worker holds one block of an (N(S), k*) code, for both operands.
    hired = len(result.deployment.workers)
    assert result.codes["A"] == {"n": hired, "k": plan.recovery_threshold}
    assert result.codes["AT"] == {"n": hired, "k": plan.recovery_threshold}

    # Proposition 1's reward: c_{n*} for every occupied model-time unit, whatever the type.
    threshold_cost = next(t.cost for t in plan.types if t.name == plan.threshold_type)
    for _, _, occupied, _, reward in _ledger_rows(result.config.ledger):
        assert reward == pytest.approx(threshold_cost * occupied, rel=1e-12)

    expected = gradient_descent(DATA.A_train, DATA.y_train, STEP, 4)
    assert _relative(result.weights, expected) <= 1e-8


def test_complete_information_reimburses_each_worker_its_own_cost(tmp_path):
    types = tmp_path / "same_speed.csv"
    types.write_text(SAME_SPEED)
    result = train(_config(tmp_path, rounds=3, scenario="complete", types=str(types)))
    costs = {t.name: t.cost for t in result.plan.types}

    rows = _ledger_rows(result.config.ledger)
    assert len(rows) == 3 * len(result.deployment.workers)
    for _, worker_type, occupied, cost, reward in rows:
        assert cost == pytest.approx(costs[worker_type] * occupied, rel=1e-12)
        assert reward == pytest.approx(cost, rel=1e-12)
    assert all(payoff == pytest.approx(0.0, abs=1e-9) for payoff in result.payoffs.values())


def test_a_lost_worker_is_neither_charged_nor_paid_and_training_goes_on(tmp_path):
    types = tmp_path / "same_speed.csv"
    types.write_text(SAME_SPEED)
    trainer = Trainer(_config(tmp_path, rounds=5, scenario="complete", types=str(types)))
    victim = trainer.deployment.workers[0].name

    def kill_first_worker_after_round_one(record) -> None:
        if record.round == 1:
            ray.kill(trainer.platform.actors[0])

    result = trainer.run(kill_first_worker_after_round_one)

    # Rounds 2-4 decode without it; its ledger rows there are all zero, the others' are not.
    db = sqlite3.connect(result.config.ledger)
    rows = db.execute("SELECT round, worker, rows, occupied_seconds, reward FROM payments")
    by_key = {(t, w): (n, occ, paid) for t, w, n, occ, paid in rows}
    db.close()
    assert len(by_key) == 5 * len(trainer.deployment.workers)
    for t in range(5):
        n, occupied, paid = by_key[t, victim]
        assert (n == 0 and occupied == 0 and paid == 0) == (t >= 2)
    assert all(by_key[t, w][2] > 0 for t, w in by_key if w != victim)

    expected = gradient_descent(DATA.A_train, DATA.y_train, STEP, 5)
    assert _relative(result.weights, expected) <= 1e-8
