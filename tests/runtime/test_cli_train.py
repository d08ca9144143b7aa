"""``codedml train`` as a user runs it: JSON fields, the ledger behind them, bad input.

The ledger is read back with sqlite3 directly, independently of the runtime's own queries.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest

from runtime.cli import main

pytestmark = pytest.mark.usefixtures("ray_session")

FAST = ["--time-scale", "1e-4"]

# Two types of two workers: a quick platform for tests that are not about Table III.
SMALL_TYPES = "name,cost,mu,a,count\nalpha,1,50,0.012,2\nbeta,1.5,60,0.02,2\n"


@pytest.fixture
def small_types(tmp_path) -> list[str]:
    path = tmp_path / "types.csv"
    path.write_text(SMALL_TYPES)
    return ["--types", str(path)]


def _sum_rewards(path) -> float:
    db = sqlite3.connect(path)
    (total,) = db.execute("SELECT SUM(reward) FROM payments").fetchone()
    db.close()
    return total


def test_train_json_fields_match_the_ledger(tmp_path, capsys):
    ledger = tmp_path / "run.sqlite"
    code = main(["train", "--rounds", "3", *FAST, "--ledger", str(ledger), "--json"])
    out = json.loads(capsys.readouterr().out)

    assert code == 0
    fields = {
        "rounds",
        "final_loss",
        "train_accuracy",
        "mean_round_seconds",
        "total_paid",
        "ledger",
        "payoffs",
    }
    assert fields <= out.keys()
    assert out["rounds"] == 3
    assert out["ledger"] == str(ledger)
    assert out["total_paid"] == pytest.approx(_sum_rewards(ledger), rel=1e-12)
    assert set(out["payoffs"]) == set(out["selected"])


def test_train_prints_a_closing_table(tmp_path, capsys, small_types):
    ledger = ["--ledger", str(tmp_path / "t.sqlite")]
    code = main(["train", "--rounds", "2", *FAST, *small_types, *ledger])
    out = capsys.readouterr().out
    assert code == 0
    for word in ("rounds", "final loss", "test accuracy", "total paid", "alpha", "beta"):
        assert word in out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--rounds", "0"], "'rounds'"),
        (["--time-scale", "-1"], "'time-scale'"),
        (["--gamma1", "nan"], "'gamma1'"),
        (["--types", "no-such-file.csv"], "'types'"),
        (["--scenario", "cost-only"], "mu"),
        (["--field", "gf", "--scheme", "uncoded"], "'field'"),
        (["--resume"], "'resume'"),
        (["--rounds", "three"], "--rounds"),
        (["--scheme", "magic"], "--scheme"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(tmp_path, monkeypatch, capsys, args, named):
    monkeypatch.chdir(tmp_path)
    code = _exit_code(["train", *FAST, *args])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert named in err
    assert not (tmp_path / "ledgers").exists() or not any((tmp_path / "ledgers").iterdir())


def test_a_paid_ledger_is_not_overwritten_without_resume(tmp_path, capsys, small_types):
    ledger = tmp_path / "kept.sqlite"
    args = ["train", "--rounds", "2", *FAST, *small_types, "--ledger", str(ledger)]
    assert main(args) == 0
    before = _sum_rewards(ledger)
    capsys.readouterr()

    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2 and "'ledger'" in err and "--resume" in err
    assert len(err.splitlines()) == 1, err
    assert _sum_rewards(ledger) == before


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


def test_console_script_joins_a_running_cluster(tmp_path, ray_session, small_types):
    address = ray_session.get_runtime_context().gcs_address
    script = shutil.which("codedml", path=os.path.dirname(sys.executable))
    assert script is not None
    done = subprocess.run(
        [
            script,
            "train",
            "--rounds",
            "2",
            *FAST,
            "--address",
            address,
            "--json",
            "--ledger",
            str(tmp_path / "sub.sqlite"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["rounds"] == 2


def test_a_killed_driver_resumes_from_its_ledger_and_pays_no_round_twice(
    tmp_path, ray_session, small_types
):
    from runtime._datasets import load_dataset
    from runtime._logistic import default_step, gradient_descent

    ledger = tmp_path / "killed.sqlite"
    address = ray_session.get_runtime_context().gcs_address
    script = shutil.which("codedml", path=os.path.dirname(sys.executable))
    args = [
        "train",
        "--rounds",
        "40",
        "--time-scale",
        "0.05",
        *small_types,
        "--ledger",
        str(ledger),
    ]
    driver = subprocess.Popen(
        [script, *args, "--address", address],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    # Kill the driver (SIGKILL: no clean-up at all) once a few rounds are paid.
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and driver.poll() is None:
            if ledger.exists() and _rounds_paid(ledger) >= 4:
                break
            time.sleep(0.2)
        assert driver.poll() is None, "the driver ended before it could be killed"
    finally:
        driver.kill()
        driver.wait()
    paid_before = _rounds_paid(ledger)
    assert 4 <= paid_before < 40

    # Resume in this process: the rest of the rounds, each (round, worker) paid once.
    assert main([*args, "--resume", "--time-scale", "1e-4", "--json"]) == 0
    db = sqlite3.connect(ledger)
    keys = db.execute("SELECT round, worker FROM payments").fetchall()
    db.close()
    assert len(keys) == len(set(keys)) == 40 * 4
    assert {t for t, _ in keys} == set(range(40))

    # And the weights are those of 40 uninterrupted exact steps.
    data = load_dataset("breast-cancer", seed=0)
    expected = gradient_descent(data.A_train, data.y_train, default_step(data.A_train), 40)
    final = np.frombuffer(_last_state(ledger), dtype=np.float64)
    assert np.linalg.norm(final - expected) <= 1e-8 * np.linalg.norm(expected)


def _rounds_paid(path) -> int:
    db = sqlite3.connect(path, timeout=5)
    try:
        (count,) = db.execute("SELECT COUNT(DISTINCT round) FROM payments").fetchone()
    except sqlite3.OperationalError:  # the driver has not created the table yet
        count = 0
    db.close()
    return count


def _last_state(path) -> bytes:
    db = sqlite3.connect(path)
    (state,) = db.execute("SELECT state FROM checkpoints ORDER BY round DESC LIMIT 1").fetchone()
    db.close()
    return state


def test_a_file_that_is_not_a_ledger_is_bad_input(tmp_path, capsys, small_types):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"definitely not sqlite " * 64)
    code = main(["train", "--rounds", "2", *FAST, *small_types, "--ledger", str(junk)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "ledger" in err
    assert junk.read_bytes() == b"definitely not sqlite " * 64
