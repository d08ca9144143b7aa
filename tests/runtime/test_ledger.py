"""The SQLite ledger: one row per (round, worker), atomic rounds, summaries.

Expected sums and means are recomputed in Python from the payments written.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from runtime._exceptions import LedgerError
from runtime._ledger import Ledger, Payment


def _payments(round_: int, rng: np.random.Generator) -> list[Payment]:
    out = []
    for t, workers in (("type1", 2), ("type2", 3)):
        for j in range(workers):
            occupied = float(rng.uniform(1, 2))
            out.append(
                Payment(
                    round_,
                    f"{t}-{j}",
                    t,
                    10.0,
                    occupied / 2,
                    occupied,
                    3 * occupied,
                    float(rng.uniform(0, 9)),
                )
            )
    return out


def test_rounds_totals_and_summary(tmp_path):
    rng = np.random.default_rng(1)
    written = {t: _payments(t, rng) for t in range(4)}
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for t, payments in written.items():
            ledger.record_round(t, payments, checkpoint=np.full(3, t, float).tobytes())

        flat = [p for ps in written.values() for p in ps]
        assert ledger.rounds_paid() == 4
        assert ledger.total_paid() == pytest.approx(sum(p.reward for p in flat), rel=1e-12)
        assert ledger.payments() == sorted(flat, key=lambda p: (p.round, p.worker))

        last, state = ledger.last_checkpoint()
        assert last == 3 and np.array_equal(np.frombuffer(state), np.full(3, 3.0))

        for s in ledger.summary_by_type():
            mine = [p for p in flat if p.worker_type == s.worker_type]
            assert s.workers == len({p.worker for p in mine})
            assert s.mean_reward == pytest.approx(np.mean([p.reward for p in mine]))
            assert s.mean_payoff == pytest.approx(np.mean([p.reward - p.cost for p in mine]))


def test_a_round_is_never_paid_twice_and_a_refused_round_writes_nothing(tmp_path):
    rng = np.random.default_rng(2)
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        ledger.record_round(0, _payments(0, rng))
        before = ledger.total_paid()

        # A second payment of round 0 (mixed with a new worker) is refused as a whole.
        again = [*_payments(0, rng), Payment(0, "new-0", "new", 1, 1, 1, 1, 100.0)]
        with pytest.raises(LedgerError, match="round 0 is already paid"):
            ledger.record_round(0, again, checkpoint=b"x")
        assert ledger.total_paid() == before
        assert ledger.last_checkpoint() is None

    # The file itself enforces it, whoever writes.
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO payments VALUES (0, 'type1-0', 'type1', 1, 1, 1, 1, 1)")
    db.close()


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(LedgerError, match="not a usable ledger"):
        Ledger(path)
