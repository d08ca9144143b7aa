"""Errors raised by the coding package.

::

    CodingError (ValueError)        any invalid code, input or result set
"""


class CodingError(ValueError):
    """Base class of every error the coding package raises on bad input or results."""
