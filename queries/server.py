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

The endpoint makes no outbound request: SERVICE is refused unless the server
was started with that endpoint allowed. Work is bounded per query (time,
memory, rows, bytes) and per connection (an idle deadline, a cap on open
connections); slow queries leave the normal workers for reniced ones, so the
rest keep flowing. See ``QueryPool`` and ``Server``.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import multiprocessing as mp
import os
import queue
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from orgkg.ontology.terms import BASE as ID_BASE, PREFIXES

from .canned import canned, prepare
from .prologue import syntax_message, with_prefixes
from .results import GRAPH_TYPES, SELECT_TYPES, SENT_TYPES, boolean_bytes, graph_answer, negotiate, select_answer, take
from .store import StoreError

# Relative IRIs in a query (without its own BASE) resolve against orgkg's IRIs: <org/x> is an organisation.
SERVICE_BASE = ID_BASE


@dataclass
class Settings:
    timeout: float = 30.0          # seconds per query
    row_limit: int = 10_000        # rows (or triples) per result
    max_body: int = 1 << 20        # bytes per request body
    workers: int = 2
    memory: bool | None = None     # each worker queries a copy of the store in memory; None: when it is small enough
    max_answer_bytes: int = 64 << 20   # bytes per answer: results are cut there, as at the row limit
    query_memory_mb: int = 1024    # a worker growing this much above its resting size is killed (0: no limit)
    slow_after: float = 0.5        # seconds: a query still running then leaves the normal workers (0: never)
    slow_slots: int = 2            # queries moved out of the way at once; past that, a slow query is stopped
    slow_workers: int = 1          # reniced workers for query texts that were slow before (started when first needed)
    idle_timeout: float = 15.0     # seconds a connection may stay silent (while sending a request, or between them)
    max_connections: int = 256     # open connections; past that, the longest-waiting one makes room (or 503)
    allow_service: tuple = ()      # SERVICE endpoints a query may call; none by default (no outbound request)
    cors_origins: tuple = ()       # origins allowed to read answers from a browser ("*": any); none by default


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


def _dataset(ox, text: str, default_graphs, named_graphs) -> dict:
    """The query's dataset: the protocol's graphs exactly when given (default-graph-uri, named-graph-uri), else
    the query's FROM / FROM NAMED, else orgkg's default: the union of all graphs as the default graph."""
    from .sparql_text import inspect

    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    if inspect(text).has_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def _execute(ox, store, text: str, accept: str | None, explicit: str | None, limit: int, default_graphs, named_graphs,
             max_bytes: int | None = None):
    try:
        kw = _dataset(ox, text, default_graphs, named_graphs)
        if isinstance(store, ox.Store):
            kw["base_iri"] = SERVICE_BASE
        res = store.query(with_prefixes(text), **kw)
    except SyntaxError as e:
        return ("error", 400, syntax_message(text, str(e)))
    except (ValueError, OSError) as e:
        return ("error", 400, str(e))
    if isinstance(res, (bool, getattr(ox, "QueryBoolean", bool))):
        fmt = negotiate(accept, "select", explicit)
        if fmt is None:
            return ("error", 406, _not_acceptable("select"))
        return ("ok", SENT_TYPES[fmt], boolean_bytes(fmt, bool(res)), None)
    if hasattr(res, "variables"):  # solutions, from the embedded store or a remote one
        fmt = negotiate(accept, "select", explicit)
        if fmt is None:
            return ("error", 406, _not_acceptable("select"))
        variables = [v.value for v in res.variables]
        rows, cut = take(res, limit)
        body, notice = select_answer(fmt, variables, rows, cut, limit, max_bytes)
        return ("ok", SENT_TYPES[fmt], body, notice)
    fmt = negotiate(accept, "graph", explicit)
    if fmt is None:
        return ("error", 406, _not_acceptable("graph"))
    triples, cut = take(res, limit)
    body, notice = graph_answer(fmt, triples, cut, limit, max_bytes, _TURTLE_PREFIXES)
    return ("ok", GRAPH_TYPES[fmt], body, notice)


# Prefixes for Turtle answers: the vocabularies, not orgkg's own id/ (its local names would need escaping).
_TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


def _not_acceptable(kind: str) -> str:
    offered = SELECT_TYPES if kind == "select" else GRAPH_TYPES
    return f"no acceptable format for this {kind} result; offered: {', '.join(offered.values())}"


def _rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


SLOW_MEMORY_SECONDS = 600  # a query text that ran slow goes to the slow lane for this long


class _Worker:
    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn
        self.resting = 0      # RSS once its store is open: a query's memory is measured above it
        self.slow = False     # reniced: runs slow queries at the lowest CPU priority


class _Generation:
    """The workers serving one build of the folder: a rebuild swapped in gets a new generation, all at once."""

    def __init__(self, ident, built: str):
        self.ident, self.built = ident, built
        self.idle: queue.Queue = queue.Queue()        # normal workers
        self.slow_idle: queue.Queue = queue.Queue()   # the slow lane: reniced workers for queries known to be slow
        self.slow_members = 0
        self.current = True


class QueryPool:
    """Worker processes holding the store open; one query at a time each.

    - A query that runs past ``timeout`` has its worker killed and replaced (503).
    - A worker whose memory grows past ``query_memory_mb`` above its resting size is killed and replaced (503).
    - A query still running after ``slow_after`` seconds is moved out of the way: its worker is reniced to the
      lowest CPU priority and a new normal worker takes its place, so normal queries keep flowing. At most
      ``slow_slots`` such queries run at once; past that, the query is stopped (503). Its text is remembered,
      and the same text sent again goes straight to the slow lane (``slow_workers`` reniced workers).
    - When the folder's store is replaced by a rebuild, a new set of workers opens it; once they are all
      ready, every new query goes to them (the ``build`` each answer names says which build answered).
    """

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
        # A fork server with the modules loaded starts a worker in ~80 ms (a fresh interpreter takes ~250 ms of CPU):
        # it matters when slow queries make the pool replace workers often.
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["orgkg.queries.server", "pyoxigraph"])
        self._all: set = set()
        self._lock = threading.Lock()
        self._known_slow: dict[str, float] = {}   # query hash -> when it was last slow
        self._demoted = 0
        self._closed = False
        self._gen = self._start_generation()
        self._switching = False
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="orgkg-store-watch")
        self._watcher.start()

    # -- generations

    def _identity(self):
        try:
            st = os.stat(self.store_path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _built(self) -> str:
        try:
            t = os.stat(Path(self.store_path).parent / "report.json").st_mtime
        except OSError:
            return "unknown"
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

    def _start_generation(self) -> _Generation:
        gen = _Generation(self._identity(), self._built())
        started = [self._spawn() for _ in range(max(1, self.settings.workers))]
        try:
            for w in started:  # the store opened (and copied, with memory) before the first query is taken
                self._ready(w)
        except QueryError:
            for w in started:
                self._retire(w)
            raise
        for w in started:
            gen.idle.put(w)
        return gen  # its slow lane starts with the first query known to be slow

    def _watch(self) -> None:
        """Every second: has a rebuild replaced the store? Then open it in a new generation and switch to it."""
        while not self._closed:
            time.sleep(1.0)
            ident = self._identity()
            if ident is None or ident == self._gen.ident or self._closed:
                continue
            try:
                new = self._start_generation()
            except QueryError as e:
                print(f"orgkg serve: the rebuilt store could not be opened; still serving the previous build: {e}",
                      file=sys.stderr)
                time.sleep(5.0)
                continue
            with self._lock:
                old, self._gen = self._gen, new
                old.current = False
            for q in (old.idle, old.slow_idle):  # idle workers of the old build go now, busy ones when they finish
                while True:
                    try:
                        self._retire(q.get_nowait())
                    except queue.Empty:
                        break
            print(f"orgkg serve: now serving the build of {new.built}", file=sys.stderr)

    # -- workers

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker_main, args=(self.store_path, child, self.memory), daemon=True,
                              name="orgkg-query")
        p.start()
        child.close()
        with self._lock:
            self._all.add(p)
        return _Worker(p, parent)

    def _ready(self, w: _Worker) -> None:
        """Wait for a new worker's store; QueryError if it could not open it."""
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            msg = ("failed", "the worker exited while opening the store")
        if msg[0] != "ready":
            self._retire(w)
            raise QueryError(500, f"query worker could not open {self.store_path}: {msg[1]}")
        w.resting = _rss(w.proc.pid)

    @staticmethod
    def _renice(w: _Worker) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, w.proc.pid, 19)
        except OSError:
            pass
        w.slow = True

    def _add_normal(self, gen: _Generation) -> None:
        """Start a normal worker for ``gen``; it joins the idle ones once its store is open."""
        new = self._spawn()

        def join_when_ready():
            try:
                self._ready(new)
            except QueryError as e:
                print(f"orgkg serve: {e}", file=sys.stderr)
                return
            if gen.current and not self._closed:
                gen.idle.put(new)
            else:
                self._retire(new)
        threading.Thread(target=join_when_ready, daemon=True, name="orgkg-worker-start").start()

    def _add_lane(self, gen: _Generation) -> None:
        """Start a slow-lane worker for ``gen`` (its place among ``slow_members`` already counted)."""
        new = self._spawn()

        def lane_when_ready():
            try:
                self._ready(new)
            except QueryError as e:
                with self._lock:
                    gen.slow_members -= 1
                print(f"orgkg serve: {e}", file=sys.stderr)
                return
            self._renice(new)
            gen.slow_idle.put(new) if gen.current and not self._closed else self._retire(new)
        threading.Thread(target=lane_when_ready, daemon=True, name="orgkg-worker-start").start()

    def _retire(self, w: _Worker) -> None:
        w.proc.kill()
        w.proc.join(5)
        w.conn.close()
        with self._lock:
            self._all.discard(w.proc)

    def _give_back(self, gen: _Generation, w: _Worker, lane_worker: bool) -> None:
        """A worker whose query ended normally: back to its queue, or retired if its build is no longer served."""
        if not gen.current or self._closed:
            self._retire(w)
        elif not w.slow:
            gen.idle.put(w)
        elif lane_worker:
            gen.slow_idle.put(w)
        else:  # a demoted worker: it joins the slow lane if the lane lacks one, else it goes
            with self._lock:
                join = gen.slow_members < self.settings.slow_workers
                gen.slow_members += join
            gen.slow_idle.put(w) if join else self._retire(w)

    def run(self, text: str, accept: str | None = None, explicit: str | None = None, default_graphs=(), named_graphs=(),
            row_limit: int | None = None):
        s = self.settings
        t0 = time.monotonic()
        key = hashlib.sha256(repr((text, sorted(default_graphs), sorted(named_graphs))).encode()).hexdigest()
        seen = self._known_slow.get(key)
        known_slow = seen is not None and t0 - seen < SLOW_MEMORY_SECONDS and s.slow_workers > 0
        if known_slow:
            gen = self._gen
            with self._lock:
                short = gen.slow_members < s.slow_workers
                gen.slow_members += short
            if short:
                self._add_lane(gen)
        while True:  # in slices: a rebuild picked up meanwhile sends the waiting query to the new workers
            gen = self._gen
            wait = max(0.0, min(0.25, t0 + s.timeout - time.monotonic()))
            try:
                w = (gen.slow_idle if known_slow else gen.idle).get(timeout=wait)
                break
            except queue.Empty:
                if time.monotonic() - t0 >= s.timeout:
                    lane = "slow-query lane (this query ran slow before)" if known_slow else "query worker"
                    raise QueryError(503, f"server busy: no {lane} free within {s.timeout:g} s") from None
        lane_worker = known_slow
        demoted = False
        done = False
        try:
            w.conn.send((text, accept, explicit, row_limit or s.row_limit, list(default_graphs), list(named_graphs), s.max_answer_bytes))
            started = time.monotonic()
            limit = s.query_memory_mb * 1024 * 1024
            while True:
                left = s.timeout - (time.monotonic() - t0)
                if left <= 0:
                    self._stop(gen, w, lane_worker, demoted)
                    done = True
                    raise QueryError(503, f"query stopped: it ran longer than the server's timeout of {s.timeout:g} s")
                if w.conn.poll(min(0.05, left)):
                    break
                if limit and _rss(w.proc.pid) - w.resting > limit:
                    self._stop(gen, w, lane_worker, demoted)
                    done = True
                    raise QueryError(503, f"query stopped: it used more than the server's memory limit of "
                                          f"{s.query_memory_mb} MB per query (--query-memory-mb)")
                if not w.slow and s.slow_after and time.monotonic() - started > s.slow_after:
                    with self._lock:
                        self._known_slow[key] = time.monotonic()
                        if len(self._known_slow) > 10_000:  # the oldest entry goes
                            self._known_slow.pop(next(iter(self._known_slow)))
                    with self._lock:
                        room = self._demoted < s.slow_slots
                        self._demoted += room
                    if not room:
                        self._stop(gen, w, lane_worker, demoted)
                        done = True
                        raise QueryError(503, f"server busy: this query ran past {s.slow_after:g} s while "
                                              f"{s.slow_slots} slow queries were already running; try again later")
                    demoted = True
                    self._renice(w)
                    self._add_normal(gen)  # its place among the normal workers
            out = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if not done:
                self._stop(gen, w, lane_worker, demoted)
                done = True
            raise QueryError(500, "the query worker died while running this query") from None
        finally:
            if demoted:
                with self._lock:
                    self._demoted -= 1
            if not done:
                self._give_back(gen, w, lane_worker)
        if out[0] == "error":
            raise QueryError(out[1], out[2])
        return out[1], out[2], out[3]

    def _stop(self, gen: _Generation, w: _Worker, lane_worker: bool, demoted: bool) -> None:
        """Kill a worker in the middle of a query, and put a new one where it was needed."""
        self._retire(w)
        if not gen.current or self._closed:
            return
        if lane_worker:
            self._add_lane(gen)
        elif not demoted:  # a demoted worker was already replaced when it was moved out of the way
            self._add_normal(gen)

    @property
    def built(self) -> str:
        return self._gen.built

    def close(self) -> None:
        self._closed = True
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

        from .sparql_text import has_base

        if not has_base(text):  # the same service base IRI as the embedded store's
            text = f"BASE <{SERVICE_BASE}>\n{text}"
        try:
            out = _execute(ox, self.remote, text, accept, explicit, row_limit or self.settings.row_limit, default_graphs,
                           named_graphs, self.settings.max_answer_bytes)
        except RemoteError as e:
            raise QueryError(400 if "HTTP 400" in str(e) else 502, str(e)) from None
        if out[0] == "error":
            raise QueryError(out[1], out[2])
        return out[1], out[2], out[3]

    built = "remote"

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
        from .sparql_text import inspect

        if "update" in params:
            return self.forbidden()
        for name in SINGLE_PARAMS:
            if len(params.get(name, ())) > 1:
                return self.error(400, f"the {name!r} parameter is given {len(params[name])} times; give it once")
        q = params.get("query")
        if not q:
            if "text/html" in (accept or ""):
                return 303, "text/plain", b"", {"Location": "/"}
            return self.error(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
        text = q[0]
        if inspect(text).is_update:
            return self.forbidden()
        graphs = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        for g in graphs[0] + graphs[1]:
            if not _valid_iri(g):
                return self.error(400, f"not a valid absolute IRI for a graph: {g[:200]!r}")
        return self.run(text, accept, params.get("format", [None])[0], *graphs)

    def run(self, text, accept, explicit=None, default_graphs=(), named_graphs=()):
        refused = self.refuse_service(text)
        if refused:
            return refused
        try:
            ctype, body, notice = self.pool.run(text, accept, explicit, default_graphs, named_graphs)
        except QueryError as e:
            return self.error(e.status, str(e))
        headers = {"X-Orgkg-Build": self.pool.built}
        if notice:
            headers["X-Orgkg-Truncated"] = notice
        return 200, ctype, body, headers

    def refuse_service(self, text: str):
        """400 for a SERVICE clause, unless its endpoint is one the server was started with (--allow-service)."""
        from .sparql_text import inspect

        for iri in inspect(text).services():
            if iri is None:
                return self.error(400, "SERVICE is refused: its endpoint must be written as a full <IRI> that the "
                                       "server allows (orgkg serve --allow-service URL)")
            if iri not in self.settings.allow_service:
                return self.error(400, "SERVICE is refused: this endpoint makes no outbound requests, except to the "
                                       "servers named with orgkg serve --allow-service URL")
        return None

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
        iri = ID_BASE + unquote(rest, errors="strict") if _decodes(rest) else None
        if iri is None or not _valid_iri(iri):
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


# Parameters of the SPARQL Protocol that take one value; twice is an error, not "the first one".
SINGLE_PARAMS = ("query", "update", "version")  # not format: SPARQLWrapper repeats it


def _valid_iri(iri: str) -> bool:
    """An absolute IRI that can be written in a query: no characters that IRIs exclude, and one pyoxigraph takes."""
    if not iri or any(c in iri for c in '<>"{}|\\^`') or any(ord(c) <= 0x20 or 0x7f <= ord(c) <= 0x9f for c in iri):
        return False
    try:
        _iri(iri)
    except ValueError:
        return False
    return True


def _decodes(rest: str) -> bool:
    try:
        unquote(rest, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


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

    def handle_one_request(self):
        # from the first byte awaited to the last byte of the body, the request must come within the idle timeout
        self.server.watch(self.connection, True)
        try:
            super().handle_one_request()
        finally:
            self.server.watch(self.connection, False)

    def do_GET(self):
        if self._has_body():
            return self._send_and_close(400, "a GET (or HEAD) request carries no body; POST the query instead")
        self._dispatch(None)

    def do_HEAD(self):
        if self._has_body():
            return self._send_and_close(400, "a GET (or HEAD) request carries no body; POST the query instead")
        self._dispatch(None, head=True)

    def _has_body(self) -> bool:
        return self.headers.get("Transfer-Encoding") is not None or self.headers.get("Content-Length", "0").strip() != "0"

    def do_POST(self):
        if self.headers.get("Transfer-Encoding") is not None:
            return self._send_and_close(411, "send the body with a Content-Length (chunked bodies are not accepted)")
        length = self.headers.get_all("Content-Length") or []
        if not length:
            return self._send_and_close(411, "a POST needs a Content-Length")
        if len(length) > 1 or not re.fullmatch(r"\s*\d{1,18}\s*", length[0]):
            return self._send_and_close(400, "bad Content-Length: one whole number of bytes")
        n = int(length[0])
        if n > self.app.settings.max_body:
            return self._send_and_close(413, f"request body of {n} bytes is over the limit of {self.app.settings.max_body}")
        body = self.rfile.read(n)
        if len(body) < n:
            self.close_connection = True
            return
        self._dispatch(body)

    def do_PUT(self):
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self):  # a CORS preflight: answered for the allowed origins only
        headers = {"Access-Control-Allow-Methods": "GET, POST, HEAD",
                   "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600"}
        self._send(204, "text/plain", b"", headers if self._cors() else {})

    def _refuse(self):
        self.close_connection = True
        self._send(*self.app.forbidden())

    def _send_and_close(self, status: int, message: str):
        self.close_connection = True
        self._send(*App.error(status, message))

    def _dispatch(self, body: bytes | None, head: bool = False):
        self.server.watch(self.connection, False)  # the request is in: the query's own time is not the client's
        app = self.app
        url = urlsplit(self.path)
        path = url.path
        try:
            params = parse_qs(url.query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return self._send(*App.error(400, "the URL's parameters are not UTF-8 once percent-decoded"), head=head)
        accept = self.headers.get("Accept")
        try:
            if path == "/sparql":
                if body is not None:
                    form = _post_params(self.headers.get("Content-Type") or "", body)
                    if isinstance(form, tuple):
                        return self._send(*form)
                    for k, v in form.items():
                        params.setdefault(k, []).extend(v)
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

    def _cors(self) -> dict:
        allowed = self.app.settings.cors_origins
        origin = self.headers.get("Origin")
        if "*" in allowed:
            return {"Access-Control-Allow-Origin": "*"}
        if origin and origin in allowed:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {}

    def _send(self, status, ctype, body, headers=None, head=False):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in {**self._cors(), **(headers or {})}.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _post_params(content_type: str, body: bytes) -> dict | tuple:
    """The parameters of a POST to /sparql (SPARQL 1.1 Protocol), or the error answer as a tuple.

    A direct query is decoded in its declared charset (UTF-8 when none is given) or refused if that charset
    is unknown; a form is percent-encoded UTF-8, as HTML forms send it.
    """
    import codecs

    media, _, rest = content_type.partition(";")
    media = media.strip().lower()
    charset = None
    for p in rest.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    if media == "application/sparql-update":
        return App.error(403, "this endpoint is read-only: SPARQL updates are refused")
    if media == "application/sparql-query":
        try:
            codec = codecs.lookup(charset or "utf-8").name
        except LookupError:
            return App.error(415, f"unknown charset {charset!r}; send the query as UTF-8")
        try:
            return {"query": [body.decode(codec)]}
        except UnicodeDecodeError as e:
            return App.error(400, f"the query is not valid {charset or 'UTF-8'} (byte {e.start})")
    if media == "application/x-www-form-urlencoded":
        if charset and (not _known(charset) or codecs.lookup(charset).name != "utf-8"):
            return App.error(415, f"a form is read as UTF-8, not {charset!r}")
        try:
            return parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return App.error(400, "the form is not percent-encoded UTF-8")
    return App.error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")


def _known(charset: str) -> bool:
    import codecs
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


class Server(ThreadingHTTPServer):
    """Threads per connection, with a cap on open connections and a deadline on each request's arrival.

    At the cap, a new connection takes the place of the one that has kept the server waiting longest (an idle
    keep-alive, a request still trickling in); only when every connection is busy with a request is the new one
    refused with 503. Half-sent requests thus cannot lock out clients that send theirs at once.
    """
    daemon_threads = True
    request_queue_size = 128
    max_connections = 256
    idle_timeout = 15.0

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self._open = 0
        self._lock = threading.Lock()
        self._waiting: dict = {}   # connection -> since when the server waits for (the rest of) a request
        threading.Thread(target=self._reaper, daemon=True, name="orgkg-idle-reaper").start()

    def handle_error(self, request, client_address):
        """A client that went away (or was cut off at the idle deadline) is no error; anything else is one line."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return
        print(f"orgkg serve: a request from {client_address[0]} failed: {type(exc).__name__}: {exc}", file=sys.stderr)

    def watch(self, conn, waiting: bool) -> None:
        with self._lock:
            if waiting:
                self._waiting[conn] = time.monotonic()
            else:
                self._waiting.pop(conn, None)

    def _reaper(self) -> None:
        """Close the connections that have kept the server waiting longer than the idle timeout."""
        while True:
            time.sleep(min(1.0, self.idle_timeout / 4))
            now = time.monotonic()
            with self._lock:
                late = [c for c, since in self._waiting.items() if now - since > self.idle_timeout]
                for c in late:
                    del self._waiting[c]
            for c in late:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def process_request(self, request, client_address):
        with self._lock:
            full = self._open >= self.max_connections
            evict = min(self._waiting, key=self._waiting.get) if full and self._waiting else None
            if evict is not None:  # the connection that has kept the server waiting longest makes room
                del self._waiting[evict]
            if not full or evict is not None:
                self._open += 1
        if evict is not None:
            try:
                evict.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif full:  # every connection is busy with a request: refuse at once, cheaply
            msg = b"server busy: too many open connections; try again\n"
            try:
                request.setblocking(False)
                request.send(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                             b"Connection: close\r\nContent-Length: " + str(len(msg)).encode() + b"\r\n\r\n" + msg)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            with self._lock:
                self._open -= 1
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open -= 1


def make_server(folder: Path | None, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
                verbose: bool = False, remote=None, site: Site | None = None) -> Server:
    """The endpoint on ``host:port``; ``site`` adds the query page, resource pages and assets (orgkg.viz.SITE)."""
    settings = settings or Settings()
    app = App(folder, settings, remote, site)
    handler = type("BoundHandler", (Handler,), {"app": app, "timeout": settings.idle_timeout})
    srv = Server((host, port), handler)
    srv.max_connections = settings.max_connections
    srv.idle_timeout = settings.idle_timeout
    srv.app = app
    srv.verbose = verbose
    return srv


def is_loopback(host: str) -> bool:
    """Exactly a loopback address (127.0.0.0/8, ::1) or the name localhost; not a name that starts like one."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
