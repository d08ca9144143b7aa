"""``codedml mechanism``: JSON fields, the readable table, and bad input (exit 2, one line)."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from incentives import default_types_path, load_types, solve_mechanism
from runtime.cli import main

BASE_FIELDS = {
    "scenario",
    "selected",
    "threshold_type",
    "rewards",
    "loads",
    "payoffs",
    "expected_runtime",
    "expected_cost",
}

SHARED = "name,cost,mu,a,count\ncheap,1,50,0.012,4\nmid,3,50,0.012,4\ndear,9,50,0.012,4\n"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("scenario", ["complete", "incomplete"])
def test_json_matches_the_library(scenario: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = str(default_types_path())
    args = ["--rows", "1000", "--gamma1", "2000", "--gamma2", "1", "--json"]
    out = _json(capsys, ["mechanism", scenario, "--types", table, *args])

    expected = solve_mechanism(scenario, load_types(table), 1000, 2000, 1).to_dict()
    assert set(out) == BASE_FIELDS
    assert out == expected
    names = [f"type{m}" for m in range(1, 11)]
    for field in ("rewards", "loads", "payoffs"):
        assert list(out[field]) == names
    assert out["selected"] == [n for n in names if n in out["selected"]]  # input order


def test_cost_only_json_adds_alpha_and_threshold(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shared.csv"
    path.write_text(SHARED)

    args = ["--rows", "120", "--gamma1", "50", "--gamma2", "1", "--json"]
    out = _json(capsys, ["mechanism", "cost-only", "--types", str(path), *args])

    assert set(out) == BASE_FIELDS | {"alpha", "recovery_threshold"}
    assert 0 < out["alpha"] < 1
    hired = sum(4 for _ in out["selected"])
    assert 1 <= out["recovery_threshold"] <= hired
    # Equal loads r / k* for every hired type (Proposition 1).
    for name in out["selected"]:
        assert out["loads"][name] == pytest.approx(120 / out["recovery_threshold"])


def test_exhaustive_flag_gives_the_same_answer(capsys: pytest.CaptureFixture[str]) -> None:
    closed = _json(capsys, ["mechanism", "incomplete", "--json"])
    brute = _json(capsys, ["mechanism", "incomplete", "--exhaustive", "--json"])

    assert brute["selected"] == closed["selected"]
    assert brute["expected_cost"] == pytest.approx(closed["expected_cost"], rel=1e-12)


def test_table_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanism", "incomplete", "--types", str(default_types_path())]) == 0
    out = capsys.readouterr().out

    assert "threshold type    type7" in out
    assert sum(line.startswith("type") and " yes " in line for line in out.splitlines()) == 7


def _write(tmp_path: pathlib.Path, text: str) -> str:
    path = tmp_path / "types.csv"
    path.write_text(text)
    return str(path)


HEADER = "name,cost,mu,a,count\n"

# Each case: the types file's text (None: the packaged table), extra arguments, and a word
# the one-line message must contain.
BAD = [
    (HEADER + "x,1,0,1,2\n", [], "'mu'"),  # zero speed
    (HEADER + "x,1,1,-1,2\n", [], "'a'"),  # negative start-up
    (HEADER + "x,-1,1,1,2\n", [], "'cost'"),  # negative cost
    (HEADER + "x,1,1,1,0\n", [], "'count'"),  # zero workers
    (HEADER + "x,1,1,1,1.5\n", [], "'count'"),  # fractional workers
    (HEADER + "x,nan,1,1,1\n", [], "'cost'"),  # NaN
    (HEADER + "x,1,1,inf,1\n", [], "'a'"),  # infinity
    (HEADER + "x,1,1,1,1\nx,1,1,1,1\n", [], "unique names"),  # duplicate names
    ("name,cost,mu,count\nx,1,1,1\n", [], "header"),  # missing column
    ("", [], "empty file"),  # empty file
    (None, ["--rows", "0"], "'rows'"),  # non-positive rows
    (None, ["--rows", "-3"], "'rows'"),
    (None, ["--gamma1", "0"], "'gamma1'"),  # non-positive gammas
    (None, ["--gamma2", "-1"], "'gamma2'"),
    (None, ["--gamma1", "nan"], "'gamma1'"),
    (None, ["--gamma2", "inf"], "'gamma2'"),
]


@pytest.mark.parametrize(("text", "extra", "word"), BAD)
def test_bad_input_exits_2_with_one_line(
    text: str | None,
    extra: list[str],
    word: str,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    types = [] if text is None else ["--types", _write(tmp_path, text)]

    assert main(["mechanism", "complete", *types, *extra]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("codedml mechanism: error:")
    assert word in err and "Traceback" not in err


def test_cost_only_refuses_different_speeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanism", "cost-only"]) == 2
    assert "share one mu and one a" in capsys.readouterr().err


def test_missing_file_and_unknown_scenario(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mechanism", "complete", "--types", str(tmp_path / "none.csv")]) == 2
    assert "--types" in capsys.readouterr().err

    with pytest.raises(SystemExit) as info:
        main(["mechanism", "best"])
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_console_script_in_a_subprocess(tmp_path: pathlib.Path) -> None:
    script = shutil.which("codedml", path=str(pathlib.Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-m", "runtime.cli"]

    ok = subprocess.run(
        [*cmd, "mechanism", "complete", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    bad = subprocess.run(
        [*cmd, "mechanism", "complete", "--types", _write(tmp_path, "")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert ok.returncode == 0 and set(json.loads(ok.stdout)) == BASE_FIELDS
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
