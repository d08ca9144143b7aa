"""``codedml train``: logistic regression end to end on a Ray cluster of paid, coded workers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from tqdm import tqdm

from runtime._config import DATASETS, FIELDS, SCENARIOS, SCHEMES, TrainConfig

if TYPE_CHECKING:
    from runtime._training import RoundRecord, TrainResult

_DEFAULTS = TrainConfig()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``train`` and its options."""
    p = subparsers.add_parser(
        "train",
        help="train logistic regression on coded, paid workers",
        description=__doc__,
    )
    p.add_argument("--dataset", choices=DATASETS, default=_DEFAULTS.dataset)
    p.add_argument("--types", metavar="FILE", help="worker types CSV (default: paper's Table III)")
    p.add_argument("--scenario", choices=SCENARIOS, default=_DEFAULTS.scenario)
    p.add_argument("--scheme", choices=SCHEMES, default=_DEFAULTS.scheme)
    p.add_argument("--field", choices=FIELDS, default=_DEFAULTS.field)
    p.add_argument("--rounds", type=int, default=_DEFAULTS.rounds, metavar="N")
    p.add_argument(
        "--time-scale",
        type=float,
        default=_DEFAULTS.time_scale,
        metavar="S",
        help="wall seconds per model time unit of injected delay (default %(default)s)",
    )
    p.add_argument("--seed", type=int, default=_DEFAULTS.seed)
    p.add_argument("--ledger", metavar="PATH", help="SQLite ledger (default: new file in ledgers/)")
    p.add_argument("--resume", action="store_true", help="continue the run recorded in --ledger")
    p.add_argument("--address", metavar="ADDR", help="join this Ray cluster (default: start one)")
    p.add_argument("--step", type=float, help="gradient step (default: 1/L of the data)")
    p.add_argument("--gamma1", type=float, default=_DEFAULTS.gamma1, help="weight of time")
    p.add_argument("--gamma2", type=float, default=_DEFAULTS.gamma2, help="weight of payment")
    p.add_argument("--samples", type=int, default=_DEFAULTS.samples, help="synthetic rows")
    p.add_argument("--features", type=int, default=_DEFAULTS.features, help="synthetic columns")
    p.add_argument("--num-cpus", type=int, help="CPUs of a local Ray instance (default: all)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the training and print its closing table or JSON."""
    config = TrainConfig(
        dataset=args.dataset,
        types=args.types,
        scenario=args.scenario,
        scheme=args.scheme,
        field=args.field,
        rounds=args.rounds,
        time_scale=args.time_scale,
        seed=args.seed,
        ledger=args.ledger,
        address=args.address,
        step=args.step,
        gamma1=args.gamma1,
        gamma2=args.gamma2,
        samples=args.samples,
        features=args.features,
        num_cpus=args.num_cpus,
        resume=args.resume,
        quiet=args.verbose == 0,
    )

    # The bar opens with the first paid round, so an early error prints one line only.
    bar: tqdm | None = None

    def on_round(record: RoundRecord) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(
                total=config.rounds,
                initial=record.round,
                desc="rounds",
                unit="round",
                file=sys.stderr,
            )
        bar.set_postfix(loss=f"{record.loss:.4f}", paid=f"{record.paid:.3g}")
        bar.update(1)

    from runtime._training import Trainer  # imports Ray: only when training runs

    trainer = Trainer(config)
    where = config.address or "a local Ray instance"
    print(
        f"codedml train: {len(trainer.deployment.workers)} workers of "
        f"{', '.join(trainer.plan.selected)} on {where}; starting them ...",
        file=sys.stderr,
    )
    try:
        result = trainer.run(on_round)
    finally:
        if bar is not None:
            bar.close()

    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(_table(result))
    return 0


def _table(result: TrainResult) -> str:
    """The human-readable closing report."""
    c = result.config
    codes = ", ".join(f"{op}: n={code['n']} k={code['k']}" for op, code in result.codes.items())
    lines = [
        f"{c.dataset}: {c.scheme} ({c.field} field; {codes}) on "
        f"{len(result.deployment.workers)} workers, {c.scenario} information",
        "",
        f"  rounds              {result.rounds}",
        f"  final loss          {result.final_loss:.6f}",
        f"  train accuracy      {result.train_accuracy:.4f}",
        f"  test accuracy       {result.test_accuracy:.4f}",
        f"  mean round          {result.mean_round_seconds:.3f} s",
        f"  total paid          {result.total_paid:.4f}",
        f"  ledger              {c.ledger}",
        "",
        f"  {'type':<10} {'workers':>7} {'reward':>10} {'cost':>10} {'payoff':>10} "
        f"{'expected':>10}",
    ]
    for s in result.summary:
        expected = result.expected_payoffs.get(s.worker_type, float("nan"))
        lines.append(
            f"  {s.worker_type:<10} {s.workers:>7} {s.mean_reward:>10.4f} {s.mean_cost:>10.4f} "
            f"{s.mean_payoff:>10.4f} {expected:>10.4f}"
        )
    lines.append("  (per worker and round, in the paper's units; expected = the mechanism's)")
    return "\n".join(lines)
