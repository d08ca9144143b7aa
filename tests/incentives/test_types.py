"""Worker-type tables: the packaged Table III, and every way a types file can be wrong."""

from __future__ import annotations

import math
import pathlib

import pytest

import incentives
from incentives import TypesError, WorkerType, default_types_path, load_types, parse_types

HEADER = "name,cost,mu,a,count\n"


def test_public_names_are_exported() -> None:
    # Every public function and class the package imports from its private modules is listed.
    defined = {
        name
        for name, value in vars(incentives).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("incentives.")
    }
    assert defined | {"MAX_TYPES", "MISREPORT_MODELS", "SCENARIOS"} == set(incentives.__all__)
    assert len(incentives.__all__) == len(set(incentives.__all__))


def test_packaged_table_is_the_papers_table_iii() -> None:
    types = load_types(default_types_path())

    # Values typed in from the paper's Table III, two workers per type.
    expected = [
        (1, 50, 0.012),
        (7, 100, 0.024),
        (8, 200, 0.033),
        (3, 10, 0.031),
        (16, 400, 0.040),
        (5, 20, 0.081),
        (21, 800, 0.044),
        (9, 40, 0.123),
        (12, 80, 0.153),
        (20, 160, 0.172),
    ]
    assert [t.name for t in types] == [f"type{m}" for m in range(1, 11)]
    assert [(t.cost, t.mu, t.a) for t in types] == expected
    assert all(t.count == 2 for t in types)


def test_columns_in_any_order_and_blank_lines(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("count,a,mu,cost,name\n\n3,0.5,2,1.5,fast\n1,1,1,0,free\n")

    types = load_types(path)

    assert types == (WorkerType("fast", 1.5, 2.0, 0.5, 3), WorkerType("free", 0.0, 1.0, 1.0, 1))


# Each case: file body after the header (or a whole file), and a word the message must contain.
BAD_FILES = [
    ("x,1,0,1,2\n", "'mu'"),  # zero speed
    ("x,1,-3,1,2\n", "'mu'"),  # negative speed
    ("x,1,1,0,2\n", "'a'"),  # zero start-up time
    ("x,-1,1,1,2\n", "'cost'"),  # negative cost
    ("x,1,1,1,0\n", "'count'"),  # no workers
    ("x,1,1,1,2.5\n", "'count'"),  # fractional workers
    ("x,nan,1,1,2\n", "'cost'"),  # NaN
    ("x,1,inf,1,2\n", "'mu'"),  # infinity
    ("x,1,1,abc,2\n", "'a'"),  # not a number
    ("x,1,1,1,2\nx,2,1,1,2\n", "unique"),  # duplicate names
    (",1,1,1,2\n", "'name'"),  # empty name
    ("x,1,1,1\n", "fields"),  # short row
]


@pytest.mark.parametrize(("body", "word"), BAD_FILES)
def test_bad_rows_are_refused_with_one_line(body: str, word: str) -> None:
    with pytest.raises(TypesError) as info:
        parse_types(HEADER + body)

    assert word in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty file
        "\n\n",  # only blank lines
        "name,cost,mu,a\nx,1,1,1\n",  # missing column
        "name,cost,mu,a,count,extra\nx,1,1,1,1,1\n",  # unknown column
        HEADER,  # header only
    ],
)
def test_bad_files_are_refused(text: str) -> None:
    with pytest.raises(TypesError, match="types"):
        parse_types(text)


def test_missing_file_is_an_os_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(OSError):
        load_types(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"cost": -0.1}, "'cost'"),
        ({"mu": 0.0}, "'mu'"),
        ({"a": math.nan}, "'a'"),
        ({"count": 0}, "'count'"),
        ({"count": True}, "'count'"),
        ({"name": " "}, "'name'"),
    ],
)
def test_worker_type_validates_itself(kwargs: dict, word: str) -> None:
    fields = {"name": "x", "cost": 1.0, "mu": 1.0, "a": 1.0, "count": 1} | kwargs

    with pytest.raises(TypesError, match=word):
        WorkerType(**fields)


def test_undecodable_file_and_byte_order_mark(tmp_path: pathlib.Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "caf\xe9,1,1,1,1\n".encode("latin-1"))
    with pytest.raises(TypesError, match="UTF-8"):
        load_types(latin)

    # A spreadsheet's UTF-8 byte order mark before the header is accepted.
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (HEADER + "x,1,1,1,1\n").encode())
    assert load_types(bom) == (WorkerType("x", 1.0, 1.0, 1.0, 1),)
