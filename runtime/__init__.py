"""The Ray platform: worker actors, the round loop, the ledger, training and the CLI."""

from runtime._exceptions import ConfigError, PlatformError

__all__ = ["ConfigError", "PlatformError"]
