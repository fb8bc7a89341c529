"""Incremental and parallel builds: only what changed is extracted, and the output does not depend on --jobs."""
import json
import subprocess
import sys

import pyoxigraph as ox

from conftest import ROOT, rows

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def run_build(src, out, *extra):
    r = subprocess.run([*ORGKG, "build", str(src), "--out", str(out), *extra], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8")), r.stdout


def quads(out):
    return set(ox.Store.read_only(str(out / "store")))


def test_parallel_build_is_identical_to_a_single_process_build(tmp_path):
    generate(40, tmp_path / "src", seed=5)
    one, _ = run_build(tmp_path / "src", tmp_path / "one", "--jobs", "1")
    two, _ = run_build(tmp_path / "src", tmp_path / "two", "--jobs", "2")
    assert (one["jobs"], two["jobs"]) == (1, 2)
    assert one["facts"] == two["facts"] and one["documents"] == two["documents"] == 40
    assert (tmp_path / "one" / "dataset.trig").read_bytes() == (tmp_path / "two" / "dataset.trig").read_bytes()
    assert quads(tmp_path / "one") == quads(tmp_path / "two")


def test_rebuild_extracts_only_what_changed_and_drops_removed_documents(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    paths = generate(30, src, seed=9)
    first, _ = run_build(src, out)
    assert (first["extracted"], first["reused"], first["removed"]) == (30, 0, 0)

    again, stdout = run_build(src, out)
    assert (again["extracted"], again["reused"], again["removed"]) == (0, 30, 0)
    assert "0 file(s) extracted" in stdout and "30 unchanged" in stdout

    # one article changes its revenue, one is deleted
    text = paths[3].read_text(encoding="utf-8")
    paths[3].write_text(text.replace("tổng doanh thu", "tổng doanh thu 4.321 tỷ đồng, trong đó doanh thu", 1), encoding="utf-8")
    paths[7].unlink()
    inc, _ = run_build(src, out)
    assert (inc["extracted"], inc["reused"], inc["removed"]) == (1, 28, 2)  # the changed one's old graph and the deleted one

    # the incremental output equals a build from scratch of the same sources
    full, _ = run_build(src, tmp_path / "full", "--full")
    assert full["extracted"] == 29
    assert quads(out) == quads(tmp_path / "full")
    assert (out / "dataset.trig").read_bytes() == (tmp_path / "full" / "dataset.trig").read_bytes()
    documents = {r["document"] for r in rows(out, "facts-by-document")}
    assert any(paths[3].name in d for d in documents) and not any(paths[7].name in d for d in documents)
    assert 4321e9 in {float(m["value"]) for m in rows(out, "metrics")}
    assert len(list((out / "cache").glob("*.trig"))) == 29


def test_an_edited_rule_file_invalidates_the_cache(tmp_path):
    """A researcher adds a word to a rule file: the next build extracts every file again."""
    generate(5, tmp_path / "src", seed=2)
    out = tmp_path / "out"
    assert run_build(tmp_path / "src", out, "--jobs", "1")[0]["extracted"] == 5
    assert run_build(tmp_path / "src", out, "--jobs", "1")[0]["reused"] == 5
    rules = ROOT / "builder" / "rules" / "grammar.toml"
    original = rules.read_bytes()
    try:
        rules.write_bytes(original + "\n# a researcher's note: a sector's words go here\n".encode())
        report, _ = run_build(tmp_path / "src", out, "--jobs", "1")
    finally:
        rules.write_bytes(original)
    assert (report["extracted"], report["reused"]) == (5, 0)
    assert run_build(tmp_path / "src", out, "--jobs", "1")[0]["extracted"] == 5  # back to the bundled rules


def test_conflicts_are_kept_up_to_date_incrementally(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    head = "Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022\n\nNăm 2022, Bưu điện tỉnh Thử Nghiệm đạt tổng doanh thu {} tỷ đồng.\n"
    (src / "a.txt").write_text(head.format("120"), encoding="utf-8")
    (src / "b.txt").write_text(head.format("120") + "\nBài đăng lại.\n", encoding="utf-8")
    run_build(src, out)
    assert rows(out, "conflicts") == []
    (src / "b.txt").write_text(head.format("125") + "\nBài đăng lại.\n", encoding="utf-8")
    inc, _ = run_build(src, out)
    assert inc["extracted"] == 1
    values = sorted({float(r[k]) for r in rows(out, "conflicts") for k in r if k.startswith("value")})
    assert values == [120e9, 125e9]
    (src / "b.txt").unlink()
    run_build(src, out)
    assert rows(out, "conflicts") == []


def test_unchanged_files_are_not_read_again_and_touched_ones_are_hashed(tmp_path, monkeypatch):
    import os

    from orgkg.builder import build as build_mod
    from orgkg.api import build
    src, out = tmp_path / "src", tmp_path / "out"
    generate(4, src, seed=7)
    build([str(src)], out, jobs=1)
    reads = []
    real = build_mod.read_bytes
    monkeypatch.setattr(build_mod, "read_bytes", lambda path, *a: reads.append(os.path.basename(path)) or real(path, *a))
    r = build([str(src)], out, jobs=1)
    assert (r.extracted, r.reused, reads) == (0, 4, [])          # size and mtime as recorded: not even read
    first = sorted(src.glob("*.txt"))[0]
    st = first.stat()
    os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, same bytes
    r = build([str(src)], out, jobs=1)
    assert (r.extracted, r.reused, reads) == (0, 4, [first.name])   # read and hashed, found unchanged
    first.write_text(first.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    reads.clear()
    r = build([str(src)], out, jobs=1)
    assert (r.extracted, r.reused) == (1, 3) and reads.count(first.name) == 2   # hashed, then read by the extractor


def test_incremental_conflict_flags_equal_a_full_builds(tmp_path):
    """Changing, adding and removing documents that conflict: after each step the incremental store
    (flags updated only where something changed) holds exactly the quads of a build from scratch."""
    src, out = tmp_path / "src", tmp_path / "out"
    generate(20, src, seed=3)
    head = "Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022\n\nNăm 2022, Bưu điện tỉnh Thử Nghiệm đạt tổng doanh thu {} tỷ đồng{}.\n"
    for name, value in (("a", "120"), ("b", "125"), ("c", "120"), ("d", "130")):
        (src / f"{name}.txt").write_text(head.format(value, f", bài {name}"), encoding="utf-8")
    run_build(src, out)
    steps = [lambda: (src / "b.txt").write_text(head.format("120", ", bài b"), encoding="utf-8"),   # b agrees now
             lambda: (src / "e.txt").write_text(head.format("140", ", bài e"), encoding="utf-8"),   # a new value
             lambda: (src / "d.txt").unlink(),
             lambda: (src / "a.txt").write_text(head.format("150", ", bài a"), encoding="utf-8")]
    flags = []
    for k, step in enumerate(steps):
        step()
        inc, _ = run_build(src, out)
        assert inc["extracted"] <= 1
        run_build(src, tmp_path / f"full{k}", "--full")
        assert quads(out) == quads(tmp_path / f"full{k}")
        flags.append(len(rows(out, "conflicts")))
    assert flags[0] > 0 and len(set(flags)) > 1   # there were conflicts, and they changed


def test_an_entity_only_a_removed_document_named_leaves_the_entities_graph(tmp_path):
    """The entities graph is made again when a document goes: what only it said goes with it, the rest stays."""
    import shutil

    from conftest import FIXTURES

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name in ("c01-buudien-langson-2020.txt", "c02-buudien-langson-2021.txt", "c04-agribank-sonla-2021.txt"):
        shutil.copy(FIXTURES / "corpus" / "dev" / name, src / name)
    run_build(src, out)
    entities = ox.NamedNode("https://w3id.org/orgkg/id/graph/entities")
    mentions = ox.NamedNode("https://schema.org/mentions")

    def named_by(path_end):
        store = ox.Store.read_only(str(out / "store"))
        doc = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/orgkg/ont#sourcePath"), None)
                   if q.object.value.endswith(path_end))
        return {q.object for q in store.quads_for_pattern(doc, mentions, None)}

    kept, gone = named_by("c01-buudien-langson-2020.txt"), named_by("c04-agribank-sonla-2021.txt")
    only_gone = gone - kept - named_by("c02-buudien-langson-2021.txt")
    assert only_gone and kept
    (src / "c04-agribank-sonla-2021.txt").unlink()
    report, _ = run_build(src, out)
    assert report["removed"] == 1
    described = {q.subject for q in ox.Store.read_only(str(out / "store")).quads_for_pattern(None, None, None, entities)}
    assert not only_gone & described and kept <= described
    run_build(src, tmp_path / "full", "--full")
    assert quads(out) == quads(tmp_path / "full")
