"""The cost and reward ledger: one SQLite file, one transaction per round.

Table ``payments`` has one row per (round, worker), enforced by ``UNIQUE(round, worker)``, so a
round is never paid twice. Times are in the model's time unit (the unit of the workers'
``a`` and ``1/mu``), not wall seconds, so that ``cost = c * occupied_seconds`` is in the
paper's units. Table ``checkpoints`` holds an opaque training state per round, written in the
same transaction as that round's payments, so a run resumed from the file pays no round twice.
Table ``meta`` holds the run's settings as key/value text.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from runtime._exceptions import LedgerError

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    round            INTEGER NOT NULL,
    worker           TEXT    NOT NULL,
    worker_type      TEXT    NOT NULL,
    rows             REAL    NOT NULL,
    busy_seconds     REAL    NOT NULL,
    occupied_seconds REAL    NOT NULL,
    cost             REAL    NOT NULL,
    reward           REAL    NOT NULL,
    UNIQUE(round, worker)
);
CREATE TABLE IF NOT EXISTS checkpoints (
    round INTEGER PRIMARY KEY,
    state BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Payment:
    """One worker's account for one round (times in model units)."""

    round: int
    worker: str
    worker_type: str
    rows: float
    busy_seconds: float
    occupied_seconds: float
    cost: float
    reward: float


@dataclass(frozen=True)
class TypeSummary:
    """Per worker and round averages of one worker type over the ledger."""

    worker_type: str
    workers: int
    rounds: int
    mean_reward: float
    mean_cost: float
    mean_payoff: float


class Ledger:
    """A SQLite ledger of per-round payments; use as a context manager or call ``close``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path.name} is not a usable ledger file: {exc}") from exc

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; every recorded round is already committed."""
        self._db.close()

    def record_round(
        self, round_: int, payments: Iterable[Payment], checkpoint: bytes | None = None
    ) -> None:
        """Write one round's payments (and its checkpoint) in a single transaction."""
        rows = [
            (
                round_,
                p.worker,
                p.worker_type,
                p.rows,
                p.busy_seconds,
                p.occupied_seconds,
                p.cost,
                p.reward,
            )
            for p in payments
        ]
        try:
            with self._db:
                self._db.executemany("INSERT INTO payments VALUES (?,?,?,?,?,?,?,?)", rows)
                if checkpoint is not None:
                    self._db.execute(
                        "INSERT OR REPLACE INTO checkpoints VALUES (?, ?)", (round_, checkpoint)
                    )
        except sqlite3.IntegrityError as exc:
            raise LedgerError(f"round {round_} is already paid in {self.path.name}") from exc
        logger.debug("ledger: round %d, %d payments", round_, len(rows))

    def set_meta(self, values: Mapping[str, str]) -> None:
        """Store the run's settings (overwrites keys that exist)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def meta(self) -> dict[str, str]:
        """The run's settings as stored."""
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def rounds_paid(self) -> int:
        """How many distinct rounds hold payments."""
        (count,) = self._db.execute("SELECT COUNT(DISTINCT round) FROM payments").fetchone()
        return int(count)

    def last_checkpoint(self) -> tuple[int, bytes] | None:
        """The newest (round, state) checkpoint, or None."""
        row = self._db.execute(
            "SELECT round, state FROM checkpoints ORDER BY round DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def total_paid(self) -> float:
        """The sum of every reward in the ledger."""
        (total,) = self._db.execute("SELECT COALESCE(SUM(reward), 0) FROM payments").fetchone()
        return float(total)

    def payments(self) -> list[Payment]:
        """Every payment, ordered by round then worker."""
        cursor = self._db.execute("SELECT * FROM payments ORDER BY round, worker")
        return [Payment(*row) for row in cursor]

    def summary_by_type(self) -> list[TypeSummary]:
        """Mean reward, cost and payoff per worker and round, for each worker type."""
        cursor = self._db.execute(
            """
            SELECT worker_type, COUNT(DISTINCT worker), COUNT(DISTINCT round),
                   AVG(reward), AVG(cost), AVG(reward - cost)
            FROM payments GROUP BY worker_type ORDER BY worker_type
            """
        )
        return [TypeSummary(str(t), int(w), int(n), rw, c, p) for t, w, n, rw, c, p in cursor]
