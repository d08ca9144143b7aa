"""Worker types, the performance model, the paper's incentive mechanisms and payment rules.

Pure numpy/scipy: nothing here imports Ray or the ``coding`` package.
"""

from incentives._checks import MISREPORT_MODELS, IncentiveCheck, check_incentives
from incentives._exceptions import IncentiveError, ParameterError, SearchTooLargeError, TypesError
from incentives._exhaustive import MAX_TYPES, exhaustive_costs
from incentives._finish_time import FinishTimeLaw
from incentives._lemmas import (
    alpha,
    harmonic,
    lemma1_loads,
    lemma1_runtime,
    lemma2_runtime,
    lemma2_runtime_log,
    recovery_threshold,
)
from incentives._mechanism import (
    MechanismArrays,
    MechanismResult,
    outcome,
    ranking,
    solve_arrays,
    solve_mechanism,
)
from incentives._payments import realized_rewards
from incentives._performance import lam, omega, phi
from incentives._types import WorkerType, default_types_path, load_types, parse_types
from incentives._validate import SCENARIOS

__all__ = [
    "MAX_TYPES",
    "MISREPORT_MODELS",
    "SCENARIOS",
    "FinishTimeLaw",
    "IncentiveCheck",
    "IncentiveError",
    "MechanismArrays",
    "MechanismResult",
    "ParameterError",
    "SearchTooLargeError",
    "TypesError",
    "WorkerType",
    "alpha",
    "check_incentives",
    "default_types_path",
    "exhaustive_costs",
    "harmonic",
    "lam",
    "lemma1_loads",
    "lemma1_runtime",
    "lemma2_runtime",
    "lemma2_runtime_log",
    "load_types",
    "omega",
    "outcome",
    "parse_types",
    "phi",
    "ranking",
    "realized_rewards",
    "recovery_threshold",
    "solve_arrays",
    "solve_mechanism",
]
