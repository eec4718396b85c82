"""Which cluster to use: ``local[:N]`` (worker processes on this machine) or a scheduler address."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_LOCAL = re.compile(r"^local(?::(\d+))?$")
_ADDRESS = re.compile(r"^(tcp|tls|ws|wss|inproc)://\S+$")


class ClusterError(ValueError):
    """A bad ``--cluster`` value, a missing extra, or a scheduler that cannot be reached: one line."""


@dataclass(frozen=True)
class ClusterSpec:
    """``workers`` local processes (one thread each), or the scheduler at ``address``."""

    workers: int | None = None
    address: str | None = None

    @property
    def local(self) -> bool:
        return self.address is None


def parse_cluster(text: str) -> ClusterSpec:
    """``local`` (one worker per core), ``local:N`` or ``tcp://HOST:PORT``."""
    text = text.strip()
    m = _LOCAL.match(text)
    if m:
        n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
        if n < 1:
            raise ClusterError(f"--cluster {text}: the number of workers must be at least 1")
        return ClusterSpec(workers=n)
    if _ADDRESS.match(text):
        return ClusterSpec(address=text)
    raise ClusterError(f"--cluster {text!r}: use local, local:N or a scheduler address such as tcp://host:8786")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError("--cluster needs Dask: pip install 'detente[scale]'") from exc
    return distributed


@contextmanager
def open_client(spec: ClusterSpec | str | Any, timeout: str = "10s") -> Iterator[Any]:
    """A ``distributed.Client``; a local cluster is started here and closed on the way out.

    A ``Client`` of your own is used as it is and left open.
    """
    if hasattr(spec, "submit"):
        yield spec
        return
    if isinstance(spec, str):
        spec = parse_cluster(spec)
    distributed = _distributed()
    if spec.local:
        # processes, one thread each: spaCy and the coder are Python-bound, threads would share the GIL
        with distributed.LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True,
                                      dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(spec.address, timeout=timeout)
    except OSError as exc:
        raise ClusterError(f"--cluster {spec.address}: cannot reach the scheduler ({exc})") from exc
    with client:
        yield client
