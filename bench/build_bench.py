"""Build throughput, memory, incremental rebuilds, the storage floor and rdflib's naive path.

    .venv/bin/python bench/build_bench.py [--sizes 1000 10000] [--jobs 2] [--rdflib-cap 120] [--queries]

For each size N, in one run:

1. ``bench/generate.py`` writes N synthetic articles (deterministic).
2. ``orgkg build --jobs J`` from scratch: wall time, articles/s, triples/s and
   the peak memory of the whole process tree (the build and its workers,
   sampled from /proc every 50 ms).
3. One article changed, then ``orgkg build`` again into the same folder: the
   incremental rebuild's time and its ratio to the full build.
4. The floor: the same quads (the built store's content) bulk-loaded alone
   into a new on-disk pyoxigraph store, with no extraction.
5. rdflib's default path: ``Graph.add`` per triple into an in-memory
   ``Dataset``; stopped after --rdflib-cap seconds (then a lower bound).
6. With --queries: each canned query's median latency on the built store
   (3 runs after a warm-up), as ``orgkg query`` runs it.

Targets (on a 2-core machine): N = 10,000 built with --jobs 2 in at most 3x the
floor and under 2 GB; the incremental rebuild under 5% of the full build. (Smaller
builds also draw graph.html, which a build skips beyond 25,000 facts; its time is shown.)
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str], kill_after: float | None = None) -> tuple[float, int, str]:
    """Run a command; (wall seconds, peak memory of its process tree in bytes, its stdout). Fails loudly, unless
    it is killed (SIGKILL) on purpose after ``kill_after`` seconds."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    if kill_after is not None:
        try:
            proc.wait(kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    done.set()
    th.join()
    if proc.returncode != 0 and kill_after is None:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - t0, peak, out.decode()


def timed(cmd: list[str]) -> tuple[float, int]:
    """Run a command; (wall seconds, peak memory of its process tree in bytes). Fails loudly."""
    seconds, peak, _ = run(cmd)
    return seconds, peak


def floor(store_dir: Path, tmp: Path) -> tuple[float, bytes]:
    """Seconds to bulk-load the built store's quads into a new on-disk store (and the quads)."""
    data = ox.serialize(ox.Store.read_only(str(store_dir)), format=ox.RdfFormat.N_QUADS)
    target = tmp / "floor-store"
    t0 = time.perf_counter()
    s = ox.Store(str(target))
    s.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    s.flush()
    seconds = time.perf_counter() - t0
    del s
    return seconds, data


def rdflib_add(data: bytes, cap: float) -> tuple[float, int, bool]:
    """rdflib's naive path: Dataset.add per quad. (seconds, quads added, finished?)"""
    import rdflib

    ds = rdflib.Dataset()
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        return rdflib.Literal(t.value, lang=t.language, datatype=None if t.language else rdflib.URIRef(t.datatype.value))

    t0 = time.perf_counter()
    n = 0
    for q in quads:
        g = ds.graph(rdflib.URIRef(q.graph_name.value)) if isinstance(q.graph_name, ox.NamedNode) else ds.default_context
        g.add((term(q.subject), term(q.predicate), term(q.object)))
        n += 1
        if n % 10_000 == 0 and time.perf_counter() - t0 > cap:
            return time.perf_counter() - t0, n, False
    return time.perf_counter() - t0, n, True


def query_medians(out: Path, runs: int = 3) -> dict[str, float]:
    from orgkg.queries.canned import canned
    from orgkg.queries.store import open_store, select
    store = open_store(out)
    res = {}
    for name, q in canned().items():
        select(store, q.text)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            select(store, q.text)
            times.append(time.perf_counter() - t0)
        res[name] = statistics.median(times)
    return res


def bench(n: int, jobs: int, cap: float, queries: bool, tmp: Path) -> dict:
    src = tmp / f"articles-{n}"
    out = tmp / f"out-{n}"
    generate(n, src)
    full, peak = timed([*ORGKG, "build", str(src), "--out", str(out), "--jobs", str(jobs), "-q"])
    import json
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    triples = report["facts"]["triples"]
    one = sorted(src.glob("*.txt"))[n // 2]
    one.write_text(one.read_text(encoding="utf-8") + "\nĐơn vị có thêm 3 bưu cục mới.\n", encoding="utf-8")
    inc, inc_peak = timed([*ORGKG, "build", str(src), "--out", str(out), "--jobs", str(jobs), "-q"])
    inc_report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert inc_report["extracted"] == 1, inc_report
    fl, data = floor(out / "store", tmp)
    quads = data.count(b"\n")
    rd_s, rd_n, rd_done = rdflib_add(data, cap)
    res = {"n": n, "full": full, "peak": peak, "triples": triples, "quads": quads, "incremental": inc,
           "view": report.get("view_seconds", 0.0), "inc_view": inc_report.get("view_seconds", 0.0),
           "inc_peak": inc_peak, "floor": fl, "rdflib": rd_s, "rdflib_n": rd_n, "rdflib_done": rd_done}
    if queries:
        res["queries"] = query_medians(out)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rdflib-cap", type=float, default=120.0, help="seconds before rdflib's load is stopped")
    ap.add_argument("--queries", action="store_true", help="also time the canned queries on each built store")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    a = ap.parse_args(argv)
    tmp_ctx = tempfile.TemporaryDirectory(prefix="orgkg-bench-") if a.keep is None else None
    tmp = Path(tmp_ctx.name) if tmp_ctx else a.keep
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"orgkg build benchmark: {os.cpu_count()} cores, --jobs {a.jobs}")
    rows = [bench(n, a.jobs, a.rdflib_cap, a.queries, tmp) for n in a.sizes]
    print()
    print(f"{'articles':>9} {'triples':>10} {'build s':>8} {'art/s':>7} {'triples/s':>10} {'peak MB':>8} "
          f"{'floor s':>8} {'build/floor':>11} {'incr s':>7} {'incr/full':>9} {'rdflib add s':>13} {'rdflib/floor':>12}")
    for r in rows:
        rd = f"{r['rdflib']:.1f}" if r["rdflib_done"] else f">{r['rdflib']:.0f} ({r['rdflib_n'] / r['quads']:.0%})"
        rd_est = r["rdflib"] * (r["quads"] / r["rdflib_n"])
        print(f"{r['n']:>9,} {r['triples']:>10,} {r['full']:>8.1f} {r['n'] / r['full']:>7.0f} {r['triples'] / r['full']:>10,.0f} "
              f"{r['peak'] / 2**20:>8.0f} {r['floor']:>8.1f} {r['full'] / r['floor']:>10.1f}x {r['incremental']:>7.2f} "
              f"{r['incremental'] / r['full']:>8.1%} {rd:>13} {rd_est / r['floor']:>11.0f}x")
    print()
    for r in rows:
        if r["view"] >= 0.5:
            print(f"N={r['n']:,}: the build draws graph.html (up to 25,000 facts): {r['view']:.1f} s of the full build, "
                  f"{r['inc_view']:.1f} s of the incremental one")
        if r["n"] != 10_000:
            continue  # the targets are set for N = 10,000
        ok_floor = r["full"] <= 3 * r["floor"]
        ok_mem = r["peak"] < 2 * 2**30
        ok_inc = r["incremental"] < 0.05 * r["full"]
        print(f"N={r['n']:,}: build {r['full']:.1f} s = {r['full'] / r['floor']:.1f}x floor (target <= 3x: "
              f"{'met' if ok_floor else 'NOT met'}); peak {r['peak'] / 2**20:.0f} MB (target < 2048: {'met' if ok_mem else 'NOT met'}); "
              f"incremental {r['incremental'] / r['full']:.1%} of full (target < 5%: {'met' if ok_inc else 'NOT met'})")
    if a.queries:
        print()
        names = list(rows[0]["queries"])
        print(f"{'canned query':24}" + "".join(f" {r['n']:>10,} art." for r in rows) + "   (median ms)")
        for q in names:
            print(f"{q:24}" + "".join(f" {r['queries'][q] * 1000:>15.1f}" for r in rows))
    if tmp_ctx:
        tmp_ctx.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
