"""Playwright with Debian's chromium (installed by scripts/browser.sh), for the browser tests."""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("ORGKG_SCREENSHOTS", Path(__file__).resolve().parent.parent / "build" / "screenshots"))


def need_chromium():
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: scripts/browser.sh should have installed it")
    pytest.skip("chromium is not installed here (run scripts/browser.sh)")


@contextmanager
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                   viewport={"width": 1400, "height": 900})
        try:
            yield ctx
        finally:
            ctx.close()


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


def watch(page, origin_host: str = "127.0.0.1") -> dict:
    """Record on ``page`` what a test asserts is empty: requests leaving the origin (``outside``), and console
    errors, page errors and failed responses (``errors``)."""
    from urllib.parse import urlsplit

    log = {"outside": [], "errors": []}
    page.on("request", lambda r: log["outside"].append(r.url)
            if urlsplit(r.url).scheme not in ("file", "data") and urlsplit(r.url).hostname != origin_host else None)
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("response", lambda r: log["errors"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return log
