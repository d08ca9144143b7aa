"""Shared fixtures: one Ray instance per test session, cluster tests last."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run tests that start their own multi-node cluster after every other test."""
    items.sort(key=lambda item: item.get_closest_marker("cluster") is not None)


@pytest.fixture(scope="session")
def ray_session():
    """A local Ray instance shared by the session (2 CPUs, every test type offered)."""
    import ray

    from runtime._cluster import LOCAL_TYPE_UNITS, type_resource

    names = [f"type{i}" for i in range(1, 11)] + ["fast", "slow", "alpha", "beta", "gamma"]
    if not ray.is_initialized():
        ray.init(
            address="local",
            num_cpus=2,
            include_dashboard=False,
            log_to_driver=False,
            resources={type_resource(n): LOCAL_TYPE_UNITS for n in names},
        )
    yield ray
