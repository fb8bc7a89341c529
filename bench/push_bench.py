"""`orgkg push` of an existing build folder to a throwaway Virtuoso: time, graphs/s, peak memory, again, resumed.

    .venv/bin/python bench/push_bench.py OUT [--connections 2] [--before 5000] [--before-commit 250d58b]

On a fresh Virtuoso on loopback (``tests/virtuoso.py``; ``scripts/virtuoso.sh``
installs it), in this order:
- the push of OUT with ``orgkg push``: wall time, graphs/s, peak memory of the
  push process (sampled from /proc);
- a second push of OUT (nothing changed, nothing to send);
- a push under another ``--dataset`` killed (SIGKILL) after half the first
  push's time, then run again: what the second run sent and its time.
With ``--kill-after S`` the first push itself is killed after S seconds and
run again to the end (half the time of the above at 50,000 graphs).
With ``--before N``, first, on its own fresh Virtuoso: the push as it was at
``--before-commit`` (one graph per request, the code read from git) timed on
the first N graphs of OUT, for the speed before and after.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
from build_bench import ORGKG, run  # noqa: E402


def counts(stdout: str) -> str:
    m = re.search(r"(\d+) graph\(s\) written, (\d+) unchanged, (\d+) deleted", stdout)
    return f"{m.group(1)} written, {m.group(2)} unchanged, {m.group(3)} deleted" if m else stdout.strip()


def before(out: Path, n: int, commit: str, tmp: Path) -> None:
    """The push at ``commit`` on the first ``n`` graphs, on its own server."""
    from virtuoso import virtuoso

    import orgkg.queries  # noqa: F401  (the old module's relative imports resolve in this package)

    code = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:queries/remote.py"], capture_output=True,
                          text=True, check=True).stdout
    path = tmp / "remote_before.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location("orgkg.queries.remote_before", path)
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old
    spec.loader.exec_module(old)

    class Enough(Exception):
        pass

    sent = 0

    def progress(_g):
        nonlocal sent
        sent += 1
        if sent >= n:
            raise Enough

    with virtuoso(tmp / "virtuoso-before") as base:
        rs = old.RemoteStore(base + "/sparql", "dba", "dba")
        t0 = time.perf_counter()
        try:
            old.push(out, rs, progress=progress)
        except Enough:
            pass
        t = time.perf_counter() - t0
    print(f"before ({commit}, one graph per request): {sent:,} graphs in {t:.1f} s, {sent / t:.1f} graphs/s", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a build folder (orgkg build --out)")
    ap.add_argument("--connections", type=int, default=2)
    ap.add_argument("--before", type=int, default=0, help="time the former push on this many graphs first")
    ap.add_argument("--before-commit", default="250d58b")
    ap.add_argument("--kill-after", type=float, help="kill the first push after this many seconds and run it again "
                    "(instead of a separate interrupted push under another dataset)")
    a = ap.parse_args(argv)
    from virtuoso import virtuoso

    import pyoxigraph as ox
    graphs = sum(1 for _ in ox.Store.read_only(str(a.out / "store")).named_graphs())
    print(f"{a.out}: {graphs:,} graphs", flush=True)
    with tempfile.TemporaryDirectory(prefix="orgkg-push-bench-") as d:
        tmp = Path(d)
        if a.before:
            before(a.out, a.before, a.before_commit, tmp)
        with virtuoso(tmp / "virtuoso") as base:
            cmd = [*ORGKG, "push", str(a.out), "--endpoint", base + "/sparql", "--user", "dba", "--password", "dba",
                   "--connections", str(a.connections)]
            if a.kill_after:
                # the push itself killed part way, then run again to the end: the total is the push's time
                t1, peak1, _ = run(cmd, kill_after=a.kill_after)
                t4, peak4, so = run(cmd)
                print(f"push killed (SIGKILL) after {t1:.1f} s (peak {peak1 / 2**20:.0f} MB), run again: {t4:.1f} s, "
                      f"peak {peak4 / 2**20:.0f} MB ({counts(so)}); {graphs / (t1 + t4):.1f} graphs/s over both",
                      flush=True)
                t = t1 + t4
            else:
                t, peak, so = run(cmd)
                print(f"push ({a.connections} connections): {t:.1f} s, {graphs / t:.1f} graphs/s, "
                      f"peak {peak / 2**20:.0f} MB ({counts(so)})", flush=True)
            t2, peak2, so = run(cmd)
            print(f"second push (nothing changed): {t2:.1f} s, peak {peak2 / 2**20:.0f} MB ({counts(so)})", flush=True)
            if not a.kill_after:
                cmd_b = [*cmd, "--dataset", "resume-test"]
                t3, _, _ = run(cmd_b, kill_after=t / 2)
                t4, peak4, so = run(cmd_b)
                print(f"push killed after {t3:.1f} s, run again: {t4:.1f} s, peak {peak4 / 2**20:.0f} MB ({counts(so)})",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
