"""The build pipeline: read -> normalise -> segment -> extract -> locate -> resolve -> merge -> to_rdf.

``process`` turns one file into the quads of its named graph; it is a pure
function of the file's bytes and the rules, so builds can run it in worker
processes and cache it by content hash. ``write.py`` stores the result.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

from orgkg.ontology.terms import ENTITIES_GRAPH, ENTITY_KINDS, SCHEMA

from .conflicts import observation_rows, rows_json
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
from .write import ontology_quads


@dataclass
class DocResult:
    path: str
    doc_iri: str
    digest: str
    nquads: bytes                      # the document's named graph as N-Quads
    trig: bytes = b""                  # the same graph as a TriG block, without @prefix lines
    entities: bytes = b""              # what it says of the entities it names, as N-Quads in the entities graph
    rows: bytes = b""                  # its observation rows and breakdown parts (conflicts.rows_json), for the flags
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
    facts, entities = split_entities(quads, ox.NamedNode(doc_iri))
    data = ox.serialize(facts, format=ox.RdfFormat.N_QUADS)
    trig = trig_block(facts)
    observations, parts = observation_rows(quads)
    counts = {"metrics": sum(1 for m in ex.metrics if not m.is_target and (res.org(m.subject) or res.main)),
              "targets": sum(1 for m in ex.metrics if m.is_target),
              "awards": len(ex.awards), "campaigns": len(ex.campaigns), "events": len(ex.events),
              "organisations": len({o.iri for o in res.orgs.values()}), "triples": len(quads)}
    return DocResult(path=doc.path, doc_iri=doc_iri, digest=digest, nquads=data, trig=trig, counts=counts, title=title,
                     rows=rows_json(observations, parts), entities=ox.serialize(entities, format=ox.RdfFormat.N_QUADS))


_ENTITY_PREFIXES = tuple(f"{BASE}{kind}/" for kind in ENTITY_KINDS)
_NAMED_PREFIXES = (f"{BASE}org/", f"{BASE}person/")


@cache
def _ontology_triples() -> frozenset:
    return frozenset((q.subject, q.predicate, q.object) for q in ontology_quads())


def split_entities(quads: list, doc) -> tuple[list, list]:
    """A document's quads -> (its facts and evidence, in its own graph; what it says of the organisations,
    people, indicators, periods and rules it names, moved to the one entities graph of the build).

    Every document that names an entity states the same triples of it, so the union of the graphs holds
    each once: a researcher's plain SPARQL over the default graph sees one label per entity, not one per
    article. The document's graph keeps ``schema:mentions`` of each organisation and person it names.
    """
    import pyoxigraph as ox

    g = ox.NamedNode(ENTITIES_GRAPH)
    mentions = ox.NamedNode(str(SCHEMA.mentions))
    facts, entities, named = [], [], {}
    stated = _ontology_triples()
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(_ENTITY_PREFIXES):
            if (q.subject, q.predicate, q.object) not in stated:   # a national body's name is the ontology's
                entities.append(ox.Quad(q.subject, q.predicate, q.object, g))
            if q.subject.value.startswith(_NAMED_PREFIXES):
                named.setdefault(q.subject, None)
        else:
            facts.append(q)
    facts.extend(ox.Quad(doc, mentions, s, doc) for s in named)
    return facts, entities


def headline_span(sentences) -> tuple[int, int] | None:
    return next(((s.start, s.end) for s in sentences if s.headline), None)


def process_file(path: str, display: str) -> DocResult:
    return process_document(read(path, display))
