"""Bounded load test of `orgkg serve`: 50 concurrent clients, 2,000 canned queries, loopback only.

    .venv/bin/python bench/load_test.py [--clients 50] [--requests 2000] [--workers 2] [GRAPH_DIR]

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
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """RSS of a process and its children (the query workers), in MB, from /proc."""
    total = 0
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        pids += [int(x) for x in out.split()]
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


def round_of(base: str, names: list[str], clients: int, requests: int):
    def one(i):
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
    return time.perf_counter() - t0, [r[0] for r in results], [r[1] for r in results if r[1]]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", nargs="?")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        graph = args.graph
        if not graph:
            graph = str(Path(d) / "out")
            subprocess.run([sys.executable, "-m", "orgkg.cli", "build", str(ROOT / "seeds"),
                            str(ROOT / "tests" / "fixtures" / "corpus" / "dev"), "--out", graph, "-q"], check=True)
        port = free_port()
        srv = subprocess.Popen([sys.executable, "-m", "orgkg.cli", "serve", graph, "--port", str(port),
                                "--workers", str(args.workers)], stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/queries", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            names = [x["name"] for x in __import__("json").loads(urllib.request.urlopen(base + "/queries").read())]
            round_of(base, names, 4, len(names))  # warm-up: every query once
            before = rss_mb(srv.pid)
            wall, lat, errors = round_of(base, names, args.clients, args.requests)
            after1 = rss_mb(srv.pid)
            wall2, lat2, errors2 = round_of(base, names, args.clients, args.requests)
            after2 = rss_mb(srv.pid)
        finally:
            srv.terminate()
            srv.wait(10)
    print(f"{args.requests} requests x 2 rounds, {args.clients} concurrent clients, {len(names)} canned queries, "
          f"{args.workers} query workers, loopback")
    for label, w, l, e in (("round 1", wall, lat, errors), ("round 2", wall2, lat2, errors2)):
        print(f"{label}: errors {len(e)}, {len(l) / w:.0f} req/s, p50 {pct(l, 50) * 1000:.1f} ms, p95 {pct(l, 95) * 1000:.1f} ms, "
              f"p99 {pct(l, 99) * 1000:.1f} ms, mean {statistics.mean(l) * 1000:.1f} ms" + (f"; first error: {e[0]}" if e else ""))
    print(f"server RSS (process + workers): before {before:.0f} MB, after round 1 {after1:.0f} MB, after round 2 {after2:.0f} MB")
    return 1 if errors or errors2 else 0


if __name__ == "__main__":
    sys.exit(main())
