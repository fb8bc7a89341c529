"""The README's screenshots: one of each page kind, from the seed and the dev corpus, in Debian's chromium.

    .venv/bin/python docs/screenshots.py      # writes docs/screenshots/*.png

Builds the seed and dev articles into a temporary folder, serves it on loopback, and shoots the opening
graph view, an organisation's profile, a body's page, a fact's page and the query page with a form filled.
The pages are drawn at 0.75 device pixels per CSS pixel, which keeps each PNG small.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, FLAGS  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    from orgkg.api import build
    from orgkg.api import make_server
    from orgkg.queries.server import Settings

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "src"
        src.mkdir()
        for f in [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "fixtures" / "corpus" / "dev").glob("*.*")]:
            if f.suffix in (".txt", ".html", ".md"):
                shutil.copy(f, src / f.name)
        build([str(src)], Path(d) / "out")
        srv = make_server(Path(d) / "out", "127.0.0.1", 0, Settings(workers=1))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=0.75)
                page.goto(base + "/graph")
                page.wait_for_function("window.orgkgView && window.orgkgView.isSettled()", timeout=60000)
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUT / "graph-view.png"))
                page.goto(base + "/id/org/buu-dien-tinh-cao-bang-04")
                page.screenshot(path=str(OUT / "profile.png"))
                page.goto(base + "/id/org/bo-thong-tin-va-truyen-thong?lang=en")
                page.screenshot(path=str(OUT / "body-page-en.png"))
                href = page.get_attribute("#awards_conferred-table a[href^='/id/award/']", "href")
                page.goto(base + href)
                page.screenshot(path=str(OUT / "resource-award.png"))
                page.goto(base + "/")
                page.wait_for_selector(".yasqe .CodeMirror")
                page.click('button.canned[data-name="time-series"]')
                page.fill("#params input[name=org]", "Bưu điện tỉnh Lạng Sơn")
                page.click("#params button[type=submit]")
                page.wait_for_function("window.orgkgYasgui.getTab().getYasqe().getValue().includes('VALUES')")
                page.wait_for_selector(".yasr table tbody td.num", timeout=20000)
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUT / "query-page.png"))
                browser.close()
        finally:
            srv.shutdown()
            srv.server_close()
            srv.app.pool.close()
    for f in sorted(OUT.glob("*.png")):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
