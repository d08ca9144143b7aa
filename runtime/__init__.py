"""The Ray platform: worker actors, the round loop, the ledger, training and the CLI.

Public names load on first use (PEP 562), so ``import runtime`` and the command line's
parser stay free of Ray until something that needs Ray is touched.

::

    from runtime import TrainConfig, train
    result = train(TrainConfig(rounds=30))
"""

from __future__ import annotations

import importlib
from typing import Any

from runtime._exceptions import ConfigError, LedgerError, PlatformError, RoundFailedError

_LAZY = {
    "TrainConfig": "runtime._config",
    "Ledger": "runtime._ledger",
    "Payment": "runtime._ledger",
    "TypeSummary": "runtime._ledger",
    "Dataset": "runtime._datasets",
    "load_dataset": "runtime._datasets",
    "Deployment": "runtime._schemes",
    "Layout": "runtime._schemes",
    "deploy": "runtime._schemes",
    "connect": "runtime._cluster",
    "type_resource": "runtime._cluster",
    "PhaseResult": "runtime._platform",
    "Platform": "runtime._platform",
    "RoundRecord": "runtime._training",
    "Trainer": "runtime._training",
    "TrainResult": "runtime._training",
    "train": "runtime._training",
    "WorkerActor": "runtime._worker",
    "WorkerSpec": "runtime._schemes",
    "WorkerStats": "runtime._worker",
}

__all__ = [
    "ConfigError",
    "LedgerError",
    "PlatformError",
    "RoundFailedError",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'runtime' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
