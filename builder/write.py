"""Write: processed documents -> the output folder, atomically.

The folder holds ``dataset.trig`` (one named graph per document, plus the
ontology's graph), optionally ``dataset.nq``/``dataset.ttl``, ``store/`` (an
Oxigraph database that queries open without re-parsing), ``graph.html`` (the
interactive view) and ``report.json``. Everything is written to a temporary sibling folder and
swapped in at the end, so a failed or killed build leaves the previous
output as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .lexicon import load
from .ns import ONTOLOGY_GRAPH, RDFS, SKOS

FORMATS = {"trig": ("dataset.trig", ox.RdfFormat.TRIG), "nquads": ("dataset.nq", ox.RdfFormat.N_QUADS),
           "turtle": ("dataset.ttl", ox.RdfFormat.TURTLE)}


def ontology_quads() -> list[ox.Quad]:
    g = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = []
    for name in ("orgkg.ttl", "awards.ttl", "indicators.ttl"):
        data = resources.files("orgkg.ontology").joinpath(name).read_bytes()
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(data, format=ox.RdfFormat.TURTLE))
    for code, (iri, en, vi) in load().units["qudt"].items():
        u = ox.NamedNode(iri)
        quads.append(ox.Quad(u, ox.NamedNode(str(SKOS.notation)), ox.Literal(code), g))
        quads.append(ox.Quad(u, ox.NamedNode(str(RDFS.label)), ox.Literal(en, language="en"), g))
        quads.append(ox.Quad(u, ox.NamedNode(str(RDFS.label)), ox.Literal(vi, language="vi"), g))
    return quads


CONFLICTS_GRAPH = "https://w3id.org/orgkg/id/graph/conflicts"

# Two observations of the same organisation, indicator, period and unit with
# different values: both are kept, and each is flagged as conflicting with the
# other in a graph of its own (so a document's graph stays exactly what the
# document said). A part of a breakdown is not in conflict with its whole.
FLAG_CONFLICTS = f"""
PREFIX okg: <https://w3id.org/orgkg/ont#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
INSERT {{ GRAPH <{CONFLICTS_GRAPH}> {{ ?a okg:conflictsWith ?b }} }}
WHERE {{
  GRAPH ?g1 {{ ?a a okg:MetricObservation ; okg:subject ?s ; okg:indicator ?i ; okg:period ?p ; qudt:unit ?u ; qudt:numericValue ?va }}
  GRAPH ?g2 {{ ?b a okg:MetricObservation ; okg:subject ?s ; okg:indicator ?i ; okg:period ?p ; qudt:unit ?u ; qudt:numericValue ?vb }}
  FILTER(?va != ?vb && ?p != <https://w3id.org/orgkg/id/period/unknown>)
  FILTER NOT EXISTS {{ GRAPH ?g3 {{ ?a okg:partOfMetric ?b }} }}
  FILTER NOT EXISTS {{ GRAPH ?g4 {{ ?b okg:partOfMetric ?a }} }}
}}"""


def write_output(out: Path, nquads_parts: list[bytes], report: dict, formats: list[str]) -> None:
    out = Path(out)
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f".{out.name}.tmp-{os.getpid()}"
    for stale in parent.glob(f".{out.name}.tmp-*"):  # left by a killed build (the caller holds the folder's lock)
        shutil.rmtree(stale, ignore_errors=True)
    tmp.mkdir()
    try:
        onto = ox.serialize(ontology_quads(), format=ox.RdfFormat.N_QUADS)
        data = b"".join([onto, *nquads_parts])
        t0 = time.perf_counter()
        store = ox.Store(str(tmp / "store"))
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.update(FLAG_CONFLICTS)
        store.optimize()
        from orgkg.viz.graph import write_view
        write_view(store, tmp / "graph.html")
        report["store_load_seconds"] = round(time.perf_counter() - t0, 3)
        for f in dict.fromkeys(["trig", *formats]):
            name, fmt = FORMATS[f]
            if fmt is ox.RdfFormat.TURTLE:  # Turtle has no graphs: the union of all documents
                triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in store)
                (tmp / name).write_bytes(ox.serialize(triples, format=fmt, prefixes=PREFIXES))
            elif fmt is ox.RdfFormat.TRIG:
                store.dump(str(tmp / name), format=fmt, prefixes=PREFIXES)
            else:
                store.dump(str(tmp / name), format=fmt)
        del store
        (tmp / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_replaceable(out: Path) -> None:
    """Refuse, before any work, to replace a folder that is not an orgkg output."""
    if out.exists() and (not out.is_dir() or (not (out / "report.json").exists() and any(out.iterdir()))):
        raise FileExistsError(f"{out}: exists and is not an orgkg output folder; not replacing it")


def _swap(tmp: Path, out: Path) -> None:
    """Put tmp in out's place. On Linux one atomic exchange (renameat2), so that at no moment is there no ``out``."""
    check_replaceable(out)
    if out.exists() and _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous output
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


PREFIXES = {"okg": "https://w3id.org/orgkg/ont#", "id": "https://w3id.org/orgkg/id/", "org": "http://www.w3.org/ns/org#",
            "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "time": "http://www.w3.org/2006/time#", "schema": "https://schema.org/", "qb": "http://purl.org/linked-data/cube#",
            "qudt": "http://qudt.org/schema/qudt/", "unit": "http://qudt.org/vocab/unit/", "cur": "http://qudt.org/vocab/currency/",
            "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "dct": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "owl": "http://www.w3.org/2002/07/owl#", "foaf": "http://xmlns.com/foaf/0.1/"}
