"""Throughput of the coder: moved to ``detente.bench.coder`` (parse, code and ingest in one run)."""

from detente.bench.coder import bench_coder, read_documents

__all__ = ["bench_coder", "read_documents"]
