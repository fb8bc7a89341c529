"""Queries may use the project's prefixes without declaring them; an unknown prefix is a one-line error."""
import subprocess
import sys

import pytest

from orgkg.api import Graph
from orgkg.queries.store import StoreError, open_store

ORGKG = [sys.executable, "-m", "orgkg.cli"]
UNDECLARED = "SELECT ?body (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a okg:AwardConferral ; okg:conferredBy ?b . ?b skos:prefLabel ?body } GROUP BY ?body"


def test_project_prefixes_need_no_declaration(seed_graph):
    g = Graph(open_store(seed_graph), str(seed_graph))
    cols, rows = g.select_sparql(UNDECLARED)
    assert cols == ["body", "n"] and len(rows) == 4


def test_a_query_that_declares_a_prefix_keeps_its_own(seed_graph):
    g = Graph(open_store(seed_graph), str(seed_graph))
    cols, rows = g.select_sparql("PREFIX okg: <http://example.org/other#> SELECT (COUNT(*) AS ?n) WHERE { ?a okg:conferredBy ?b }")
    assert rows == [[0]]


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { ?s foo:bar ?o }", "SPARQL syntax error at 1:28: unknown prefix 'foo:'"),
    ("SELECT * WHERE {\n  ?s okgg:x ?o }", "SPARQL syntax error at 2:12: unknown prefix 'okgg:'"),
    ("SELECT * WHERE { ?s ?p ?o ", "SPARQL syntax error at 1:27: expected"),
])
def test_a_syntax_error_is_one_line_at_the_users_position(seed_graph, text, message):
    g = Graph(open_store(seed_graph), str(seed_graph))
    with pytest.raises(StoreError) as e:
        g.select_sparql(text)
    assert str(e.value).startswith(message) and "\n" not in str(e.value) and "u{" not in str(e.value)


def test_the_cli_and_the_endpoint_take_undeclared_prefixes(seed_graph):
    r = subprocess.run([*ORGKG, "query", str(seed_graph), "--sparql", UNDECLARED, "--format", "csv"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "Bộ Thông tin và Truyền thông,1" in r.stdout

    from orgkg.queries.server import App, Settings
    app = App(seed_graph, Settings(workers=1, memory=False))
    try:
        status, _, body, _ = app.sparql({"query": [UNDECLARED]}, "text/csv")
        assert status == 200 and "Bộ Thông tin và Truyền thông,1" in body.decode()
        status, _, body, _ = app.sparql({"query": ["SELECT * WHERE { ?s foo:bar ?o }"]}, "text/csv")
        assert status == 400 and b"unknown prefix 'foo:'" in body
    finally:
        app.pool.close()
