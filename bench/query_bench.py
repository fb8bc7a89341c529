"""Canned query latency on a generated graph of at least a million triples: orgkg's store vs rdflib.

    .venv/bin/python bench/query_bench.py [--triples 1000000] [--runs 5] [--rdflib-cap 60]

The graph is the real output of `orgkg build` on the bundled seed and the dev
corpus (tests/fixtures/corpus/dev), replicated with every minted IRI renamed
per copy (new organisations, documents, facts; periods shared), until it holds the asked number of triples. Conflict flags
are computed as a build does. Then, in one run and on the same data:

- orgkg: each canned query, as a user runs it (its default parameters, so a
  list query returns its first page of 100), median latency over --runs runs
  (after one warm-up), through the same store and union default graph
  `orgkg query` and the server use; and through the HTTP endpoint (`orgkg
  serve`'s worker pool).
- memory: the same on a copy of the store in memory (pyoxigraph's in-memory
  store, what `orgkg serve --memory` queries), directly and through the HTTP
  endpoint started with --memory.
- every row: each list query once more with an empty limit (one fully sorted
  list of every row), on the store.
- rdflib: the default in-memory `Dataset` (default graph = union) loaded with
  the same quads, each canned query once. A query that has not finished after
  --rdflib-cap seconds is interrupted and reported as "> cap"; its ratio is
  then a lower bound.

Prints a table, the ratios and whether each query's row count agrees.
"""
from __future__ import annotations

import argparse
import ctypes
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent

from orgkg.api import build
from orgkg.queries.canned import canned, prepare
from orgkg.builder.conflicts import conflict_pairs, flag_conflicts, observation_rows

ID = "https://w3id.org/orgkg/id/"
MINTED = re.compile(r"<https://w3id\.org/orgkg/id/(org|person|doc|observation|target|award|campaign|event|period)/([^>]*)>")
LABEL = re.compile(r'("[^"]*")(@vi) <https://w3id.org/orgkg/id/doc/')


def corpus_quads(tmp: Path) -> tuple[bytes, bytes]:
    """(document graphs and the entities graph, ontology graph) as N-Quads, from a real build."""
    out = tmp / "corpus"
    build([str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "corpus" / "dev")], out)
    store = ox.Store.read_only(str(out / "store"))
    docs, onto = [], []
    for q in store:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        line = f"{q.subject} {q.predicate} {q.object} <{g}> .\n" if g else f"{q.subject} {q.predicate} {q.object} .\n"
        if g.startswith(ID + "doc/") or g == ID + "graph/entities":  # a copy has its own entities too
            docs.append(line)
        elif not g.startswith(ID + "graph/"):
            onto.append(line)
    return "".join(docs).encode(), "".join(onto).encode()


def replicate(docs: bytes, copies: int):
    """Yield N-Quads chunks: copy i renames minted IRIs (suffix -ci); periods stay shared."""
    text = docs.decode()
    n_lines = text.count("\n")
    for i in range(copies):
        def rename(m, i=i):
            kind, rest = m.group(1), m.group(2)
            if kind == "period":  # periods are shared, as in real collections
                return m.group(0)
            head, sep, tail = rest.partition("/")
            return f"<{ID}{kind}/{head}-c{i}{sep}{tail}>"
        yield MINTED.sub(rename, text).encode(), n_lines


def interrupt_after(seconds: float, thread_id: int) -> threading.Timer:
    """Raise TimeoutError in a thread running pure Python (rdflib's engine) after ``seconds``."""
    def fire():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(TimeoutError))
    t = threading.Timer(seconds, fire)
    t.start()
    return t


def ox_rows(store, text) -> int:
    res = store.query(text, use_default_graph_as_union=True)
    return sum(1 for _ in res)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds before an rdflib query is interrupted")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="write the generated graph to DIR (an orgkg output folder) and keep it")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        out = Path(args.keep) if args.keep else tmp / "big"
        t0 = time.perf_counter()
        docs, onto = corpus_quads(tmp)
        per_copy = docs.count(b"\n")
        copies = max(1, -(-args.triples // per_copy))
        (out / "store").mkdir(parents=True)
        store = ox.Store(str(out / "store"))
        store.bulk_load(onto, format=ox.RdfFormat.N_QUADS)
        chunks = []
        for chunk, _ in replicate(docs, copies):
            chunks.append(chunk)
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
        flag_conflicts(store, conflict_pairs(*observation_rows(ox.parse(b"".join(chunks), format=ox.RdfFormat.N_QUADS))))
        store.optimize()
        total = len(store)
        del store
        (out / "report.json").write_text("{}")
        print(f"graph: {copies} copies of {per_copy} triples = {total:,} quads (incl. ontology, conflict flags); "
              f"generated and loaded in {time.perf_counter() - t0:.1f} s")

        store = ox.Store.read_only(str(out / "store"))
        queries = {name: prepare(q, {}) for name, q in canned().items()}
        results = {}

        def median_ms(s, text):
            ox_rows(s, text)  # warm-up
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                ox_rows(s, text)
                times.append(time.perf_counter() - t)
            return statistics.median(times)

        for name, text in queries.items():
            print(f"  {name}…", end="", flush=True, file=sys.stderr)
            results[name] = {"rows": ox_rows(store, text), "ox": median_ms(store, text)}
            print(" done", file=sys.stderr)
        every = {}
        for name, q in canned().items():
            if "limit" in q.params:
                text = prepare(q, {"limit": ""})
                t = time.perf_counter()
                n = ox_rows(store, text)
                every[name] = (n, time.perf_counter() - t)
        t = time.perf_counter()
        mem = ox.Store()
        mem.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        print(f"memory: copied the store into memory in {time.perf_counter() - t:.1f} s")
        for name, text in queries.items():
            results[name]["mem"] = median_ms(mem, text)
        del mem

        if not args.no_http:
            from orgkg.api import make_server
            from orgkg.queries.server import Settings
            for key, memory in (("http", False), ("mem_http", True)):
                t = time.perf_counter()
                srv = make_server(out, "127.0.0.1", 0, Settings(workers=2, row_limit=10**9, timeout=600, memory=memory))
                if memory:
                    print(f"serve --memory: workers ready in {time.perf_counter() - t:.1f} s")
                threading.Thread(target=srv.serve_forever, daemon=True).start()
                base = f"http://127.0.0.1:{srv.server_address[1]}/sparql"
                for name, text in queries.items():
                    body = urllib.parse.urlencode({"query": text}).encode()
                    times = []
                    for k in range(args.runs + 1):
                        t = time.perf_counter()
                        req = urllib.request.Request(base, data=body, headers={"Accept": "application/sparql-results+json"})
                        urllib.request.urlopen(req, timeout=600).read()
                        if k:
                            times.append(time.perf_counter() - t)
                    results[name][key] = statistics.median(times)
                srv.shutdown()
                srv.app.pool.close()
        for name, r in results.items():
            print(f"  orgkg {name}: {r['rows']} rows, median {r['ox'] * 1000:.1f} ms"
                  + (f", http {r['http'] * 1000:.1f} ms" if "http" in r else ""), flush=True)

        if not args.no_rdflib:
            import rdflib
            t = time.perf_counter()
            ds = rdflib.Dataset(default_union=True)
            ds.parse(data=onto, format="nquads")
            for chunk in chunks:
                ds.parse(data=chunk, format="nquads")
            print(f"rdflib: loaded {len(ds):,} triples in {time.perf_counter() - t:.1f} s")
            for name, text in queries.items():
                print(f"  rdflib {name}…", file=sys.stderr, flush=True)
                timer = interrupt_after(args.rdflib_cap, threading.get_ident())
                t = time.perf_counter()
                try:
                    n = sum(1 for _ in ds.query(text))
                    results[name]["rdflib"] = time.perf_counter() - t
                    results[name]["rdflib_rows"] = n
                except TimeoutError:
                    results[name]["rdflib"] = None
                except Exception as e:  # noqa: BLE001 - rdflib's engine fails on some valid queries; say so
                    results[name]["rdflib"] = "error"
                    results[name]["rdflib_error"] = f"{type(e).__name__}: {e}"
                finally:
                    timer.cancel()

    def baseline(r):
        """rdflib's seconds for a row (its cap when it was cut), or None when it did not run or failed."""
        if r.get("rdflib") == "error" or "rdflib" not in r:
            return None
        return args.rdflib_cap if r["rdflib"] is None else r["rdflib"]

    def ratio(r, key):
        base = baseline(r)
        if base is None or key not in r:
            return "-"
        return f"{'>' if r['rdflib'] is None else ''}{base / r[key]:.0f}x"

    print()
    print(f"{'query':22} {'rows':>7} {'orgkg ms':>9} {'http ms':>8} {'memory ms':>9} {'mem http':>8} "
          f"{'rdflib s':>9} {'ratio':>9} {'mem ratio':>9}  rows agree")
    for name, r in results.items():
        cells = [f"{r[k] * 1000:8.1f}" if k in r else f"{'-':>8}" for k in ("http", "mem_http")]
        if "rdflib" not in r:
            rd, agree = "-", ""
        elif r["rdflib"] == "error":
            rd, agree = "error", r["rdflib_error"][:60]
        elif r["rdflib"] is None:
            rd, agree = f">{args.rdflib_cap:.0f}", "(cut)"
        else:
            rd = f"{r['rdflib']:.2f}"
            agree = "yes" if r["rdflib_rows"] == r["rows"] else f"no ({r['rdflib_rows']})"
            if name in every:  # a page is taken in each engine's own order: another page, maybe other counts
                agree += ", another page"
        print(f"{name:22} {r['rows']:7} {r['ox'] * 1000:9.1f} {cells[0]} {r['mem'] * 1000:9.1f} {cells[1]} "
              f"{rd:>9} {ratio(r, 'ox'):>9} {ratio(r, 'mem'):>9}  {agree}")
    print()
    # one verdict per query path against the target: every canned query under 200 ms and >= 50x rdflib
    paths = (("ox", "store (orgkg query; serve --no-memory)"), ("http", "store through HTTP (serve --no-memory)"),
             ("mem", "memory, direct"), ("mem_http", "memory through HTTP (serve's default up to 2M quads)"))
    for key, label in paths:
        rows = [r for r in results.values() if key in r]
        if not rows:
            continue
        line = (f"{label}: {sum(r[key] < 0.2 for r in rows)} of {len(rows)} queries under 200 ms, "
                f"slowest {max(r[key] for r in rows) * 1000:.1f} ms")
        ratios = [baseline(r) / r[key] for r in rows if baseline(r) is not None]
        if ratios:
            line += f"; smallest ratio to rdflib {min(ratios):.0f}x (target >= 50x; a cut rdflib run counts as its cap)"
        print(line)
    print()
    print("list queries, every row (empty limit), once on the store:")
    for name, (n, s) in every.items():
        print(f"  {name:22} {n:7} rows {s * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
