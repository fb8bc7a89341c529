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
