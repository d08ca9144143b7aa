"""Worker types, the performance model, the paper's incentive mechanisms and payment rules."""

from incentives._exceptions import IncentiveError

__all__ = ["IncentiveError"]
