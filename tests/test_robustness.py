"""Interrupted and concurrent builds: the previous output stays intact and usable."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orgkg.api import build
from orgkg.builder.build import BuildError, output_lock

from orgkg.queries.store import open_store, select

from conftest import CORPUS, ROOT, rows

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def many_articles(folder: Path, n: int) -> Path:
    """n distinct genre articles (the dev corpus, each copy with its own numbered headline)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "dev").glob("*.txt"))]
    for i in range(n):
        (folder / f"a{i:04d}.txt").write_text(f"Bản tin số {i}\n\n" + texts[i % len(texts)], encoding="utf-8")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_build_leaves_the_previous_output_intact(tmp_path, sig):
    out = tmp_path / "out"
    build(None, out)  # yesterday's graph: the seed
    before = rows(out, "awards")
    src = many_articles(tmp_path / "src", 400)
    proc = subprocess.Popen([*ORGKG, "build", str(src), "--out", str(out), "-q"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Wait for the build to be under way (its first result staged), not for a guessed time.
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.tmp-*/cache/*.nq")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(tmp_path.glob(".out.tmp-*/cache/*.nq")), "no result was staged"
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert rows(out, "awards") == before  # the old folder answers queries as before
    assert (out / "graph.html").is_file() and (out / "dataset.trig").is_file()
    # a new build afterwards succeeds and clears what the killed one left behind
    build([str(CORPUS / "dev")], out)
    assert not list(tmp_path.glob(".out.tmp-*"))
    assert len(rows(out, "awards")) > len(before)


def test_a_second_build_into_the_same_folder_refuses_clearly(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        r = subprocess.run([*ORGKG, "build", "--out", str(out), "-q"], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 2 and "another build" in r.stderr and str(os.getpid()) in r.stderr
        with pytest.raises(BuildError, match="another build"):
            build(None, out)
    build(None, out)  # free again once the first is done
    assert rows(out, "metrics")


def test_a_folder_that_is_not_an_output_is_refused_before_any_work(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    r = subprocess.run([*ORGKG, "build", "--out", str(out), "-q"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "not an orgkg output folder" in r.stderr
    assert (out / "notes.txt").read_text() == "precious" and not list(tmp_path.glob(".mine.tmp-*"))


SENTENCE = "Bưu điện tỉnh Lạng Sơn đạt doanh thu 189 tỷ đồng, tăng 35% so với năm 2018, được tặng Cờ thi đua."
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tones as combining marks."""
    import unicodedata
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def test_legacy_encodings_are_converted_or_named(tmp_path):
    from orgkg.builder.read import ReadError, read
    (tmp_path / "w.txt").write_bytes(cp1258_bytes(SENTENCE))
    assert read(tmp_path / "w.txt").text == SENTENCE
    vni = "Böu ñieän tænh Laïng Sôn ñaït doanh thu 189 tyû ñoàng, taêng 35% so vôùi naêm 2018.".encode("cp1252")
    tcvn = "B\xadu ®iÖn tØnh L¹ng S¬n ®¹t doanh thu 189 tû ®ång, t¨ng 35% so víi n¨m 2018.".encode("cp1252")
    (tmp_path / "v.txt").write_bytes(vni)
    (tmp_path / "t.txt").write_bytes(tcvn)
    with pytest.raises(ReadError, match="VNI"):
        read(tmp_path / "v.txt")
    with pytest.raises(ReadError, match="TCVN3"):
        read(tmp_path / "t.txt")
    (tmp_path / "u16.txt").write_bytes(SENTENCE.encode("utf-16"))
    assert read(tmp_path / "u16.txt").text == SENTENCE


def test_build_skips_undecodable_and_binary_files_and_says_so(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_bytes(cp1258_bytes(SENTENCE))
    (src / "vni.txt").write_bytes("Böu ñieän tænh ñaït 189 tyû ñoàng.".encode("cp1252"))
    (src / "empty.txt").write_bytes(b"")
    (src / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (src / "loop").symlink_to(src)
    r = subprocess.run([*ORGKG, "build", str(src), "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1
    for name, why in (("vni.txt", "VNI"), ("empty.txt", "empty"), ("bin.txt", "binary"), ("loop", "symlink loop")):
        assert any(name in line and why in line for line in r.stderr.splitlines()), (name, r.stderr)
    assert "4 file(s) skipped" in r.stderr
    facts = rows(tmp_path / "out", "metrics")
    assert [(m["indicator"], m["value"]) for m in facts] == [("Revenue", 189000000000)]


def test_huge_unreadable_nested_and_malformed_inputs(tmp_path):
    """A 100 MB file is skipped before it is read; a dangling link and an unreadable file are named; nested
    and malformed HTML is either read or skipped with a reason, and the build goes on."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    with open(src / "huge.txt", "wb") as f:  # 100 MB of article-like text
        line = (SENTENCE + "\n").encode("utf-8")
        for _ in range(100 * 2**20 // len(line) + 1):
            f.write(line)
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    locked = src / "locked.txt"
    locked.write_text(SENTENCE, encoding="utf-8")
    locked.chmod(0)
    deep = "<html><body>" + "<div>" * 5000 + f"<p>{SENTENCE}</p>" + "</div>" * 5000 + "</body></html>"
    (src / "deep.html").write_text(deep, encoding="utf-8")
    (src / "broken.html").write_text(f"<html><body><article><p>{SENTENCE}<p><b>unclosed <i>tags</article><div",
                                     encoding="utf-8")
    # The build runs under a small parent that reports the peak memory of its own children only (the build
    # and its workers): this process's RUSAGE_CHILDREN would count every child the test session ever had.
    wrap = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", wrap, *ORGKG, "build", str(src), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True, cwd=tmp_path)
    *lines, peak_kb = r.stderr.splitlines()
    peak_mb = int(peak_kb) / 1024
    assert r.returncode == 1, r.stderr
    assert any("huge.txt" in x and "over the limit" in x for x in lines), r.stderr
    assert any("dangling.txt" in x and "cannot read" in x for x in lines), r.stderr
    if os.geteuid() != 0:  # root reads any file
        assert any("locked.txt" in x and "cannot read" in x for x in lines), r.stderr
    assert peak_mb < 100 + 300, peak_mb  # the 100 MB file was never loaded
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    skipped = " ".join(report["skipped"])
    for name in ("deep.html", "broken.html"):
        # read, or skipped with a reason that names the file
        assert name in skipped or any(name in p for p in sources(tmp_path / "out")), (name, skipped)
    assert any("good.txt" in p for p in sources(tmp_path / "out"))


def sources(out: Path) -> list[str]:
    store = open_store(out)
    cols, rs = select(store, "PREFIX okg: <https://w3id.org/orgkg/ont#> SELECT ?p WHERE { ?d okg:sourcePath ?p }")
    return [r[0] for r in rs]
