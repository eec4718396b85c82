"""Screenshots of `detente serve` pages for the README: python scripts/web_screenshots.py STORE OUT_DIR.

Serves STORE read-only on a free loopback port and photographs the pages in headless Chromium.
"""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from detente.web import WebConfig, create_app

SHOTS = {"web-events.png": ("/events?actor=PRK&since=2018", "#timeline .main-svg"),
         "web-analysis.png": ("/analysis", "#network-chart .main-svg"),
         "web-scenario.png": ("/scenario", "#outcome-chart .main-svg")}


def main(store: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(WebConfig(db=store, read_only=True)), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        for name, (path, ready) in SHOTS.items():
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector(ready)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / name))
        browser.close()
    server.should_exit = True
    thread.join()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
