"""Resource and profile pages: an IRI -> the rows of a few ``queries/pages/*.rq`` -> one HTML page.

Takes a *runner* (SPARQL text -> rows of SPARQL-JSON bindings: ``{"type", "value", "xml:lang", "datatype"}``)
so the same pages come from the served worker pool, a remote store, or an open pyoxigraph store for the
static files of ``orgkg viz DIR --profiles FOLDER``. Returns HTML (Jinja templates in ``templates/``)
and compact JSON-LD. Every page holds both languages; a button switches between them.
"""
from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import jinja2

from orgkg.ontology import terms
from orgkg.queries.results import json_term

from .graph import format_value, vn_number

ID_BASE = terms.BASE
OKG = str(terms.OKG._NS)
RDF_TYPE = str(terms.RDF.type)
SKOS = str(terms.SKOS._NS)
NAME_PROPS = (str(terms.SKOS.prefLabel), str(terms.RDFS.label), str(terms.SCHEMA.name))
QUDT = str(terms.QUDT._NS)
ORG = str(terms.ORG._NS)
XSD_STRING = str(terms.XSD.string)
SCHEMA_NAME, SCHEMA_START_DATE = str(terms.SCHEMA.name), str(terms.SCHEMA.startDate)

Runner = Callable[[str], list]


# ---------------------------------------------------------------- running the page queries

def page_query(name: str, this: str | None = None) -> str:
    """The text of ``queries/pages/NAME.rq``, with ``?param_this`` bound to the IRI ``this``."""
    from orgkg.queries.canned import parse_query_file, prepare

    text = resources.files("orgkg.queries").joinpath("pages", name + ".rq").read_text(encoding="utf-8")
    q = parse_query_file(name, text)
    return prepare(q, {"this": f"<{this}>"} if this else {})


def store_runner(store) -> Runner:
    """A runner over a pyoxigraph Store (or a RemoteStore): the union of the named graphs as default graph."""
    def run(text: str) -> list:
        res = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: json_term(row[n]) for n in names if row[n] is not None} for row in res]
    return run


class Rows(list):
    """A query's rows; ``cut`` when the server's row limit cut them (the page then says it is incomplete)."""
    cut = False


def json_runner(run_json: Callable[[str], tuple[bytes, bool]]) -> Runner:
    """A runner over anything that answers SPARQL JSON results as (bytes, cut by a row limit)."""
    def run(text: str) -> Rows:
        body, cut = run_json(text)
        rows = Rows(json.loads(body)["results"]["bindings"])
        rows.cut = cut
        return rows
    return run


# ---------------------------------------------------------------- names

@dataclass
class Names:
    """Names by IRI and language; the ontology's terms, then whatever the page's rows carried."""

    by_iri: dict = field(default_factory=lambda: defaultdict(dict))
    notation: dict = field(default_factory=dict)
    words: dict = field(default_factory=dict)

    @classmethod
    def load(cls, run: Runner) -> "Names":
        data = tomllib.loads(resources.files("orgkg.viz").joinpath("labels.toml").read_text(encoding="utf-8"))
        n = cls(words={k: {"vi": v[0], "en": v[1]} for k, v in data["words"].items()})
        for iri, (vi, en) in data["properties"].items():
            n.by_iri[iri] = {"vi": vi, "en": en}
        rank = {"pref": 0, "label": 1}
        best: dict = {}
        for r in run(page_query("vocabulary")):
            iri, lit, kind = r["x"]["value"], r["l"], r["kind"]["value"]
            if kind == "notation":
                n.notation[iri] = lit["value"]
                continue
            key = (iri, lit.get("xml:lang", ""))
            if key not in best or (rank[kind], lit["value"]) < best[key]:
                best[key] = (rank[kind], lit["value"])
        for (iri, lang), (_, value) in best.items():
            n.by_iri[iri].setdefault(lang, value)
        return n

    def add(self, iri: str, lit: dict | None) -> None:
        """A name seen in a row: the first one by sorted value per language wins, so the choice is deterministic."""
        if not lit or lit.get("type") != "literal":
            return
        lang = lit.get("xml:lang", "")
        cur = self.by_iri[iri].get(lang)
        if cur is None or lit["value"] < cur:
            self.by_iri[iri][lang] = lit["value"]

    def get(self, iri: str | None, lang: str) -> str:
        if not iri:
            return ""
        ls = self.by_iri.get(iri) or {}
        other = "en" if lang == "vi" else "vi"
        return ls.get(lang) or ls.get("") or ls.get(other) or _tail(iri)

    def both(self, iri: str | None) -> dict:
        return {"vi": self.get(iri, "vi"), "en": self.get(iri, "en")}


def _tail(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/"))[-1]


# ---------------------------------------------------------------- links

class Links:
    """Where an IRI's page is: the server's ``/id/…`` path, or a relative file among the static pages."""

    def __init__(self, static: bool = False, written: set[str] | None = None):
        self.static = static
        self.written = written if written is not None else set()
        self.here = ""

    @staticmethod
    def file_of(iri: str) -> str:
        """The static page's path under the folder: one safe name per IRI segment, never leaving the folder."""
        parts = [re.sub(r"[^A-Za-z0-9._~-]", "_", p) for p in iri[len(ID_BASE):].split("/")]
        return "/".join("_" if p in ("", ".", "..") else p for p in parts) + ".html"

    def href(self, iri: str | None) -> str | None:
        if not iri or not iri.startswith(ID_BASE):
            return None
        if not self.static:
            return "/id/" + quote(iri[len(ID_BASE):], safe="/-._~:")
        if iri not in self.written:
            return None
        return posixpath.relpath(self.file_of(iri), posixpath.dirname(self.here) or ".")


# ---------------------------------------------------------------- facts

@dataclass
class Fact:
    iri: str
    types: set = field(default_factory=set)
    props: dict = field(default_factory=lambda: defaultdict(list))  # property IRI -> [binding]
    roles: set = field(default_factory=set)

    def one(self, prop: str):
        v = self.props.get(prop)
        return v[0]["value"] if v else None

    def all(self, prop: str) -> list[str]:
        return [b["value"] for b in self.props.get(prop, [])]

    def number(self, prop: str):
        v = self.one(prop)
        try:
            return float(v) if v is not None else None
        except ValueError:
            return None


def _year(period_iri: str | None) -> str:
    m = re.search(r"/period/(\d{4})", period_iri or "")
    return m.group(1) if m else ""


def _period_label(names: Names, iri: str | None) -> str:
    return names.get(iri, "vi") if iri else ""


def _percent(x: float | None, lang: str, sign: bool = False) -> str:
    if x is None:
        return ""
    s = vn_number(x) if lang == "vi" else f"{x:,.3f}".rstrip("0").rstrip(".")
    return ("+" if sign and x > 0 else "") + s + "%"


def _value(fact: Fact, names: Names) -> dict:
    unit = names.notation.get(fact.one(QUDT + "unit") or "", "") or "count"
    quals = [_tail(q) for q in fact.all(OKG + "qualifier")]
    v = fact.number(QUDT + "numericValue")
    return {lang: format_value(v, unit, quals, lang) for lang in ("vi", "en")}


class Evidence:
    def __init__(self, run: Runner, iri: str, links: Links):
        self.by_fact: dict[str, list[dict]] = defaultdict(list)
        for r in run(page_query("evidence", iri)):
            f = r["f"]["value"]
            item = {"sentence": r["sentence"]["value"], "title": (r.get("title") or {}).get("value", ""),
                    "path": (r.get("path") or {}).get("value", ""), "doc": r["g"]["value"]}
            item["doc_name"] = item["title"] or posixpath.basename(item["path"]) or item["doc"]
            item["doc_href"] = links.href(item["doc"])
            if item not in self.by_fact[f]:
                self.by_fact[f].append(item)

    def of(self, iri: str) -> list[dict]:
        return self.by_fact.get(iri, [])


# ---------------------------------------------------------------- the organisation profile

def _statements(run: Runner, iri: str, names: Names):
    """The resource's statements (``dir`` out) and up to 301 that refer to it (``dir`` in), names noted."""
    rows = [{**r, "dir": {"value": "out"}} for r in run(page_query("resource", iri))]
    rows += [{**r, "dir": {"value": "in"}} for r in run(page_query("referrers", iri))]
    for r in rows:
        if r["o"]["type"] == "uri":
            names.add(r["o"]["value"], r.get("ol"))
    return rows


def is_organisation(rows: list[dict]) -> bool:
    return any(r["dir"]["value"] == "out" and r["p"]["value"] == RDF_TYPE and r["o"]["value"] == OKG + "Organisation"
               for r in rows)


def profile_context(run: Runner, iri: str, names: Names, links: Links, rows: list[dict] | None = None) -> dict | None:
    rows = rows if rows is not None else _statements(run, iri, names)
    if not rows:
        return None
    own = defaultdict(list)
    for r in rows:
        p, o = r["p"]["value"], r["o"]
        if r["dir"]["value"] == "out" and o not in own[p]:
            own[p].append(o)
    for r in rows:
        if r["dir"]["value"] == "out" and r["p"]["value"] in NAME_PROPS:
            names.add(iri, r["o"])
    facts: dict[str, Fact] = {}
    for r in run(page_query("around", iri)):
        f = facts.setdefault(r["f"]["value"], Fact(r["f"]["value"]))
        f.roles.add(r["role"]["value"])
        p, o = r["p"]["value"], r["o"]
        if p == RDF_TYPE:
            f.types.add(o["value"])
        elif o not in f.props[p]:
            f.props[p].append(o)
        if o["type"] == "uri":
            names.add(o["value"], r.get("ol"))
    ev = Evidence(run, iri, links)
    units = [{"iri": f.iri} for f in facts.values() if ORG + "subOrganizationOf" in f.roles]
    for u in units:
        u["name"] = names.both(u["iri"])
        u["href"] = links.href(u["iri"])
    alt = sorted({o["value"] for o in own.get(SKOS + "altLabel", [])} - {names.get(iri, "vi")})
    parent = next((o["value"] for o in own.get(ORG + "subOrganizationOf", [])), None)
    org_type = next((o["value"] for o in own.get(OKG + "orgType", [])), "")

    def fact_link(f):
        return {"href": links.href(f), "evidence": ev.of(f)}

    figures, conflicts = [], []
    for f in facts.values():
        if OKG + "subject" not in f.roles or not (f.types & {OKG + "MetricObservation", OKG + "PlanTarget"}):
            continue
        ind = f.one(OKG + "indicator")
        period = f.one(OKG + "period")
        fig = {"iri": f.iri, "indicator": names.both(ind), "indicator_iri": ind or "", "period": _period_label(names, period),
               "period_iri": period or "", "value": _value(f, names), "number": f.number(QUDT + "numericValue"),
               "unit": names.notation.get(f.one(QUDT + "unit") or "", ""),
               "plan": {l: _percent(f.number(OKG + "planAttainmentPercent"), l) for l in ("vi", "en")},
               "growth": {l: _percent(f.number(OKG + "growthPercent"), l, sign=True) for l in ("vi", "en")},
               "compared_to": f.one(OKG + "comparedTo") or "",
               "qualifiers": {l: ", ".join(names.get(q, l) for q in sorted(f.all(OKG + "qualifier")) if not q.endswith("#exact"))
                              for l in ("vi", "en")},
               "target": OKG + "PlanTarget" in f.types, "part_of": f.one(OKG + "partOfMetric"), **fact_link(f.iri)}
        figures.append(fig)
    for r in run(page_query("conflicts", iri)):
        a, b = r["a"]["value"], r["b"]["value"]
        if (b, a) not in {(c["a"], c["b"]) for c in conflicts}:  # the property is symmetric: each pair once
            conflicts.append({"a": a, "b": b})
    by_iri = {x["iri"]: x for x in figures}

    def order(x):  # a part right after its total; the totals by indicator, then period
        total = by_iri.get(x["part_of"]) if x["part_of"] else None
        head = total or x
        return (head["indicator"]["vi"], head["period"], head["iri"], total is not None, x["indicator"]["vi"], x["target"], x["iri"])
    figures.sort(key=order)
    previous = None
    for x in figures:  # a sentence that states several figures is quoted once, at its first row
        sentences = [e["sentence"] for e in x["evidence"]]
        x["same_evidence"] = bool(sentences) and sentences == previous
        previous = sentences
    for c in conflicts:
        c["fig_a"], c["fig_b"] = by_iri.get(c["a"]), by_iri.get(c["b"])
        c["href_b"] = links.href(c["b"])
    conflicts = [c for c in conflicts if c["fig_a"]]

    def award_row(f: Fact):
        period = f.one(OKG + "period")
        body = f.one(OKG + "conferredBy")
        recipient = f.one(OKG + "recipient")
        t = f.one(OKG + "awardType")
        return {"iri": f.iri, "year": _year(period), "period": _period_label(names, period),
                "type": names.both(t), "title": f.one(OKG + "honoraryTitle") or "",
                "body": names.both(body) if body else None, "body_href": links.href(body),
                "recipient": names.both(recipient) if recipient else None, "recipient_href": links.href(recipient),
                "count": f.one(OKG + "recipientCount") or "", "reason": f.one(OKG + "reason") or "", **fact_link(f.iri)}

    awards = [f for f in facts.values() if OKG + "AwardConferral" in f.types]
    received = sorted((award_row(f) for f in awards if OKG + "recipient" in f.roles),
                      key=lambda a: (a["year"] or "9999", a["type"]["vi"], a["iri"]))
    conferred = sorted((award_row(f) for f in awards if OKG + "conferredBy" in f.roles),
                       key=lambda a: (a["year"] or "9999", a["type"]["vi"], a["iri"]))
    campaigns = sorted(({"iri": f.iri, "name": f.one(SCHEMA_NAME) or names.get(f.iri, "vi"),
                         "period": _period_label(names, f.one(OKG + "period")),
                         "launched": OKG + "launchedBy" in f.roles, **fact_link(f.iri)}
                        for f in facts.values() if OKG + "EmulationCampaign" in f.types),
                       key=lambda c: (c["period"], c["name"]))
    events = sorted(({"iri": f.iri, "type": names.both(f.one(OKG + "eventType")), "date": f.one(SCHEMA_START_DATE) or "",
                      **fact_link(f.iri)} for f in facts.values() if OKG + "Event" in f.types), key=lambda e: (e["date"], e["iri"]))
    return {"iri": iri, "name": names.both(iri), "alt": alt, "org_type": org_type,
            "parent": {"name": names.both(parent), "href": links.href(parent)} if parent else None,
            "units": sorted(units, key=lambda u: u["name"]["vi"]),
            "figures": figures, "charts": _charts(figures), "received": _by_year(received), "conferred": _by_year(conferred),
            "campaigns": campaigns, "events": events, "conflicts": conflicts,
            "kind": "body" if conferred and not received and not figures else "organisation"}


def _by_year(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r["year"], []).append(r)
    return list(out.items())


def _charts(figures: list[dict]) -> list[dict]:
    """One small bar chart per indicator and unit that has achieved figures for two periods or more."""
    groups: dict[tuple, dict] = {}
    for f in figures:
        if f["target"] or f["number"] is None or not f["period"]:
            continue
        g = groups.setdefault((f["indicator_iri"], f["unit"]), {"indicator": f["indicator"], "points": {}})
        g["points"].setdefault(f["period"], f)
    charts = []
    for g in groups.values():
        pts = sorted(g["points"].items())
        if len(pts) < 2:
            continue
        top = max(abs(p["number"]) for _, p in pts) or 1
        w, h, gap = 56, 110, 14
        bars = [{"x": gap + i * (w + gap), "w": w, "h": round(h * abs(p["number"]) / top, 1), "period": period,
                 "value": p["value"]} for i, (period, p) in enumerate(pts)]
        for b in bars:
            b["y"] = 20 + h - b["h"]
        charts.append({"indicator": g["indicator"], "bars": bars, "width": gap + len(bars) * (w + gap), "height": h + 42,
                       "base": 20 + h})
    return charts


# ---------------------------------------------------------------- any resource

def resource_context(run: Runner, iri: str, names: Names, links: Links, rows: list[dict] | None = None) -> dict | None:
    rows = rows if rows is not None else _statements(run, iri, names)
    if not rows:
        return None
    ev = Evidence(run, iri, links)
    merged: dict[tuple, dict] = {}
    types = set()
    for r in rows:
        d, p, o = r["dir"]["value"], r["p"]["value"], r["o"]
        if d == "out" and p == RDF_TYPE:
            types.add(o["value"])
        if d == "out" and p in NAME_PROPS:
            names.add(iri, o)
        key = (d, p, o["type"], o["value"], o.get("xml:lang", ""))
        e = merged.setdefault(key, {"dir": d, "p": p, "o": o, "graphs": set()})
        e["graphs"].add(r["g"]["value"])
    fact = Fact(iri)
    for (d, p, *_), e in merged.items():
        if d == "out":
            fact.props[p].append(e["o"])
    value = _value(fact, names) if QUDT + "numericValue" in fact.props else None
    lines = []
    for e in merged.values():
        o = e["o"]
        graphs = sorted(e["graphs"])  # a shared period is stated by every document: a few are linked, the rest counted
        line = {"dir": e["dir"], "p": e["p"], "p_name": names.both(e["p"]), "more_graphs": max(0, len(graphs) - GRAPHS_SHOWN),
                "graphs": [{"name": _tail(g), "href": links.href(g)} for g in graphs[:GRAPHS_SHOWN]]}
        if o["type"] == "uri":
            line.update(is_iri=True, value=o["value"], href=links.href(o["value"]), name=names.both(o["value"]))
        else:
            line.update(is_iri=False, value=o["value"], lang=o.get("xml:lang", ""), name=None)
            if e["p"] == QUDT + "numericValue" and value:
                line["formatted"] = value
            elif e["p"] in (OKG + "planAttainmentPercent", OKG + "growthPercent"):
                num = float(o["value"])
                line["formatted"] = {l: _percent(num, l, sign=e["p"] == OKG + "growthPercent") for l in ("vi", "en")}
        lines.append(line)
    lines.sort(key=lambda x: (x["dir"], x["p_name"]["en"], x["value"]))
    kind = [names.both(t) for t in sorted(types) if t.startswith(OKG)]
    incoming = [x for x in lines if x["dir"] == "in"]
    total = len(incoming)
    if total > INCOMING_SHOWN:
        total = int(run(page_query("referrers-count", iri))[0]["n"]["value"])
    return {"iri": iri, "name": names.both(iri) if names.by_iri.get(iri) else None, "kinds": kind, "value": value,
            "outgoing": [x for x in lines if x["dir"] == "out"], "incoming": incoming[:INCOMING_SHOWN],
            "incoming_total": total, "evidence": ev.of(iri)}


# A period or a unit is named by thousands of facts in a large graph: the page lists this many of them.
INCOMING_SHOWN = 300
GRAPHS_SHOWN = 5


# ---------------------------------------------------------------- JSON-LD

def compact_jsonld(triples, iri: str, prefixes: dict[str, str]) -> dict:
    """Triples (pyoxigraph) -> compact JSON-LD: one node object per subject, CURIEs, an ``@context`` of prefixes."""
    import pyoxigraph as ox

    ctx = {p: ns for p, ns in prefixes.items()}
    ctx["id"] = ID_BASE

    def curie(x: str) -> str:
        for p, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if x.startswith(ns) and re.fullmatch(r"[\w.\-/]*", x[len(ns):]):
                return f"{p}:{x[len(ns):]}"
        if x.startswith(ID_BASE):
            return "id:" + x[len(ID_BASE):]
        return x

    nodes: dict[str, dict] = {}
    for t in triples:
        s = t.subject.value if isinstance(t.subject, ox.NamedNode) else "_:" + t.subject.value
        node = nodes.setdefault(s, {"@id": curie(s) if not s.startswith("_:") else s})
        p, o = t.predicate.value, t.object
        if p == RDF_TYPE:
            node.setdefault("@type", []).append(curie(o.value))
            continue
        if isinstance(o, ox.NamedNode):
            v = {"@id": curie(o.value)}
        elif isinstance(o, ox.BlankNode):
            v = {"@id": "_:" + o.value}
        elif o.language:
            v = {"@value": o.value, "@language": o.language}
        elif o.datatype.value == XSD_STRING:
            v = o.value
        else:
            v = {"@value": o.value, "@type": curie(o.datatype.value)}
        vals = node.setdefault(curie(p), [])
        if v not in vals:
            vals.append(v)
    graph = []
    for s in sorted(nodes, key=lambda s: (s != iri, s)):
        node = nodes[s]
        for k, v in list(node.items()):
            if isinstance(v, list) and len(v) == 1:
                node[k] = v[0]
        graph.append(node)
    return {"@context": ctx, "@graph": graph}


# ---------------------------------------------------------------- rendering

def environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("orgkg.viz").joinpath("templates", name).read_text(encoding="utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True)


class Pages:
    """Renders the page of an IRI: a profile for an organisation, a readable statement list for anything else."""

    def __init__(self, run: Runner, links: Links | None = None, env: jinja2.Environment | None = None,
                 served: bool = True, names: Names | None = None):
        self.run = run
        self.links = links or Links()
        self.env = env or environment()
        self.served = served
        self._vocab = names
        self.profiles: dict[str, dict] = {}  # the organisations rendered so far, for the static index

    def names(self) -> Names:
        if self._vocab is None:
            self._vocab = Names.load(self.run)
        n = Names(defaultdict(dict, {k: dict(v) for k, v in self._vocab.by_iri.items()}), self._vocab.notation,
                  self._vocab.words)
        return n

    def render(self, iri: str, lang: str = "vi") -> str | None:
        """The HTML page of ``iri``, or None when nothing is known about it."""
        names = self.names()
        cut = []

        def run(text):
            rows = self.run(text)
            cut.append(getattr(rows, "cut", False))
            return rows
        rows = _statements(run, iri, names)
        if not rows:
            return None
        if is_organisation(rows):
            ctx = profile_context(run, iri, names, self.links, rows)
            template = "profile.html"
            facts = (len(ctx["figures"]) + sum(len(r) for _, r in ctx["received"] + ctx["conferred"])
                     + len(ctx["campaigns"]) + len(ctx["events"]))
            self.profiles[iri] = {"name": ctx["name"], "kind": ctx["kind"], "facts": facts, "href": self.links.href(iri)}
        else:
            ctx = resource_context(run, iri, names, self.links, rows)
            template = "resource.html"
        return self.env.get_template(template).render(
            page=ctx, w=names.words, lang=lang if lang in ("vi", "en") else "vi", served=self.served,
            index_href=self._index_href(), truncated=any(cut))

    def _index_href(self) -> str | None:
        if not self.links.static:
            return None
        return posixpath.relpath("index.html", posixpath.dirname(self.links.here) or ".")


def write_profiles(store, folder: Path) -> int:
    """Static offline pages: a profile per organisation that has facts, a page per fact it names, an index.

    Returns the number of pages written. Links between them are relative, so the folder opens anywhere;
    a link to a resource without a page of its own (a period, an indicator) is left as plain text.
    """
    folder = Path(folder)
    run = store_runner(store)
    pairs = run(page_query("profiles"))
    orgs = sorted({r["org"]["value"] for r in pairs})
    links = Links(static=True, written=set(orgs) | {r["f"]["value"] for r in pairs})
    pages = Pages(run, links, environment(), served=False)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for iri in sorted(links.written):
        links.here = links.file_of(iri)
        html = pages.render(iri)
        if html is None:
            continue
        path = folder / links.here
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        count += 1
    links.here = "index.html"
    for iri, e in pages.profiles.items():
        e["href"] = links.file_of(iri)  # from the index, at the folder's root
    entries = sorted(pages.profiles.values(), key=lambda e: (e["name"]["vi"], e["href"]))
    (folder / "index.html").write_text(pages.env.get_template("profiles-index.html").render(
        entries=entries, w=pages.names().words, lang="vi", served=False, index_href=None), encoding="utf-8")
    return count + 1


def jsonld_bytes(ntriples: bytes, iri: str, prefixes: dict[str, str]) -> bytes:
    """N-Triples (a CONSTRUCT's answer) -> compact JSON-LD bytes with an ``@context``."""
    import pyoxigraph as ox
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return json.dumps(compact_jsonld(triples, iri, prefixes), ensure_ascii=False, indent=1).encode()
