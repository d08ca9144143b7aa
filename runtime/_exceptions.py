"""Errors raised by the runtime package.

::

    PlatformError (RuntimeError)        a run could not go on
    +-- ConfigError (+ ValueError)      a bad option, file or combination of options
    +-- RoundFailedError                every live worker answered or died, and the blocks
    |                                   that arrived do not decode (more than n - k lost)
    `-- LedgerError                     a round paid twice, or a file that is not a ledger

Ray's own errors do not reach the user: a dead actor is a lost worker (logged, survivable up
to ``n - k`` blocks), and an error raised inside a worker's call is a PlatformError.
"""


class PlatformError(RuntimeError):
    """Base class of the runtime's errors: a run that could not go on."""


class ConfigError(PlatformError, ValueError):
    """A bad option, file or combination of options given to the platform or the CLI."""


class RoundFailedError(PlatformError):
    """A phase ended without a decodable set of results."""


class LedgerError(PlatformError):
    """The ledger refused a write: a round paid twice, or a file that is not a ledger."""
