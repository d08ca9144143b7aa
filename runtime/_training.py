"""Logistic regression end to end on the platform, paid round by round through the ledger.

Each round is two coded products on the workers, ``z = A w`` (phase 0) and
``g = A^T e`` with ``e = (sigmoid(z) - y) / m`` (phase 1), then one gradient step on the
driver. After the round the ledger records every worker's payment and the new weights in one
transaction, so a run stopped at any point resumes (``resume=True``) after its last paid round
with the same weights and pays no round twice.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import ray

from incentives import MechanismResult, load_types, solve_mechanism
from runtime._accounting import round_payments
from runtime._cluster import connect
from runtime._config import TrainConfig
from runtime._datasets import Dataset, load_dataset
from runtime._exceptions import ConfigError
from runtime._ledger import Ledger, TypeSummary
from runtime._logistic import accuracy, default_step, log_loss, sigmoid
from runtime._platform import PhaseResult, Platform
from runtime._schemes import Deployment, deploy
from runtime._validation import check

logger = logging.getLogger(__name__)

# Settings that must match for a ledger to be resumed.
_RUN_IDENTITY = (
    "dataset",
    "types",
    "scenario",
    "scheme",
    "field",
    "seed",
    "step",
    "gamma1",
    "gamma2",
    "samples",
    "features",
)


@dataclass(frozen=True)
class RoundRecord:
    """What one round did: its loss before the step, its times and what it paid."""

    round: int
    loss: float
    wall_seconds: float
    model_time: float
    paid: float
    phases: tuple[PhaseResult, ...] = field(repr=False)


@dataclass(frozen=True)
class TrainResult:
    """The outcome of a run; ``to_dict()`` is what ``codedml train --json`` prints."""

    config: TrainConfig
    plan: MechanismResult
    deployment: Deployment
    weights: np.ndarray
    rounds: int
    final_loss: float
    train_accuracy: float
    test_accuracy: float
    mean_round_seconds: float
    total_paid: float
    summary: list[TypeSummary]
    expected_payoffs: dict[str, float]
    codes: dict[str, dict[str, int]]
    history: list[RoundRecord] = field(repr=False)

    @property
    def payoffs(self) -> dict[str, float]:
        """Mean realized payoff per worker and round, for each hired type."""
        return {s.worker_type: s.mean_payoff for s in self.summary}

    def to_dict(self) -> dict[str, object]:
        """The fields of ``codedml train --json``."""
        return {
            "rounds": self.rounds,
            "final_loss": self.final_loss,
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
            "mean_round_seconds": self.mean_round_seconds,
            "total_paid": self.total_paid,
            "ledger": self.config.ledger,
            "payoffs": self.payoffs,
            "expected_payoffs": self.expected_payoffs,
            "scenario": self.config.scenario,
            "scheme": self.config.scheme,
            "field": self.config.field,
            "selected": list(self.plan.selected),
            "workers": len(self.deployment.workers),
            "codes": self.codes,
        }


def train(
    config: TrainConfig, on_round: Callable[[RoundRecord], None] | None = None
) -> TrainResult:
    """Train logistic regression with every gradient computed by the paid, coded workers."""
    return Trainer(config).run(on_round)


class Trainer:
    """One training run: planned on construction (no Ray), executed by :meth:`run`.

    While :meth:`run` is going, ``platform`` is the live :class:`Platform`, so that a caller's
    ``on_round`` hook can watch or disturb the workers between rounds.
    """

    def __init__(self, config: TrainConfig) -> None:
        config = config.validated()
        self.data = load_dataset(
            config.dataset, seed=config.seed, samples=config.samples, features=config.features
        )
        step = config.step or default_step(self.data.A_train)
        self.config = dataclasses.replace(config, step=step)

        # Plan: the mechanism for r = training rows, then the scheme's layout of the workers.
        types = load_types(self.config.types)
        self.plan = solve_mechanism(
            config.scenario, types, self.data.r, config.gamma1, config.gamma2
        )
        self.deployment = deploy(self.plan, config.scheme, self.data.r, config.field)
        self.platform: Platform | None = None

        # Refuse a ledger that cannot take this run before any worker starts.
        if Path(self.config.ledger).exists():
            with Ledger(self.config.ledger) as ledger:
                _check_ledger(ledger, self.config)
        logger.info(
            "plan: selected %s, E[T] = %.4g",
            ", ".join(self.plan.selected),
            self.plan.expected_runtime,
        )

    def run(self, on_round: Callable[[RoundRecord], None] | None = None) -> TrainResult:
        """Run (or resume) the rounds, paying each through the ledger; the run's result."""
        config, data = self.config, self.data
        with Ledger(config.ledger) as ledger:
            start_round, w = _start_state(ledger, config, data)
            names = [worker.type_name for worker in self.deployment.workers]
            started_ray = connect(config.address, names, config.num_cpus, config.quiet)
            try:
                with Platform(
                    self.deployment, seed=config.seed, time_scale=config.time_scale
                ) as self.platform:
                    self.platform.load("A", data.A_train)
                    self.platform.load("AT", data.A_train.T)
                    steps = _run_rounds(
                        self.platform, self.plan, ledger, data, w, start_round, config, on_round
                    )
                    codes = {
                        operand: {"n": layout.n, "k": layout.k}
                        for operand, layout in self.platform.layouts.items()
                    }
            finally:
                self.platform = None
                if started_ray:
                    ray.shutdown()

            w = steps[-1].weights if steps else w
            history = [step.record for step in steps]
            return _result(config, self.plan, self.deployment, data, ledger, w, codes, history)


@dataclass(frozen=True)
class _Step:
    record: RoundRecord
    weights: np.ndarray


def _run_rounds(
    platform: Platform,
    plan: MechanismResult,
    ledger: Ledger,
    data: Dataset,
    w: np.ndarray,
    start_round: int,
    config: TrainConfig,
    on_round: Callable[[RoundRecord], None] | None,
) -> list[_Step]:
    """The gradient-descent rounds from ``start_round`` on; each is paid before the next."""
    assert config.step is not None
    m = data.r
    steps: list[_Step] = []

    for t in range(start_round, config.rounds):
        started = time.perf_counter()

        # Two coded products: the scores, then the gradient.
        z = platform.multiply("A", w, t, 0)
        e = (sigmoid(z.value) - data.y_train) / m
        g = platform.multiply("AT", e, t, 1)
        w = w - config.step * g.value

        # Pay the round and checkpoint the weights in one transaction.
        payments = round_payments(t, platform.deployment, plan, (z, g))
        ledger.record_round(t, payments, checkpoint=w.tobytes())

        record = RoundRecord(
            round=t,
            loss=log_loss(z.value, data.y_train),
            wall_seconds=time.perf_counter() - started,
            model_time=z.model_time + g.model_time,
            paid=sum(p.reward for p in payments),
            phases=(z, g),
        )
        steps.append(_Step(record, w))
        logger.debug("round %d: loss %.6f, %.3f s", t, record.loss, record.wall_seconds)
        if on_round is not None:
            on_round(record)

    return steps


def _check_ledger(ledger: Ledger, config: TrainConfig) -> None:
    """A fresh run needs an unpaid ledger; a resumed one needs the ledger's own settings."""
    if not config.resume:
        paid = ledger.rounds_paid()
        check(
            "ledger",
            config.ledger,
            paid == 0,
            f"a new ledger file (it holds {paid} paid rounds; pass --resume to continue it)",
        )
        return

    stored = json.loads(ledger.meta().get("config", "{}"))
    changed = sorted(key for key in _RUN_IDENTITY if stored.get(key) != str(getattr(config, key)))
    if changed:
        raise ConfigError(
            "Argument '--resume' needs the ledger's own settings; these differ: "
            + ", ".join(changed)
        )


def _start_state(ledger: Ledger, config: TrainConfig, data: Dataset) -> tuple[int, np.ndarray]:
    """The first round to run and the weights to start from, fresh or resumed."""
    _check_ledger(ledger, config)
    if not config.resume:
        identity = {key: str(getattr(config, key)) for key in _RUN_IDENTITY}
        ledger.set_meta({"config": json.dumps(identity, sort_keys=True)})
        return 0, np.zeros(data.s)

    checkpoint = ledger.last_checkpoint()
    if checkpoint is None:
        return 0, np.zeros(data.s)
    last, state = checkpoint
    logger.info("resuming after round %d", last)
    return last + 1, np.frombuffer(state, dtype=np.float64).copy()


def _result(
    config: TrainConfig,
    plan: MechanismResult,
    deployment: Deployment,
    data: Dataset,
    ledger: Ledger,
    w: np.ndarray,
    codes: dict[str, dict[str, int]],
    history: list[RoundRecord],
) -> TrainResult:
    """Evaluate the final weights and summarize the ledger."""
    z_train = data.A_train @ w
    # The mechanism is linear in the rows: a round of r + s rows expects (r + s) / r times
    # the per-task payoff it quotes for r rows.
    scale = (data.r + data.s) / data.r
    expected = {name: plan.payoffs[name] * scale for name in plan.selected}
    seconds = [h.wall_seconds for h in history]
    return TrainResult(
        config=config,
        plan=plan,
        deployment=deployment,
        weights=w,
        rounds=ledger.rounds_paid(),
        final_loss=log_loss(z_train, data.y_train),
        train_accuracy=accuracy(z_train, data.y_train),
        test_accuracy=accuracy(data.A_test @ w, data.y_test),
        mean_round_seconds=float(np.mean(seconds)) if seconds else 0.0,
        total_paid=ledger.total_paid(),
        summary=ledger.summary_by_type(),
        expected_payoffs=expected,
        codes=codes,
        history=history,
    )
