"""The build pipeline: read -> normalise -> segment -> extract -> resolve -> to_rdf.

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
from .model import Document
from .normalise import normalise
from .read import read
from .resolve import BASE, Resolver, merge_awards, merge_metrics
from .segment import segment
from .serialise import trig_block
from .to_rdf import SCHEMA, Mapper


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
    """Everything up to resolution, for tests and tools: (NormText, sentences, Extraction, Resolver)."""
    nt = normalise(doc.text)
    sentences = segment(nt)
    ctx = build_context(doc, nt, sentences)
    ex = extract(ctx)
    headline = next(((s.start, s.end) for s in sentences if s.headline), None)
    names = [m.surface for m in ex.orgs if m.kind in ("full", "fixed", "brand")]
    places = locator(names, nt.text, doc.title, doc.date, ex.report_year, hashlib.sha256(nt.text.encode()).hexdigest()[:8])
    r = Resolver(ex, headline, places)
    ex.metrics = merge_metrics(ex.metrics, r)
    ex.awards = merge_awards(ex.awards, r)
    seen = set()
    campaigns = []
    for c in ex.campaigns:
        k = c.name.casefold()
        if k in seen:
            twin = next(x for x in campaigns if x.name.casefold() == k)
            twin.evidence.extend(c.evidence)
            twin.organiser = twin.organiser or c.organiser
            twin.participant = twin.participant or c.participant
            continue
        seen.add(k)
        campaigns.append(c)
    ex.campaigns = campaigns
    return nt, sentences, ex, r


def process_document(doc: Document) -> DocResult:
    import pyoxigraph as ox

    nt, sentences, ex, r = analyse(doc)
    digest = hashlib.sha256(nt.text.encode("utf-8")).hexdigest()
    doc_iri = BASE + "doc/" + digest[:16]
    title = doc.title
    if doc.media_type == "text/plain":
        title = next((nt.text[s.start:s.end].strip() for s in sentences if s.headline), title)
    mp = Mapper(doc_iri, nt.text, sentences, r)
    mp.document(doc.path, title, digest, doc.date, doc.media_type)
    metric_iris = {id(m): mp.metric_iri(m) for m in ex.metrics}
    for m in ex.metrics:
        mp.metric(m, metric_iris)
    for a in ex.awards:
        mp.award(a)
    for c in ex.campaigns:
        mp.campaign(c)
    for e in ex.events:
        mp.event(e)
    for o in r.orgs.values():
        if o.aliases or o.part_of:
            mp.org(o)
    if r.main is not None:
        mp.add(mp.g, SCHEMA.about, mp.org(r.main))
    mp.quads.extend(place_quads(mp.quads, r.located, r.locator, mp.g, (r.main.iri, r.main.name) if r.main else None))
    quads = list(dict.fromkeys(mp.quads))
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    trig = trig_block(quads)
    observations, parts = observation_rows(quads)
    counts = {"metrics": sum(1 for m in ex.metrics if not m.is_target and (r.org(m.subject) or r.main)),
              "targets": sum(1 for m in ex.metrics if m.is_target),
              "awards": len(ex.awards), "campaigns": len(ex.campaigns), "events": len(ex.events),
              "organisations": len({o.iri for o in r.orgs.values()}), "triples": len(quads)}
    return DocResult(path=doc.path, doc_iri=doc_iri, digest=digest, nquads=data, trig=trig, counts=counts, title=title,
                     observations=observations, parts=parts)


def process_file(path: str, display: str) -> DocResult:
    return process_document(read(path, display))

