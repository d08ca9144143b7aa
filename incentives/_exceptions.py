"""Errors raised by the incentives package.

::

    IncentiveError (ValueError)     any invalid worker table, parameter or mechanism input
"""


class IncentiveError(ValueError):
    """Base class of every error the incentives package raises on bad input."""
