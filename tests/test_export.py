"""Exports: CSV per kind of fact with IRIs (UTF-8, optional BOM), and the build as an RO-Crate 1.1."""
import csv
import json
import re
import subprocess
import sys
from datetime import datetime

from conftest import rows

ORGKG = [sys.executable, "-m", "orgkg.cli"]


def run(*args, cwd=None):
    return subprocess.run([*ORGKG, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_csv_export_has_every_fact_with_its_iri(corpus_graph, tmp_path):
    r = run("export", corpus_graph, "--csv", tmp_path / "csv")
    assert r.returncode == 0, r.stderr
    files = {p.stem: p for p in (tmp_path / "csv").glob("*.csv")}
    assert set(files) == {"metrics", "targets", "awards", "campaigns", "organisations", "evidence"}
    for kind in ("metrics", "awards", "campaigns"):
        data = list(csv.DictReader(open(files[kind], encoding="utf-8", newline="")))
        assert len(data) == len(rows(corpus_graph, kind))
        assert all(d["fact"].startswith("https://w3id.org/orgkg/id/") for d in data)
    evidence = list(csv.DictReader(open(files["evidence"], encoding="utf-8", newline="")))
    assert all(d["fact"] and d["sentence"] and int(d["begin"]) < int(d["end"]) for d in evidence)
    assert files["awards"].read_bytes()[:3] != b"\xef\xbb\xbf"


def test_csv_with_a_bom_for_spreadsheets(corpus_graph, tmp_path):
    assert run("export", corpus_graph, "--csv", tmp_path / "csv", "--bom").returncode == 0
    raw = (tmp_path / "csv" / "awards.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument,") and "Bằng khen".encode() in raw


def test_export_needs_a_target_and_a_built_folder(tmp_path):
    r = run("export", tmp_path)
    assert r.returncode == 2 and "--csv" in r.stderr
    r = run("export", tmp_path, "--csv", tmp_path / "x")
    assert r.returncode == 2 and "not an orgkg output folder" in r.stderr


def _entities(meta):
    return {e["@id"]: e for e in meta["@graph"]}


def test_ro_crate_has_the_1_1_required_fields(seed_graph, tmp_path):
    """RO-Crate 1.1, section 'Root Data Entity' and 'Data Entities': checked field by field."""
    from conftest import ROOT

    r = run("export", seed_graph, "--ro-crate", tmp_path / "crate", "--sources-root", ROOT)
    assert r.returncode == 0, r.stderr
    meta = json.loads((tmp_path / "crate" / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    assert meta["@context"] == "https://w3id.org/ro/crate/1.1/context"
    ents = _entities(meta)
    descriptor = ents["ro-crate-metadata.json"]
    assert descriptor["@type"] == "CreativeWork"
    assert descriptor["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.1"} and descriptor["about"] == {"@id": "./"}
    root = ents["./"]
    assert root["@type"] == "Dataset"
    assert root["name"] and root["description"] and root["license"]
    datetime.fromisoformat(root["datePublished"])  # ISO 8601
    parts = [p["@id"] for p in root["hasPart"]]
    for part in parts:  # every data entity is in the crate, with a type
        assert (tmp_path / "crate" / part).exists(), part
        assert ents[part]["@type"] in ("File", "Dataset")
    assert {"dataset.trig", "report.json", "ontology/orgkg.ttl"} <= set(parts)
    assert any(re.fullmatch(r"sources/seeds/000_a4937fe3feabf478\.txt", p) for p in parts)
    for e in meta["@graph"]:
        assert "@id" in e and "@type" in e
    action = next(e for e in meta["@graph"] if e["@type"] == "CreateAction")
    software = ents[action["instrument"]["@id"]]
    assert software["@type"] == "SoftwareApplication" and software["version"]
    assert {"@id": "dataset.trig"} in action["result"]


def test_ro_crate_names_the_sources_it_cannot_find(seed_graph, tmp_path):
    r = run("export", seed_graph, "--ro-crate", tmp_path / "crate", "--sources-root", tmp_path)
    assert r.returncode == 0 and "source not found" in r.stderr
    meta = json.loads((tmp_path / "crate" / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    described = [e for e in meta["@graph"] if e["@id"].startswith("#source-")]
    assert len(described) == 1 and described[0]["identifier"].startswith("https://w3id.org/orgkg/id/doc/")
    assert run("export", seed_graph, "--ro-crate", tmp_path / "crate").returncode == 2  # never over an existing folder
