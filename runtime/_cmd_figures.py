"""``codedml figures``: recompute the paper's Figs. 5-8 as PNG and CSV files."""

from __future__ import annotations

import argparse
import logging
import pathlib
import sys

from tqdm import tqdm

from incentives import ParameterError, default_types_path, load_types

logger = logging.getLogger(__name__)

# Defaults of runtime._figures.FigureSettings, repeated so that registering the command does
# not import matplotlib (every other subcommand would pay for it).
_SEEDS, _N_MAX, _N_STEP = 50, 5000, 10


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``figures`` and its options."""
    p = subparsers.add_parser(
        "figures", help="recompute the paper's Figs. 5-8", description=__doc__
    )
    p.add_argument(
        "--out", required=True, metavar="DIR", help="directory for the PNG and CSV files"
    )
    p.add_argument("--types", metavar="FILE", help="types CSV (default: the paper's Table III)")
    p.add_argument("--seeds", type=int, default=_SEEDS, help="random draws for Fig. 8")
    p.add_argument("--n-max", type=int, default=_N_MAX, help="largest total worker count")
    p.add_argument("--n-step", type=int, default=_N_STEP, help="step of the N grid")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute the four figures, write them, and list the files written."""
    from runtime._figures import (
        FigureSettings,
        information_figures,
        plot,
        strongly_incomplete_figure,
        worker_totals,
        write_csv,
    )

    for name in ("seeds", "n_max", "n_step"):
        if getattr(args, name) < 1:
            flag = "--" + name.replace("_", "-")
            raise ParameterError(
                f"Argument {flag!r} must be a positive integer, not {getattr(args, name)}."
            )
    path = args.types if args.types is not None else default_types_path()
    try:
        types = load_types(path)
    except OSError as exc:
        raise OSError(f"cannot read --types {path}: {exc.strerror or exc}") from exc
    settings = FigureSettings(seeds=args.seeds, n_max=args.n_max, n_step=args.n_step)
    points = worker_totals(len(types), settings).size
    if points == 0:
        expected = f"at least the number of types ({len(types)})"
        raise ParameterError(f"Argument '--n-max' must be {expected}, not {args.n_max}.")

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tqdm(total=2 * points, desc="figures", unit="N", file=sys.stderr) as bar:
        figures = [*information_figures(types, settings, bar.update)]
        figures.append(strongly_incomplete_figure(types, settings, bar.update))

    for data in figures:
        write_csv(data, out / f"{data.name}.csv")
        plot(data, out / f"{data.name}.png", seeds=settings.seeds)
        print(f"{data.name}: {out / data.name}.png, {out / data.name}.csv")
    logger.info("wrote %d figures to %s", len(figures), out)
    return 0
