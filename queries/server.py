"""`orgkg serve`: a read-only SPARQL 1.1 Protocol endpoint, a query page and resolvable IRIs.

    /sparql             SPARQL 1.1 Protocol (GET, POST form, POST direct); results by Accept
    /query/NAME         a canned query, its parameters from the URL (?org=…), results by Accept
    /queries            the canned queries as JSON (names, titles, descriptions, parameters, text)
    /queries/NAME.rq    a canned query's text with its parameters bound (?org=…), for the query page's form
    /                   the query page (YASGUI, bundled; no network)
    /graph              the interactive graph view of the served folder
    /id/…               any IRI minted by orgkg (id:…, the base in ontology/terms.py): a page (an organisation's
                        profile, or the resource's statements; viz/pages.py), Turtle or compact JSON-LD

Queries run in a small pool of worker processes that each hold the store open
read-only. A query that outlives the timeout has its worker killed and
replaced, so a runaway query cannot hold the server; results beyond the row
limit are cut with a notice (JSON/XML body, ``X-Orgkg-Truncated`` header).
Updates get 403 whatever their form. Static files come from a fixed table,
so no URL can reach a file outside the bundled assets.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import queue
import re
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from orgkg.ontology.terms import BASE as ID_BASE, PREFIXES

from .canned import canned, prepare
from .prologue import syntax_message, with_prefixes
from .results import GRAPH_TYPES, SELECT_TYPES, boolean_bytes, graph_bytes, negotiate, select_bytes, take
from .store import StoreError

UPDATE_RX = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
                       r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


@dataclass
class Settings:
    timeout: float = 30.0          # seconds per query
    row_limit: int = 10_000        # rows (or triples) per result
    max_body: int = 1 << 20        # bytes per request body
    workers: int = 2
    memory: bool | None = None     # each worker queries a copy of the store in memory; None: when it is small enough


# Up to this many quads, `orgkg serve` copies the store into memory by default: about 0.8 GB and 18 s per worker
# per million quads, for queries 2-4x faster.
MEMORY_AUTO_QUADS = 2_000_000


class QueryError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- workers

def _worker_main(store_path: str, conn, memory: bool = False) -> None:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_path)
        if memory:  # pyoxigraph's in-memory store: the same engine without RocksDB's lookups, 2-4x faster
            copy = ox.Store()
            copy.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
            store = copy
    except Exception as e:  # noqa: BLE001 - reported to the pool, which names it
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            conn.send(_execute(ox, store, *msg))
        except Exception as e:  # noqa: BLE001 - reported to the client as a 500, the worker lives on
            conn.send(("error", 500, f"{type(e).__name__}: {e}"))


def _execute(ox, store, text: str, accept: str | None, explicit: str | None, limit: int, default_graphs, named_graphs):
    kw = {}
    if default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kw["use_default_graph_as_union"] = True
    if named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        res = store.query(with_prefixes(text), **kw)
    except SyntaxError as e:
        return ("error", 400, syntax_message(text, str(e)))
    except (ValueError, OSError) as e:
        return ("error", 400, str(e))
    if isinstance(res, (bool, getattr(ox, "QueryBoolean", bool))):
        fmt = negotiate(accept, "select", explicit)
        if fmt is None:
            return ("error", 406, _not_acceptable("select"))
        return ("ok", SELECT_TYPES[fmt], boolean_bytes(fmt, bool(res)), False)
    if hasattr(res, "variables"):  # solutions, from the embedded store or a remote one
        fmt = negotiate(accept, "select", explicit)
        if fmt is None:
            return ("error", 406, _not_acceptable("select"))
        variables = [v.value for v in res.variables]
        rows, cut = take(res, limit)
        return ("ok", SELECT_TYPES[fmt], select_bytes(fmt, variables, rows, cut, limit), cut)
    fmt = negotiate(accept, "graph", explicit)
    if fmt is None:
        return ("error", 406, _not_acceptable("graph"))
    triples, cut = take(res, limit)
    return ("ok", GRAPH_TYPES[fmt], graph_bytes(fmt, triples, _TURTLE_PREFIXES), cut)


# Prefixes for Turtle answers: the vocabularies, not orgkg's own id/ (its local names would need escaping).
_TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


def _not_acceptable(kind: str) -> str:
    offered = SELECT_TYPES if kind == "select" else GRAPH_TYPES
    return f"no acceptable format for this {kind} result; offered: {', '.join(offered.values())}"


class QueryPool:
    """Worker processes holding the store open; one query at a time each."""

    def __init__(self, store_path: Path, settings: Settings):
        self.store_path = str(store_path)
        self.settings = settings
        self.memory = settings.memory
        if self.memory is None:
            import pyoxigraph as ox
            try:
                self.memory = len(ox.Store.read_only(self.store_path)) <= MEMORY_AUTO_QUADS
            except Exception as e:  # noqa: BLE001 - pyoxigraph raises OSError or its own corruption error: named either way
                raise QueryError(500, f"query worker could not open {self.store_path}: {e}") from None
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._all: set = set()
        self._lock = threading.Lock()
        started = [self._spawn() for _ in range(max(1, settings.workers))]
        for w in started:  # the store opened (and copied, with memory) before the first query is taken
            self._ready(w)
            self._idle.put(w)

    def _spawn(self):
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker_main, args=(self.store_path, child, self.memory), daemon=True,
                              name="orgkg-query")
        p.start()
        child.close()
        with self._lock:
            self._all.add(p)
        return p, parent

    def _ready(self, w) -> None:
        """Wait for a new worker's store; QueryError if it could not open it."""
        try:
            msg = w[1].recv()
        except (EOFError, OSError):
            msg = ("failed", "the worker exited while opening the store")
        if msg[0] != "ready":
            self._retire(w)
            raise QueryError(500, f"query worker could not open {self.store_path}: {msg[1]}")

    def _replace(self, w) -> None:
        """Retire a worker and start another; it joins the idle ones once its store is open."""
        self._retire(w)
        new = self._spawn()

        def join_when_ready():
            try:
                self._ready(new)
            except QueryError as e:
                print(f"orgkg serve: {e}", file=sys.stderr)
                return
            self._idle.put(new)
        threading.Thread(target=join_when_ready, daemon=True, name="orgkg-worker-start").start()

    def _retire(self, w) -> None:
        p, conn = w
        p.kill()
        p.join(5)
        conn.close()
        with self._lock:
            self._all.discard(p)

    def run(self, text: str, accept: str | None = None, explicit: str | None = None, default_graphs=(), named_graphs=(),
            row_limit: int | None = None):
        s = self.settings
        t0 = time.monotonic()
        try:
            w = self._idle.get(timeout=s.timeout)
        except queue.Empty:
            raise QueryError(503, f"server busy: no query worker free within {s.timeout:g} s") from None
        try:
            p, conn = w
            conn.send((text, accept, explicit, row_limit or s.row_limit, list(default_graphs), list(named_graphs)))
            left = max(0.0, s.timeout - (time.monotonic() - t0))
            if not conn.poll(left):
                self._replace(w)
                w = None
                raise QueryError(503, f"query stopped: it ran longer than the server's timeout of {s.timeout:g} s")
            out = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            w = None
            raise QueryError(500, "the query worker died while running this query") from None
        finally:
            if w is not None:
                self._idle.put(w)
        if out[0] == "error":
            raise QueryError(out[1], out[2])
        return out[1], out[2], out[3]

    def close(self) -> None:
        with self._lock:
            procs = list(self._all)
        for p in procs:
            p.kill()
            p.join(5)


# ---------------------------------------------------------------- pages

class Site(Protocol):
    """The HTML side of the endpoint, handed in by its caller (``orgkg.viz.SITE``): queries/ holds no templates.

    ``pages(run_json)`` gives a renderer of resource pages over ``run_json(text) -> (SPARQL JSON bytes, cut)``.
    """

    def assets(self) -> dict[str, tuple[bytes, str]]: ...

    def query_page(self, queries: list, has_graph: bool, prefixes: dict[str, str], lang: str) -> str: ...

    def pages(self, run_json: Callable[[str], tuple[bytes, bool]]): ...

    def jsonld(self, ntriples: bytes, iri: str, prefixes: dict[str, str]) -> bytes: ...


def local_path(iri: str) -> str | None:
    """The server path of an orgkg IRI (``/id/…``), or None for other IRIs."""
    if iri.startswith(ID_BASE):
        return "/id/" + quote(iri[len(ID_BASE):], safe="/-._~:")
    return None


class RemotePool:
    """Queries sent to a remote SPARQL store (``--endpoint``), answered in the same formats and limits."""

    def __init__(self, remote, settings: Settings):
        self.remote = remote
        self.remote.timeout = settings.timeout
        self.settings = settings

    def run(self, text: str, accept: str | None = None, explicit: str | None = None, default_graphs=(), named_graphs=(),
            row_limit: int | None = None):
        import pyoxigraph as ox
        from .remote import RemoteError

        try:
            out = _execute(ox, self.remote, text, accept, explicit, row_limit or self.settings.row_limit, default_graphs,
                           named_graphs)
        except RemoteError as e:
            raise QueryError(400 if "HTTP 400" in str(e) else 502, str(e)) from None
        if out[0] == "error":
            raise QueryError(out[1], out[2])
        return out[1], out[2], out[3]

    def close(self) -> None:
        pass


LOOKUP_ROW_LIMIT = 10_000_000   # names looked up for a parameter: every one, whatever the answers' row limit


class App:
    def __init__(self, folder: Path | None, settings: Settings, remote=None, site: Site | None = None):
        self.folder = Path(folder) if folder else None
        self.settings = settings
        if remote is not None:
            self.pool = RemotePool(remote, settings)
        else:
            store = self.folder / "store"
            if not store.is_dir():
                raise StoreError(f"{folder}: not an orgkg output folder (no store/); run `orgkg build --out {folder}` first")
            self.pool = QueryPool(store, settings)
        self.queries = canned()
        self.site = site
        self.assets = site.assets() if site else {}
        self.pages = site.pages(lambda text: self.pool.run(text, "application/json")[1:]) if site else None

    # each handler returns (status, content type, body, extra headers)
    def sparql(self, params: dict, accept: str | None):
        if "update" in params:
            return self.forbidden()
        q = params.get("query")
        if not q:
            if "text/html" in (accept or ""):
                return 303, "text/plain", b"", {"Location": "/"}
            return self.error(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
        text = q[0]
        if UPDATE_RX.match(text):
            return self.forbidden()
        return self.run(text, accept, params.get("format", [None])[0], params.get("default-graph-uri", []),
                        params.get("named-graph-uri", []))

    def run(self, text, accept, explicit=None, default_graphs=(), named_graphs=()):
        try:
            ctype, body, cut = self.pool.run(text, accept, explicit, default_graphs, named_graphs)
        except QueryError as e:
            return self.error(e.status, str(e))
        headers = {}
        if cut:
            headers["X-Orgkg-Truncated"] = f"results cut at the row limit of {self.settings.row_limit}"
        return 200, ctype, body, headers

    def canned_query(self, name: str, params: dict, accept: str | None):
        q = self.queries.get(name)
        if q is None:
            return self.error(404, f"unknown query {name!r}; available: {', '.join(self.queries)}")
        try:
            text = prepare(q, {k: v[0] for k, v in params.items() if k != "format"}, self.lookup)
        except QueryError as e:
            return self.error(e.status, str(e))
        except StoreError as e:
            return self.error(400, str(e))
        return self.run(text, accept, params.get("format", [None])[0])

    def lookup(self, text: str) -> tuple[list[str], list[list]]:
        """A SELECT run by the workers to look a parameter's names up: (columns, lexical values)."""
        _, body, _ = self.pool.run(text, "application/sparql-results+json", row_limit=LOOKUP_ROW_LIMIT)
        doc = json.loads(body)
        cols = doc["head"]["vars"]
        return cols, [[b[c]["value"] if c in b else None for c in cols] for b in doc["results"]["bindings"]]

    def query_list(self):
        data = [{"name": q.name, "title": q.title, "description": q.description, "description_vi": q.description_vi,
                 "params": [{"name": k, "default": d, "description": q.param_docs.get(k, "")} for k, d in q.params.items()],
                 "columns": q.columns, "text": q.text} for q in self.queries.values()]
        return 200, "application/json", json.dumps(data, ensure_ascii=False).encode(), {}

    def page(self, lang: str = "vi"):
        if self.site is None:
            return self.error(404, "no query page: this endpoint was started without pages (SPARQL only)")
        html = self.site.query_page(list(self.queries.values()), bool(self.folder and (self.folder / "graph.html").is_file()),
                                    _TURTLE_PREFIXES, lang)
        return 200, "text/html; charset=utf-8", html.encode(), {}

    def query_text(self, name: str, params: dict):
        """A canned query's text with its parameters bound, for the query page's form."""
        q = self.queries.get(name)
        if q is None:
            return self.error(404, f"unknown query {name!r}; available: {', '.join(self.queries)}")
        try:
            text = prepare(q, {k: v[0] for k, v in params.items()})
        except StoreError as e:
            return self.error(400, str(e))
        return 200, "application/sparql-query; charset=utf-8", text.encode(), {}

    def graph(self):
        if self.folder is None:
            return self.error(404, "no graph view for a remote store; write one with `orgkg viz --endpoint URL -o graph.html`")
        f = self.folder / "graph.html"
        if not f.is_file():
            return self.error(404, f"no graph view in {self.folder}; run `orgkg viz {self.folder} -o {f}`")
        return 200, "text/html; charset=utf-8", f.read_bytes(), {}

    def asset(self, name: str):
        if name not in self.assets:
            return self.error(404, "no such asset")
        body, ctype = self.assets[name]
        return 200, ctype, body, {"Cache-Control": "max-age=3600"}

    def resource(self, rest: str, accept: str | None, explicit: str | None = None, lang: str = "vi"):
        iri = ID_BASE + unquote(rest)
        if any(c in iri for c in '<>"{}|\\^` \n\r\t'):
            return self.error(400, "not a valid IRI")
        this = str(_iri(iri))  # an IRI checked above, written as an N-Triples term
        if explicit or not _wants_html(accept):
            construct = f"CONSTRUCT {{ {this} ?p ?o . ?s ?q {this} }} WHERE {{ {{ {this} ?p ?o }} UNION {{ ?s ?q {this} }} }}"
            jsonld = negotiate(accept, "graph", explicit) == "jsonld" and self.site is not None  # compacted below
            status, ctype, body, headers = self.run(construct, "application/n-triples" if jsonld else accept,
                                                    None if jsonld else explicit)
            if status == 200 and not body.strip():
                return self.error(404, f"nothing is known about <{iri}>")
            if status == 200 and jsonld:  # compact, with an @context, rather than the expanded form
                ctype, body = "application/ld+json", self.site.jsonld(body, iri, _TURTLE_PREFIXES)
            return status, ctype, body, {**headers, "Vary": "Accept"}
        if self.pages is None:
            return self.error(406, "no HTML pages on this endpoint (SPARQL only): ask for Turtle or JSON-LD")
        try:
            html_text = self.pages.render(iri, lang)
        except QueryError as e:
            return self.error(e.status, str(e))
        if html_text is None:
            return self.error(404, f"nothing is known about <{iri}>")
        return 200, "text/html; charset=utf-8", html_text.encode(), {"Vary": "Accept"}

    def forbidden(self):
        return self.error(403, "this endpoint is read-only: SPARQL updates are refused")

    @staticmethod
    def error(status: int, message: str):
        return status, "text/plain; charset=utf-8", (message + "\n").encode(), {}


def _iri(iri: str):
    import pyoxigraph as ox
    return ox.NamedNode(iri)


def _wants_html(accept: str | None) -> bool:
    if not accept:
        return True
    for media in ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+json"):
        if media in accept:
            return accept.find("text/html") != -1 and accept.find("text/html") < accept.find(media)
    return True


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "orgkg"
    app: App

    def log_message(self, fmt, *args):  # quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)

    def do_GET(self):
        self._dispatch(None)

    def do_HEAD(self):
        self._dispatch(None, head=True)

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None:
            return self._send(*App.error(411, "a POST needs a Content-Length"))
        try:
            n = int(length)
        except ValueError:
            return self._send(*App.error(400, "bad Content-Length"))
        if n > self.app.settings.max_body:
            self.close_connection = True
            return self._send(*App.error(413, f"request body of {n} bytes is over the limit of {self.app.settings.max_body}"))
        body = self.rfile.read(n)
        self._dispatch(body)

    def do_PUT(self):
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    def _refuse(self):
        self.close_connection = True
        self._send(*self.app.forbidden())

    def _dispatch(self, body: bytes | None, head: bool = False):
        app = self.app
        url = urlsplit(self.path)
        path = url.path
        params = parse_qs(url.query, keep_blank_values=True)
        accept = self.headers.get("Accept")
        try:
            if path == "/sparql":
                if body is not None:
                    ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                    text = body.decode("utf-8", errors="replace")
                    if ctype == "application/sparql-update":
                        return self._send(*app.forbidden())
                    if ctype == "application/sparql-query":
                        params.setdefault("query", [text])
                    elif ctype == "application/x-www-form-urlencoded":
                        for k, v in parse_qs(text, keep_blank_values=True).items():
                            params.setdefault(k, []).extend(v)
                    else:
                        return self._send(*App.error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded"))
                res = app.sparql(params, accept)
            elif path in ("/", "/index.html"):
                res = app.page(params.get("lang", ["vi"])[0])
            elif path.startswith("/queries/") and path.endswith(".rq"):
                res = app.query_text(path[len("/queries/"):-len(".rq")], params)
            elif path == "/queries":
                res = app.query_list()
            elif path.startswith("/query/"):
                res = app.canned_query(path[len("/query/"):], params, accept)
            elif path == "/favicon.ico":
                res = 204, "image/x-icon", b"", {}
            elif path == "/graph":
                res = app.graph()
            elif path.startswith("/assets/"):
                res = app.asset(path[len("/assets/"):])
            elif path.startswith("/id/"):
                res = app.resource(path[len("/id/"):], accept, params.get("format", [None])[0], params.get("lang", ["vi"])[0])
            else:
                res = App.error(404, "not found; see / for the query page and /sparql for the endpoint")
        except Exception as e:  # noqa: BLE001 - a bug must not kill the connection silently
            res = App.error(500, f"internal error: {type(e).__name__}: {e}")
        self._send(*res, head=head)

    def _send(self, status, ctype, body, headers=None, head=False):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def make_server(folder: Path | None, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
                verbose: bool = False, remote=None, site: Site | None = None) -> Server:
    """The endpoint on ``host:port``; ``site`` adds the query page, resource pages and assets (orgkg.viz.SITE)."""
    app = App(folder, settings or Settings(), remote, site)
    handler = type("BoundHandler", (Handler,), {"app": app})
    srv = Server((host, port), handler)
    srv.app = app
    srv.verbose = verbose
    return srv


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def serve(folder: Path | None, host: str, port: int, settings: Settings, verbose: bool = False, remote=None,
          site: Site | None = None) -> None:
    srv = make_server(folder, host, port, settings, verbose, remote, site)
    if not is_loopback(host):
        print(f"orgkg: warning: listening on {host}, not loopback: anyone who can reach this machine can query the graph",
              file=sys.stderr)
    h, p = srv.server_address[:2]
    if getattr(srv.app.pool, "memory", False):
        print("orgkg: the query workers hold the store in memory (--no-memory to query it on disk)", file=sys.stderr)
    print(f"orgkg: serving {folder or remote.endpoint} at http://{h}:{p}/  (SPARQL endpoint: http://{h}:{p}/sparql; Ctrl-C stops)", file=sys.stderr)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
        srv.app.pool.close()
