"""`orgkg serve` on a free loopback port, queried with SPARQLWrapper (a real client) and plain HTTP."""
import csv
import io
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from orgkg.api import make_server
from orgkg.queries.server import Settings
from orgkg.queries.canned import canned

from serving import http

ORGS = "SELECT ?o ?n WHERE { ?o a <https://w3id.org/orgkg/ont#Organisation> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?n } ORDER BY ?n"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def start(folder, **settings):
    srv = make_server(folder, "127.0.0.1", 0, Settings(**{"workers": 2, **settings}))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


@pytest.fixture(scope="module")
def server(corpus_graph):
    srv, base = start(corpus_graph, timeout=2.0, row_limit=50, max_body=4096, memory=False)
    yield base
    srv.shutdown()
    srv.server_close()
    srv.app.pool.close()


def wrapper(base, fmt):
    w = SPARQLWrapper(base + "/sparql")
    w.setReturnFormat(fmt)
    return w


def test_sparqlwrapper_select_in_every_result_format(server):
    w = wrapper(server, JSON)
    w.setQuery(ORGS)
    names = [b["n"]["value"] for b in w.queryAndConvert()["results"]["bindings"]]
    assert "Bưu điện tỉnh Cao Bằng" in names and "Bưu điện tỉnh Lạng Sơn" in names
    w = wrapper(server, XML)
    w.setQuery(ORGS)
    doc = w.queryAndConvert()
    xml_names = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert xml_names == names
    w = wrapper(server, CSV)
    w.setQuery(ORGS)
    rows = list(csv.reader(io.StringIO(w.queryAndConvert().decode())))
    assert rows[0] == ["o", "n"] and [r[1] for r in rows[1:]] == names
    w = wrapper(server, TSV)
    w.setQuery(ORGS)
    lines = w.queryAndConvert().decode().splitlines()
    assert lines[0] == "?o\t?n" and lines[1].split("\t")[1] == f'"{names[0]}"@vi'


def test_sparqlwrapper_post_and_ask(server):
    w = wrapper(server, JSON)
    w.setMethod("POST")
    w.setQuery("ASK { ?a <https://w3id.org/orgkg/ont#conferredBy> ?b }")
    assert w.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_turtle_and_jsonld(server):
    w = wrapper(server, TURTLE)
    w.setQuery("CONSTRUCT { ?o a <https://w3id.org/orgkg/ont#Organisation> } WHERE { ?o a <https://w3id.org/orgkg/ont#Organisation> }")
    g = w.queryAndConvert()
    assert len(g) >= 10
    q = urllib.parse.quote("DESCRIBE <https://w3id.org/orgkg/id/org/buu-dien-tinh-lang-son-20>")
    status, headers, body = http(f"{server}/sparql?query={q}", headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert "buu-dien-tinh-lang-son" in body.decode() and json.loads(body)
    status, headers, body = http(f"{server}/sparql?query={q}", headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode().count(" .\n") >= 5


def test_plain_http_get_post_form_and_direct(server):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/orgkg/ont#AwardConferral> }"
    get = http(f"{server}/sparql?query={urllib.parse.quote(q)}", headers={"Accept": "application/sparql-results+json"})
    form = http(f"{server}/sparql", data=urllib.parse.urlencode({"query": q}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    direct = http(f"{server}/sparql", data=q.encode(),
                  headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    values = {json.loads(r[2])["results"]["bindings"][0]["n"]["value"] for r in (get, form, direct)}
    assert {r[0] for r in (get, form, direct)} == {200} and len(values) == 1 and int(values.pop()) >= 20


def test_malformed_query_is_400_with_position(server):
    w = wrapper(server, JSON)
    w.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed) as e:
        w.queryAndConvert()
    assert "1:" in str(e.value)
    status, _, body = http(f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p }')}")
    assert status == 400 and b"error at 1:" in body


def test_updates_are_refused_with_403_in_every_form(server):
    upd = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert http(f"{server}/sparql", data=upd.encode(), headers={"Content-Type": "application/sparql-update"})[0] == 403
    assert http(f"{server}/sparql", data=urllib.parse.urlencode({"update": upd}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(f"{server}/sparql?query={urllib.parse.quote('PREFIX x: <urn:x> ' + upd)}")[0] == 403
    assert http(f"{server}/sparql", data=b"x", method="PUT")[0] == 403
    q = urllib.parse.quote("ASK { <urn:a> <urn:b> <urn:c> }")
    assert json.loads(http(f"{server}/sparql?query={q}")[2])["boolean"] is False


def test_timeout_stops_a_runaway_query_and_the_server_goes_on(server):
    status, _, body = http(f"{server}/sparql?query={urllib.parse.quote(SLOW)}")
    assert status == 503 and b"timeout" in body
    status, _, body = http(f"{server}/sparql?query={urllib.parse.quote(ORGS)}")
    assert status == 200 and "Bưu điện tỉnh Cao Bằng" in body.decode()


def test_row_limit_cuts_with_a_notice(server):
    q = urllib.parse.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    status, headers, body = http(f"{server}/sparql?query={q}", headers={"Accept": "application/sparql-results+json"})
    doc = json.loads(body)
    assert status == 200 and len(doc["results"]["bindings"]) == 50
    assert doc["orgkg"]["truncated"] is True and "X-Orgkg-Truncated" in headers
    status, headers, body = http(f"{server}/sparql?query={q}", headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}head/{http://www.w3.org/2005/sparql-results#}link") is not None


def test_body_size_limit_is_413(server):
    q = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    assert http(f"{server}/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query"})[0] == 413


def test_content_negotiation_refuses_what_it_cannot_give(server):
    q = urllib.parse.quote(ORGS)
    assert http(f"{server}/sparql?query={q}", headers={"Accept": "image/png"})[0] == 406
    status, headers, _ = http(f"{server}/sparql?query={q}", headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"})
    assert headers["Content-Type"] == "application/sparql-results+xml"


def test_canned_queries_by_url_with_parameters(server):
    status, headers, body = http(f"{server}/query/time-series?org={urllib.parse.quote('Bưu điện tỉnh Lạng Sơn')}",
                                 headers={"Accept": "text/csv"})
    assert headers["Content-Type"] == "text/csv; charset=utf-8"     # a spreadsheet does not guess Latin-1
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert status == 200 and [(r["period"], r["value"]) for r in rows] == [("2020", "152500000000"), ("2021", "171000000000")]
    status, _, body = http(f"{server}/query/no-such-query")
    assert status == 404 and b"available:" in body and b"time-series" in body
    assert http(f"{server}/query/time-series?bogus=1")[0] == 400
    status, _, body = http(f"{server}/query/awards?limit=2&offset=1", headers={"Accept": "text/csv"})
    assert status == 200 and len(list(csv.DictReader(io.StringIO(body.decode())))) == 2
    status, _, body = http(f"{server}/query/awards?limit=2;DROP", headers={"Accept": "text/csv"})
    assert status == 400 and b"whole number" in body
    listed = json.loads(http(f"{server}/queries")[2])
    assert {q["name"] for q in listed} == set(canned()) and len(listed) >= 12


def test_iris_resolve_as_html_turtle_and_jsonld(server):
    url = f"{server}/id/org/buu-dien-tinh-lang-son-20"
    status, headers, body = http(url, headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and "Bưu điện tỉnh Lạng Sơn" in page and 'href="/id/doc/' in page
    status, headers, body = http(url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"] == "text/turtle" and "Bưu điện tỉnh Lạng Sơn" in body.decode()
    status, headers, body = http(url, headers={"Accept": "application/ld+json"})
    assert status == 200 and json.loads(body)
    assert http(f"{server}/id/org/no-such-organisation")[0] == 404


def test_static_files_only_from_the_fixed_table(server):
    assert http(f"{server}/assets/yasgui.min.js")[0] == 200
    for path in ("/assets/../../pyproject.toml", "/assets/%2e%2e/%2e%2e/pyproject.toml", "/assets//etc/passwd",
                 "/../pyproject.toml", "/assets/..%2F..%2Fbuilder%2Fserve.py"):
        status, _, body = http(server + path)
        assert status == 404 and b"[project]" not in body and b"root:" not in body


def test_query_page_lists_the_canned_queries(server):
    status, _, body = http(server + "/")
    page = body.decode()
    assert status == 200 and "/assets/yasgui.min.js" in page and page.count('class="canned"') == len(canned())
    assert "LIMIT 100" in page and "# @page" not in page  # list queries open at their first page
    assert [u for u in re.findall(r'(?:href|src)="([^"]*)"', page) if "://" in u] == []  # no outside links


def test_every_canned_query_text_is_accepted_by_the_endpoint(server):
    for name, q in canned().items():
        status, _, body = http(f"{server}/sparql", data=q.text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 200, (name, body[:200])


def test_article_text_is_escaped_in_resource_pages(tmp_path):
    from orgkg.api import build
    from test_viz import HOSTILE
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    build([str(tmp_path / "src")], tmp_path / "out")
    srv, base = start(tmp_path / "out", workers=1)
    try:
        q = urllib.parse.quote("SELECT ?c WHERE { ?c a <https://w3id.org/orgkg/ont#EmulationCampaign> }")
        iri = json.loads(http(f"{base}/sparql?query={q}")[2])["results"]["bindings"][0]["c"]["value"]
        status, _, body = http(base + iri.replace("https://w3id.org/orgkg", ""), headers={"Accept": "text/html"})
        page = body.decode()
        assert status == 200 and "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    finally:
        srv.shutdown()
        srv.server_close()
        srv.app.pool.close()


def test_binding_beyond_loopback_is_flagged():
    from orgkg.queries.server import is_loopback
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_memory_workers_answer_as_the_store_does_and_survive_a_timeout(server, corpus_graph):
    srv, base = start(corpus_graph, timeout=2.0)
    try:
        assert srv.app.pool.memory is True  # by default, a store this small is copied into memory
        # every row (a page is taken in each store's own order); ties in the sort may come in either order
        for name in ("awards?limit=", "metrics?limit=", "campaigns?limit=", "time-series", "body-award-types"):
            on_disk = http(f"{server}/query/{name}", headers={"Accept": "text/csv"})
            in_memory = http(f"{base}/query/{name}", headers={"Accept": "text/csv"})
            assert in_memory[0] == 200 and in_memory[2].count(b"\n") > 2, name
            assert sorted(in_memory[2].splitlines()) == sorted(on_disk[2].splitlines()), name
        assert http(f"{base}/sparql?query={urllib.parse.quote(SLOW)}")[0] == 503
        # the replacement worker copies the store before it takes a query
        status, _, body = http(f"{base}/sparql?query={urllib.parse.quote(ORGS)}")
        assert status == 200 and "Bưu điện tỉnh Cao Bằng" in body.decode()
    finally:
        srv.shutdown()
        srv.server_close()
        srv.app.pool.close()


def test_a_store_the_workers_cannot_open_is_named_at_start(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "CURRENT").write_text("not a RocksDB store\n")
    with pytest.raises(Exception, match="could not open"):
        start(tmp_path)
