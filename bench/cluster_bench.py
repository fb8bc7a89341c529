"""A build on a Dask cluster against a local build, and a push of the result to Virtuoso.

    .venv/bin/python bench/cluster_bench.py [--sizes 10000 50000] [--workers 2] [--push]

For each size N: ``bench/generate.py`` writes N articles; ``orgkg build --jobs W``
and ``orgkg build --scheduler local:W`` each build them from scratch into
their own folder. Printed: wall time, peak memory of the whole process tree
(the build, its workers, the local cluster's scheduler and nannies; sampled
from /proc), the cluster/local time ratio, and whether the two dataset.trig
files are byte-identical. Peak memory at two sizes shows whether it grows
with the number of documents.

With --push, the cluster build of the largest N is pushed to a throwaway
Virtuoso on loopback (``tests/virtuoso.py``; ``scripts/virtuoso.sh`` installs
it) with ``orgkg push`` (``bench/push_bench.py``, which also takes any build
folder): time and peak memory, then a second push (nothing to send) and a push
interrupted half way and resumed.
"""
from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
from build_bench import ORGKG, timed  # noqa: E402
from generate import generate  # noqa: E402


def bench(n: int, workers: int, tmp: Path) -> dict:
    src = tmp / f"src-{n}"
    if not src.is_dir():
        generate(n, src, seed=11)
    local_out, cluster_out = tmp / f"local-{n}", tmp / f"cluster-{n}"
    local, local_peak = timed([*ORGKG, "build", str(src), "--out", str(local_out), "--jobs", str(workers), "-q",
                               "--view", "no"])
    cluster, cluster_peak = timed([*ORGKG, "build", str(src), "--out", str(cluster_out), "--scheduler",
                                   f"local:{workers}", "-q", "--view", "no"])
    same = filecmp.cmp(local_out / "dataset.trig", cluster_out / "dataset.trig", shallow=False)
    return {"n": n, "local": local, "local_peak": local_peak, "cluster": cluster, "cluster_peak": cluster_peak,
            "same": same, "out": cluster_out}


def push_bench(out: Path, tmp: Path) -> None:
    """The push of the build to a throwaway Virtuoso: bench/push_bench.py on that folder."""
    from push_bench import main as push_main

    push_main([str(out)])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--push", action="store_true")
    ap.add_argument("--keep", type=Path, help="a folder to keep the articles and builds in (default: a temporary one)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="orgkg-cluster-bench-") as d:
        tmp = a.keep or Path(d)
        tmp.mkdir(parents=True, exist_ok=True)
        print(f"{'articles':>9} {'local s':>8} {'local MB':>9} {'cluster s':>10} {'cluster MB':>11} {'cluster/local':>14} "
              f"{'identical':>10}")
        results = []
        for n in a.sizes:
            r = bench(n, a.workers, tmp)
            results.append(r)
            print(f"{n:>9,} {r['local']:>8.1f} {r['local_peak'] / 2**20:>9.0f} {r['cluster']:>10.1f} "
                  f"{r['cluster_peak'] / 2**20:>11.0f} {r['cluster'] / r['local']:>13.2f}x {'yes' if r['same'] else 'NO':>10}",
                  flush=True)
        if len(results) > 1:
            a0, a1 = results[0], results[-1]
            print(f"peak memory from {a0['n']:,} to {a1['n']:,} articles ({a1['n'] / a0['n']:.0f}x the documents): "
                  f"local x{a1['local_peak'] / a0['local_peak']:.2f}, cluster x{a1['cluster_peak'] / a0['cluster_peak']:.2f}")
        if a.push:
            push_bench(results[-1]["out"], tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
