"""The ``codedml`` command line: mechanisms, the paper's figures, and training on Ray.

Each subcommand lives in its own module, ``runtime/_cmd_<name>.py``, which exposes
``add_parser(subparsers)`` (registers its arguments and sets ``func``) and a
``run(args) -> int``. Those modules import Ray lazily, so ``codedml mechanism`` never
starts or imports Ray.

Bad input anywhere ends with one line on stderr naming the problem and exit status 2; a run
that cannot go on (too many workers lost, a round that never decodes) ends with one line and
exit status 1. The ledger keeps every round paid before the failure.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from coding import CodingError
from incentives import IncentiveError
from runtime._exceptions import ConfigError, LedgerError, PlatformError

_COMMANDS = ("mechanism", "figures", "train")

EXIT_BAD_INPUT = 2
EXIT_RUN_FAILED = 1


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every available subcommand registered."""
    parser = _Parser(prog="codedml", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"runtime._cmd_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"runtime._cmd_{name}":
                raise
            continue
        module.add_parser(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``codedml`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)

    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")

    try:
        return int(args.func(args) or 0)
    except (CodingError, IncentiveError, ConfigError, LedgerError, OSError) as exc:
        print(f"codedml {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PlatformError as exc:
        print(f"codedml {args.command}: failed: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except KeyboardInterrupt:
        print(f"codedml {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
