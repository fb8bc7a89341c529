"""Graph view at scale: time until a page of N nodes is interactive in headless chromium.

    .venv/bin/python bench/viz_bench.py [--nodes 5000] [--runs 3]

The graph is the real build of the seed and the dev corpus, replicated with
renamed IRIs (as in query_bench.py) until the view has at least --nodes nodes.
"Interactive" is: the page script has run, the layout has settled (physics
off) and a click on the canvas is handled. It then times the double-click that
unfolds one organisation's facts. Last, it times the profile page of the
organisation with the most facts, and writing every static profile page. Prints the file size, the time to
build the HTML, and the median time to interactive.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from browser import browser  # noqa: E402
from query_bench import corpus_quads, replicate  # noqa: E402
from orgkg.viz.graph import OVERVIEW_LIMIT, build_graph, to_html  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        docs, onto = corpus_quads(tmp)
        store = ox.Store()
        store.bulk_load(onto, format=ox.RdfFormat.N_QUADS)
        one = build_graph(_load(docs, 1, onto)).number_of_nodes()
        copies = max(1, -(-args.nodes // one))
        for chunk, _ in replicate(docs, copies):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
        t = time.perf_counter()
        g = build_graph(store)
        html = to_html(g)
        build_s = time.perf_counter() - t
        page_file = tmp / "graph.html"
        page_file.write_text(html, encoding="utf-8")
        print(f"view: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; HTML {len(html) / 1e6:.1f} MB "
              f"built in {build_s:.2f} s; overview mode: {g.number_of_nodes() > OVERVIEW_LIMIT}")
        times, unfold = [], []
        with browser() as ctx:
            for _ in range(args.runs):
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_function("window.orgkgView && window.orgkgView.isSettled()", timeout=120000, polling=20)
                box = page.locator("#network").bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.evaluate("1")
                times.append(time.perf_counter() - t)
                shown = page.evaluate("window.orgkgView.visibleCount()")
                # unfold the organisation with the most facts (first on the grid) by a double-click
                pos = page.evaluate("""() => { const v = window.orgkgView; const id = v.nodeView.getIds()[0];
                    return v.network.canvasToDOM(v.network.getPositions([id])[id]); }""")
                t = time.perf_counter()
                page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
                page.wait_for_function(f"window.orgkgView.visibleCount().nodes > {shown['nodes']}", timeout=60000, polling=10)
                unfold.append(time.perf_counter() - t)
                page.close()
        print(f"time to interactive: median {statistics.median(times):.2f} s over {args.runs} runs "
              f"({', '.join(f'{x:.2f}' for x in times)}); shown at first: {shown['nodes']} nodes, {shown['edges']} edges "
              f"(target < 3 s); unfolding one organisation: median {statistics.median(unfold) * 1000:.0f} ms")
        _profiles(store, g, tmp, args.runs)
    return 0


def _profiles(store, g, tmp: Path, runs: int) -> None:
    """The profile page of the organisation with the most facts, and every static profile of the graph."""
    from orgkg.viz.pages import Pages, store_runner, write_profiles

    top = max((n for n, d in g.nodes(data=True) if d["kind"] == "organisation"), key=g.degree)
    pages = Pages(store_runner(store))
    pages.render(top)  # the vocabulary's names are read once per server
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        html = pages.render(top)
        times.append(time.perf_counter() - t)
    print(f"profile page of the organisation with most facts ({g.degree(top)} edges): median "
          f"{statistics.median(times) * 1000:.0f} ms, {len(html) / 1e3:.0f} kB")
    t = time.perf_counter()
    n = write_profiles(store, tmp / "profiles")
    print(f"static profiles (--profiles): {n:,} pages in {time.perf_counter() - t:.1f} s")


def _load(docs: bytes, copies: int, onto: bytes) -> ox.Store:
    s = ox.Store()
    s.bulk_load(onto, format=ox.RdfFormat.N_QUADS)
    for chunk, _ in replicate(docs, copies):
        s.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
    return s


if __name__ == "__main__":
    sys.exit(main())
