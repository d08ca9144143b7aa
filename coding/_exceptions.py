"""Errors raised by the coding package.

::

    CodingError (ValueError)        any invalid code, input or result set
    +-- NotDecodableError           fewer distinct coded blocks than the code needs
    +-- ConditioningError           a real-valued code whose decoding would lose too many digits
    `-- QuantizationError           a finite-field code that cannot hold the products exactly
"""


class CodingError(ValueError):
    """Base class of every error the coding package raises on bad input or results."""


class NotDecodableError(CodingError):
    """The received coded blocks do not determine ``A @ x``; the message says how many lack."""


class ConditioningError(CodingError):
    """A real-valued code was refused: its worst decode would lose more than 8 decimal digits."""


class QuantizationError(CodingError):
    """A finite-field code cannot represent the products of an operand exactly and precisely."""
