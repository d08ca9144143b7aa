"""Joining or starting Ray, and placing each worker type on the nodes that offer it.

Every worker type ``name`` is a custom resource ``codedml:<name>``. A node that should run
workers of that type offers it, e.g. ``ray start --address ADDR --resources
'{"codedml:type1": 100}'``; each worker actor asks for one unit. A local instance started
here offers every type. A cluster that offers no ``codedml:`` resource at all is taken as
untyped: actors go wherever Ray puts them, and a warning says so.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

import ray
from ray.exceptions import AuthenticationError

from runtime._exceptions import ConfigError

logger = logging.getLogger(__name__)

RESOURCE_PREFIX = "codedml:"

# Units of each type resource a local instance offers: more than any run hires.
LOCAL_TYPE_UNITS = 10_000


def type_resource(type_name: str) -> str:
    """The custom resource that marks a node as able to run workers of ``type_name``."""
    return f"{RESOURCE_PREFIX}{type_name}"


def connect(
    address: str | None, type_names: Iterable[str], num_cpus: int | None = None, quiet: bool = True
) -> bool:
    """Join the cluster at ``address`` or start a local instance; True if this call started it.

    An instance that is already up in this process (a test session, a notebook) is reused.
    """
    if ray.is_initialized():
        return False

    log_level = logging.WARNING if quiet else logging.INFO
    try:
        if address is None:
            resources = {type_resource(t): LOCAL_TYPE_UNITS for t in type_names}
            ray.init(
                address="local",
                num_cpus=num_cpus,
                resources=resources,
                include_dashboard=False,
                logging_level=log_level,
                log_to_driver=not quiet,
            )
        else:
            ray.init(address=address, logging_level=log_level, log_to_driver=not quiet)
    except AuthenticationError as exc:
        raise ConfigError(
            "Argument '--address' names a cluster that refused this driver's token: set "
            "RAY_AUTH_MODE=token and give it the cluster's token (RAY_AUTH_TOKEN, or the file "
            "`ray get-auth-token` prints on the head node)"
        ) from exc
    except ConnectionError as exc:
        hint = "" if os.environ.get("RAY_AUTH_MODE") == "token" else " (with RAY_AUTH_MODE=token?)"
        raise ConfigError(
            f"Argument '--address' names no reachable Ray cluster{hint}: {exc}"
        ) from exc

    logger.info("ray: %s", "started a local instance" if address is None else f"joined {address}")
    return True


def placement(type_names: Iterable[str]) -> dict[str, dict[str, float]]:
    """Ray resource requests per worker type, checked against what the cluster offers."""
    offered = ray.cluster_resources()
    typed = [key for key in offered if key.startswith(RESOURCE_PREFIX)]
    names = list(dict.fromkeys(type_names))

    if not typed:
        logger.warning(
            "the cluster offers no %s* resources: worker types are not pinned to nodes",
            RESOURCE_PREFIX,
        )
        return {name: {} for name in names}

    missing = [name for name in names if type_resource(name) not in offered]
    if missing:
        raise ConfigError(
            f"the cluster offers no node for worker type(s) {', '.join(missing)}: start a node "
            f"with --resources '{{\"{type_resource(missing[0])}\": 100}}'"
        )
    return {name: {type_resource(name): 1.0} for name in names}
