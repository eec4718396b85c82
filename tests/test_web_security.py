"""The server's guard: tokens, read-only mode, loopback by default, the serve command's errors."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from detente.cli import app  # noqa: E402
from detente.web import WebConfig, create_app  # noqa: E402
from report_fixtures import build_store  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("websec") / "s.duckdb")


def test_a_token_is_checked_on_every_request(store, tmp_path):
    config = WebConfig(db=store, host="0.0.0.0", token="s3cret", read_only=True, data_dir=tmp_path)
    with TestClient(create_app(config)) as client:
        assert client.get("/api/stats").status_code == 401
        assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        first = client.get("/?token=s3cret")  # a browser opening the printed link gets a cookie
        assert first.status_code == 200 and "detente_token" in first.cookies
        assert client.get("/api/stats").status_code == 200  # the cookie now goes along


def test_read_only_refuses_writes(store, tmp_path):
    config = WebConfig(db=store, read_only=True, data_dir=tmp_path / "up")
    with TestClient(create_app(config)) as client:
        r = client.post("/api/ingest", files=[("files", ("a.txt", b"China visited North Korea."))])
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert client.get("/api/events").status_code == 200
        assert "read-only" in client.get("/upload").text
        scenario = client.get("/api/scenario").json()  # simulating writes nothing: allowed
        assert client.post("/api/simulate", json={"scenario": scenario, "runs": 2}).status_code == 200
    assert not (tmp_path / "up").exists()


def test_a_public_host_needs_a_token(store):
    with pytest.raises(ValueError, match="token"):
        WebConfig(db=store, host="0.0.0.0")


def test_serve_command_errors_are_one_line(store, tmp_path, monkeypatch):
    monkeypatch.delenv("DETENTE_TOKEN", raising=False)
    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--db", str(store), "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "--token" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--read-only"])
    assert r.exit_code == 1 and "no store" in r.output
    assert runner.invoke(app, ["serve", "--help"]).exit_code == 0
