"""Regenerate tests/fixtures/seed.golden.nq from a fresh build of the bundled seed (review the diff!)."""
import tempfile
from pathlib import Path

import pyoxigraph as ox

from orgkg.api import build

with tempfile.TemporaryDirectory() as d:
    out = Path(d) / "out"
    build(None, out)
    store = ox.Store.read_only(str(out / "store"))
    g = next(g for g in store.named_graphs() if "/id/doc/" in g.value)
    lines = sorted(ox.serialize(store.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.N_QUADS).decode().splitlines())
    (Path(__file__).parent / "fixtures" / "seed.golden.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    del store
