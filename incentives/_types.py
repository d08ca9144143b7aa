"""Worker types: the ``name,cost,mu,a,count`` table the mechanisms choose from."""

from __future__ import annotations

import csv
import io
import logging
import pathlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from incentives import _validate
from incentives._exceptions import IncentiveError, TypesError

logger = logging.getLogger(__name__)

COLUMNS = ("name", "cost", "mu", "a", "count")


@dataclass(frozen=True)
class WorkerType:
    """``count`` workers that share a unit cost and a shifted-exponential finish-time law.

    Attributes:
        name: the type's label, unique within a table.
        cost: cost ``c`` per unit of model time the worker is occupied (non-negative).
        mu: rate ``mu`` of the exponential part of the time per row (positive).
        a: start-up time ``a`` per row, the shift of the law (positive).
        count: how many workers ``N`` of this type exist (a positive integer).
    """

    name: str
    cost: float
    mu: float
    a: float
    count: int

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            _validate.fail("name", "a non-empty string", self.name, TypesError)
        object.__setattr__(
            self, "cost", _validate.number("cost", self.cost, nonnegative=True, cls=TypesError)
        )
        object.__setattr__(
            self, "mu", _validate.number("mu", self.mu, positive=True, cls=TypesError)
        )
        object.__setattr__(self, "a", _validate.number("a", self.a, positive=True, cls=TypesError))
        object.__setattr__(self, "count", _validate.count("count", self.count, TypesError))


def default_types_path() -> pathlib.Path:
    """The packaged table of the paper's ten simulation types, two workers each."""
    return pathlib.Path(str(resources.files("incentives") / "data" / "table3.csv"))


def load_types(path: str | pathlib.Path) -> tuple[WorkerType, ...]:
    """Read and validate a CSV types file with header ``name,cost,mu,a,count``.

    Returns the types in file order. Raises ``TypesError`` naming the file row and column of the
    first problem, and ``OSError`` if the file cannot be read.
    """
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        got = _validate.Described(f"undecodable bytes at offset {exc.start}")
        raise _validate.error("types", "a UTF-8 CSV file", got, TypesError) from exc
    return parse_types(text)


def parse_types(text: str) -> tuple[WorkerType, ...]:
    """Parse the text of a types file; see ``load_types``."""
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        _validate.fail(
            "types",
            "a CSV file with header " + ",".join(COLUMNS),
            _validate.Described("an empty file"),
            TypesError,
        )

    # Header: exactly the five columns, in any order.
    header = [cell.strip() for cell in rows[0]]
    if sorted(header) != sorted(COLUMNS) or len(header) != len(COLUMNS):
        _validate.fail(
            "types",
            "a CSV file with header " + ",".join(COLUMNS),
            _validate.Described(",".join(header)),
            TypesError,
        )

    if len(rows) == 1:
        _validate.fail(
            "types",
            "a CSV file with at least one type",
            _validate.Described("a header only"),
            TypesError,
        )

    # Body: one type per line, each value checked by WorkerType itself.
    types = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            _validate.fail(f"types (line {line})", f"{len(header)} fields", len(row), TypesError)
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        try:
            types.append(_row_to_type(cells))
        except IncentiveError as exc:
            raise TypesError(f"types file line {line}: {exc}") from exc

    check_types(types)
    logger.debug("parsed %d worker types", len(types))
    return tuple(types)


def _row_to_type(cells: dict[str, str]) -> WorkerType:
    """One validated ``WorkerType`` from the string cells of a CSV row."""
    values: dict[str, float] = {}
    for column in ("cost", "mu", "a", "count"):
        try:
            values[column] = float(cells[column])
        except ValueError:
            _validate.fail(column, "a number", cells[column], TypesError)
    return WorkerType(cells["name"], values["cost"], values["mu"], values["a"], values["count"])


def check_types(types: Sequence[WorkerType]) -> tuple[WorkerType, ...]:
    """Refuse an empty table, non-``WorkerType`` entries and duplicate names."""
    if isinstance(types, (str, bytes)) or not isinstance(types, Sequence) or len(types) == 0:
        _validate.fail("types", "a non-empty sequence of WorkerType", types, TypesError)
    seen: set[str] = set()
    for t in types:
        if not isinstance(t, WorkerType):
            _validate.fail("types", "a sequence of WorkerType", type(t).__name__, TypesError)
        if t.name in seen:
            _validate.fail(
                "types",
                "a table with unique names",
                _validate.Described(f"{t.name!r} twice"),
                TypesError,
            )
        seen.add(t.name)
    return tuple(types)


def type_arrays(
    types: Sequence[WorkerType],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The columns ``(c, mu, a, N)`` of a table as float arrays, in table order."""
    c = np.array([t.cost for t in types], dtype=float)
    mu = np.array([t.mu for t in types], dtype=float)
    a = np.array([t.a for t in types], dtype=float)
    n = np.array([t.count for t in types], dtype=float)
    return c, mu, a, n
