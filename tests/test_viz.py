"""The graph view: built from the RDF, offline, readable, escaped; checked in headless chromium."""
import json
import re
import time

import networkx as nx
import pyoxigraph as ox
import pytest

from orgkg.api import build
from orgkg.queries.store import open_store
from orgkg.viz.graph import build_graph, format_value, to_html, write_view

from browser import browser, shot


def test_values_read_the_vietnamese_way():
    assert format_value(189e9, "VND", ["over"]) == "> 189 tỷ đồng"
    assert format_value(4e9, "VND", ["approximately"]) == "≈ 4 tỷ đồng"
    assert format_value(107.226e9, "VND", ["exact"]) == "107,226 tỷ đồng"
    assert format_value(1.25e12, "VND", []) == "1,25 nghìn tỷ đồng"
    assert format_value(12345, "count", []) == "12.345"
    assert format_value(3.7, "percent", ["under"]) == "< 3,7%"
    assert format_value(189e9, "VND", ["over"], "en") == "> 189 billion VND"


def test_graph_has_every_fact_and_entity_of_the_rdf(seed_graph):
    store = open_store(seed_graph)
    g = build_graph(store)
    count = lambda cls: len(list(store.query(f"SELECT DISTINCT ?x WHERE {{ ?x a <https://w3id.org/orgkg/ont#{cls}> }}",
                                             use_default_graph_as_union=True)))
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(k == "metric" for k in kinds.values()) == count("MetricObservation") == 11
    assert sum(k == "award" for k in kinds.values()) == count("AwardConferral") == 4
    # 5 since the unquoted "phong trào thi đua lao động giỏi và …" is read (issue 17, kind 10)
    assert sum(k == "campaign" for k in kinds.values()) == count("EmulationCampaign") == 5
    assert sum(k == "event" for k in kinds.values()) == count("Event") == 1
    assert sum(k in ("organisation", "body") for k in kinds.values()) == count("Organisation")
    labels = {d["label_vi"] for _, d in g.nodes(data=True)}
    assert any(l.startswith("Doanh thu: > 189 tỷ đồng") for l in labels)
    assert "Cờ thi đua (2019)" in labels
    bo = "https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong"
    assert kinds[bo] == "body" and [d["relation"] for _, _, d in g.out_edges(bo, data=True)] == ["conferred"]


def test_exports_for_gephi(seed_graph, tmp_path):
    store = open_store(seed_graph)
    g = write_view(store, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    write_view(store, tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert back.number_of_nodes() == g.number_of_nodes()


def test_exports_have_unique_edge_ids_numbers_and_gexf_colours(corpus_graph, tmp_path):
    import xml.etree.ElementTree as ET

    store = open_store(corpus_graph)
    g = write_view(store, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    ids = [e.get("id") for e in ET.parse(tmp_path / "g.graphml").iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert back.number_of_edges() == g.number_of_edges() == len(ids) == len(set(ids)) > 100
    revenue = [d for _, d in back.nodes(data=True) if d.get("value") == 189e9]
    assert revenue and revenue[0]["plan_percent"] == 106.0 and revenue[0]["growth_percent"] == 35.0 \
        and revenue[0]["year"] == 2019 and revenue[0]["unit"] == "VND"
    assert {d["relation"] for *_, d in back.edges(data=True)} >= {"conferred", "awarded_to", "reported"}
    write_view(store, tmp_path / "g.gexf")
    root = ET.parse(tmp_path / "g.gexf").getroot()
    ns = {"g": root.tag.split("}")[0][1:], "viz": "http://gexf.net/1.2/viz"}
    edges = [e.get("id") for e in root.iter("{%s}edge" % ns["g"])]
    assert len(edges) == len(set(edges)) == g.number_of_edges()
    back = nx.read_gexf(tmp_path / "g.gexf")
    body = back.nodes["https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong"]
    metric = next(d for _, d in back.nodes(data=True) if d.get("kind") == "metric")
    assert body["viz"]["color"] == {"r": 128, "g": 90, "b": 213, "a": 1.0} and body["viz"]["size"] > metric["viz"]["size"]


def test_build_writes_the_view(seed_graph):
    html = (seed_graph / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "<script src=" not in html and "<link " not in html


def _open(ctx, path):
    page = ctx.new_page()
    log = {"errors": [], "outside": [], "dialogs": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["outside"].append(r.url) if not r.url.startswith(("file://", "data:")) else None)
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.orgkgView && window.orgkgView.isSettled()", timeout=30000)
    return page, log


def visible(page):
    return page.evaluate("window.orgkgView.visibleCount()")


def test_seed_page_in_chromium(seed_graph):
    g = build_graph(open_store(seed_graph))
    with browser() as ctx:
        page, log = _open(ctx, seed_graph / "graph.html")
        page.check("#all")  # every fact drawn, instead of folded into its organisation
        assert visible(page) == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
        shot(page, "graph-seed.png")
        # search narrows the view to the matches and their neighbours
        page.fill("#search", "thi đua")
        page.wait_for_function(f"window.orgkgView.visibleCount().nodes < {g.number_of_nodes()}")
        found = visible(page)["nodes"]
        assert 0 < found < g.number_of_nodes()
        page.fill("#search", "")
        page.wait_for_function(f"window.orgkgView.visibleCount().nodes == {g.number_of_nodes()}")
        # a kind filter hides the metrics
        page.uncheck('input[data-kind="metric"]')
        assert visible(page)["nodes"] == g.number_of_nodes() - 11
        page.check('input[data-kind="metric"]')
        # clicking a node highlights its neighbourhood
        page.evaluate("""() => { const v = window.orgkgView;
            const id = 'https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong';
            const pos = v.network.canvasToDOM(v.network.getPositions([id])[id]);
            window.__click = pos; }""")
        pos = page.evaluate("window.__click")
        box = page.locator("#network").bounding_box()
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        dim = page.evaluate("window.orgkgView.nodes.get().filter(n => n.opacity < 1).length")
        assert dim == g.number_of_nodes() - 2  # the body and its award stay bright
        # English on a toggle
        page.click("#lang")
        assert page.evaluate("window.orgkgView.nodes.get('https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong').label") \
            == "Bộ Thông tin và Truyền thông"
        assert any(n.startswith("Revenue: > 189 billion VND") for n in page.evaluate("window.orgkgView.nodes.get().map(n => n.label)"))
        assert page.inner_text("h1") == "Knowledge graph"
        # tooltips in English too: the award's type and the body's name, no Vietnamese key left
        tip = page.evaluate("""() => { const v = window.orgkgView;
            const id = v.data.nodes.find(n => n.kind === 'award' && n.label_vi.startsWith('Cờ thi đua')).id;
            return v.nodes.get(id).title.innerText; }""")
        assert "type: Emulation Flag" in tip and "conferred by: Ministry of Information and Communications" in tip and "loại" not in tip
        shot(page, "graph-seed-en-highlight.png")
        assert log == {"errors": [], "outside": [], "dialogs": []}


HOSTILE = """Công ty Điện lực Thử Nghiệm tổng kết năm 2021

Năm 2021, Công ty Điện lực Thử Nghiệm hưởng ứng phong trào thi đua "<script>alert(1)</script> & 'nhanh' <b>hơn</b>" do Tổng công ty Điện lực miền Bắc phát động. Doanh thu của Công ty đạt 1.250 tỷ đồng.
"""


def test_article_text_is_escaped_in_the_page(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    build([str(tmp_path / "src")], tmp_path / "out")
    html = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    with browser() as ctx:
        page, log = _open(ctx, tmp_path / "out" / "graph.html")
        labels = page.evaluate("window.orgkgView.nodes.get().map(n => n.label)")
        assert "<script>alert(1)</script> & 'nhanh' <b>hơn</b>" in labels
        assert page.evaluate("document.querySelectorAll('b').length") == 0
        assert log["dialogs"] == [] and log["errors"] == []


def test_empty_graph_says_so(tmp_path):
    store = ox.Store()
    (tmp_path / "empty.html").write_text(to_html(build_graph(store)), encoding="utf-8")
    with browser() as ctx:
        page, log = _open(ctx, tmp_path / "empty.html")
        assert page.is_visible("#empty") and "trống" in page.inner_text("#empty")
        assert log["errors"] == []


def test_large_graphs_open_on_an_overview_that_expands(tmp_path):
    from conftest import FIXTURES
    build([str(FIXTURES / "crossdoc")], tmp_path / "out")
    g = build_graph(open_store(tmp_path / "out"))
    # the organisations and bodies with facts, and the parents of such units
    orgs = {n for n, d in g.nodes(data=True) if d["kind"] in ("organisation", "body")
            and any(g.nodes[m]["kind"] not in ("organisation", "body") for m in nx.all_neighbors(g, n))}
    orgs |= {v for u, v, k in g.edges(keys=True) if k == "unit_of" and u in orgs}
    (tmp_path / "big.html").write_text(to_html(g, overview_limit=5), encoding="utf-8")
    with browser() as ctx:
        page, log = _open(ctx, tmp_path / "big.html")
        assert visible(page)["nodes"] == len(orgs)  # one node per organisation
        company = "https://w3id.org/orgkg/id/org/cong-ty-cap-nuoc-tinh-hoa-binh-17-until-2025"
        pos = page.evaluate(f"(() => {{ const v = window.orgkgView; return v.network.canvasToDOM(v.network.getPositions(['{company}'])['{company}']); }})()")
        box = page.locator("#network").bounding_box()
        page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
        page.wait_for_function(f"window.orgkgView.visibleCount().nodes > {len(orgs)}")
        facts = {n for n, d in g.nodes(data=True) if company in d["orgs"].split() and d["kind"] not in ("organisation", "body")}
        assert visible(page)["nodes"] == len(orgs) + len(facts)
        shot(page, "graph-overview-expanded.png")
        assert log["errors"] == []


def test_opening_view_is_readable_without_any_filter(corpus_graph):
    """Seed + dev corpus: organisations and bodies labelled and big enough to read, awards between them as
    edges, figures folded into their organisation until it is unfolded."""
    g = build_graph(open_store(corpus_graph))
    kinds = nx.get_node_attributes(g, "kind")
    with browser() as ctx:
        page, log = _open(ctx, corpus_graph / "graph.html")
        shown = page.evaluate("window.orgkgView.nodeView.getIds()")
        shown_kinds = {kinds[n] for n in shown}
        assert shown_kinds == {"organisation", "body"}  # every fact folded away at first
        cao_bang = "https://w3id.org/orgkg/id/org/buu-dien-tinh-cao-bang-04"
        assert cao_bang in shown
        label = page.evaluate(f"window.orgkgView.nodes.get('{cao_bang}').label")
        assert label.startswith("Bưu điện tỉnh Cao Bằng\n") and "■\u00a011" in label  # its 11 figures, folded
        # every organisation drawn inside the canvas with a label of at least 10 px on screen
        box = page.locator("#network").bounding_box()
        for n in shown:
            assert page.evaluate(f"window.orgkgView.labelPx('{n}')") >= 10, n
            pos = page.evaluate(f"(() => {{ const v = window.orgkgView; return v.network.canvasToDOM(v.network.getPositions(['{n}'])['{n}']); }})()")
            assert 0 <= pos["x"] <= box["width"] and 0 <= pos["y"] <= box["height"], n
        # the noise of the weather notice (an organisation without facts) is neither drawn nor listed
        noise = "https://w3id.org/orgkg/id/org/trung-tam-du-bao-khi"
        assert noise in g and noise not in shown
        options = page.evaluate("[...document.querySelectorAll('#org option')].map(o => o.value)")
        assert noise not in options and "https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong" in options  # bodies listed
        # awards as edges from the body to the organisation
        links = page.evaluate("window.orgkgView.edgeView.get().filter(e => e.relation === 'award_link').map(e => [e.from, e.to, e.label])")
        assert ["https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong", cao_bang, "Cờ thi đua 2019"] in links
        shot(page, "graph-opening.png")
        # filtering by the organisation unfolds it and keeps the bodies that conferred its awards
        page.select_option("#org", cao_bang)
        page.wait_for_function("window.orgkgView.isSettled()")
        shown = set(page.evaluate("window.orgkgView.nodeView.getIds()"))
        assert "https://w3id.org/orgkg/id/org/bo-thong-tin-va-truyen-thong" in shown
        assert sum(kinds[n] == "metric" for n in shown) == 11
        page.select_option("#org", "")
        # a search without hits says so
        page.fill("#search", "khôngcógìcả")
        page.wait_for_function("window.orgkgView.visibleCount().nodes === 0")
        assert page.is_visible("#empty") and "khôngcógìcả" in page.inner_text("#empty")
        page.fill("#search", "")
        page.wait_for_function("window.orgkgView.visibleCount().nodes > 0")
        assert not page.is_visible("#empty")
        # a tooltip goes when the pointer leaves and when the language changes
        pos = page.evaluate(f"(() => {{ const v = window.orgkgView; return v.network.canvasToDOM(v.network.getPositions(['{cao_bang}'])['{cao_bang}']); }})()")
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible")
        page.click("#lang")
        assert not page.is_visible("div.vis-tooltip")
        label = page.evaluate(f"window.orgkgView.nodes.get('{cao_bang}').label")
        assert page.inner_text("#empty") == "" and "Organisations and awards" in page.inner_text("#counts")
        shot(page, "graph-opening-en.png")
        assert log == {"errors": [], "outside": [], "dialogs": []}
