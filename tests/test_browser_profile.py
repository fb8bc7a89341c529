"""Organisation profiles and resource pages in a real browser: served at the IRI, and as static offline files."""
import json
import threading
import urllib.request

import pytest
import rdflib
from rdflib.compare import isomorphic

from orgkg.api import make_server
from orgkg.queries.server import Settings
from orgkg.queries.store import open_store
from orgkg.viz.pages import write_profiles

from browser import browser, shot, watch
from serving import serving

ORG = "https://w3id.org/orgkg/id/org/buu-dien-tinh-cao-bang-04"
REVENUE_SENTENCE = "Doanh thu đạt trên 189 tỷ đồng, bằng 106% so với kế hoạch năm, tăng trên 35% so với năm 2018."


@pytest.fixture(scope="module")
def served(seed_graph):
    with serving(seed_graph) as base:
        yield base


def _figure_row(page, indicator):
    return page.locator("#figures-table tbody tr", has=page.locator("td:first-child", has_text=indicator)).first


def test_the_seed_organisation_profile_at_its_iri(served):
    with browser() as ctx:
        page = ctx.new_page()
        log = watch(page, "127.0.0.1")
        page.goto(served + "/id/org/buu-dien-tinh-cao-bang-04", wait_until="load")
        assert page.inner_text("h1") == "Bưu điện tỉnh Cao Bằng"
        # figures: value with its unit and qualifier, plan ratio, growth, the evidence sentence and its document
        revenue = page.locator("#figures-table tbody tr").filter(has_text="> 189 tỷ đồng")
        assert revenue.count() == 1
        cells = revenue.locator("td").all_inner_texts()
        assert cells[0].strip() == "Doanh thu" and cells[1] == "2019" and cells[2] == "> 189 tỷ đồng\ntrên"
        assert cells[3] == "106%" and cells[4].startswith("+35%")
        assert REVENUE_SENTENCE in cells[5] and "Bưu điện tỉnh Cao Bằng: Nộp ngân sách gần 4 tỷ đồng" in cells[5]
        assert page.locator("#figures-table tbody tr").count() == 11
        # numbers are right-aligned
        assert page.eval_on_selector("#figures-table td.value", "td => getComputedStyle(td).textAlign") == "right"
        # awards received, by year, with the conferring body as a link to its own page
        award = page.locator("#awards_received-table tbody tr.award")
        assert award.count() == 1
        text = award.inner_text()
        assert "2019" in text and "Cờ thi đua" in text and "Bộ Thông tin và Truyền thông" in text
        assert award.locator("td.who a").get_attribute("href") == "/id/org/bo-thong-tin-va-truyen-thong"
        # what it conferred itself: the 19 individuals
        assert "19 cá nhân" in page.inner_text("#awards_conferred-table")
        assert page.locator("#campaigns-table tbody tr").count() == 4
        shot(page, "profile-seed-vi.png")
        # English: headings, indicator names and values switch; the article's sentences stay as written
        page.click("#lang")
        assert page.is_visible("text=Awards received") and not page.is_visible("text=Khen thưởng nhận được")
        assert revenue.locator("td").nth(0).inner_text().strip() == "Revenue"
        assert revenue.locator("td").nth(2).inner_text() == "> 189 billion VND\nover"
        assert "lang=en" in page.url
        shot(page, "profile-seed-en.png")
        # the fact's own page: a heading with the value, evidence sentence, property names in the chosen language
        page.click(f"#figures-table tbody tr:has-text('189 billion') a[href^='/id/observation/']")
        page.wait_for_selector("#outgoing")
        assert page.inner_text("h1") == "Metric observation: > 189 billion VND"
        assert REVENUE_SENTENCE in page.inner_text("blockquote.ev")
        props = page.locator("#outgoing td.p").all_inner_texts()
        assert "percent of plan" in props and "value" in props and "unit" in props
        shot(page, "resource-observation-en.png")
        # the body's page lists what it conferred, on whom, by year
        page.goto(served + "/id/org/bo-thong-tin-va-truyen-thong", wait_until="load")
        conferred = page.inner_text("#awards_conferred-table")
        assert "Cờ thi đua" in conferred and "Bưu điện tỉnh Cao Bằng" in conferred and "2019" in conferred
        assert page.locator("#awards_received-table").count() == 0
        shot(page, "profile-body-vi.png")
        assert log == {"outside": [], "errors": []}, log


def test_static_profiles_open_offline(seed_graph, tmp_path):
    n = write_profiles(open_store(seed_graph), tmp_path / "profiles")
    assert n > 20 and (tmp_path / "profiles" / "org" / "buu-dien-tinh-cao-bang-04.html").is_file()
    with browser() as ctx:
        page = ctx.new_page()
        log = watch(page, None)
        page.goto((tmp_path / "profiles" / "index.html").as_uri())
        page.click("text=Bưu điện tỉnh Cao Bằng")
        assert page.inner_text("h1") == "Bưu điện tỉnh Cao Bằng"
        assert page.locator("#figures-table tbody tr").filter(has_text="> 189 tỷ đồng").count() == 1
        assert REVENUE_SENTENCE in page.inner_text("#figures-table")
        # relative links between the static pages
        page.click("#awards_received-table td.who a")
        assert page.inner_text("h1") == "Bộ Thông tin và Truyền thông"
        assert log == {"outside": [], "errors": []}, log


def test_jsonld_is_compact_with_a_context_and_says_the_same_as_turtle(served):
    url = served + "/id/org/buu-dien-tinh-cao-bang-04"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/ld+json"})) as r:
        doc = json.loads(r.read())
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    first = doc["@graph"][0]
    assert first["@id"] == "id:org/buu-dien-tinh-cao-bang-04"
    assert {"@value": "Bưu điện tỉnh Cao Bằng", "@language": "vi"} in (
        first["skos:prefLabel"] if isinstance(first["skos:prefLabel"], list) else [first["skos:prefLabel"]])
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/turtle"})) as r:
        turtle = r.read().decode()
    assert isomorphic(rdflib.Graph().parse(data=json.dumps(doc), format="json-ld"),
                      rdflib.Graph().parse(data=turtle, format="turtle"))


def test_the_served_graph_view_links_a_chosen_node_to_its_page(served):
    with browser() as ctx:
        page = ctx.new_page()
        log = watch(page, "127.0.0.1")
        page.goto(served + "/graph", wait_until="load")
        page.wait_for_function("window.orgkgView && window.orgkgView.isSettled()", timeout=30000)
        pos = page.evaluate(f"(() => {{ const v = window.orgkgView; return v.network.canvasToDOM(v.network.getPositions(['{ORG}'])['{ORG}']); }})()")
        box = page.locator("#network").bounding_box()
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        assert page.inner_text("#selected-name").startswith("Bưu điện tỉnh Cao Bằng")
        page.click("#selected-page")
        page.wait_for_selector("#figures-table")
        assert page.url == served + "/id/org/buu-dien-tinh-cao-bang-04"
        # and back: the profile's link opens the graph view filtered by the organisation
        page.click("#in-graph")
        page.wait_for_function("window.orgkgView && window.orgkgView.isSettled()", timeout=30000)
        assert page.input_value("#org") == ORG
        kinds = page.evaluate("window.orgkgView.nodeView.get().map(n => window.orgkgView.data.nodes.find(d => d.id === n.id).kind)")
        assert kinds.count("metric") == 11 and "body" in kinds
        assert log == {"outside": [], "errors": []}, log


def test_a_page_cut_by_the_row_limit_says_so(seed_graph):
    srv = make_server(seed_graph, "127.0.0.1", 0, Settings(workers=1, row_limit=5))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        with urllib.request.urlopen(base + "/id/org/buu-dien-tinh-cao-bang-04") as r:
            assert 'id="truncated"' in r.read().decode()
    finally:
        srv.shutdown()
        srv.server_close()
        srv.app.pool.close()


def test_a_whole_page_says_nothing_of_the_kind(served):
    with urllib.request.urlopen(served + "/id/org/buu-dien-tinh-cao-bang-04") as r:
        assert 'id="truncated"' not in r.read().decode()
