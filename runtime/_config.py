"""The settings of a training run, checked once: no Ray, no data, cheap to import.

The command line builds its parser from these choices and defaults without importing Ray.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from incentives import SCENARIOS, default_types_path
from runtime._validation import check, check_choice, check_positive_float, check_positive_int

DATASETS = ("breast-cancer", "digits", "synthetic")
SCHEMES = ("coded", "uncoded", "replication")
FIELDS = ("real", "gf")


@dataclass(frozen=True)
class TrainConfig:
    """Everything a training run needs; ``validated()`` checks it once."""

    dataset: str = "breast-cancer"
    types: str | None = None
    scenario: str = "incomplete"
    scheme: str = "coded"
    field: str = "real"
    rounds: int = 100
    time_scale: float = 0.05
    seed: int = 0
    ledger: str | None = None
    address: str | None = None
    step: float | None = None
    gamma1: float = 2000.0
    gamma2: float = 1.0
    samples: int = 2000
    features: int = 50
    num_cpus: int | None = None
    resume: bool = False
    quiet: bool = True

    def validated(self) -> TrainConfig:
        """This config with defaults filled in, or a ConfigError naming the bad option."""
        check_choice("dataset", self.dataset, DATASETS)
        check_choice("scenario", self.scenario, SCENARIOS)
        check_choice("scheme", self.scheme, SCHEMES)
        check_choice("field", self.field, FIELDS)
        check_positive_int("rounds", self.rounds)
        check_positive_float("time-scale", self.time_scale)
        check_positive_float("gamma1", self.gamma1)
        check_positive_float("gamma2", self.gamma2)
        check("seed", self.seed, isinstance(self.seed, int) and self.seed >= 0, "an integer >= 0")
        if self.step is not None:
            check_positive_float("step", self.step)
        if self.num_cpus is not None:
            check_positive_int("num-cpus", self.num_cpus)
        check(
            "resume",
            self.resume,
            not self.resume or self.ledger is not None,
            "used with --ledger naming the ledger to resume",
        )

        types = self.types or str(default_types_path())
        check("types", types, Path(types).is_file(), "an existing CSV file")
        ledger = self.ledger or _default_ledger_path()
        return dataclasses.replace(self, types=types, ledger=ledger)


def _default_ledger_path() -> str:
    """A new ledger file per run under ``ledgers/``, named by the UTC start time."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return str(Path("ledgers") / f"train-{stamp}.sqlite")
