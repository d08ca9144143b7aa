"""The platform's round loop: broadcast, wait for the first decodable set, decode, cancel.

One call of :meth:`Platform.multiply` is one phase of a round::

    ray.put(payload)                      the operand, once, into the object store
    actor.compute.remote(...)             every live worker, on the same object
    ray.wait(..., fetch_local=False)      one arrival at a time, until the blocks decode
    ray.get(arrived) -> decode            only the results that were waited for
    ray.cancel(stragglers)                their asyncio.sleep ends with CancelledError

A phase's model time is the latest finish time among the results it used: the moment the
platform could decode, in the unit of the workers' laws.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import ray
from ray.exceptions import GetTimeoutError, RayActorError, RayTaskError

from coding import EncodedMatrix
from runtime._cluster import placement
from runtime._exceptions import PlatformError, RoundFailedError
from runtime._schemes import Deployment, Layout
from runtime._worker import WorkerActor, WorkerStats, WorkResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhaseResult:
    """One decoded product and how it was obtained.

    Times are model time except ``*_seconds`` (wall clock). ``error_bound`` is the 2-norm of
    the code's entrywise quantization bound on ``value`` (0 for a real code).
    """

    operand: str
    round: int
    phase: int
    value: np.ndarray
    used: tuple[int, ...]
    finish_times: dict[int, float]
    rows: tuple[float, ...]
    model_time: float
    wall_seconds: float
    decode_seconds: float
    called: tuple[int, ...]
    lost: tuple[int, ...]
    error_bound: float = 0.0

    def finished(self, worker: int) -> bool:
        """Whether ``worker``'s result arrived before the platform decoded."""
        return worker in self.finish_times

    def took_part(self, worker: int) -> bool:
        """Whether ``worker`` was called and did not die during the phase."""
        return worker in self.called and worker not in self.lost


class Platform:
    """Coded products on Ray worker actors, for one deployment; use as a context manager."""

    def __init__(
        self,
        deployment: Deployment,
        *,
        seed: int = 0,
        time_scale: float = 0.01,
        phase_timeout: float = 120.0,
    ) -> None:
        self.deployment = deployment
        self.seed = seed
        self.time_scale = time_scale
        self.phase_timeout = phase_timeout
        self.actors: list[ray.actor.ActorHandle] = []
        self.node_ids: list[str] = []
        self.alive: list[bool] = []
        self.layouts: dict[str, Layout] = {}
        self._encoded: dict[str, EncodedMatrix] = {}
        self._rows: dict[str, tuple[float, ...]] = {}

    def __enter__(self) -> Platform:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Create one actor per hired worker, each on a node that offers its type."""
        workers = self.deployment.workers
        requests = placement(w.type_name for w in workers)
        self.actors = [
            WorkerActor.options(resources=requests[w.type_name]).remote(
                w, self.seed, self.time_scale
            )
            for w in workers
        ]
        self.alive = [True] * len(workers)
        logger.info("platform: %d worker actors requested", len(workers))

    def stop(self) -> None:
        """Kill every worker actor."""
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []

    def load(self, operand: str, matrix: np.ndarray) -> EncodedMatrix:
        """Encode ``matrix`` and ship each worker its coded blocks, once for the whole run."""
        layout = self.deployment.layout(matrix.shape[0])
        encoded = layout.code.encode(matrix)
        assignment = layout.assignment
        refs = [
            actor.load.remote({operand: encoded.shard(assignment[i])})
            for i, actor in enumerate(self.actors)
        ]
        try:
            self.node_ids = ray.get(refs, timeout=self.phase_timeout)
        except GetTimeoutError as exc:
            raise PlatformError(
                f"the workers did not start within {self.phase_timeout:g} s: does the cluster "
                "have room for every worker type (see `ray status`)?"
            ) from exc
        except RayActorError as exc:
            raise PlatformError(f"a worker died while starting: {exc}") from exc
        self.layouts[operand] = layout
        self._encoded[operand] = encoded
        self._rows[operand] = layout.worker_rows(matrix.shape[0])
        logger.info(
            "platform: %s encoded as %d blocks of %d rows", operand, encoded.n, encoded.block_rows
        )
        return encoded

    def rows(self, operand: str) -> tuple[float, ...]:
        """Rows of ``operand`` each worker holds (its load in the finish-time law)."""
        return self._rows[operand]

    def stats(self) -> list[WorkerStats | None]:
        """Each live worker's counters (a dead worker's entry is None)."""
        refs = [
            a.stats.remote() if ok else None for a, ok in zip(self.actors, self.alive, strict=True)
        ]
        return [None if r is None else ray.get(r) for r in refs]

    def multiply(self, operand: str, x: np.ndarray, round_: int, phase: int) -> PhaseResult:
        """``matrix @ x`` for a loaded ``operand``, from the first decodable set of workers."""
        encoded = self._encoded[operand]
        rows = self._rows[operand]
        assignment = self.layouts[operand].assignment
        start = time.perf_counter()

        # Broadcast the operand once and call every live worker.
        payload = encoded.prepare(x)
        payload_ref = ray.put(payload)
        calls = {
            actor.compute.remote(operand, round_, phase, payload_ref, rows[i]): i
            for i, actor in enumerate(self.actors)
            if self.alive[i]
        }

        # Wait one arrival at a time until the arrived blocks decode.
        arrived, lost = self._wait_decodable(encoded, assignment, calls, start)

        # Stop the stragglers; their sleep ends now, not at their finish time.
        for ref, i in calls.items():
            if i not in arrived and i not in lost:
                ray.cancel(ref)
                self.actors[i].abandon.remote(operand, round_, phase)

        # Decode from the results that were used.
        decode_start = time.perf_counter()
        products = {
            block: result.products[j]
            for result in arrived.values()
            for j, block in enumerate(assignment[result.worker])
        }
        value = encoded.decode(products, payload)
        decode_seconds = time.perf_counter() - decode_start
        error_bound = float(np.linalg.norm(encoded.error_bound(payload))) if encoded.layout else 0.0

        finish_times = {i: r.model_time for i, r in arrived.items()}
        return PhaseResult(
            operand=operand,
            round=round_,
            phase=phase,
            value=value,
            used=tuple(arrived),
            finish_times=finish_times,
            rows=rows,
            model_time=max(finish_times.values()),
            wall_seconds=time.perf_counter() - start,
            decode_seconds=decode_seconds,
            called=tuple(sorted(calls.values())),
            lost=tuple(lost),
            error_bound=error_bound,
        )

    def _wait_decodable(
        self,
        encoded: EncodedMatrix,
        assignment: tuple[tuple[int, ...], ...],
        calls: dict[ray.ObjectRef, int],
        start: float,
    ) -> tuple[dict[int, WorkResult], list[int]]:
        """Collect results in arrival order until their blocks decode; note lost workers."""
        pending: Sequence[ray.ObjectRef] = list(calls)
        arrived: dict[int, WorkResult] = {}
        lost: list[int] = []
        blocks: list[int] = []

        while True:
            remaining = self.phase_timeout - (time.perf_counter() - start)
            ready, pending = ray.wait(
                pending, num_returns=1, timeout=max(remaining, 0.0), fetch_local=False
            )
            if not ready:
                raise PlatformError(
                    f"no decodable set of results within {self.phase_timeout:g} s "
                    f"({len(arrived)} workers answered)"
                )

            worker = calls[ready[0]]
            name = self.deployment.workers[worker].name
            try:
                arrived[worker] = ray.get(ready[0])
                blocks.extend(assignment[worker])
            except RayActorError as exc:
                logger.warning("worker %s lost: %s", name, exc)
                self.alive[worker] = False
                lost.append(worker)
            except RayTaskError as exc:
                raise PlatformError(f"worker {name} failed: {exc.cause!r}") from exc

            logger.debug("arrived: %d workers, %d blocks", len(arrived), len(blocks))
            if encoded.decodable(blocks):
                return arrived, lost
            if not pending:
                raise RoundFailedError(
                    f"all workers answered or were lost and {len(set(blocks))} distinct blocks "
                    f"do not decode (need {encoded.k})"
                )
