"""A SPARQL 1.1 server as the store: push a built folder's graphs, query them back.

``push`` writes each named graph of a built folder (one per document, the
ontology, the conflict flags) with the Graph Store HTTP Protocol (PUT replaces
a graph, DELETE removes one) and records what it wrote, with a hash of each
graph's content, in the manifest graph of the folder's dataset on the server
(one per build folder, or per ``--dataset NAME``). A second push of the same
folder sends nothing; a document gone from the folder has its graph deleted,
unless another dataset's manifest lists it too.

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
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from orgkg.ontology.terms import CONFLICTS_GRAPH, ENTITIES_GRAPH, MANIFEST_GRAPH as MANIFEST, OKG

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
        self._passwords = None
        if auth:
            self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.endpoint, self.graph_store, self.update_endpoint}:
                self._passwords.add_password(None, url, user, password or "")
        self._local = threading.local()

    @property
    def _opener(self):
        """This thread's opener: a digest handler counts its nonces, so threads sending at once each need one."""
        opener = getattr(self._local, "opener", None)
        if opener is None:
            pm = self._passwords
            handlers = [urllib.request.HTTPDigestAuthHandler(pm), urllib.request.HTTPBasicAuthHandler(pm)] if pm else []
            opener = self._local.opener = urllib.request.build_opener(*handlers)
        return opener

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
        self._send_graph("PUT", graph, ntriples)

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add triples to a graph (the protocol's merge), in parts cut at line ends."""
        self._send_graph("POST", graph, ntriples)

    def _send_graph(self, method: str, graph: str, ntriples: bytes) -> None:
        url = self.graph_store + "?" + urllib.parse.urlencode({"graph": graph})
        start = 0
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
        from .sparql_text import inspect

        fields = [("query", text)]
        fields += [("default-graph-uri", g.value) for g in default_graph or ()]
        fields += [("named-graph-uri", g.value) for g in named_graphs or ()]
        graph_form = inspect(text).form in ("CONSTRUCT", "DESCRIBE")
        # Virtuoso answers a CONSTRUCT in SPARQL JSON (blank nodes as "uri" values) when JSON is acceptable
        accept = "application/n-triples, text/turtle;q=0.9" if graph_form else "application/sparql-results+json"
        ctype, body = self._request("POST", self.endpoint, urllib.parse.urlencode(fields).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        if "json" not in ctype:
            fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in ctype else ox.RdfFormat.TURTLE
            try:
                return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, format=fmt)]
            except (SyntaxError, ValueError) as e:
                raise RemoteError(f"{self.endpoint}: unreadable answer ({ctype}): {_one_line(e)}") from None
        try:
            res = json.loads(body)
            if "boolean" in res:
                if not isinstance(res["boolean"], bool):
                    raise ValueError("'boolean' is not true or false")
                return res["boolean"]
            variables = res["head"]["vars"]
            rows = [_Row({k: _term(v) for k, v in b.items()}) for b in res["results"]["bindings"]]
            if graph_form:  # a server that answered a graph as s/p/o rows anyway
                return [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]
            return Solutions(variables, rows)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            what = f"missing {e}" if isinstance(e, KeyError) else _one_line(e)
            raise RemoteError(f"{self.endpoint}: malformed SPARQL JSON results ({what})") from None


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:300]


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
    value = b["value"]
    if not isinstance(value, str):  # Virtuoso writes numbers unquoted
        value = json.dumps(value)
    if t == "bnode" or (t == "uri" and value.startswith(("_:", "nodeID://"))):
        return ox.BlankNode(_bnode_id(value))
    if t == "uri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise ValueError(f"invalid IRI {value[:100]!r}") from None
    if t not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {str(t)[:40]!r}")
    if "xml:lang" in b:
        return ox.Literal(value, language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(value, datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(value)


def _bnode_id(label: str) -> str:
    """A blank node label from a server as a valid local one: kept when it is a plain name, else derived
    from it (Virtuoso's ``nodeID://b10007``), so the same server node is the same blank node in every answer."""
    label = label[2:] if label.startswith("_:") else label
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_\-]*", label):
        return label
    return "r" + hashlib.sha256(label.encode()).hexdigest()[:24]


# ---------------------------------------------------------------------- push

def dataset_name(folder: Path, name: str | None = None) -> str:
    """The name a folder's graphs are pushed under: ``name`` if given, else the identity in the folder's
    marker (kept across rebuilds into the same --out), else, for a folder built before markers, its path's hash."""
    from orgkg.builder.marker import read_marker

    if name is not None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name):
            raise RemoteError(f"--dataset {name!r}: use letters, digits, '.', '_' and '-' (at most 100)")
        return name
    marker = read_marker(folder)
    if marker:
        return marker["dataset"]
    return "path-" + hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:32]


def manifest_iri(dataset: str) -> str:
    return f"{MANIFEST}/{dataset}"


def remote_graph(graph: str, dataset: str) -> str:
    """The name a local graph gets on the server: a document's graph or the ontology's keeps its own (the same
    document in two datasets is one graph); the build-wide graphs (entities, conflict flags) get the dataset's
    name after theirs, so a second dataset pushed to the same server never overwrites the first one's."""
    return f"{graph}/{dataset}" if graph in (ENTITIES_GRAPH, CONFLICTS_GRAPH) else graph


def remote_manifest(remote: RemoteStore, manifest: str, page: int = 10000) -> dict[str, str]:
    """One dataset's manifest on the server: {graph: content hash}.

    Read in pages ordered by the graph's name, each page after the last name of the one before, until a page
    comes back empty: a server caps the rows of an answer (Virtuoso's ``ResultSetMaxRows``, 10,000 by
    default) and drops the rest without an error, so a single query would miss the graphs past the cap."""
    out: dict[str, str] = {}
    after = ""
    while True:
        rows = remote.query(f"SELECT ?g ?h WHERE {{ GRAPH <{manifest}> {{ ?g <{PUSHED_HASH}> ?h }} "
                            f"FILTER(STR(?g) > {json.dumps(after, ensure_ascii=False)}) }} ORDER BY STR(?g) LIMIT {page}")
        if not rows:
            return out
        for r in rows:
            out[r["g"].value] = r["h"].value
        last = rows[-1]["g"].value
        if last <= after:   # a server that did not filter as asked: stop rather than loop
            return out
        after = last


def listed_elsewhere(remote: RemoteStore, manifest: str, graphs: list[str], chunk: int = 500) -> set[str]:
    """The graphs among ``graphs`` that another dataset's manifest lists (asked in chunks, so no answer is cut)."""
    out: set[str] = set()
    for i in range(0, len(graphs), chunk):
        values = " ".join(f"<{g}>" for g in graphs[i:i + chunk])
        rows = remote.query(f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?m {{ ?g <{PUSHED_HASH}> ?h }} "
                            f"FILTER(STRSTARTS(STR(?m), \"{MANIFEST}/\") && ?m != <{manifest}>) }}")
        out.update(r["g"].value for r in rows)
    return out


# Graphs go to the server a batch at a time and the manifest records each batch once all its graphs are written.
# Each graph is one Graph Store PUT: on Virtuoso 7 that is the fastest way in (bench/push_bench.py; SPARQL
# INSERT DATA of the same graphs, many per request, was 10 to 20 times slower: its compiler's cost grows faster
# than the number of triples, and it refuses one INSERT DATA of 1,600 triples, or 200 graphs of 40 in a request).
MANIFEST_BATCH = 200        # graphs between two manifest records: what a resumed push may send again
BATCH_BYTES = 4 * 2**20     # and at most this much N-Triples text held in memory
CONNECTIONS = 2             # the command's requests in flight at once (Virtuoso loads two graphs side by side)


def graph_text(store: ox.Store, g: ox.NamedNode) -> bytes:
    """One named graph as N-Triples, in the store's order."""
    return b"".join(_lines(store, g))


def read_graph(store: ox.Store, g: ox.NamedNode, limit: int) -> tuple[str, bytes | None]:
    """(a hash of the graph's triples, its N-Triples text or None when the text passes ``limit`` bytes).

    The hash is the sum of the triples' own SHA-256 hashes (modulo 2**256) and their count: it does not depend
    on their order, so a graph is read once, a triple at a time, and never sorted or held whole when large.
    """
    total, n, size, kept = 0, 0, 0, []
    for line in _lines(store, g):
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) & _MASK
        n += 1
        size += len(line)
        if kept is not None:
            kept.append(line)
            if size > limit:
                kept = None
    return f"{total:064x}-{n}", None if kept is None else b"".join(kept)


def graph_parts(store: ox.Store, g: ox.NamedNode, limit: int) -> Iterator[bytes]:
    """A graph's N-Triples in parts of about ``limit`` bytes."""
    part, size = [], 0
    for line in _lines(store, g):
        part.append(line)
        size += len(line)
        if size >= limit:
            yield b"".join(part)
            part, size = [], 0
    if part:
        yield b"".join(part)


_MASK = (1 << 256) - 1


def _lines(store: ox.Store, g: ox.NamedNode) -> Iterator[bytes]:
    for q in store.quads_for_pattern(None, None, None, g):
        yield f"{q.subject} {q.predicate} {q.object} .\n".encode("utf-8")


def push(folder: Path, remote: RemoteStore, progress=None, dataset: str | None = None,
         connections: int = 1) -> PushReport:
    """Make the server's graphs of this folder's dataset equal to the folder's; raises RemoteError naming what
    was recorded.

    Each dataset (a build folder, or the name given) has its own manifest graph, ``id/graph/manifest/NAME``.
    A graph is deleted only when this dataset's manifest lists it, the folder no longer has it, and no other
    dataset's manifest lists it: a push never deletes graphs that another folder (or anything else) wrote.

    Graphs are streamed in batches (at most ``MANIFEST_BATCH`` graphs and ``BATCH_BYTES`` of text): a batch is
    read and hashed, its graphs are sent over ``connections`` connections at once, and the manifest then
    records their hashes. A graph larger than a batch (the build's entities or conflicts graph of a large
    corpus) is hashed as it is read and sent alone, in parts. Memory holds one batch and the hashes, not
    the dataset nor a whole graph. A push that
    is interrupted, killed or fails half way and is run again sends only the graphs that were not recorded.
    """
    store = open_store(folder)
    name = dataset_name(folder, dataset)
    manifest = manifest_iri(name)
    before = remote_manifest(remote, manifest)
    report = PushReport()
    present: set[str] = set()
    batch: list[tuple[str, bytes, str]] = []
    size = 0
    written: dict[str, str] = {}         # of the batch being sent, written and not yet recorded
    unsent: list[str] = []               # of the batch being sent, failed

    def record(hashes: dict[str, str]) -> None:
        """The old hashes out (a SPARQL update, when there are any), then the new ones in (a Graph Store merge,
        much faster on Virtuoso than INSERT DATA): stopped in between, the graphs are sent again."""
        old = {g: before[g] for g in hashes if before.get(g)}
        if old:
            remote.update(_record_text(manifest, old, {}))
        remote.post_graph(manifest, _hash_triples(hashes).encode())
        before.update(hashes)
        report.written.extend(hashes)

    def send(pool) -> None:
        nonlocal batch, size
        futures = {pool.submit(remote.put_graph, g, data): (g, h) for g, data, h in batch}
        batch, size = [], 0
        wait(futures)
        failed = None
        for f, (g, h) in futures.items():   # in the batch's order
            if f.exception() is None:
                written[g] = h
                progress and progress(g)
            else:
                unsent.append(g)
                failed = failed or f.exception()
        if failed:
            raise failed
        record(written)
        written.clear()

    try:
        with ThreadPoolExecutor(max(1, connections)) as pool:
            for node in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
                g = remote_graph(node.value, name)
                present.add(g)
                h, data = read_graph(store, node, BATCH_BYTES)
                if before.get(g) == h:
                    report.unchanged += 1
                    continue
                if data is None:   # larger than a batch: alone, in parts (a PUT, then merges), then recorded
                    if batch:
                        send(pool)
                    unsent.append(g)
                    for k, part in enumerate(graph_parts(store, node, BATCH_BYTES)):
                        (remote.post_graph if k else remote.put_graph)(g, part)
                    unsent.remove(g)
                    progress and progress(g)
                    record({g: h})
                    continue
                if batch and (len(batch) >= MANIFEST_BATCH or size + len(data) > BATCH_BYTES):
                    send(pool)
                batch.append((g, data, h))
                size += len(data)
            if batch:
                send(pool)
        gone = sorted(g for g in before if g not in present)
        kept = listed_elsewhere(remote, manifest, gone)   # another dataset still has these: only let go of them
        for i in range(0, len(gone), MANIFEST_BATCH):
            part = gone[i:i + MANIFEST_BATCH]
            for g in part:
                if g not in kept:
                    remote.delete_graph(g)
                    report.deleted.append(g)
            remote.update(_record_text(manifest, {g: before.pop(g) for g in part}, {}))
    except RemoteError as e:
        if written:  # what was written before the failure is recorded, if the server still answers
            try:
                record(dict(written))
                written.clear()
            except RemoteError:
                pass
        done = f"{len(report.written)} graph(s) written and recorded, {len(report.deleted)} deleted before the failure"
        lost = [*written, *unsent]
        more = f"; {len(lost)} graph(s) of the batch not recorded (the next push sends them): {', '.join(lost[:3])}" \
               f"{' …' if len(lost) > 3 else ''}" if lost else ""
        raise RemoteError(f"{e}; {done}{more}") from None
    return report


def _hash_triples(hashes: dict[str, str | None]) -> str:
    return "".join(f"<{g}> <{PUSHED_HASH}> {json.dumps(h)} .\n" for g, h in hashes.items() if h)


def _record_text(manifest: str, old: dict[str, str | None], new: dict[str, str]) -> str:
    """The update that replaces the manifest's hashes of some graphs: ``old`` (graph -> hash it had, or None)
    out, ``new`` in."""
    gone, added = _hash_triples(old), _hash_triples(new)
    ops = []
    if gone:
        ops.append(f"DELETE DATA {{ GRAPH <{manifest}> {{\n{gone}}} }}")
    if added:
        ops.append(f"INSERT DATA {{ GRAPH <{manifest}> {{\n{added}}} }}")
    return " ;\n".join(ops)
