"""`orgkg serve` as an attacker or a careless client would use it: no outbound requests, bounded work, right answers."""
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from orgkg.api import build
from orgkg.api import make_server
from orgkg.queries.server import Settings, is_loopback

from conftest import CORPUS, SEED

ORGKG = [sys.executable, "-m", "orgkg.cli"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# an ORDER BY over a three-way product: it must hold every row before the first one is out
GREEDY = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def start(folder, **settings):
    srv = make_server(folder, "127.0.0.1", 0, Settings(**{"workers": 1, "memory": False, **settings}))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def stop(srv):
    srv.shutdown()
    srv.server_close()
    srv.app.pool.close()


@pytest.fixture
def served(corpus_graph, request):
    srv, base = start(corpus_graph, **getattr(request, "param", {}))
    yield base
    stop(srv)


def http(url, data=None, headers=None, method=None, timeout=30):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def sparql(base, query, accept="application/sparql-results+json", **params):
    qs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    return http(f"{base}/sparql?{qs}", headers={"Accept": accept})


def count(body) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


class Recorder:
    """A web server on loopback that records every request and answers as a SPARQL endpoint with no rows."""

    def __init__(self):
        self.hits = []
        rec = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _answer(self):
                n = int(self.headers.get("Content-Length") or 0)
                rec.hits.append((self.command, self.path, self.rfile.read(n)))
                body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer
        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}/sparql"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.close()


# ------------------------------------------------------------------ no outbound requests

def test_service_is_refused_and_nothing_leaves_the_server(served, recorder):
    for q in (f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}",
              f"select * where {{ service silent <{recorder.url}> {{ ?s ?p ?o }} }}",
              f"PREFIX r: <{recorder.url[:-6]}>\nSELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
              "SELECT * WHERE { BIND(<http://127.0.0.1:1/> AS ?u) SERVICE ?u { ?s ?p ?o } }"):
        status, _, body = sparql(served, q)
        assert status == 400 and b"SERVICE is refused" in body, (q, body)
    assert recorder.hits == []
    # the word in a string, an IRI or a comment is no SERVICE clause
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) } # SERVICE <http://y/>'
    assert sparql(served, q)[0] == 200


def test_an_allowed_service_is_called(corpus_graph, recorder):
    srv, base = start(corpus_graph, allow_service=(recorder.url,))
    try:
        status, _, body = sparql(base, f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}")
        assert status == 200 and len(recorder.hits) == 1
        assert sparql(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/other> { ?s ?p ?o } }")[0] == 400
    finally:
        stop(srv)


def test_cors_is_off_by_default_and_configurable(corpus_graph, served):
    _, headers, _ = sparql(served, COUNT)
    assert "Access-Control-Allow-Origin" not in headers
    srv, base = start(corpus_graph, cors_origins=("https://app.example",))
    try:
        q = urllib.parse.quote(COUNT)
        _, h, _ = http(f"{base}/sparql?query={q}", headers={"Origin": "https://app.example"})
        assert h["Access-Control-Allow-Origin"] == "https://app.example" and h["Vary"] == "Origin"
        _, h, _ = http(f"{base}/sparql?query={q}", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in h
        status, h, _ = http(f"{base}/sparql", method="OPTIONS", headers={"Origin": "https://app.example",
                                                                         "Access-Control-Request-Method": "POST"})
        assert status == 204 and "POST" in h["Access-Control-Allow-Methods"]
    finally:
        stop(srv)


# ------------------------------------------------------------------ bounded work

@pytest.mark.parametrize("served", [{"query_memory_mb": 64, "timeout": 20, "slow_after": 0}], indirect=True)
def test_a_query_past_the_memory_bound_is_stopped_and_the_server_goes_on(served):
    t = time.monotonic()
    status, _, body = sparql(served, GREEDY)
    assert status == 503 and b"memory limit of 64 MB" in body, body
    assert time.monotonic() - t < 15  # stopped for its memory, not at the timeout
    status, _, body = sparql(served, COUNT)
    assert status == 200 and count(body) > 1000


@pytest.mark.parametrize("served", [{"max_answer_bytes": 4000}], indirect=True)
def test_answers_are_cut_at_a_byte_limit_with_a_notice(served):
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    status, headers, body = sparql(served, q)
    doc = json.loads(body)
    assert status == 200 and len(body) <= 4000 + 400 and 0 < len(doc["results"]["bindings"]) < 50
    assert doc["orgkg"]["truncated"] is True and "4000 bytes" in headers["X-Orgkg-Truncated"]
    status, headers, body = sparql(served, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and 0 < len(body) <= 4000 and "4000 bytes" in headers["X-Orgkg-Truncated"]
    # a long literal built by the query itself counts as well
    concat = "SELECT ?t WHERE { ?s ?p ?o BIND(CONCAT(STR(?o), STR(?o), STR(?o), STR(?o)) AS ?t) }"
    status, _, body = sparql(served, concat, accept="text/csv")
    assert status == 200 and len(body) <= 4000


def raw(base, data: bytes, wait=5.0) -> bytes:
    host, port = base.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except socket.timeout:
            out += b"<timeout>"
        return out


@pytest.mark.parametrize("length", ["-1", "+5", "5, 5", "0x10", " "])
def test_a_bad_content_length_is_refused_before_reading(served, length):
    body = b"query=" + urllib.parse.quote(COUNT).encode()
    out = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: " + length.encode() + b"\r\n\r\n" + body)
    assert out.startswith(b"HTTP/1.1 400") and b"Content-Length" in out, out[:200]


def test_a_missing_length_or_a_chunked_body_is_refused(served):
    out = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 411"), out[:200]
    out = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                      b"Connection: close\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 411"), out[:200]


@pytest.mark.parametrize("served", [{"idle_timeout": 1.0}], indirect=True)
def test_idle_and_trickling_connections_are_closed(served):
    host, port = served.rsplit("/", 1)[-1].split(":")
    t = time.monotonic()
    assert raw(served, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n", wait=10) == b""  # half a request
    assert time.monotonic() - t < 5
    with socket.create_connection((host, int(port)), timeout=10) as s:  # one byte every 0.3 s: never idle, too slow
        t = time.monotonic()
        closed = False
        for c in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n":
            try:
                s.sendall(bytes([c]))
            except OSError:
                closed = True
                break
            time.sleep(0.3)
            if time.monotonic() - t > 6:
                break
        if not closed:
            s.settimeout(3)
            try:
                closed = s.recv(100) == b""
            except OSError:
                closed = True
        assert closed and time.monotonic() - t < 8
    assert sparql(served, COUNT)[0] == 200


@pytest.mark.parametrize("served", [{"max_connections": 4, "idle_timeout": 30}], indirect=True)
def test_half_sent_requests_cannot_lock_out_a_client(served):
    host, port = served.rsplit("/", 1)[-1].split(":")
    held = []
    try:
        for _ in range(6):  # more half-sent requests than the cap
            s = socket.create_connection((host, int(port)), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\n")
            held.append(s)
            time.sleep(0.05)
        t = time.monotonic()
        status, _, body = sparql(served, COUNT)
        assert status == 200 and time.monotonic() - t < 5
        assert held[0].recv(100) == b""  # the oldest one made room
    finally:
        for s in held:
            s.close()


@pytest.mark.parametrize("served", [{"max_connections": 1, "timeout": 3, "slow_after": 0}], indirect=True)
def test_connections_past_the_cap_get_503_when_all_are_busy(served):
    busy = threading.Thread(target=sparql, args=(served, SLOW), daemon=True)  # holds the only connection
    busy.start()
    time.sleep(0.5)
    out = raw(served, b"GET /queries HTTP/1.1\r\nHost: x\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 503") and b"too many open connections" in out, out[:200]
    busy.join(10)
    time.sleep(0.3)
    assert sparql(served, COUNT)[0] == 200


@pytest.mark.parametrize("served", [{"timeout": 6, "slow_after": 0.3, "slow_slots": 2}], indirect=True)
def test_a_slow_query_does_not_hold_the_only_worker(served):
    slow = threading.Thread(target=sparql, args=(served, SLOW), daemon=True)
    slow.start()
    time.sleep(0.8)  # the slow query is running, past --slow-after
    t = time.monotonic()
    status, _, body = sparql(served, COUNT)
    assert status == 200 and time.monotonic() - t < 4  # not after the slow one's 6 s
    slow.join(15)
    # the same slow text again goes to the slow lane, and a normal query still answers meanwhile
    again = threading.Thread(target=sparql, args=(served, SLOW), daemon=True)
    again.start()
    time.sleep(0.2)
    t = time.monotonic()
    assert sparql(served, COUNT)[0] == 200 and time.monotonic() - t < 4
    again.join(15)


# ------------------------------------------------------------------ right answers

def test_from_and_from_named_are_honoured(served, corpus_graph):
    assert count(sparql(served, "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/g> WHERE { ?s ?p ?o }")[2]) == 0
    assert count(sparql(served, COUNT)[2]) > 1000
    g = "https://w3id.org/orgkg/ont"  # the ontology's graph
    one = count(sparql(served, f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}")[2])
    assert 0 < one < count(sparql(served, COUNT)[2])
    named = sparql(served, f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{g}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")[2]
    assert count(named) == 1
    r = subprocess.run([*ORGKG, "query", str(corpus_graph), "--format", "json", "--sparql",
                        "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/g> WHERE { ?s ?p ?o }"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout) == [{"n": 0}], r.stderr


def test_a_rebuild_is_picked_up_by_every_worker(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src)
    out = tmp_path / "out"
    build([str(src)], out, jobs=1)
    docs = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/orgkg/ont#Document> }"
    srv, base = start(out, workers=2, slow_workers=0)
    try:
        assert count(sparql(base, docs)[2]) == 1
        before = sparql(base, docs)[1]["X-Orgkg-Build"]
        for f in sorted((CORPUS / "dev").glob("c0[1-3]*")):
            shutil.copy(f, src)
        time.sleep(1.1)  # a build time to the second that differs
        build([str(src)], out, jobs=1)
        deadline = time.monotonic() + 30
        while count(sparql(base, docs)[2]) != 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        # from then on every answer, whichever worker gives it, is the new build's
        answers = [sparql(base, docs) for _ in range(12)]
        assert {count(a[2]) for a in answers} == {4}
        assert {a[1]["X-Orgkg-Build"] for a in answers} != {before}
    finally:
        stop(srv)


def test_bad_iris_in_requests_are_400(served):
    for path in ("/id/%00", "/id/a%0Ab", "/id/%FF%FE", "/id/a%3Eb"):
        assert http(served + path)[0] == 400, path
    assert http(served + "/query/explain?fact=" + urllib.parse.quote('http://a"b'))[0] == 400
    status, _, body = sparql(served, COUNT, **{"default-graph-uri": "http://a b"})
    assert status == 400 and b"IRI" in body
    assert sparql(served, COUNT, **{"named-graph-uri": "not an iri"})[0] == 400


def test_only_web_iris_become_links():
    """A javascript: IRI from a store is shown as text on a page, never as a link."""
    import pyoxigraph as ox

    from orgkg.viz.pages import Links, Pages, store_runner

    assert Links().href("javascript:alert(1)") is None and Links().href("data:text/html,x") is None
    store = ox.Store()
    g, x = ox.NamedNode("https://w3id.org/orgkg/id/doc/1"), ox.NamedNode("https://w3id.org/orgkg/id/org/x")
    see = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    store.add(ox.Quad(x, see, ox.NamedNode("javascript:alert(1)"), g))
    store.add(ox.Quad(x, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("X"), g))
    html = Pages(store_runner(store)).render("https://w3id.org/orgkg/id/org/x")
    assert html and "javascript:alert(1)" in html and 'href="javascript' not in html


def test_loopback_is_checked_exactly():
    for host in ("127.example.com", "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0", "::"):
        assert not is_loopback(host), host
    for host in ("127.0.0.1", "127.1.2.3", "::1", "localhost"):
        assert is_loopback(host), host


def test_the_query_text_is_read_as_sparql_reads_it():
    from orgkg.queries.sparql_text import has_base, inspect
    q = inspect('PREFIX service: <http://s/> SELECT ?service ?from WHERE { ?service service:from """a\n'
                'SERVICE <http://x/> FROM <g>""" . ?s <http://p/#SERVICE> \'FROM\' } # SERVICE <http://y/>')
    assert q.services() == [] and not q.has_dataset and q.form == "SELECT" and not q.is_update
    q = inspect("prefix e: <http://e/>\nconstruct { ?s ?p ?o } from named <http://g/> where { "
                "service silent <http://a/> { ?s ?p ?o } service ?x { } }")
    assert q.services() == ["http://a/", None] and q.has_dataset and q.form == "CONSTRUCT"
    assert inspect("PREFIX x: <urn:x> INSERT DATA { <urn:a> <urn:b> <urn:c> }").is_update
    assert not inspect('SELECT ("INSERT" AS ?x) WHERE {}').is_update
    assert has_base("BASE <http://b/> ASK {}") and not has_base("ASK { ?s <http://p/BASE> ?o }")
