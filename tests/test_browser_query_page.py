"""The query page in a real browser: YASGUI loads from the bundled files, a canned query runs, its rows show."""
import threading
from urllib.parse import urlsplit

import pytest

from orgkg.queries.server import Settings, make_server

from browser import browser, shot


@pytest.fixture(scope="module")
def served(seed_graph):
    srv = make_server(seed_graph, "127.0.0.1", 0, Settings(workers=1))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()
    srv.app.pool.close()


def test_query_page_runs_a_canned_query_and_shows_its_rows(served):
    with browser() as ctx:
        page = ctx.new_page()
        outside, errors = [], []
        page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(served + "/", wait_until="load")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.click('button.canned[data-name="awards"]')
        page.wait_for_selector(".yasr table tbody tr", timeout=20000)
        table = page.inner_text(".yasr table")
        assert "Cờ thi đua" in table and "Bộ Thông tin và Truyền thông" in table
        rows = page.locator(".yasr table tbody tr").count()
        assert rows == 4  # the seed's three awards and the recognition of initiatives
        # "Simple view" is on: plain values, without quotes or datatype links ("8", not "8"^^xsd:integer)
        assert page.is_checked(".yasr input[type=checkbox] >> nth=0")
        assert "XMLSchema" not in table and "^^" not in table
        shot(page, "query-page-awards.png")
        assert outside == [], outside
        assert errors == [], errors
