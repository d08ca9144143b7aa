"""Hand-made deployments for runtime tests, built from the coding package directly."""

from __future__ import annotations

from coding import MDSCode, RepetitionCode, plan_blocks
from runtime._schemes import Deployment
from runtime._worker import WorkerSpec


def specs(groups: list[tuple[str, int, float, float, float]]) -> tuple[WorkerSpec, ...]:
    """Workers from (type name, count, cost, mu, a) groups, indexed in order."""
    out: list[WorkerSpec] = []
    for name, count, cost, mu, a in groups:
        for j in range(count):
            out.append(WorkerSpec(len(out), f"{name}-{j}", name, cost, mu, a))
    return tuple(out)


def coded(workers: tuple[WorkerSpec, ...], loads: list[float], r: int, k: int, field="real"):
    """An MDS deployment with blocks planned from ``loads``."""
    plan = plan_blocks(loads, r, k)
    return Deployment(
        "coded", field, workers, MDSCode(plan.n, plan.k, field=field), plan.assignment
    )


def uncoded(workers: tuple[WorkerSpec, ...]) -> Deployment:
    """One block per worker, every block needed."""
    n = len(workers)
    return Deployment(
        "uncoded", "real", workers, RepetitionCode(n, 1), tuple((i,) for i in range(n))
    )


def replicated(workers: tuple[WorkerSpec, ...]) -> Deployment:
    """Each of len(workers)/2 blocks on two workers."""
    n = len(workers)
    return Deployment(
        "replication", "real", workers, RepetitionCode(n // 2, 2), tuple((i,) for i in range(n))
    )
