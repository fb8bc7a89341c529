"""The build pipeline: read -> normalise -> segment -> extract -> locate -> resolve -> merge -> to_rdf.

``process`` turns one file into the quads of its named graph; it is a pure
function of the file's bytes and the rules, so builds can run it in worker
processes and cache it by content hash. ``write.py`` stores the result.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .conflicts import observation_rows
from .context import build_context
from .extract import extract
from .gazetteer import locator, place_quads
from .merge import merge
from .model import Document
from .normalise import normalise
from .offsets import source_map
from .read import read
from .resolve import BASE, resolve
from .segment import segment
from .serialise import trig_block
from .to_rdf import to_rdf


@dataclass
class DocResult:
    path: str
    doc_iri: str
    digest: str
    nquads: bytes                      # the document's named graph as N-Quads
    trig: bytes = b""                  # the same graph as a TriG block, without @prefix lines
    observations: list = field(default_factory=list)   # conflicts.observation_rows of the graph
    parts: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    title: str | None = None


def analyse(doc: Document):
    """Everything up to the RDF mapping, for tests and tools: (NormText, sentences, Extraction, Resolution)."""
    nt = normalise(doc.text)
    sentences = segment(nt)
    ctx = build_context(doc, nt, sentences)
    ex = extract(ctx)
    scope = hashlib.sha256(nt.text.encode("utf-8")).hexdigest()[:8]
    places = locator([m.surface for m in ex.orgs if m.kind in ("full", "fixed", "brand")], nt.text, doc.title, doc.date,
                     ex.report_year, scope)
    res = resolve(ex, headline_span(sentences), scope=scope, lead_subject=ctx.lead_subject(), locator=places)
    ex = merge(ex, res)
    return nt, sentences, ex, res


def process_document(doc: Document) -> DocResult:
    """read -> normalise -> segment -> extract -> resolve -> merge -> to_rdf, for one document."""
    import pyoxigraph as ox

    nt, sentences, ex, res = analyse(doc)
    digest = hashlib.sha256(nt.text.encode("utf-8")).hexdigest()
    doc_iri = BASE + "doc/" + digest[:16]
    title = doc.title
    if doc.media_type == "text/plain":
        title = next((nt.text[s.start:s.end].strip() for s in sentences if s.headline), title)
    quads = to_rdf(doc_iri, nt.text, sentences, ex, res, path=doc.path, title=title, digest=digest, date=doc.date,
                   media_type=doc.media_type, source=source_map(doc.text, nt.text))
    main = (res.main.iri, res.main.name) if res.main else None
    quads = list(dict.fromkeys(quads + place_quads(quads, res.located, res.locator, ox.NamedNode(doc_iri), main)))
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    trig = trig_block(quads)
    observations, parts = observation_rows(quads)
    counts = {"metrics": sum(1 for m in ex.metrics if not m.is_target and (res.org(m.subject) or res.main)),
              "targets": sum(1 for m in ex.metrics if m.is_target),
              "awards": len(ex.awards), "campaigns": len(ex.campaigns), "events": len(ex.events),
              "organisations": len({o.iri for o in res.orgs.values()}), "triples": len(quads)}
    return DocResult(path=doc.path, doc_iri=doc_iri, digest=digest, nquads=data, trig=trig, counts=counts, title=title,
                     observations=observations, parts=parts)


def headline_span(sentences) -> tuple[int, int] | None:
    return next(((s.start, s.end) for s in sentences if s.headline), None)


def process_file(path: str, display: str) -> DocResult:
    return process_document(read(path, display))

