"""Exports of a built graph for the tools researchers already use.

- ``export_csv``: one CSV per kind of fact (metrics, targets, awards, campaigns,
  organisations) and one of evidence (each fact's document, sentence and
  offsets), every row with its IRI; UTF-8, with a byte-order mark on request
  for spreadsheet programs that guess the encoding otherwise.
- ``export_ro_crate``: the build as an RO-Crate 1.1 (through the ``rocrate``
  library): the graph, the ontology, the build's report, the source files that
  can still be found, and a ``CreateAction`` that names orgkg's version, its
  rules' fingerprint and the libraries it ran with, so that a study can cite
  exactly what it used.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import datetime, timezone
from importlib import metadata, resources
from pathlib import Path

from .canned import canned, prepare
from .store import StoreError, open_store, select

CSV_KINDS = {  # file name -> canned query (every row: no page)
    "metrics": "metrics", "targets": "targets", "awards": "awards", "campaigns": "campaigns",
    "organisations": "organisations", "evidence": "explain",
}


def export_csv(folder: str | Path, dest: str | Path, bom: bool = False) -> dict[str, int]:
    """Write ``dest/KIND.csv`` for each kind of fact of the built ``folder``; returns rows per file."""
    store = open_store(folder)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    queries = canned()
    counts = {}
    for name, query in CSV_KINDS.items():
        q = queries[query]
        cols, rows = select(store, prepare(q, {"limit": ""} if "limit" in q.params else {}))
        path = dest / f"{name}.csv"
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(cols)
            w.writerows([["" if v is None else v for v in r] for r in rows])
        counts[name] = len(rows)
    return counts


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def export_ro_crate(folder: str | Path, dest: str | Path, sources_root: str | Path | None = None) -> dict:
    """Write the built ``folder`` as an RO-Crate 1.1 in ``dest``; returns what went in and what was missing.

    Source paths are those the build recorded (as given on its command line); relative ones are looked
    for under ``sources_root`` (default: the current folder). A source that cannot be found is described
    by its path and the hash of its text but not copied, and named in the result.
    """
    from rocrate.model.contextentity import ContextEntity
    from rocrate.rocrate import ROCrate

    folder, dest = Path(folder), Path(dest)
    if not (folder / "dataset.trig").is_file() or not (folder / "report.json").is_file():
        raise StoreError(f"{folder}: not an orgkg output folder (no dataset.trig/report.json); run `orgkg build --out {folder}`")
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    index_path = folder / "cache" / "index.json"
    entries = json.loads(index_path.read_text(encoding="utf-8"))["entries"].values() if index_path.is_file() else []
    root = Path(sources_root) if sources_root else Path.cwd()
    if dest.exists():
        raise StoreError(f"{dest}: already exists; give a new folder for the crate")
    staging = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        crate = ROCrate(version="1.1")
        crate.name = f"orgkg knowledge graph of {report.get('documents', 0)} document(s)"
        crate.description = ("Facts about Vietnamese organisations' achievements (metrics, emulation campaigns, awards) "
                             "extracted from news articles by orgkg, with the sentence and offsets of each fact.")
        crate.datePublished = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        crate.license = "https://spdx.org/licenses/CC-BY-4.0"
        crate.root_dataset["keywords"] = ["knowledge graph", "Vietnam", "emulation and commendation", "RDF"]

        graph = crate.add_file(folder / "dataset.trig", "dataset.trig", properties={
            "name": "The knowledge graph: one named graph per document, the ontology's and the conflict flags",
            "encodingFormat": "application/trig"})
        rep = crate.add_file(folder / "report.json", "report.json", properties={
            "name": "The build's report: documents, facts per kind, skipped files", "encodingFormat": "application/json"})
        ontology = []
        for f in sorted(resources.files("orgkg.ontology").iterdir(), key=lambda p: p.name):
            if f.name.endswith(".ttl"):
                (staging / "ontology").mkdir(exist_ok=True)
                (staging / "ontology" / f.name).write_bytes(f.read_bytes())
                ontology.append(crate.add_file(staging / "ontology" / f.name, f"ontology/{f.name}", properties={
                    "name": f"orgkg ontology: {f.name}", "encodingFormat": "text/turtle"}))

        sources, missing = [], []
        for e in sorted(entries, key=lambda e: e["path"]):
            p = Path(e["path"])
            found = p if p.is_absolute() else root / p
            props = {"name": e.get("title") or e["path"], "identifier": e["doc_iri"],
                     "description": f"SHA-256 of the normalised text: {e['digest']}"}
            if found.is_file():
                rel = Path("sources") / (p.relative_to(p.anchor) if p.is_absolute() else p)
                sources.append(crate.add_file(found, rel.as_posix(), properties={**props, "sha256": _sha256(found)}))
            else:
                missing.append(e["path"])
                sources.append(crate.add(ContextEntity(crate, f"#source-{e['key']}", properties={
                    "@type": "CreativeWork", **props, "url": e["path"]})))

        software = crate.add(ContextEntity(crate, "#orgkg", properties={
            "@type": "SoftwareApplication", "name": "orgkg", "version": report.get("orgkg_version", _version("orgkg")),
            "softwareRequirements": [f"{d} {_version(d)}" for d in ("pyoxigraph", "rdflib", "trafilatura")]}))
        crate.add(ContextEntity(crate, "#build", properties={
            "@type": "CreateAction", "name": "orgkg build",
            "description": (f"rules fingerprint {report.get('rules')}; {report.get('extracted', 0)} file(s) extracted, "
                            f"{report.get('reused', 0)} reused; {len(report.get('skipped', []))} skipped"),
            "instrument": {"@id": software.id}, "object": [{"@id": s.id} for s in sources],
            "result": [{"@id": graph.id}, {"@id": rep.id}]}))
        crate.write(staging / "crate")
        (staging / "crate").rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"files": 2 + len(ontology) + len(sources) - len(missing), "sources": len(sources), "missing": missing}
