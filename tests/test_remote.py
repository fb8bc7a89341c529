"""orgkg against a real SPARQL server: Virtuoso Open Source 7, started on loopback for these tests."""
import json
import threading
import re
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
import pyoxigraph as ox

from orgkg.api import build
from orgkg.ontology.terms import ENTITIES_GRAPH
from orgkg.queries.remote import RemoteStore, dataset_name, push, remote_graph
from orgkg.queries.canned import canned
from orgkg.queries.store import open_store, select

from conftest import CORPUS, SEED
from virtuoso import available, virtuoso

ORGKG = [sys.executable, "-m", "orgkg.cli"]
CONTRACT = ("organisations", "metrics", "awards", "campaigns", "organisation-awards", "time-series", "plan-attainment")

why = available()
if why and os.environ.get("CI"):
    pytest.fail(f"CI must run the Virtuoso tests: {why}", pytrace=False)
pytestmark = pytest.mark.skipif(why is not None, reason=why or "")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    shutil.copy(SEED, src)
    for f in sorted((CORPUS / "dev").glob("*.txt")):
        shutil.copy(f, src)
    return src


def normal(rows):
    """Rows comparable across stores: numbers as rounded floats, the rest as text, in a stable order.

    An empty GROUP_CONCAT is "" in Virtuoso and unbound in Oxigraph: both read as ""; its order is
    unspecified in SPARQL, so its parts are sorted.
    """
    def v(x):
        if x is None:
            return ""
        if isinstance(x, str) and "; " in x:
            return "; ".join(sorted(x.split("; ")))
        if isinstance(x, (int, float)):
            return round(float(x), 6)
        return x
    return sorted((tuple(v(x) for x in r) for r in rows), key=repr)


def remote(server):
    return RemoteStore(server + "/sparql", "dba", "dba")


def test_push_and_query_back_the_contract_queries(server, sources, tmp_path):
    out = tmp_path / "out"
    build([str(sources)], out, jobs=1)
    r = subprocess.run([*ORGKG, "push", str(out), "--endpoint", server + "/sparql", "--user", "dba", "--password", "dba"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    graphs = len(list(open_store(out).named_graphs()))
    # a graph per document, the ontology's and the entities graph (no conflicts here)
    assert graphs == len(list(sources.glob("*.txt"))) + 2
    assert f"{graphs} graph(s) written, 0 unchanged, 0 deleted" in r.stdout

    local, rs = open_store(out), remote(server)
    for name in CONTRACT:
        lc, lrows = select(local, canned()[name].text)
        rc, rrows = select(rs, canned()[name].text)
        assert lc == rc
        assert len(lrows) > 0 and normal(lrows) == normal(rrows), name
    # Vietnamese literals round-trip
    assert any("Bưu điện tỉnh Cao Bằng" in str(row) for row in select(rs, canned()["organisations"].text)[1])

    # the same through the command line
    q = subprocess.run([*ORGKG, "query", "--endpoint", server + "/sparql", "awards", "--format", "json"],
                       capture_output=True, text=True)
    assert q.returncode == 0, q.stderr
    assert normal([list(x.values()) for x in json.loads(q.stdout)]) == normal(select(local, canned()["awards"].text)[1])

    # pushing twice changes nothing
    again = push(out, rs)
    assert (again.written, again.deleted, again.unchanged) == ([], [], graphs)

    # a document removed from the sources has its graph removed
    gone = sources / "c07-vienthong-hagiang-2021.txt"
    moved = tmp_path / gone.name
    shutil.move(gone, moved)
    try:
        build([str(sources)], out, jobs=1)
        rep = push(out, rs)
        # its graph deleted; the entities graph, made again without what only it said, sent under the dataset's name
        assert len(rep.deleted) == 1 and len(rep.written) == 1 and rep.written[0].startswith(ENTITIES_GRAPH + "/")
        assert not any("Viễn thông Hà Giang" in str(row) for row in select(rs, canned()["organisations"].text)[1])
        for name in CONTRACT:
            assert normal(select(open_store(out), canned()[name].text)[1]) == normal(select(rs, canned()[name].text)[1])
        assert not any("hagiang" in str(row) for row in select(rs, canned()["metrics"].text)[1])
    finally:
        shutil.move(moved, gone)


def test_serve_and_viz_against_the_server(server, sources, tmp_path):
    out = tmp_path / "out"
    build([str(sources)], out, jobs=1)
    push(out, remote(server))
    from orgkg.api import make_server
    from orgkg.queries.server import Settings
    import threading
    srv = make_server(None, "127.0.0.1", 0, Settings(workers=1), remote=remote(server))
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        with urllib.request.urlopen(base + "/query/awards?format=json") as resp:
            data = json.loads(resp.read())
        assert len(data["results"]["bindings"]) == len(select(open_store(out), canned()["awards"].text)[1])
        q = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
        with urllib.request.urlopen(base + "/sparql?query=" + q, timeout=30) as resp:
            assert resp.headers["Content-Type"].startswith("application/sparql-results+json")
        req = urllib.request.Request(base + "/sparql", data=b"update=" + urllib.parse.quote("CLEAR ALL").encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req)
        assert e.value.code == 403
        # an organisation's profile from the server says what the embedded store's says
        from orgkg.viz.pages import Pages, store_runner
        with urllib.request.urlopen(base + "/id/org/buu-dien-tinh-cao-bang-04") as resp:
            page = resp.read().decode()
        local = Pages(store_runner(open_store(out))).render("https://w3id.org/orgkg/id/org/buu-dien-tinh-cao-bang-04")
        assert "&gt; 189 tỷ đồng" in page and page == local
    finally:
        srv.shutdown()
        srv.server_close()
    r = subprocess.run([*ORGKG, "viz", "--endpoint", server + "/sparql", "-o", str(tmp_path / "remote.html")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    l = subprocess.run([*ORGKG, "viz", str(out), "-o", str(tmp_path / "local.html")], capture_output=True, text=True)
    assert r.stdout.split(":", 2)[2] == l.stdout.split(":", 2)[2]  # same node and edge counts
    r = subprocess.run([*ORGKG, "viz", "--endpoint", server + "/sparql", "--profiles", str(tmp_path / "rp")],
                       capture_output=True, text=True)
    l = subprocess.run([*ORGKG, "viz", str(out), "--profiles", str(tmp_path / "lp")], capture_output=True, text=True)
    assert r.returncode == 0 and l.returncode == 0, r.stderr + l.stderr
    assert re.search(r": (\d+) pages", r.stdout).group(1) == re.search(r": (\d+) pages", l.stdout).group(1)
    assert sorted(p.relative_to(tmp_path / "rp") for p in (tmp_path / "rp").rglob("*.html")) == \
        sorted(p.relative_to(tmp_path / "lp") for p in (tmp_path / "lp").rglob("*.html"))


def test_bad_endpoint_credentials_and_server_errors_are_named(server, tmp_path, seed_graph):
    args = [*ORGKG, "push", str(seed_graph), "--endpoint"]
    bad = subprocess.run([*args, server + "/sparql", "--user", "dba", "--password", "wrong"], capture_output=True, text=True)
    assert bad.returncode == 2 and "HTTP 401" in bad.stderr and "sparql-graph-crud-auth" in bad.stderr, bad.stderr
    down = subprocess.run([*args, "http://127.0.0.1:9/sparql"], capture_output=True, text=True)
    assert down.returncode == 2 and "127.0.0.1:9" in down.stderr and "cannot reach" in down.stderr, down.stderr
    q = subprocess.run([*ORGKG, "query", "--endpoint", server + "/sparql", "--sparql", "SELECT ?x WHERE { ?x ?y }"],
                       capture_output=True, text=True)
    assert q.returncode == 2 and "HTTP 400" in q.stderr and server in q.stderr, q.stderr


def test_blank_nodes_from_the_server_work_in_answers_and_through_serve(server):
    rs = remote(server)
    g = "http://example.org/orgkg-test/blank"
    rs.put_graph(g, b'_:x <http://example.org/p> "one" . _:x <http://example.org/q> _:y .\n')
    try:
        rows = rs.query(f"SELECT ?s ?o WHERE {{ GRAPH <{g}> {{ ?s <http://example.org/q> ?o }} }}")
        assert len(rows) == 1 and all(type(t).__name__ == "BlankNode" for t in rows[0].values())
        again = rs.query(f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s <http://example.org/p> ?v }} }}")
        assert again[0]["s"] == rows[0]["s"]  # the same server node is the same blank node in every answer
        triples = rs.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        assert len(triples) == 2 and all(type(t.subject).__name__ == "BlankNode" for t in triples)
        made = rs.query("CONSTRUCT { _:n <http://example.org/p> 1 } WHERE {}")
        assert len(made) == 1 and type(made[0].subject).__name__ == "BlankNode"

        from orgkg.api import make_server
        from orgkg.queries.server import Settings
        import threading
        srv = make_server(None, "127.0.0.1", 0, Settings(workers=1), remote=rs)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            base = f"http://127.0.0.1:{srv.server_address[1]}"
            for q in ("SELECT * WHERE { ?s ?p ?o }", f"SELECT * WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"):
                with urllib.request.urlopen(base + "/sparql?query=" + urllib.parse.quote(q), timeout=60) as resp:
                    data = json.loads(resp.read())
            assert sorted(b["s"]["type"] for b in data["results"]["bindings"]) == ["bnode", "bnode"]
        finally:
            srv.shutdown()
            srv.server_close()
    finally:
        rs.delete_graph(g)


def test_two_build_folders_pushed_to_one_server_keep_each_others_graphs(server, tmp_path):
    rs = remote(server)
    one, two = tmp_path / "one", tmp_path / "two"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SEED, tmp_path / "a")
    only_here = "Two folders\n\n" + (CORPUS / "dev" / "c04-agribank-sonla-2021.txt").read_text(encoding="utf-8")
    (tmp_path / "b" / "c04-agribank-sonla-2021.txt").write_text(only_here, encoding="utf-8")  # in no other push
    build([str(tmp_path / "a")], one, jobs=1)
    build([str(tmp_path / "b")], two, jobs=1)
    push(one, rs)
    second = push(two, rs)
    assert second.deleted == []
    names = {r["g"].value for r in rs.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    for folder in (one, two):
        assert {remote_graph(g.value, dataset_name(folder)) for g in open_store(folder).named_graphs()} <= names
    # each folder's entities graph under its own name: the second push did not overwrite the first's
    assert {ENTITIES_GRAPH + "/" + dataset_name(f) for f in (one, two)} <= names
    assert dataset_name(one) != dataset_name(two)
    assert push(one, rs).written == []  # each folder's own manifest: nothing to send again
    # a document gone from `two` is deleted; the ontology graph, which `one` also lists, is kept
    (tmp_path / "b" / "c04-agribank-sonla-2021.txt").unlink()
    shutil.copy(CORPUS / "dev" / "c02-buudien-langson-2021.txt", tmp_path / "b")
    build([str(tmp_path / "b")], two, jobs=1)
    rep = push(two, rs)
    assert len(rep.deleted) == 1 and "ontology" not in rep.deleted[0]
    names = {r["g"].value for r in rs.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert {remote_graph(g.value, dataset_name(one)) for g in open_store(one).named_graphs()} <= names


def test_a_push_interrupted_half_way_sends_only_what_is_missing(server, sources, tmp_path):
    """Streamed and recorded in batches: a push killed half way (no chance to clean up) and run again sends
    only the graphs it had not recorded."""
    from orgkg.queries import remote as remote_mod

    out = tmp_path / "out"
    build([str(sources)], out)
    rs = remote(server)
    total = len([g for g in open_store(out).named_graphs()])
    sent = []
    real_put = rs.put_graph

    def killed_put(g, data):
        if len(sent) == 5:
            raise KeyboardInterrupt  # as a kill: nothing after it runs in push
        sent.append(g)
        real_put(g, data)

    rs.put_graph = killed_put
    old_batch, remote_mod.MANIFEST_BATCH = remote_mod.MANIFEST_BATCH, 2
    try:
        with pytest.raises(KeyboardInterrupt):
            push(out, rs, dataset="resume-test")
    finally:
        remote_mod.MANIFEST_BATCH = old_batch
        rs.put_graph = real_put
    rest = push(out, rs, dataset="resume-test")
    # the first 4 were recorded in two batches; the 5th was written but not recorded, so it is sent again
    assert len(rest.written) == total - 4 and set(rest.written) & set(sent) == {sent[4]}
    assert push(out, rs, dataset="resume-test").written == []


AWKWARD = ['Bưu điện tỉnh "Cao Bằng"', "back\\slash and \\n that is no line end", "line 1\nline 2\r\nline 3",
           "tab\there", "controls \x01\x07\x1f\x7f", "emoji 😀 𝒳", "quotes ' \"\"\" '''", "Vie\u0302\u0323t (combining)",
           "{ } < > # ; . GRAPH", "\\u0022 is not a quote", "ends with a backslash\\", "", "  spaces  "]


def awkward_folder(folder, graphs: int):
    """A folder with a store of ``graphs`` named graphs whose literals have every awkward character."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    folder.mkdir(parents=True)
    store = ox.Store(str(folder / "store"))
    p = ox.NamedNode("http://example.org/orgkg-test/p")
    for i in range(graphs):
        g = ox.NamedNode(f"http://example.org/orgkg-test/awkward/{i:03}")
        s = ox.NamedNode(f"http://example.org/orgkg-test/s/{i}")
        for j, text in enumerate(AWKWARD):
            store.add(ox.Quad(s, p, ox.Literal(f"{text} {i}" if j % 2 else text, language="vi" if j % 3 == 0 else None), g))
        # numbers in canonical form: Virtuoso keeps a number's value, not its spelling ("1.50" comes back "1.5")
        store.add(ox.Quad(s, p, ox.Literal(f"{i}.5", datatype=ox.NamedNode(xsd + "decimal")), g))
        store.add(ox.Quad(s, p, ox.Literal(str(2000 + i), datatype=ox.NamedNode(xsd + "gYear")), g))
    store.flush()
    del store
    return open_store(folder)


def server_graph(rs, g: str) -> set[str]:
    """A graph's triples on the server, a predicate at a time: Virtuoso cuts any answer at 10,000 rows
    (the ontology graph has more), and each predicate's share stays under it."""
    out = set()
    for r in rs.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"):
        part = rs.query(f"CONSTRUCT {{ ?s <{r['p'].value}> ?o }} WHERE {{ GRAPH <{g}> {{ ?s <{r['p'].value}> ?o }} }}")
        assert len(part) < 10000
        out |= {str(t) for t in part}
    return out


def test_a_push_goes_in_batches_and_awkward_literals_round_trip_exactly(server, tmp_path, monkeypatch):
    """The graphs go a batch at a time (cut by count and by bytes), each batch recorded in one request, several
    graphs in flight at once; every graph on the server has exactly the triples it has locally."""
    from orgkg.queries import remote as remote_mod

    folder = tmp_path / "awkward"
    local = awkward_folder(folder, 23)
    rs = remote(server)
    sizes = [len(remote_mod.graph_text(local, g)) for g in sorted(local.named_graphs(), key=lambda g: g.value)]
    monkeypatch.setattr(remote_mod, "MANIFEST_BATCH", 5)
    monkeypatch.setattr(remote_mod, "BATCH_BYTES", 3 * max(sizes) + 1)   # so a batch holds at most 3 graphs
    requests = []
    real = rs._request

    def counted(method, url, data=None, headers=None):
        requests.append((method, url.split("?")[0], threading.get_ident()))
        return real(method, url, data, headers)

    rs._request = counted
    rep = push(folder, rs, dataset="awkward-test", connections=3)
    assert len(rep.written) == 23 and rep.unchanged == 0
    gsp = rs.graph_store
    puts = [r for r in requests if r[0] == "PUT"]
    records = [r for r in requests if r[0] == "POST" and r[1] == gsp]
    assert len(puts) == 23 and len(records) == 8    # 23 graphs, 3 a batch: 8 batches, 8 manifest records
    assert len({r[2] for r in puts}) > 1            # sent from more than one connection
    assert not [r for r in requests if r[1] == rs.update_endpoint]   # nothing to delete: no SPARQL update
    for g in local.named_graphs():
        want = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in local.quads_for_pattern(None, None, None, g)}
        assert server_graph(rs, g.value) == want, g.value
    # the manifest, read a page at a time past a cap on rows, lists every graph
    manifest = remote_mod.manifest_iri("awkward-test")
    assert remote_mod.remote_manifest(rs, manifest, page=4) == remote_mod.remote_manifest(rs, manifest)
    assert len(remote_mod.remote_manifest(rs, manifest, page=4)) == 23
    requests.clear()
    assert push(folder, rs, dataset="awkward-test").written == []
    assert not [r for r in requests if r[0] in ("PUT", "DELETE") or r[1] != rs.endpoint]   # only reads


def test_a_graph_larger_than_a_batch_goes_alone_in_parts_and_is_never_held_whole(server, tmp_path, monkeypatch):
    """The build's entities or conflicts graph of a large corpus is one graph of millions of triples: it is hashed
    as it is read (a hash that does not depend on the triples' order) and sent as a PUT and merges of parts."""
    from orgkg.queries import remote as remote_mod

    folder = tmp_path / "big"
    local = awkward_folder(folder, 4)
    rs = remote(server)
    sizes = [len(remote_mod.graph_text(local, g)) for g in local.named_graphs()]
    monkeypatch.setattr(remote_mod, "BATCH_BYTES", min(sizes) // 3)   # every graph is larger than a batch
    requests = []
    real = rs._request

    def counted(method, url, data=None, headers=None):
        requests.append((method, url.split("?")[0], len(data or b""), urllib.parse.unquote(url)))
        return real(method, url, data, headers)

    rs._request = counted
    rep = push(folder, rs, dataset="big-test")
    manifest = remote_mod.manifest_iri("big-test")
    assert len(rep.written) == 4
    puts = [r for r in requests if r[0] == "PUT"]
    merges = [r for r in requests if r[0] == "POST" and r[1] == rs.graph_store and manifest not in r[3]]
    assert len(puts) == 4 and len(merges) >= 4 * 2                 # each graph: one PUT and at least two merges
    assert max(r[2] for r in merges) < min(sizes)
    assert max(r[2] for r in puts) < min(sizes)                      # no request carried a whole graph
    for g in local.named_graphs():
        want = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in local.quads_for_pattern(None, None, None, g)}
        assert server_graph(rs, g.value) == want, g.value
    # the order-free hash is what the manifest recorded: nothing to send again
    requests.clear()
    assert push(folder, rs, dataset="big-test").written == []
    assert not [r for r in requests if r[0] in ("PUT", "DELETE")]


def test_the_seed_graphs_on_the_server_are_the_local_ones(server, seed_graph):
    """A built folder's every graph, Vietnamese evidence text and numbers included, is the same on the server."""
    rs = remote(server)
    push(seed_graph, rs, connections=2)
    local = open_store(seed_graph)
    name = dataset_name(seed_graph)
    for g in local.named_graphs():
        want = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in local.quads_for_pattern(None, None, None, g)}
        assert server_graph(rs, remote_graph(g.value, name)) == want, g.value


def test_a_failing_batch_says_what_was_recorded(server, tmp_path, monkeypatch):
    from orgkg.queries import remote as remote_mod
    from orgkg.queries.remote import RemoteError

    folder = tmp_path / "awkward"
    awkward_folder(folder, 9)
    rs = remote(server)
    monkeypatch.setattr(remote_mod, "MANIFEST_BATCH", 4)
    real, calls = rs.put_graph, []

    def failing(g, data):
        calls.append(g)
        if len(calls) == 7:
            raise RemoteError("http://server/crud: HTTP 503 Service Unavailable")
        real(g, data)

    rs.put_graph = failing
    with pytest.raises(RemoteError) as e:
        push(folder, rs, dataset="failing-test")
    msg = str(e.value)
    # the batch's other graphs were written and are recorded; the one that failed is named
    assert "HTTP 503" in msg and "7 graph(s) written and recorded" in msg and "\n" not in msg, msg
    assert "1 graph(s) of the batch not recorded" in msg and calls[6] in msg, msg
    rs.put_graph = real
    again = push(folder, rs, dataset="failing-test")   # the failed one, and the last batch, never reached
    assert len(again.written) == 2 and calls[6] in again.written and again.unchanged == 7


def test_a_manifest_past_the_servers_row_cap_is_read_whole(server):
    """Virtuoso answers at most 10,000 rows (ResultSetMaxRows) and drops the rest silently: a manifest of a
    50,000-document push read in one query lost 40,000 hashes, so a second push sent them all again."""
    from orgkg.queries.remote import PUSHED_HASH, manifest_iri, remote_manifest

    rs = remote(server)
    m = manifest_iri("row-cap-test")
    rs.post_graph(m, "".join(f'<http://example.org/orgkg-test/g/{i:05}> <{PUSHED_HASH}> "h{i}" .\n'
                             for i in range(12000)).encode())
    try:
        assert len(rs.query(f"SELECT ?g WHERE {{ GRAPH <{m}> {{ ?g ?p ?h }} }}")) == 10000   # the cap
        hashes = remote_manifest(rs, m)
        assert len(hashes) == 12000 and hashes["http://example.org/orgkg-test/g/11999"] == "h11999"
    finally:
        rs.delete_graph(m)
