"""Hand-made deployments for runtime tests."""

from __future__ import annotations

from runtime._schemes import Deployment, WorkerSpec


def specs(groups: list[tuple[str, int, float, float, float]]) -> tuple[WorkerSpec, ...]:
    """Workers from (type name, count, cost, mu, a) groups, indexed in order."""
    out: list[WorkerSpec] = []
    for name, count, cost, mu, a in groups:
        for j in range(count):
            out.append(WorkerSpec(len(out), f"{name}-{j}", name, cost, mu, a))
    return tuple(out)


def coded(workers: tuple[WorkerSpec, ...], loads: list[float], r: int, k: int, field="real"):
    """An MDS deployment with ``k`` data blocks, blocks planned from ``loads``."""
    return Deployment("coded", field, workers, tuple(loads), r, k)


def uncoded(workers: tuple[WorkerSpec, ...]) -> Deployment:
    """One block per worker, every block needed."""
    return Deployment("uncoded", "real", workers, (), 0)


def replicated(workers: tuple[WorkerSpec, ...]) -> Deployment:
    """Each of len(workers)/2 blocks on two workers."""
    return Deployment("replication", "real", workers, (), 0)
