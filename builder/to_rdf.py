"""Map to RDF: a resolved, merged document -> quads in the document's named graph.

A pure function of its input: ``to_rdf`` reads the Resolution (it resolves
nothing itself) and returns the quads.

Quads are pyoxigraph terms (fast to build and bulk-load); IRIs come from
ns.py. Every fact carries okg:evidence -> okg:Mention (NIF offsets into the
normalised text, the anchor text, its okg:Sentence and the okg:rule).
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

import pyoxigraph as ox

from orgkg.ontology import terms as ns

from .dates import period_bounds
from .lexicon import load
from .names import preferred_name
from .model import Award, Campaign, Event, Evidence, Extraction, Metric, PersonMention
from .normalise import slug
from .numbers import main_qualifier
from .resolve import BASE, Org, Person, Resolution

_N = {}


def N(iri) -> ox.NamedNode:
    if type(iri) is ox.NamedNode:
        return iri
    n = _N.get(iri)
    if n is None:
        n = _N[iri] = ox.NamedNode(str(iri))
    return n


_NODES = (ox.NamedNode, ox.BlankNode)


class _Nodes:
    """A checked namespace (``ns.OKG``) whose terms are pyoxigraph nodes, each made once."""

    def __init__(self, namespace):
        self._ns = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = ox.NamedNode(str(self._ns[name]))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return getattr(self, name)


DCT, NIF, OKG, ORG, PROV, QB, QUDT, RDF, RDFS, SCHEMA, SKOS, TIME, XSD = (
    _Nodes(n) for n in (ns.DCT, ns.NIF, ns.OKG, ns.ORG, ns.PROV, ns.QB, ns.QUDT, ns.RDF, ns.RDFS, ns.SCHEMA,
                        ns.SKOS, ns.TIME, ns.XSD))


def lit(v, dtype=None, lang=None) -> ox.Literal:
    if lang:
        return ox.Literal(str(v), language=lang)
    if dtype is not None:
        return ox.Literal(str(v), datatype=N(dtype))
    return ox.Literal(str(v))


def dec(v: float) -> ox.Literal:
    """An xsd:decimal in its canonical form (XSD 1.1: "35", "107.5"), as stores write it back."""
    return lit(format(Decimal(repr(v)).normalize(), "f"), XSD.decimal)


def _h(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


class Mapper:
    def __init__(self, doc_iri: str, text: str, sentences, resolver: Resolution):
        self.g = N(doc_iri)
        self.doc = doc_iri
        self.text = text
        self.sentences = sentences
        self.r = resolver
        self.quads: list[ox.Quad] = []
        self._done: set[str] = set()
        self.lex = load()
        self.source: list[int] | None = None     # offsets.source_map of the document
        self.ceremony_iri: str | None = None
        self.conferral_date: str | None = None

    def add(self, s, p, o):
        if not isinstance(s, _NODES):
            s = N(s)
        self.quads.append(ox.Quad(s, N(p), o, self.g))

    def once(self, iri: str) -> bool:
        if iri in self._done:
            return False
        self._done.add(iri)
        return True

    # -------------------------------------------------------------- entities
    def org(self, o: Org | None) -> ox.NamedNode | None:
        if o is None:
            return None
        n = N(o.iri)
        if self.once(o.iri):
            self.add(n, RDF.type, N(OKG.Organisation))
            if o.is_unit:
                self.add(n, RDF.type, N(OKG.OrganisationalUnit))
            self.add(n, RDF.type, N(ORG.Organization))
            name = preferred_name(o.iri, o.name)
            self.add(n, SKOS.prefLabel, lit(name, lang="vi"))
            self.add(n, RDFS.label, lit(name, lang="vi"))
            for a in sorted(o.aliases | {o.name}):
                if a != name:
                    self.add(n, SKOS.altLabel, lit(a, lang="vi"))
            if o.org_type:
                self.add(n, OKG.orgType, lit(o.org_type, lang="en"))
            if o.part_of is not None:
                self.add(n, ORG.subOrganizationOf, self.org(o.part_of))
                self.add(n, ORG.unitOf, N(o.part_of.iri))
        return n

    def person(self, p: Person) -> ox.NamedNode:
        n = N(p.iri)
        if self.once(p.iri):
            self.add(n, RDF.type, N(OKG.Person))
            name = preferred_name(p.iri, p.name)
            self.add(n, SKOS.prefLabel, lit(name, lang="vi"))
            self.add(n, SCHEMA.name, lit(name, lang="vi"))
            self.add(n, RDFS.label, lit(name, lang="vi"))
            if name != p.name:
                self.add(n, SKOS.altLabel, lit(p.name, lang="vi"))
            if p.role:
                self.add(n, OKG.role, lit(p.role, lang="vi"))
                self.add(n, SCHEMA.jobTitle, lit(p.role, lang="vi"))
            if p.org is not None:
                self.add(n, SCHEMA.worksFor, self.org(p.org))
        return n

    def agent(self, x):
        e = self.r.agent(x)
        if isinstance(e, Person):
            return self.person(e)
        return self.org(e)

    def period(self, p: str | None) -> ox.NamedNode | None:
        if not p:
            return None
        iri = BASE + "period/" + p
        n = N(iri)
        if self.once(iri):
            self.add(n, RDF.type, N(OKG.Period))
            self.add(n, RDFS.label, lit(p))
            b = period_bounds(p)
            if b:
                for prop, day in ((TIME.hasBeginning, b[0]), (TIME.hasEnd, b[1])):
                    inst = N(BASE + "instant/" + day)
                    self.add(n, prop, inst)
                    if self.once(str(inst.value)):
                        self.add(inst, RDF.type, N(TIME.Instant))
                        self.add(inst, TIME.inXSDDate, lit(day, XSD.date))
        return n

    def evidence(self, fact: ox.NamedNode, evs: list[Evidence]) -> None:
        for ev in sorted(evs, key=lambda e: (e.start, e.end)):
            sent = self.sentences[ev.sentence]
            s_iri = f"{self.doc}/sentence/{sent.start}-{sent.end}"
            m_iri = f"{self.doc}/mention/{ev.start}-{ev.end}"
            sn, mn = N(s_iri), N(m_iri)
            self.add(fact, OKG.evidence, mn)
            self.add(fact, PROV.wasDerivedFrom, self.g)
            if self.once(m_iri):
                self.add(mn, RDF.type, N(OKG.Mention))
                self.add(mn, NIF.referenceContext, self.g)
                self.add(mn, NIF.beginIndex, lit(ev.start, XSD.integer))
                self.add(mn, NIF.endIndex, lit(ev.end, XSD.integer))
                self.add(mn, NIF.anchorOf, lit(self.text[ev.start:ev.end]))
                if self.source is not None:
                    self.add(mn, OKG.sourceBeginIndex, lit(self.source[ev.start], XSD.integer))
                    self.add(mn, OKG.sourceEndIndex, lit(self.source[ev.end], XSD.integer))
                self.add(mn, OKG.sentence, sn)
            rule = BASE + "rule/" + ev.rule
            self.add(mn, OKG.rule, N(rule))
            if self.once(rule):
                self.add(N(rule), RDF.type, N(OKG.ExtractionRule))
                self.add(N(rule), RDFS.label, lit(ev.rule))
            if self.once(s_iri):
                self.add(sn, RDF.type, N(OKG.Sentence))
                self.add(sn, NIF.referenceContext, self.g)
                self.add(sn, NIF.beginIndex, lit(sent.start, XSD.integer))
                self.add(sn, NIF.endIndex, lit(sent.end, XSD.integer))
                self.add(sn, NIF.isString, lit(self.text[sent.start:sent.end]))

    # ----------------------------------------------------------------- facts
    def indicator(self, code: str, label: str | None) -> ox.NamedNode:
        concept = self.lex.indicators[code]
        if not label:
            return N(concept.iri)
        iri = BASE + "indicator/" + code + "/" + slug(label)[:80]
        n = N(iri)
        if self.once(iri):
            self.add(n, RDF.type, N(OKG.Indicator))
            self.add(n, RDF.type, N(SKOS.Concept))
            self.add(n, SKOS.broader, N(concept.iri))
            self.add(n, SKOS.prefLabel, lit(f"{concept.label_vi}: {label}", lang="vi"))
            self.add(n, SKOS.prefLabel, lit(f"{concept.label_en}: {label}", lang="en"))
        return n

    def metric_iri(self, mt: Metric) -> str:
        subj = self.r.org(mt.subject) or self.r.main
        ind = self.indicator(mt.indicator, mt.indicator_label).value
        key = (subj.iri if subj else "", ind, mt.period, mt.value if mt.value is not None else f"r{mt.plan_percent}/{mt.growth_percent}",
               mt.unit, mt.is_target)
        return BASE + ("target/" if mt.is_target else "observation/") + _h(*key)

    def totals(self, metrics, iris: dict[int, str]) -> dict[tuple, set[str]]:
        """(subject IRI, indicator code, period) -> the IRIs of the document's figures of the indicator itself
        (not a narrower line, a target or a part) for that subject and period."""
        found: dict[tuple, set[str]] = {}
        for mt in metrics:
            subj = self.r.org(mt.subject) or self.r.main
            if subj is not None and not mt.is_target and not mt.indicator_label and mt.part_of is None:
                found.setdefault((subj.iri, mt.indicator, mt.period), set()).add(iris[id(mt)])
        return found

    def metric(self, mt: Metric, iris: dict[int, str], totals: dict[tuple, set[str]]) -> None:
        subj = self.r.org(mt.subject) or self.r.main
        if subj is None:
            return
        iri = iris[id(mt)]
        n = N(iri)
        self.add(n, RDF.type, N(OKG.PlanTarget if mt.is_target else OKG.MetricObservation))
        self.add(n, RDF.type, N(QB.Observation))
        self.add(n, OKG.subject, self.org(subj))
        self.add(n, OKG.indicator, self.indicator(mt.indicator, mt.indicator_label))
        self.add(n, OKG.period, self.period(mt.period or "unknown"))
        if mt.value is not None:
            self.add(n, QUDT.numericValue, dec(mt.value))
        if mt.value_max is not None:
            self.add(n, OKG.upperValue, dec(mt.value_max))
        unit = self.lex.units["qudt"].get(mt.unit or "count")
        self.add(n, QUDT.unit, N(unit[0]))
        quals = list(dict.fromkeys(mt.qualifiers)) or ["exact"]
        for q in quals:
            self.add(n, OKG.qualifier, N(OKG[q]))
        if mt.plan_percent is not None:
            self.add(n, OKG.planAttainmentPercent, dec(mt.plan_percent))
        if mt.growth_percent is not None:
            self.add(n, OKG.growthPercent, dec(mt.growth_percent))
            self.add(n, OKG.growthQualifier, N(OKG[main_qualifier(mt.growth_qualifiers)]))
            if mt.compared_to:
                self.add(n, OKG.comparedTo, lit(mt.compared_to, lang="vi"))
            if mt.compared_period:
                self.add(n, OKG.comparedToPeriod, self.period(mt.compared_period))
        whole = iris.get(id(mt.part_of)) if mt.part_of is not None else None
        if not mt.is_target:
            concept = N(self.lex.indicators[mt.indicator].iri)
            total = totals.get((subj.iri, mt.indicator, mt.period), set()) - {iri}
            if whole is None and mt.indicator_label and len(total) == 1:
                whole = next(iter(total))   # a line of an indicator whose one total the document gives: part of it
            self.add(n, OKG.lineOf if whole is not None or (mt.indicator_label and total) else OKG.totalFor, concept)
        if whole is not None:
            self.add(n, OKG.partOfMetric, N(whole))
        self.evidence(n, mt.evidence)

    def ceremony(self, events, date: str | None) -> None:
        """What every award of the document is dated and linked by: the document's one award ceremony (its
        IRI and date), else the document's date, else the date of its only dated event (the lead's news)."""
        ceremonies = [e for e in events if e.event_type == "AwardCeremony"]
        self.ceremony_iri = self.event_iri(ceremonies[0]) if len(ceremonies) == 1 else None
        dated = [e.date for e in events if e.date]
        self.conferral_date = (ceremonies[0].date if len(ceremonies) == 1 and ceremonies[0].date else None) \
            or date or (dated[0] if len(set(dated)) == 1 else None)

    def award(self, a: Award) -> None:
        concept = self.lex.awards[a.award_type]
        rec_entity = self.r.agent(a.recipient) if a.recipient_count is None else None
        conferrer = self.r.org(a.conferred_by)
        key = (a.award_type, a.title or "", rec_entity.iri if rec_entity else f"{a.recipient_count} {a.recipient_noun}",
               conferrer.iri if conferrer else "", a.period)
        if a.recipient_count is not None:
            key += (self.doc,)
        iri = BASE + "award/" + _h(*key)
        n = N(iri)
        self.add(n, RDF.type, N(OKG.AwardConferral))
        if concept.conferral_class:
            self.add(n, RDF.type, N(concept.conferral_class))
        self.add(n, RDF.type, N(PROV.Activity))
        self.add(n, OKG.awardType, N(concept.iri))
        self.add(n, RDFS.label, lit(concept.label_vi + (f" ({a.title})" if a.title and a.title != concept.title_label else ""), lang="vi"))
        if a.title:
            self.add(n, OKG.honoraryTitle, lit(a.title, lang="vi"))
        if a.recipient_count is not None:
            g = N(iri + "/recipients")
            self.add(g, RDF.type, N(OKG.RecipientGroup))
            label = f"{a.recipient_count} {a.recipient_noun}" if a.recipient_noun else str(a.recipient_count)
            self.add(g, RDFS.label, lit(label, lang="vi"))
            if a.recipient_noun:
                self.add(g, OKG.recipientsOf, lit(a.recipient_noun, lang="vi"))
            self.add(n, OKG.recipient, g)
            self.add(n, OKG.recipientCount, lit(a.recipient_count, XSD.integer))
        elif rec_entity is not None:
            self.add(n, OKG.recipient, self.agent(a.recipient))
        if a.recipient_kind:
            self.add(n, OKG.recipientKind, N(OKG[a.recipient_kind]))
        if conferrer is not None:
            self.add(n, OKG.conferredBy, self.org(conferrer))
        if a.on_behalf_of is not None and self.r.org(a.on_behalf_of) is not None:
            self.add(n, OKG.onBehalfOf, self.org(self.r.org(a.on_behalf_of)))
        if a.presented_by is not None:
            p = self.agent(a.presented_by)
            if p is not None:
                self.add(n, OKG.presentedBy, p)
        self.add(n, OKG.period, self.period(a.period or "unknown"))
        if self.conferral_date:
            self.add(n, OKG.conferralDate, lit(self.conferral_date, XSD.date))
        if self.ceremony_iri:
            self.add(n, OKG.conferredAt, N(self.ceremony_iri))
        if a.reason:
            self.add(n, OKG.reason, lit(a.reason, lang="vi"))
        self.evidence(n, a.evidence)

    def campaign(self, c: Campaign) -> None:
        iri = BASE + "campaign/" + (slug(c.name)[:60] + "-" + _h(slug(c.name))[:6] if len(slug(c.name)) > 60 else slug(c.name))
        n = N(iri)
        self.add(n, RDF.type, N(OKG.EmulationCampaign))
        self.add(n, SCHEMA.name, lit(c.name, lang="vi"))
        self.add(n, RDFS.label, lit(c.name, lang="vi"))
        org = self.r.org(c.organiser)
        if org is not None:
            self.add(n, OKG.launchedBy, self.org(org))
        part = self.r.org(c.participant)
        if part is not None and part is not org:
            self.add(n, OKG.participant, self.org(part))
        if c.period:
            self.add(n, OKG.period, self.period(c.period))
        self.evidence(n, c.evidence)

    def event_iri(self, e: Event) -> str:
        org = self.r.org(e.organiser)
        return BASE + "event/" + _h(e.event_type, org.iri if org else self.doc, e.date or self.doc)

    def event(self, e: Event) -> None:
        org = self.r.org(e.organiser)
        n = N(self.event_iri(e))
        self.add(n, RDF.type, N(OKG.Event))
        self.add(n, OKG.eventType, N(OKG[e.event_type]))
        self.add(n, RDFS.label, lit(e.label, lang="vi"))
        if org is not None:
            self.add(n, SCHEMA.organizer, self.org(org))
        if e.date:
            self.add(n, SCHEMA.startDate, lit(e.date, XSD.date))
        self.evidence(n, e.evidence)

    def document(self, path: str, title: str | None, digest: str, date: str | None, media_type: str) -> None:
        g = self.g
        self.add(g, RDF.type, N(OKG.Document))
        self.add(g, OKG.sourcePath, lit(path))
        self.add(g, OKG.contentHash, lit(digest))
        self.add(g, DCT["format"], lit(media_type))
        self.add(g, OKG.text, lit(self.text))
        if title:
            self.add(g, DCT["title"], lit(title, lang="vi"))
        if date:
            self.add(g, SCHEMA.datePublished, lit(date, XSD.date))


def to_rdf(doc_iri: str, text: str, sentences, ex: Extraction, res: Resolution, *, path: str, title: str | None,
           digest: str, date: str | None, media_type: str, source: list[int] | None = None) -> list[ox.Quad]:
    """The quads of one document's named graph, without repeats, in the order they are written.

    ``source`` (offsets.source_map) maps offsets in ``text`` to the document's own text: each mention then
    also gets okg:sourceBeginIndex and okg:sourceEndIndex."""
    mp = Mapper(doc_iri, text, sentences, res)
    mp.source = source
    mp.document(path, title, digest, date, media_type)
    metric_iris = {id(m): mp.metric_iri(m) for m in ex.metrics}
    totals = mp.totals(ex.metrics, metric_iris)
    for m in ex.metrics:
        mp.metric(m, metric_iris, totals)
    mp.ceremony(ex.events, date)
    for a in ex.awards:
        mp.award(a)
    for c in ex.campaigns:
        mp.campaign(c)
    for e in ex.events:
        mp.event(e)
    for o in res.orgs.values():
        if o.aliases or o.part_of:
            mp.org(o)
    if res.main is not None:
        mp.add(mp.g, SCHEMA.about, mp.org(res.main))
    return list(dict.fromkeys(mp.quads))
