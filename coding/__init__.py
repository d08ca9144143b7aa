"""MDS codes for coded matrix-vector products: encode, place coded blocks, decode.

``MDSCode`` (reals or prime fields) and ``RepetitionCode`` (uncoded, replicated) encode a
matrix into an ``EncodedMatrix``; workers hold ``CodedShard`` objects and multiply them by a
round's ``Payload``; ``plan_blocks`` turns heterogeneous loads into block counts.
"""

from coding._conditioning import MAX_CONDITION, ConditionReport, subset_condition, worst_condition
from coding._encoded import CodedShard, EncodedMatrix, Payload
from coding._exceptions import (
    CodingError,
    ConditioningError,
    NotDecodableError,
    QuantizationError,
)
from coding._generator import REAL_CONSTRUCTIONS
from coding._mds import MDSCode
from coding._modular import ModularLayout
from coding._placement import BlockPlan, plan_blocks
from coding._repetition import RepetitionCode

__all__ = [
    "MAX_CONDITION",
    "REAL_CONSTRUCTIONS",
    "BlockPlan",
    "CodedShard",
    "CodingError",
    "ConditionReport",
    "ConditioningError",
    "EncodedMatrix",
    "MDSCode",
    "ModularLayout",
    "NotDecodableError",
    "Payload",
    "QuantizationError",
    "RepetitionCode",
    "plan_blocks",
    "subset_condition",
    "worst_condition",
]
