"""The worker: an async Ray actor that holds its coded blocks and straggles on purpose.

A worker receives its coded shards once (``load``) and keeps them for the run. Each call of
``compute`` multiplies its shard by the round's broadcast operand, draws its finish time from
its type's shifted-exponential law, and sleeps until then. The sleep is ``asyncio.sleep`` in
an ``async def`` method, so ``ray.cancel`` stops a straggler mid-wait: Ray cannot interrupt a
running call of a synchronous actor.

Delays are seeded by (run seed, worker index, round, phase), so every scheme run with the same
seed sees the same straggling of the same worker in the same round.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import ray

from coding import CodedShard
from incentives import FinishTimeLaw
from runtime._schemes import WorkerSpec
from runtime._simulation import delay_rng

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkResult:
    """What a worker sends back for one phase of one round."""

    worker: int
    round: int
    phase: int
    products: np.ndarray
    model_time: float
    wall_seconds: float
    node_id: str


@dataclass
class WorkerStats:
    """Counters a worker keeps over its life, for tests and monitoring."""

    node_id: str
    running: int = 0
    completed: int = 0
    cancelled: int = 0
    cancelled_after_seconds: list[float] = field(default_factory=list)


@ray.remote(num_cpus=0)
class WorkerActor:
    """A straggling worker holding coded shards; every method is async so calls can be cancelled."""

    def __init__(self, spec: WorkerSpec, seed: int, time_scale: float) -> None:
        self.spec = spec
        self.seed = seed
        self.time_scale = time_scale
        self.law = FinishTimeLaw(spec.mu, spec.a)
        self.shards: dict[str, CodedShard] = {}
        self.stats_ = WorkerStats(node_id=ray.get_runtime_context().get_node_id())
        self._calls: dict[tuple[str, int, int], asyncio.Task] = {}
        self._abandoned: set[tuple[str, int, int]] = set()

    async def load(self, shards: Mapping[str, CodedShard]) -> str:
        """Keep ``shards`` (operand name -> shard) for later calls; returns this node's id."""
        self.shards.update(shards)
        return self.stats_.node_id

    async def compute(
        self, operand: str, round_: int, phase: int, payload: Any, rows: float
    ) -> WorkResult:
        """Multiply the ``operand`` shard by ``payload``, then wait out the injected delay."""
        start = time.perf_counter()
        key = (operand, round_, phase)
        if key in self._abandoned:
            self._abandoned.discard(key)
            self._count_cancel(start)
            raise asyncio.CancelledError

        self._calls[key] = asyncio.current_task()
        self.stats_.running += 1
        try:
            return await self._compute(operand, round_, phase, payload, rows, start)
        except asyncio.CancelledError:
            self._count_cancel(start)
            raise
        finally:
            self.stats_.running -= 1
            self._calls.pop(key, None)

    async def abandon(self, operand: str, round_: int, phase: int) -> None:
        """Stop the call for (operand, round, phase) now, or as soon as it arrives.

        ``ray.cancel`` alone can miss a call that reaches the actor while the cancel is in
        flight; the platform sends this too, so a straggler always stops early.
        """
        key = (operand, round_, phase)
        call = self._calls.get(key)
        if call is not None:
            call.cancel()
        else:
            self._abandoned.add(key)
        self._abandoned = {k for k in self._abandoned if k[1] >= round_ - 1}

    async def _compute(
        self, operand: str, round_: int, phase: int, payload: Any, rows: float, start: float
    ) -> WorkResult:
        products = self.shards[operand].multiply(payload)

        # The finish time of ``rows`` rows in model time; the sleep makes up the rest of it.
        rng = delay_rng(self.seed, self.spec.index, round_, phase)
        model_time = float(self.law.sample(rows, rng))
        remaining = model_time * self.time_scale - (time.perf_counter() - start)

        await asyncio.sleep(max(remaining, 0.0))
        self.stats_.completed += 1
        wall = time.perf_counter() - start
        return WorkResult(
            self.spec.index, round_, phase, products, model_time, wall, self.stats_.node_id
        )

    def _count_cancel(self, start: float) -> None:
        self.stats_.cancelled += 1
        self.stats_.cancelled_after_seconds.append(time.perf_counter() - start)

    async def stats(self) -> WorkerStats:
        """This worker's counters."""
        return self.stats_
