"""Bounded load test of `orgkg serve`: 50 concurrent clients, 2,000 canned queries, loopback only.

    .venv/bin/python bench/load_test.py [--clients 50] [--requests 2000] [--workers 2] [GRAPH_DIR]
    .venv/bin/python bench/load_test.py --pathological 3 [--vary] [--timeout 3]   # 3% runaway queries mixed in

With ``--pathological P``, P% of the requests (spread evenly) are runaway
queries (a four-way cartesian product counted, which runs until the server's
timeout) sent to /sparql; the figures for the normal queries are then given
apart, since they are what must keep flowing. ``--vary`` makes each runaway
query's text different, so the server cannot recognise one it has seen.

Builds the seed and the dev corpus (unless a built folder is given), starts the
server as a separate process on a free loopback port, sends the requests
(the canned queries in turn, through /query/NAME), and stops by itself. Prints
errors, throughput, latency percentiles (p50, p95, p99) and the server's memory
(its process and query workers, RSS) before, right after, and after a second
identical round, so growth shows.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """RSS of a process and its descendants (the fork server and the query workers it starts), in MB, from /proc."""
    total = 0
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(p)], capture_output=True, text=True).stdout
            todo += [int(x) for x in out.split()]
        except OSError:
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?{var} }}"


def is_pathological(i: int, pct: float) -> bool:
    """Spread evenly: request i is pathological when it crosses a multiple of 100/pct."""
    return pct > 0 and int((i + 1) * pct / 100) > int(i * pct / 100)


def round_of(base: str, names: list[str], clients: int, requests: int, pct: float = 0.0, vary: bool = False,
             salt: str = ""):
    def one(i):
        if is_pathological(i, pct):
            q = RUNAWAY.format(var=f"l{salt}{i}" if vary else "l")
            url = f"{base}/sparql?query={urllib.parse.quote(q)}"
        else:
            url = f"{base}/query/{names[i % len(names)]}"
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}),
                                        timeout=120) as r:
                r.read()
                ok = r.status == 200
        except (urllib.error.URLError, OSError) as e:
            return time.perf_counter() - t, f"{type(e).__name__}: {e}"
        return time.perf_counter() - t, None if ok else "status"
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - t0
    normal = [r for i, r in enumerate(results) if not is_pathological(i, pct)]
    bad = [r for i, r in enumerate(results) if is_pathological(i, pct)]
    return wall, [r[0] for r in normal], [r[1] for r in normal if r[1]], bad


def half_open(base: str, n: int) -> None:
    """Open n connections that each send half a request and stay; time a normal request during and after."""
    import socket
    host, port = base.rsplit("/", 1)[-1].split(":")
    held, refused = [], 0
    t0 = time.perf_counter()
    for _ in range(n):
        try:
            s = socket.create_connection((host, int(port)), timeout=2)
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            held.append(s)
        except OSError:
            refused += 1
    opened = time.perf_counter() - t0

    def probe():
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/query/organisations", timeout=120) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except OSError as e:
            status = type(e).__name__
        return status, time.perf_counter() - t
    during = probe()
    closed_by_server = 0
    for s in held:
        s.setblocking(False)
        try:
            closed_by_server += s.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed_by_server += 1
    for s in held:
        s.close()
    after = probe()
    print(f"{n} half-sent requests opened in {opened:.1f} s ({refused} refused at connect); "
          f"a normal request meanwhile: {during[0]} in {during[1] * 1000:.0f} ms; "
          f"{closed_by_server} already closed by the server; after they close: {after[0]} in {after[1] * 1000:.0f} ms")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", nargs="?")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pathological", type=float, default=0.0, metavar="PCT", help="percent of runaway queries")
    ap.add_argument("--vary", action="store_true", help="a different text for each runaway query")
    ap.add_argument("--timeout", type=float, help="the server's --timeout (default: its own)")
    ap.add_argument("--serve-arg", action="append", default=[], help="an extra argument for orgkg serve (repeatable)")
    ap.add_argument("--half-open", type=int, metavar="N", help="instead of the rounds: N half-sent requests held open")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        graph = args.graph
        if not graph:
            graph = str(Path(d) / "out")
            subprocess.run([sys.executable, "-m", "orgkg.cli", "build", str(ROOT / "seeds"),
                            str(ROOT / "tests" / "fixtures" / "corpus" / "dev"), "--out", graph, "-q"], check=True)
        port = free_port()
        extra = (["--timeout", str(args.timeout)] if args.timeout else []) + args.serve_arg
        srv = subprocess.Popen([sys.executable, "-m", "orgkg.cli", "serve", graph, "--port", str(port),
                                "--workers", str(args.workers), *extra], stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/queries", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            names = [x["name"] for x in __import__("json").loads(urllib.request.urlopen(base + "/queries").read())]
            if args.half_open:
                half_open(base, args.half_open)
                return 0
            round_of(base, names, 4, len(names))  # warm-up: every query once
            before = rss_mb(srv.pid)
            mix = (args.pathological, args.vary)
            wall, lat, errors, bad = round_of(base, names, args.clients, args.requests, *mix, salt="a")
            after1 = rss_mb(srv.pid)
            wall2, lat2, errors2, bad2 = round_of(base, names, args.clients, args.requests, *mix, salt="b")
            after2 = rss_mb(srv.pid)
        finally:
            srv.terminate()
            srv.wait(10)
    print(f"{args.requests} requests x 2 rounds, {args.clients} concurrent clients, {len(names)} canned queries, "
          f"{args.workers} query workers, loopback"
          + (f", {args.pathological:g}% runaway queries ({'each text different' if args.vary else 'one text'}), "
             f"server timeout {args.timeout or 'default'}" if args.pathological else ""))
    for label, w, l, e, b in (("round 1", wall, lat, errors, bad), ("round 2", wall2, lat2, errors2, bad2)):
        kind = "normal queries: " if args.pathological else ""
        print(f"{label}: {kind}{len(l)} requests, errors {len(e)} ({100 * len(e) / max(1, len(l)):.1f}%), "
              f"{len(l) / w:.0f} req/s, p50 {pct(l, 50) * 1000:.1f} ms, p95 {pct(l, 95) * 1000:.1f} ms, "
              f"p99 {pct(l, 99) * 1000:.1f} ms, mean {statistics.mean(l) * 1000:.1f} ms" + (f"; first error: {e[0]}" if e else ""))
        if b:
            stopped = sum(1 for r in b if r[1])
            print(f"         runaway queries: {len(b)}, stopped by the server {stopped}, "
                  f"median time to the answer {statistics.median(r[0] for r in b):.1f} s")
    print(f"server RSS (process + workers): before {before:.0f} MB, after round 1 {after1:.0f} MB, after round 2 {after2:.0f} MB")
    return 1 if errors or errors2 else 0


if __name__ == "__main__":
    sys.exit(main())
