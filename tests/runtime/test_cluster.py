"""A three-node Ray cluster on one machine, each node offering one worker type.

Runs last (marker ``cluster``): it stops the session's shared instance and starts its own.
Where each actor landed is read from Ray's own node table, not from the platform.
"""

from __future__ import annotations

import numpy as np
import pytest
import ray
from ray.cluster_utils import Cluster

from runtime._cluster import type_resource
from runtime._datasets import load_dataset
from runtime._logistic import default_step, gradient_descent
from runtime._training import TrainConfig, Trainer

pytestmark = pytest.mark.cluster

TYPES = "name,cost,mu,a,count\nalpha,1,50,0.012,2\nbeta,1.5,60,0.02,2\ngamma,2,40,0.015,2\n"


@pytest.fixture
def three_nodes():
    ray.shutdown()
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "resources": {type_resource("alpha"): 100}},
    )
    cluster.add_node(num_cpus=1, resources={type_resource("beta"): 100})
    cluster.add_node(num_cpus=1, resources={type_resource("gamma"): 100})
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, log_to_driver=False)
    yield cluster
    ray.shutdown()
    cluster.shutdown()


def test_each_type_runs_on_its_own_node_and_training_completes(tmp_path, three_nodes):
    types = tmp_path / "types.csv"
    types.write_text(TYPES)
    config = TrainConfig(
        types=str(types),
        rounds=5,
        time_scale=1e-3,
        ledger=str(tmp_path / "ledger.sqlite"),
        address=three_nodes.address,
    )
    trainer = Trainer(config)
    placed: dict[str, str] = {}

    def record_nodes(record) -> None:
        for worker, node in zip(trainer.deployment.workers, trainer.platform.node_ids, strict=True):
            placed[worker.name] = node

    result = trainer.run(record_nodes)

    # Every actor sits on the one node that offers its type.
    offers = {
        node["NodeID"]: {key for key in node["Resources"] if key.startswith("codedml:")}
        for node in ray.nodes()
        if node["Alive"]
    }
    assert len(offers) == 3
    for worker in trainer.deployment.workers:
        assert offers[placed[worker.name]] == {type_resource(worker.type_name)}

    # And the run is the exact gradient descent.
    data = load_dataset("breast-cancer", seed=0)
    expected = gradient_descent(data.A_train, data.y_train, default_step(data.A_train), 5)
    assert result.rounds == 5
    assert np.linalg.norm(result.weights - expected) <= 1e-8 * np.linalg.norm(expected)
