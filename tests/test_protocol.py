"""SPARQL 1.1 Protocol cases the endpoint must get right, one test per case; and malformed answers from a remote store."""
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from SPARQLWrapper import SPARQLWrapper

from orgkg.queries.remote import RemoteError, RemoteStore

ORGKG = [sys.executable, "-m", "orgkg.cli"]
ONTOLOGY = "https://w3id.org/orgkg/ont"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}

from serving import http, serving


@pytest.fixture(scope="module")
def server(corpus_graph):
    with serving(corpus_graph, memory=False) as base:
        yield base


def get(base, pairs, headers=JSON_RESULTS):
    return http(f"{base}/sparql?{urllib.parse.urlencode(pairs)}", headers=headers)


def n(body) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_two_query_parameters_are_400_in_get_form_and_direct_post(server):
    two = [("query", "ASK {}"), ("query", COUNT)]
    status, _, body = get(server, two)
    assert status == 400 and b"'query' parameter is given 2 times" in body
    form = http(f"{server}/sparql", data=urllib.parse.urlencode(two).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form[0] == 400
    direct = http(f"{server}/sparql?query=ASK%7B%7D", data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert direct[0] == 400


def test_version_twice_is_400(server):
    assert get(server, [("query", "ASK {}"), ("version", "1.1"), ("version", "1.2")])[0] == 400


def test_the_declared_charset_is_honoured_or_refused(server):
    for charset, word in (("utf-16", "Đồng"), ("iso-8859-1", "Señor")):
        q = f'SELECT ?x WHERE {{ BIND("{word}" AS ?x) }}'
        status, _, body = http(f"{server}/sparql", data=q.encode(charset),
                               headers={"Content-Type": f"application/sparql-query; charset={charset}", **JSON_RESULTS})
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == word, charset
    q = 'SELECT ?x WHERE { BIND("Đồng" AS ?x) }'
    status, _, body = http(f"{server}/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query; charset=x-klingon"})
    assert status == 415 and b"charset" in body
    status, _, body = http(f"{server}/sparql", data=q.encode("utf-16"), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"not valid UTF-8" in body  # no charset: UTF-8, and these bytes are not


def test_relative_iris_resolve_against_the_service_base_iri(server):
    status, _, body = get(server, [("query", "CONSTRUCT { <s> <p> 1 } WHERE {}")], headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode().startswith("<https://w3id.org/orgkg/id/s> <https://w3id.org/orgkg/id/p> ")
    status, _, body = get(server, [("query", "BASE <http://e.example/> CONSTRUCT { <s> <p> 1 } WHERE {}")],
                          headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode().startswith("<http://e.example/s>")  # a query's own BASE wins


def test_a_get_with_a_body_is_refused(server):
    q = urllib.parse.quote(COUNT)
    assert http(f"{server}/sparql?query={q}", data=b"x=1", method="GET")[0] == 400


def test_default_graph_uri_alone_gives_exactly_that_dataset(server):
    whole = n(get(server, [("query", COUNT)])[2])
    onto = n(get(server, [("query", COUNT), ("default-graph-uri", ONTOLOGY)])[2])
    assert 0 < onto < whole
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert n(get(server, [("query", graphs)])[2]) > 2
    assert n(get(server, [("query", graphs), ("default-graph-uri", ONTOLOGY)])[2]) == 0  # no named graph given
    assert n(get(server, [("query", graphs), ("named-graph-uri", ONTOLOGY)])[2]) == 1
    assert n(get(server, [("query", COUNT), ("named-graph-uri", ONTOLOGY)])[2]) == 0   # and an empty default graph
    # the protocol's dataset wins over the query's own
    assert n(get(server, [("query", f"SELECT (COUNT(*) AS ?n) FROM <http://none.example/> WHERE {{ ?s ?p ?o }}"),
                          ("default-graph-uri", ONTOLOGY)])[2]) == onto


def test_from_and_from_named_give_exactly_their_dataset(server):
    onto = n(get(server, [("query", COUNT), ("default-graph-uri", ONTOLOGY)])[2])
    assert n(get(server, [("query", f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}")])[2]) == onto
    q = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert n(get(server, [("query", q)])[2]) == 1


def test_rdf_xml_for_construct_and_describe(server):
    q = "CONSTRUCT { ?o a <https://w3id.org/orgkg/ont#Organisation> } WHERE { ?o a <https://w3id.org/orgkg/ont#Organisation> }"
    status, headers, body = get(server, [("query", q)], headers={"Accept": "application/rdf+xml"})
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml"
    assert len(ET.fromstring(body)) >= 5
    w = SPARQLWrapper(server + "/sparql")  # its default for CONSTRUCT is RDF/XML
    w.setQuery(q)
    assert len(w.queryAndConvert()) >= 5
    w.setQuery("DESCRIBE <https://w3id.org/orgkg/id/org/buu-dien-tinh-lang-son-20>")
    assert len(w.queryAndConvert()) >= 3


# ------------------------------------------------------------------ malformed answers from a remote store

ANSWERS = {
    "/no-vars": (b'{"head": {}, "results": {"bindings": []}}', "application/sparql-results+json"),
    "/bad-iri": (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://a b"}}]}}',
                 "application/sparql-results+json"),
    "/not-json": (b"<html>oops</html>", "application/sparql-results+json"),
    "/bad-turtle": (b"<a> <b> .", "text/turtle"),
    "/bad-type": (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "x", "value": "1"}}]}}',
                  "application/sparql-results+json"),
}


@pytest.fixture(scope="module")
def liar():
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body, ctype = ANSWERS[self.path.split("?")[0].rsplit("/sparql", 1)[0]]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("path", sorted(ANSWERS))
def test_a_malformed_remote_answer_is_a_one_line_error(liar, path):
    endpoint = f"{liar}{path}/sparql"
    query = "CONSTRUCT WHERE { ?s ?p ?o }" if path == "/bad-turtle" else "SELECT ?s WHERE { ?s ?p ?o }"
    with pytest.raises(RemoteError, match=endpoint.replace("/", ".")):
        RemoteStore(endpoint, graph_store=liar + "/gsp").query(query)
    r = subprocess.run([*ORGKG, "query", "--endpoint", endpoint, "--graph-store", liar + "/gsp", "--sparql", query],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("orgkg: error: ")


def test_push_to_a_server_that_answers_nonsense_is_a_one_line_error(liar, seed_graph):
    r = subprocess.run([*ORGKG, "push", str(seed_graph), "--endpoint", liar + "/no-vars/sparql", "--graph-store", liar + "/gsp"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
