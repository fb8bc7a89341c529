"""A SPARQL 1.1 server as the store: push a built folder's graphs, query them back.

``push`` writes each named graph of a built folder (one per document, the
ontology, the conflict flags) with the Graph Store HTTP Protocol (PUT replaces
a graph, DELETE removes one) and records what it wrote, with a hash of each
graph's content, in a manifest graph on the server. A second push of the same
folder sends nothing; a document gone from the folder has its graph deleted.

``RemoteStore`` answers the same ``query`` calls as the embedded store, so
``orgkg query``, ``serve`` and ``viz`` work against the server.

Endpoints: ``--endpoint`` is the query URL. Updates and Graph Store requests go
to the URLs given, or to Virtuoso's conventional ones beside it
(``/sparql-auth`` and ``/sparql-graph-crud-auth`` with credentials,
``/sparql-graph-crud`` without). Credentials are tried with HTTP digest and
basic authentication, as the server asks.
"""
from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from orgkg.ontology.terms import MANIFEST_GRAPH as MANIFEST, OKG

from .store import StoreError, open_store

PUSHED_HASH = str(OKG.pushedContentHash)


class RemoteError(StoreError):
    """A failed exchange with the server; the message names the endpoint and the HTTP status."""


@dataclass
class PushReport:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


class RemoteStore:
    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None,
                 graph_store: str | None = None, update_endpoint: str | None = None, timeout: float = 120):
        self.endpoint = endpoint
        auth = user is not None
        base = endpoint[:-len("/sparql")] if endpoint.rstrip("/").endswith("/sparql") else None
        self.graph_store = graph_store or (base and base + ("/sparql-graph-crud-auth" if auth else "/sparql-graph-crud"))
        self.update_endpoint = update_endpoint or (base + "/sparql-auth" if base and auth else endpoint)
        if not self.graph_store:
            raise RemoteError(f"{endpoint}: give --graph-store URL (the server's Graph Store Protocol endpoint)")
        self.timeout = timeout
        handlers = []
        if auth:
            pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.endpoint, self.graph_store, self.update_endpoint}:
                pm.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(pm), urllib.request.HTTPBasicAuthHandler(pm)]
        self._opener = urllib.request.build_opener(*handlers)

    # ------------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[str, bytes]:
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                return r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            detail = e.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
            hint = " (wrong user or password?)" if e.code in (401, 403) else ""
            raise RemoteError(f"{url}: HTTP {e.code} {e.reason}{hint}: {detail}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteError(f"{url}: cannot reach the server ({reason})") from None

    def update(self, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode()
        self._request("POST", self.update_endpoint, body, {"Content-Type": "application/x-www-form-urlencoded"})

    PART_BYTES = 256 * 1024   # Virtuoso 7 dropped the connection on a 1.3 MB body (the ontology graph with the gazetteer)

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace a graph: PUT its first part, then POST (the protocol's merge) the others, cut at line ends."""
        url = self.graph_store + "?" + urllib.parse.urlencode({"graph": graph})
        method, start = "PUT", 0
        while True:
            end = len(ntriples)
            if end - start > self.PART_BYTES:   # at the last line end in the part, or after a longer line
                cut = ntriples.rfind(b"\n", start, start + self.PART_BYTES)
                if cut < 0:
                    cut = ntriples.find(b"\n", start + self.PART_BYTES)
                end = end if cut < 0 else cut + 1
            self._request(method, url, ntriples[start:end], {"Content-Type": "text/turtle; charset=utf-8"})
            method, start = "POST", end
            if start >= len(ntriples):
                return

    def delete_graph(self, graph: str) -> None:
        url = self.graph_store + "?" + urllib.parse.urlencode({"graph": graph})
        try:
            self._request("DELETE", url)
        except RemoteError as e:
            if "HTTP 404" not in str(e):  # already gone
                raise

    # ------------------------------------------------------------------ queries

    def query(self, text: str, use_default_graph_as_union: bool = True, default_graph=None, named_graphs=None):
        """Like the embedded store's ``query``: a bool (ASK), solutions (rows of {variable: pyoxigraph term}
        with ``.variables``) or a list of triples (CONSTRUCT, DESCRIBE). The server's default graph is
        taken as it is (Virtuoso's is the union of all graphs)."""
        fields = [("query", text)]
        fields += [("default-graph-uri", g.value) for g in default_graph or ()]
        fields += [("named-graph-uri", g.value) for g in named_graphs or ()]
        ctype, body = self._request("POST", self.endpoint, urllib.parse.urlencode(fields).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
        if "json" not in ctype:
            try:
                return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)]
            except SyntaxError as e:
                raise RemoteError(f"{self.endpoint}: unreadable answer ({ctype}): {e}") from None
        try:
            res = json.loads(body)
        except ValueError:
            raise RemoteError(f"{self.endpoint}: the answer is not SPARQL JSON results") from None
        if "boolean" in res:
            return res["boolean"]
        return Solutions(res["head"]["vars"], [_Row({k: _term(v) for k, v in b.items()}) for b in res["results"]["bindings"]])


class Solutions(list):
    """Result rows with their variables, as pyoxigraph's QuerySolutions has them."""

    def __init__(self, variables, rows):
        super().__init__(rows)
        self.variables = [ox.Variable(v) for v in variables]


class _Row(dict):
    """A solution: an unbound variable reads as None, as in pyoxigraph."""

    def __missing__(self, key):
        return None


def _term(b: dict):
    t = b["type"]
    if t == "uri":
        return ox.NamedNode(b["value"])
    if t == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


# ---------------------------------------------------------------------- push

def graph_contents(store: ox.Store) -> dict[str, bytes]:
    """Each named graph of a built store as sorted N-Triples (a stable text, so a stable hash)."""
    out = {}
    for g in store.named_graphs():
        if not isinstance(g, ox.NamedNode):
            continue
        lines = sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, g))
        out[g.value] = "".join(lines).encode("utf-8")
    return out


def remote_manifest(remote: RemoteStore) -> dict[str, str]:
    rows = remote.query(f"SELECT ?g ?h WHERE {{ GRAPH <{MANIFEST}> {{ ?g <{PUSHED_HASH}> ?h }} }}")
    return {r["g"].value: r["h"].value for r in rows}


def push(folder: Path, remote: RemoteStore, progress=None) -> PushReport:
    """Make the server's orgkg graphs equal to the folder's; raises RemoteError naming what was written."""
    store = open_store(folder)
    graphs = graph_contents(store)
    hashes = {g: hashlib.sha256(data).hexdigest() for g, data in graphs.items()}
    before = remote_manifest(remote)
    report = PushReport()
    synced = {g: h for g, h in before.items() if hashes.get(g) == h}
    report.unchanged = len(synced)
    try:
        for g, data in graphs.items():
            if before.get(g) == hashes[g]:
                continue
            remote.put_graph(g, data)
            synced[g] = hashes[g]
            report.written.append(g)
            progress and progress(g)
        for g in before:
            if g not in graphs:
                remote.delete_graph(g)
                report.deleted.append(g)
    except RemoteError as e:
        _write_manifest(remote, synced)
        done = f"{len(report.written)} graph(s) written, {len(report.deleted)} deleted before the failure"
        raise RemoteError(f"{e}; {done}: {', '.join(report.written[:5])}{' …' if len(report.written) > 5 else ''}") from None
    if synced != before:
        _write_manifest(remote, synced)
    return report


def _write_manifest(remote: RemoteStore, synced: dict[str, str]) -> None:
    data = "".join(f"<{g}> <{PUSHED_HASH}> {json.dumps(h)} .\n" for g, h in sorted(synced.items()))
    remote.put_graph(MANIFEST, data.encode())
