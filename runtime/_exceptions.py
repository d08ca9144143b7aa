"""Errors raised by the runtime package.

::

    PlatformError (RuntimeError)        a run could not go on
    `-- ConfigError (+ ValueError)      a bad option, file or combination of options
"""


class PlatformError(RuntimeError):
    """Base class of the runtime's errors: a run that could not go on."""


class ConfigError(PlatformError, ValueError):
    """A bad option, file or combination of options given to the platform or the CLI."""
