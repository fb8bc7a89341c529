"""The benchmark's article generator: deterministic, and its gold facts are what orgkg extracts."""
import hashlib
import json
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def test_generator_is_deterministic(tmp_path):
    a = generate(40, tmp_path / "a", seed=3)
    b = generate(40, tmp_path / "b", seed=3)
    c = generate(40, tmp_path / "c", seed=4)
    digest = lambda ps: hashlib.sha256(b"".join(p.read_bytes() for p in ps)).hexdigest()  # noqa: E731
    assert digest(a) == digest(b) != digest(c)
    assert len({p.read_text(encoding="utf-8").splitlines()[0] for p in a}) == 40


def test_generated_articles_are_extracted_in_full(tmp_path):
    src = tmp_path / "src"
    generate(60, src, seed=11, gold=True)
    orgkg = [sys.executable, "-m", "orgkg.cli"]
    subprocess.run([*orgkg, "build", str(src), "--out", str(tmp_path / "out")], check=True, capture_output=True)
    r = subprocess.run([*orgkg, "eval", str(src), "--graph", str(tmp_path / "out"), "--json"],
                       check=True, capture_output=True, text=True)
    scores = json.loads(r.stdout)
    for kind in ("metrics", "awards", "campaigns"):
        s = scores[kind]
        assert (s["tp"], s["fp"], s["fn"]) == ({"metrics": 180, "awards": 60, "campaigns": 120}[kind], 0, 0), (kind, s)
