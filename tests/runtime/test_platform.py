"""The platform's round loop on a real Ray instance: decode, cancel, lose workers.

Expected products are numpy's own ``A @ x``; expected injected delays are recomputed on the
driver from the same seeded streams the actors use.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import ray

from incentives import FinishTimeLaw
from runtime._exceptions import RoundFailedError
from runtime._platform import Platform
from runtime._simulation import decode_time, delay_rng, finish_times
from tests.runtime.helpers import coded, replicated, specs, uncoded

pytestmark = pytest.mark.usefixtures("ray_session")

RNG = np.random.default_rng(7)
A = RNG.standard_normal((61, 9))
X = RNG.standard_normal(9)

FAST = specs([("fast", 6, 1.0, 100.0, 0.01)])


@pytest.mark.parametrize(
    "deployment",
    [
        coded(FAST, [15.0, 15.0, 10.0, 10.0, 20.0, 20.0], 61, 8),
        uncoded(FAST),
        replicated(FAST),
    ],
    ids=["coded", "uncoded", "replication"],
)
def test_multiply_decodes_the_exact_product(deployment):
    with Platform(deployment, seed=3, time_scale=1e-3) as platform:
        platform.load("A", A)
        platform.load("AT", A.T)
        y = platform.multiply("A", X, 0, 0)
        g = platform.multiply("AT", y.value, 0, 1)

    assert np.linalg.norm(y.value - A @ X) <= 1e-10 * np.linalg.norm(A @ X)
    assert np.linalg.norm(g.value - A.T @ (A @ X)) <= 1e-10 * np.linalg.norm(A.T @ A @ X)
    assert y.model_time == max(y.finish_times.values())
    if deployment.scheme == "uncoded":
        assert sorted(y.used) == list(range(len(FAST)))


def test_injected_delays_follow_the_seeded_law():
    deployment = uncoded(FAST)
    with Platform(deployment, seed=11, time_scale=1e-3) as platform:
        platform.load("A", A)
        rows = platform.rows("A")
        results = [platform.multiply("A", X, t, 0) for t in range(3)]

    # Recompute every worker's finish time on the driver from the same stream, and the
    # virtual clock's decode time (every worker is needed here, so it is the last finish).
    layout = deployment.layout(A.shape[0])
    for t, result in enumerate(results):
        for i, w in enumerate(deployment.workers):
            law = FinishTimeLaw(w.mu, w.a)
            expected = float(law.sample(rows[i], delay_rng(11, i, t, 0)))
            assert result.finish_times[i] == pytest.approx(expected, rel=1e-12)
        simulated, used = decode_time(layout, finish_times(deployment, rows, 11, t, 0))
        assert result.model_time == pytest.approx(simulated, rel=1e-12)
        assert sorted(used) == sorted(result.used)


def test_coded_rounds_decode_no_earlier_than_the_virtual_clock_allows():
    deployment = coded(FAST, [15.0, 15.0, 10.0, 10.0, 20.0, 20.0], 61, 8)
    layout = deployment.layout(A.shape[0])
    with Platform(deployment, seed=5, time_scale=1e-3) as platform:
        platform.load("A", A)
        rows = platform.rows("A")
        for t in range(5):
            result = platform.multiply("A", X, t, 0)
            earliest, _ = decode_time(layout, finish_times(deployment, rows, 5, t, 0))
            assert result.model_time >= earliest * (1 - 1e-12)
            assert layout.code.decodable(b for i in result.used for b in layout.assignment[i])


def test_stragglers_are_cancelled_and_do_not_delay_the_next_round():
    # Two workers whose injected delay is 10 s of wall time each; four fast ones suffice.
    workers = specs([("fast", 4, 1.0, 100.0, 0.01), ("slow", 2, 1.0, 100.0, 1000.0)])
    deployment = coded(workers, [16.0] * 6, 61, 4)
    assert deployment.layout(61).n == 6

    with Platform(deployment, seed=0, time_scale=1e-3) as platform:
        platform.load("A", A)
        walls = []
        for t in range(3):
            result = platform.multiply("A", X, t, 0)
            walls.append(result.wall_seconds)
            assert set(result.used) == {0, 1, 2, 3}
            assert np.allclose(result.value, A @ X, rtol=1e-10, atol=1e-12)
        time.sleep(0.5)
        stats = platform.stats()

    # No slow call is still running or ever completed: each was cancelled mid-sleep (or
    # before it began), within two seconds, not after its 10 s delay.
    assert max(walls) < 2.0
    for s in stats[4:]:
        assert s.running == 0
        assert s.completed == 0
        assert 1 <= s.cancelled <= 3
        assert max(s.cancelled_after_seconds) < 2.0
    assert all(s.cancelled == 0 and s.completed == 3 for s in stats[:4])


def test_lost_workers_up_to_n_minus_k_are_survived_and_more_are_not():
    deployment = coded(FAST, [16.0] * 6, 61, 4)
    with Platform(deployment, seed=0, time_scale=1e-3) as platform:
        platform.load("A", A)
        platform.multiply("A", X, 0, 0)

        # Two of six lost: still decodable from the other four.
        for i in (0, 5):
            ray.kill(platform.actors[i])
        result = platform.multiply("A", X, 1, 0)
        assert set(result.lost) == {0, 5}
        assert np.allclose(result.value, A @ X, rtol=1e-10, atol=1e-12)

        # A third loss leaves three workers for k = 4 blocks.
        ray.kill(platform.actors[1])
        with pytest.raises(RoundFailedError, match="need 4"):
            platform.multiply("A", X, 2, 0)
