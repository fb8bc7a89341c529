"""Messy source folders and output folders: each bad entry is skipped alone, no user file is ever replaced."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from orgkg.api import build
from orgkg.builder.read import decode, ReadError
MARKER = ".orgkg-output"  # the output folder marker (builder/write.py)

from conftest import CORPUS, SEED, rows

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def cli(*args, cwd=None):
    return subprocess.run([*ORGKG, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(CORPUS / "dev" / "c01-buudien-langson-2020.txt", folder / "langson.txt")
    return folder


# ------------------------------------------------------------------ --out safety

def test_an_articles_folder_with_a_report_json_is_never_replaced(tmp_path):
    news = articles(tmp_path / "news")
    (news / "report.json").write_text('{"crawled": 2}')
    r = cli("build", news, "--out", news)
    assert r.returncode == 2 and "not replacing it" in r.stderr, r.stderr
    assert sorted(p.name for p in news.iterdir()) == ["langson.txt", "report.json", "seed.txt"]


def test_an_output_folder_with_a_foreign_file_is_not_replaced(tmp_path):
    out = tmp_path / "out"
    build([str(articles(tmp_path / "src"))], out, jobs=1)
    marker = json.loads((out / MARKER).read_text())
    assert marker["orgkg_output"] == 1 and len(marker["dataset"]) == 32
    (out / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="notes.txt"):
        build([str(tmp_path / "src")], out, jobs=1)
    assert (out / "notes.txt").read_text() == "mine"
    (out / "notes.txt").unlink()
    build([str(tmp_path / "src")], out, jobs=1)  # only what orgkg writes: replaced, the identity kept
    assert json.loads((out / MARKER).read_text())["dataset"] == marker["dataset"]


@pytest.mark.parametrize("where", ["same filesystem", "other filesystem"])
def test_a_symlinked_out_is_followed_and_the_link_stays(tmp_path, where):
    src = articles(tmp_path / "src")
    base = Path(tempfile.mkdtemp(dir="/dev/shm")) if where == "other filesystem" else tmp_path
    try:
        real = base / "real-out"
        link = tmp_path / "out"
        link.symlink_to(real)
        for _ in range(2):  # first build creates the folder behind the link, the second replaces it
            build([str(src)], link, jobs=1)
            assert link.is_symlink() and os.readlink(link) == str(real)
            assert (real / "dataset.trig").is_file() and len(rows(link, "awards")) > 0
        left = [p.name for d in (tmp_path, base) for p in d.iterdir() if ".tmp" in p.name or ".old" in p.name]
        assert left == []
    finally:
        if where == "other filesystem":
            shutil.rmtree(base)


def test_an_output_folder_inside_a_source_is_not_read(tmp_path):
    src = articles(tmp_path / "src")
    for _ in range(2):  # `orgkg build .` twice in the articles folder
        r = cli("build", ".", "--out", "out", cwd=src)
        assert r.returncode == 0, r.stderr
    assert "out: an orgkg output folder, not read as articles" in r.stderr
    report = json.loads((src / "out" / "report.json").read_text())
    assert report["documents"] == 2 and any("orgkg output" in i for i in report["ignored"])
    again = cli("build", src / "out", "--out", src / "out")  # the output as the only source: refused, output kept
    assert again.returncode == 2 and "no readable article" in again.stderr and "orgkg output" in again.stderr
    assert json.loads((src / "out" / "report.json").read_text())["documents"] == 2


# ------------------------------------------------------------------ bad entries

def test_each_bad_entry_is_skipped_alone_with_a_reason(tmp_path):
    src = articles(tmp_path / "src")
    sub = articles(src / "sub")
    (sub / "loop.txt").symlink_to("loop.txt")                  # ln -s loop loop
    (sub / "a").symlink_to("b")
    (sub / "b").symlink_to("a")                                # a -> b -> a
    (sub / "long.txt").symlink_to("y" * 300)                   # a target name too long to resolve
    os.mkfifo(sub / "pipe.txt")                                # would block a plain open()
    (sub / "dangling").symlink_to(tmp_path / "nowhere")
    (src / ".draft.txt").write_text("hidden")
    (src / os.fsdecode(b"bad-\xff-name.txt")).write_bytes(SEED.read_bytes())
    (src / "bom-bad.txt").write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes()[:200] + b"\xff")
    (src / "utf16-cut.txt").write_bytes(SEED.read_text(encoding="utf-8")[:100].encode("utf-16")[:-1])
    (src / "utf32.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-32"))
    r = cli("build", src, "--out", tmp_path / "out", "-j", "1")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    skipped = [line for line in r.stderr.splitlines() if line.startswith("orgkg: skipped:")]
    def reason(name):
        found = [line for line in skipped if name in line]
        assert len(found) == 1, (name, r.stderr)
        return found[0]
    assert "symlink loop" in reason("loop.txt")
    assert "symlink loop" in reason("sub/a:") and "symlink loop" in reason("sub/b:")
    assert "cannot read" in reason("long.txt")
    assert "FIFO" in reason("pipe.txt")
    assert "broken link" in reason("dangling")
    assert "not valid UTF-8" in reason("bad-\\xff-name.txt")
    assert "UTF-8 byte order mark" in reason("bom-bad.txt")
    assert "UTF-16 byte order mark" in reason("utf16-cut.txt")
    assert "orgkg: ignored: " in r.stderr and ".draft.txt: hidden" in r.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"] == 2  # seed and langson, in both folders
    assert any(".draft.txt" in i for i in report["ignored"])
    # the UTF-32 file is read as text, not as NUL-filled UTF-16: the same document as the seed
    assert any("utf32.txt: same content as" in w for w in report["warnings"]), report["warnings"]


def test_utf32_is_decoded():
    text = SEED.read_text(encoding="utf-8")
    assert decode(text.encode("utf-32"), "x") == text
    assert decode(text.encode("utf-32-be").join([b"\x00\x00\xfe\xff", b""]), "x") == text
    with pytest.raises(ReadError, match="UTF-32"):
        decode(text.encode("utf-32")[:-2], "x")


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    r = subprocess.run([*ORGKG, "build", str(tmp_path / "pipe.txt"), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "FIFO" in r.stderr, r.stderr


def test_file_names_are_shown_escaped_so_they_cannot_forge_report_lines(tmp_path):
    src = articles(tmp_path / "src")
    (src / "evil\norgkg: 0 file(s) skipped\n.txt").write_bytes(b"\x00\x01binary")
    r = cli("build", src, "--out", tmp_path / "out")
    assert r.returncode == 1
    assert "orgkg: 0 file(s) skipped" not in r.stderr.splitlines()
    assert any("evil\\norgkg: 0 file(s) skipped\\n.txt: binary file" in line for line in r.stderr.splitlines()), r.stderr


# ------------------------------------------------------------------ time limit per document

@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_whose_extraction_is_too_slow_is_skipped_and_named(tmp_path, jobs):
    src = tmp_path / "src"
    src.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (src / "huge.txt").write_text("\n\n".join([text] * 1000), encoding="utf-8")  # 15 s or more of extraction
    for i in range(8):  # enough files for the worker pool
        (src / f"small{i}.txt").write_text(f"Tin {i}\n\n" + text, encoding="utf-8")
    rep = build([str(src)], tmp_path / "out", jobs=jobs, max_seconds=2)
    assert [s for s in rep.skipped if "huge.txt" in s] == [
        f"{src}/huge.txt: extraction took longer than 2 s (--max-doc-seconds); split the file or raise the limit"]
    assert rep.documents == 8
