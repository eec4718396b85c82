"""``detente bench serve``: many clients on the loopback address while an ingest runs.

The server runs as its own process (``detente serve`` on a copy of the store); the clients are
asyncio tasks here, each querying events and dyads in turn for the given time. Reported: request
counts, errors, latency percentiles per endpoint, the ingest's progress, and both sides' CPU time.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from detente.web.config import UPLOAD_SUFFIXES

QUERIES: list[tuple[str, str, dict[str, Any]]] = [("events", "/api/events", {"actor": "PRK", "limit": 50}),
           ("dyads", "/api/dyads", {"actors": "CHN,PRK,USA", "freq": "month"})]


@dataclass
class BenchConfig:
    db: Path
    clients: int = 50
    seconds: float = 30.0
    ingest: Path | None = None  # documents uploaded when the clients start (default: the bundled example)
    no_ingest: bool = False  # the baseline: readers only
    port: int = 8765


def _start_server(db: Path, port: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from detente.cli import main; main()", "serve", "--db", str(db),
           "--port", str(port), "--data-dir", str(data_dir)]
    with log.open("wb") as fh:  # a file, not a pipe: a chatty server cannot fill it and stall
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=fh)


async def _wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            if (await client.get("/api/stats")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start in 60 s")


async def _client(client: httpx.AsyncClient, until: float, seed: int, out: dict[str, list[float]],
                  errors: list[str]) -> None:
    rng = random.Random(seed)
    k = seed
    while time.perf_counter() < until:
        name, path, params = QUERIES[k % len(QUERIES)]
        k += 1
        params = {**params, "offset": rng.randrange(0, 200)} if name == "events" else params
        t0 = time.perf_counter()
        try:
            r = await client.get(path, params=params)
            if r.status_code != 200:
                errors.append(f"{name}: HTTP {r.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"{name}: {type(exc).__name__}")
        out[name].append(time.perf_counter() - t0)


def _upload(p: Path) -> bytes:
    """The file's bytes, texts with a line added: new content, so a store that has them codes them again."""
    data = p.read_bytes()
    return data + b"\n\nThis copy was uploaded by the load benchmark.\n" if p.suffix.lower() in (".txt", ".md") else data


async def _ingest(client: httpx.AsyncClient, folder: Path, until: float) -> dict[str, Any]:
    files = [("files", (p.name, _upload(p))) for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in UPLOAD_SUFFIXES]
    t0 = time.perf_counter()
    job = (await client.post("/api/ingest", files=files)).json()
    while time.perf_counter() < until + 600:
        job = (await client.get(f"/api/jobs/{job['id']}")).json()
        if job["status"] in ("done", "failed"):
            break
        await asyncio.sleep(0.5)
    return {"ingest_status": job["status"], "ingest_documents": f"{job['done']} of {job['total']}",
            "ingest_events": job["events"], "ingest_wall_s": round(time.perf_counter() - t0, 1)}


async def _load(cfg: BenchConfig, folder: Path, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    # idle connections are dropped before the server would close them (no keep-alive race)
    limits = httpx.Limits(max_connections=cfg.clients + 2, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{cfg.port}", timeout=60, limits=limits) as client:
        await _wait_ready(client, proc)
        until = time.perf_counter() + cfg.seconds
        latencies: dict[str, list[float]] = {name: [] for name, _, _ in QUERIES}
        errors: list[str] = []
        ingest = None if cfg.no_ingest else asyncio.create_task(_ingest(client, folder, until))
        await asyncio.gather(*(_client(client, until, i, latencies, errors) for i in range(cfg.clients)))
        ingest_result = {"ingest_status": "none"} if ingest is None else await ingest
    out: dict[str, Any] = {"clients": cfg.clients, "seconds": cfg.seconds}
    every = [x for xs in latencies.values() for x in xs]
    out["requests"] = len(every)
    out["errors"] = len(errors)
    out["requests_per_s"] = round(len(every) / cfg.seconds, 1)
    for name, xs in [("all", every), *latencies.items()]:
        if xs:
            p50, p95 = np.percentile(xs, [50, 95])
            out[f"{name}_p50_ms"], out[f"{name}_p95_ms"] = round(p50 * 1000, 1), round(p95 * 1000, 1)
    return {**out, **ingest_result, "first_errors": sorted(set(errors))[:5]}


def run_bench(cfg: BenchConfig) -> dict[str, Any]:
    """Copy the store, serve it, load it; the copy and the uploads are removed afterwards."""
    from detente.resources import bundled_example

    folder = cfg.ingest or bundled_example()
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        shutil.copy(cfg.db, db)
        log = Path(tmp) / "server.log"
        proc = _start_server(db, cfg.port, Path(tmp) / "uploads", log)
        result_cpu: float | None = None
        cpu0 = time.process_time()
        try:
            result = asyncio.run(_load(cfg, Path(folder), proc))
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}: {log.read_text(errors='replace')[-500:]}") from None
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                _, _, usage = os.wait4(proc.pid, 0)
                result_cpu = round(usage.ru_utime + usage.ru_stime, 1)
            except ChildProcessError:
                pass
        result["server_cpu_s"] = result_cpu
        result["client_cpu_s"] = round(time.process_time() - cpu0, 1)
    return result
