"""Scale out on Dask: code documents on a cluster's workers, write them through the store's path.

``detente ingest PATH --cluster local:2`` (or ``Database.ingest(..., cluster="local:2")``) reads
and hashes documents on the client, ships them to the workers in batches, and writes the
records that come back through the store's normal write path. See docs/scale.md.
Needs the ``scale`` extra (``pip install 'detente[scale]'``).
"""

from detente.scale.cluster import ClusterError, ClusterSpec, open_client, parse_cluster
from detente.scale.coder import DaskCoder, ScaleConfig

__all__ = ["ClusterError", "ClusterSpec", "DaskCoder", "ScaleConfig", "open_client", "parse_cluster"]
