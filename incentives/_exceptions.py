"""Errors raised by the incentives package.

::

    IncentiveError (ValueError)     any invalid worker table, parameter or mechanism input
    +-- TypesError                  a worker-type table or types file that cannot be used
    +-- ParameterError              a bad scalar or array argument (rows, gammas, scenario, ...)
    `-- SearchTooLargeError         an exhaustive search over more types than it can enumerate
"""


class IncentiveError(ValueError):
    """Base class of every error the incentives package raises on bad input."""


class TypesError(IncentiveError):
    """A worker-type table or types file is missing, malformed or holds an invalid value."""


class ParameterError(IncentiveError):
    """A scalar or array argument (rows, gammas, scenario, loads, ...) is out of its domain."""


class SearchTooLargeError(IncentiveError):
    """The exhaustive search was asked to enumerate the subsets of too many worker types."""
