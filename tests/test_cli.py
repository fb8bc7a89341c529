"""End-to-end CLI runs: build, query formats, bad input, atomic output."""
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SEED

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def run(*args, cwd=None):
    return subprocess.run([*ORGKG, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_build_and_query_json_columns(tmp_path):
    out = tmp_path / "out"
    r = run("build", SEED, "--out", out, "--format", "nquads")
    assert r.returncode == 0, r.stderr
    assert (out / "dataset.trig").exists() and (out / "dataset.nq").exists() and (out / "report.json").exists()
    report = json.loads((out / "report.json").read_text())
    assert report["documents"] == 1 and report["facts"]["metrics"] == 11
    cols = {"organisations": ["iri", "name", "aliases", "type", "part_of"],
            "metrics": ["document", "subject", "indicator", "value", "unit", "qualifier", "period", "vs_plan_percent", "growth_percent", "text", "fact"],
            "awards": ["document", "award_type", "title", "recipient", "recipient_count", "conferred_by", "on_behalf_of", "period",
                       "conferral_date", "ceremony", "reason", "text", "fact"],
            "campaigns": ["document", "name", "organiser", "period", "text", "fact"]}
    for name, keys in cols.items():
        r = run("query", out, name, "--format", "json")
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data and all(list(row) == keys for row in data)
    r = run("query", out, "metrics", "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("document,subject,indicator")
    r = run("query", out, "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert r.returncode == 0 and "(1 rows)" in r.stdout


def test_unknown_query_lists_available(tmp_path):
    out = tmp_path / "out"
    assert run("build", SEED, "--out", out, "-q").returncode == 0
    r = run("query", out, "nope")
    assert r.returncode == 2 and "available:" in r.stderr and "metrics" in r.stderr
    r = run("query", out, "--sparql", "SELECT WHERE {")
    assert r.returncode == 2 and "syntax" in r.stderr.lower()


def test_bad_inputs_leave_previous_output_intact(tmp_path):
    out = tmp_path / "out"
    assert run("build", SEED, "--out", out, "-q").returncode == 0
    before = (out / "dataset.trig").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Doanh thu đạt 5 tỷ đồng".encode("cp1258", errors="replace") + b"\xff\xfe\x80")
    for bad, word in ((tmp_path / "missing.txt", "no such file"), (empty, "empty"), (binary, "binary"), (latin, "not UTF-8")):
        r = run("build", bad, "--out", out)
        assert r.returncode != 0 and str(bad.name) in r.stderr and word in r.stderr, r.stderr
        assert (out / "dataset.trig").read_bytes() == before
    # among good files, a bad one is skipped and reported; --strict refuses
    r = run("build", SEED, binary, "--out", out, "--strict")
    assert r.returncode == 2 and (out / "dataset.trig").read_bytes() == before
    r = run("build", SEED, binary, "--out", out)
    assert r.returncode == 1 and "1 file(s) skipped" in r.stderr
    assert json.loads((out / "report.json").read_text())["documents"] == 1


def test_same_document_under_two_names(tmp_path):
    d = tmp_path / "src"
    d.mkdir()
    (d / "a.txt").write_bytes(SEED.read_bytes())
    (d / "b.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    r = run("build", d, "--out", out)
    assert r.returncode == 0 and "same content" in r.stderr
    rows = json.loads(run("query", out, "awards", "--format", "json").stdout)
    assert sorted({x["document"] for x in rows}) == [str(d / "a.txt"), str(d / "b.txt")]
    assert len(rows) == 2 * 4  # three awards and the recognition of initiatives, once per source


def test_default_build_reads_bundled_seeds(tmp_path):
    r = run("build", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    rows = json.loads(run("query", tmp_path / "out", "metrics", "--format", "json").stdout)
    assert {x["document"] for x in rows} == {"seeds/000_a4937fe3feabf478.txt"}


def test_help_has_examples():
    for cmd in ("build", "query", "eval"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "Example" in r.stdout


def test_every_command_help_has_an_example():
    from click.testing import CliRunner

    from orgkg.cli import main

    runner = CliRunner()
    for name in [None, *main.commands]:
        args = [name, "--help"] if name else ["--help"]
        r = runner.invoke(main, args)
        assert r.exit_code == 0, (name, r.output)
        assert "Example: orgkg" in r.output, f"orgkg {name or ''} --help has no example"


def test_the_table_never_cuts_in_silence(seed_graph):
    cut = subprocess.run([*ORGKG, "query", str(seed_graph), "awards"], capture_output=True, text=True)
    assert cut.returncode == 0 and "cut at 60 characters: --wide" in cut.stdout
    wide = subprocess.run([*ORGKG, "query", str(seed_graph), "awards", "--wide"], capture_output=True, text=True)
    assert "cut at" not in wide.stdout
    longest = max(len(line) for line in wide.stdout.splitlines())
    assert longest > max(len(line) for line in cut.stdout.splitlines())
