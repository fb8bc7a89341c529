"""Regenerate the golden files (review the diff!):

- tests/fixtures/seed.golden.nq: the seed's named graph, sorted N-Quads;
- tests/fixtures/golden/NAME.csv: every canned query's rows on the seed + dev build.

    .venv/bin/python tests/make_golden.py
"""
import tempfile
from pathlib import Path

import pyoxigraph as ox

from conftest import FIXTURES, corpus_sources, query_csv
from orgkg.api import build
from orgkg.queries.canned import canned

with tempfile.TemporaryDirectory() as d:
    out = Path(d) / "out"
    build(None, out)
    store = ox.Store.read_only(str(out / "store"))
    g = next(g for g in store.named_graphs() if "/id/doc/" in g.value)
    lines = sorted(ox.serialize(store.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.N_QUADS).decode().splitlines())
    (FIXTURES / "seed.golden.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    del store

    corpus = Path(d) / "corpus"
    corpus.mkdir()
    build(corpus_sources(corpus), corpus / "out")
    golden = FIXTURES / "golden"
    golden.mkdir(exist_ok=True)
    for name in canned():
        (golden / f"{name}.csv").write_text(query_csv(corpus / "out", name), encoding="utf-8")
