"""``codedml mechanism``: solve one of the paper's incentive mechanisms for a types file."""

from __future__ import annotations

import argparse
import json

from incentives import (
    SCENARIOS,
    MechanismResult,
    default_types_path,
    load_types,
    omega,
    solve_mechanism,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``mechanism`` and its options."""
    p = subparsers.add_parser(
        "mechanism",
        help="hired types, loads and rewards of an incentive mechanism",
        description=__doc__,
    )
    p.add_argument("scenario", choices=SCENARIOS, help="what the platform knows")
    p.add_argument(
        "--types",
        metavar="FILE",
        help="CSV with header name,cost,mu,a,count (default: the paper's Table III)",
    )
    p.add_argument("--rows", type=float, default=1000.0, metavar="R", help="rows of A per round")
    p.add_argument("--gamma1", type=float, default=2000.0, metavar="G1", help="price of time")
    p.add_argument("--gamma2", type=float, default=1.0, metavar="G2", help="price of payment")
    p.add_argument(
        "--exhaustive",
        action="store_true",
        help="select by searching every subset of types (at most 20) instead of the closed form",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Solve the mechanism and print it as JSON or as a table."""
    path = args.types if args.types is not None else default_types_path()
    try:
        types = load_types(path)
    except OSError as exc:
        raise OSError(f"cannot read --types {path}: {exc.strerror or exc}") from exc
    result = solve_mechanism(
        args.scenario, types, args.rows, args.gamma1, args.gamma2, exhaustive=args.exhaustive
    )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(format_table(result))
    return 0


def format_table(result: MechanismResult) -> str:
    """A summary block and one line per type, in file order."""
    lines = [
        f"scenario          {result.scenario}",
        f"selected          {', '.join(result.selected)}",
        f"threshold type    {result.threshold_type}",
        f"expected runtime  {result.expected_runtime:.6g}",
        f"expected cost     {result.expected_cost:.6g}",
    ]
    if result.scenario == "cost-only":
        lines.append(f"alpha             {result.alpha:.6g}")
        lines.append(f"recovery k*       {result.recovery_threshold}")
    if result.price_per_row is not None:
        lines.append(f"price per row     {result.price_per_row:.6g}")

    width = max(len("type"), *(len(t.name) for t in result.types))
    header = (
        f"{'type':<{width}}  {'hired':>5}  {'count':>6}  {'cost':>8}  {'omega':>9}  "
        f"{'load':>10}  {'reward':>10}  {'payoff':>10}"
    )
    lines += ["", header, "-" * len(header)]
    for t in result.types:
        hired = "yes" if t.name in result.selected else "no"
        ratio = float(omega(t.cost, t.mu, t.a))
        lines.append(
            f"{t.name:<{width}}  {hired:>5}  {t.count:>6}  {t.cost:>8.4g}  {ratio:>9.4g}  "
            f"{result.loads[t.name]:>10.4g}  {result.rewards[t.name]:>10.4g}  "
            f"{result.payoffs[t.name]:>10.4g}"
        )
    lines.append("(rewards, payoffs and loads are per worker per round; time in model units)")
    return "\n".join(lines)
