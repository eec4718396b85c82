"""Reading txt / md / html / jsonl files and manifests into Documents, and ingesting them.

``collect`` turns paths into documents (metadata merged by precedence), ``ingest_paths`` codes
and stores them. The whole main job (ingest, bargaining, forecast, report) is ``detente.jobs``.
"""

from detente.corpus.collect import Collected, collect
from detente.corpus.dates import DateError, parse_bound, parse_date
from detente.corpus.ingest import CoderUnavailable, IngestCallbacks, IngestReport, ingest_paths
from detente.corpus.problems import Problem
from detente.corpus.readers import SUPPORTED, read_file
from detente.resources import bundled_example

__all__ = [
    "SUPPORTED", "CoderUnavailable", "Collected", "DateError", "IngestCallbacks", "IngestReport", "Problem",
    "bundled_example", "collect", "ingest_paths", "parse_bound", "parse_date", "read_file",
]
