"""Interrupted and concurrent builds: the previous output stays intact and usable."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orgkg.builder.build import BuildError, build, output_lock

from conftest import CORPUS, ROOT, rows

ORGKG = [sys.executable, "-m", "orgkg.builder.cli"]


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
    time.sleep(2.5)  # well into extraction, before the swap
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
