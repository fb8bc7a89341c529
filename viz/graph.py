"""The graph view: RDF -> networkx -> pyvis data -> one self-contained HTML file.

Nodes are organisations, awarding bodies, persons, awards, campaigns, metrics
and events; edges are named relations with Vietnamese and English labels.
pyvis turns the networkx graph into vis-network's node/edge data; our own
Jinja template (``templates/graph.html``) inlines vis-network (shipped inside
pyvis) and the page script, so the file opens by double-click with no network.
The same networkx graph is exported as GraphML and GEXF for Gephi & co.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx

import pyoxigraph as ox

from orgkg.ontology.terms import BASE, OKG as OKG_NS
from orgkg.queries.canned import bind


def _words() -> dict:
    """The view's words (kinds, relations, number and unit words) from ``labels.toml``: Vietnamese stays in data."""
    import tomllib
    return tomllib.loads(resources.files("orgkg.viz").joinpath("labels.toml").read_text(encoding="utf-8"))["graph"]


_W = _words()
# kind -> (shape, colour, Vietnamese name, English name, English plural)
KINDS = {k: tuple(v) for k, v in _W["kinds"].items()}
# relation -> (Vietnamese, English)
RELATIONS = {k: tuple(v) for k, v in _W["relations"].items()}
WORDS = {k: {"vi": v[0], "en": v[1]} for k, v in _W["words"].items()}
OVERVIEW_LIMIT = 1500   # above this many nodes the page opens on one node per organisation

def _view_query(name: str) -> str:
    """One of the view's queries, ``queries/view/NAME.rq``."""
    return resources.files("orgkg.queries").joinpath("view", f"{name}.rq").read_text(encoding="utf-8")


LABELS, FACTS, EVIDENCE = _view_query("labels"), _view_query("facts"), _view_query("evidence")
# One query per class (queries/view/facts.rq, the class bound in it).
CLASSES = ("Organisation", "Person", "AwardConferral", "MetricObservation", "EmulationCampaign", "Event")
OKG = str(OKG_NS._NS)


# ---------------------------------------------------------------- values

_SCALES = sorted(((float(v[0]), v[1], v[2]) for v in _W["scales"].values()), reverse=True)
_QUAL = {"over": "> ", "under": "< ", "approximately": "≈ ", "estimated": "~ "}
_UNITS = {k: tuple(v) for k, v in _W["units"].items()}


def vn_number(x: float, decimals: int = 3) -> str:
    """1234567.5 -> '1.234.567,5' (Vietnamese grouping and decimal comma)."""
    s = f"{x:,.{decimals}f}".rstrip("0").rstrip(".")
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_value(value: float | None, unit: str, quals: list[str], lang: str = "vi") -> str:
    """'> 250 tỷ đồng', '≈ 6 tỷ đồng', '12.345', '3,7%'; English: '> 250 billion VND'."""
    if value is None:
        return ""
    q = next((_QUAL[k] for k in ("over", "under", "approximately", "estimated") if k in quals), "")
    word = ""
    if unit in ("VND", "USD", "kWh", "count", "person") and abs(value) >= 1e6:
        for scale, vi, en in _SCALES:
            if abs(value) >= scale:
                value, word = value / scale, (vi if lang == "vi" else en)
                break
    num = vn_number(value) if lang == "vi" else f"{value:,.3f}".rstrip("0").rstrip(".")
    u = _UNITS.get(unit, (unit, unit))[0 if lang == "vi" else 1]
    if unit == "percent":
        return f"{q}{num}%"
    return " ".join(x for x in (q + num, word, u) if x)


def _year(period: str | None) -> str | None:
    m = re.match(r"(\d{4})", period or "")
    return m.group(1) if m else None


# ---------------------------------------------------------------- graph

def _query(store, text: str):
    return store.query(text, use_default_graph_as_union=True)


class _Facts:
    """Every fact and entity as {iri: {property local name: [values]}}, labels by language, evidence by fact."""

    def __init__(self, store):
        from orgkg.queries.store import term_value
        self.labels: dict[str, dict[str, str]] = {}
        for r in _query(store, LABELS):
            lit = r["l"]
            lang = getattr(lit, "language", None) or ""
            self.labels.setdefault(r["x"].value, {}).setdefault(lang, lit.value)
        self.by_class: dict[str, dict[str, dict[str, list]]] = {}
        for cls, r in ((c, r) for c in CLASSES for r in _query(store, bind(FACTS, {"class": ox.NamedNode(str(OKG_NS[c]))}))):
            prop = r["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            props = self.by_class.setdefault(cls, {}).setdefault(r["x"].value, {})
            vals = props.setdefault(prop, [])
            v = term_value(r["o"])
            if v not in vals:
                vals.append(v)
        self.evidence = {r["x"].value: (r["sentence"].value, r["document"].value) for r in _query(store, EVIDENCE)
                         if r["sentence"] is not None}

    def label(self, iri, lang="vi"):
        ls = self.labels.get(iri) or {}
        return ls.get(lang) or ls.get("") or ls.get("vi") or ls.get("en") or next(iter(ls.values()), None)

    def items(self, cls):
        return sorted(self.by_class.get(cls, {}).items())


def _one(props, name):
    v = props.get(name)
    return v[0] if v else None


def _details(f: "_Facts", **fields) -> dict:
    """Tooltip lines in both languages: {'vi': {word: value}, 'en': {…}}. A field is a plain value (article text,
    the same in both) or an IRI of the vocabulary, named in each language."""
    out = {"vi": {}, "en": {}}
    for key, (value, is_term) in fields.items():
        if value in (None, ""):
            continue
        for lang in ("vi", "en"):
            if is_term:
                v = "; ".join(x for x in (f.label(t, lang) for t in (value if isinstance(value, list) else [value])) if x)
            else:
                v = value
            if v not in (None, ""):
                out[lang][WORDS[key][lang]] = str(v)
    return out


def build_graph(store) -> nx.MultiDiGraph:
    """The view's graph from a store (pyoxigraph Store or anything with the same ``query``)."""
    f = _Facts(store)
    g = nx.MultiDiGraph()
    awards = f.items("AwardConferral")
    bodies = {_one(a, "conferredBy") for _, a in awards} - {None}
    receivers = {r for _, a in awards for r in a.get("recipient", [])}
    orgs = f.items("Organisation")
    for x, o in orgs:
        name = f.label(x)
        kind = "body" if x in bodies and x not in receivers else "organisation"
        _node(g, x, kind, name, name, details=_details(f, type=(_one(o, "orgType"), False)))
    for x, o in orgs:
        parent = _one(o, "subOrganizationOf")
        if parent in g:
            _edge(g, x, parent, "unit_of")
    for x, pr in f.items("Person"):
        role = _one(pr, "role")
        label = f.label(x) + (f" ({role})" if role else "")
        _node(g, x, "person", label, label, details=_details(f, role=(role, False)))
        if _one(pr, "worksFor") in g:
            _edge(g, x, _one(pr, "worksFor"), "works_for")
    for x, a in awards:
        t, period, count = _one(a, "awardType"), f.label(_one(a, "period")), _one(a, "recipientCount")
        recipient = _one(a, "recipient")
        title = _one(a, "honoraryTitle")
        who = f" × {f.label(recipient)}" if count else ""
        when = f" ({period})" if period else ""
        sentence, document = f.evidence.get(x, (None, None))
        body = _one(a, "conferredBy")
        _node(g, x, "award", f"{title or f.label(t, 'vi')}{who}{when}", f"{title or f.label(t, 'en')}{who}{when}",
              year=_year(period), details=_details(f, type=(t, True), title=(title, False), period=(period, False),
                                                   body=(body, True), recipient=(recipient, True),
                                                   reason=(_one(a, "reason"), False)),
              sentence=sentence, document=document, short_vi=f.label(t, "vi"), short_en=f.label(t, "en"))
        _numbers(g, x, recipient_count=count)
        if body in g:
            _edge(g, body, x, "conferred")
        if recipient in g:
            _edge(g, x, recipient, "awarded_to")
        if _one(a, "presentedBy") in g:
            _edge(g, _one(a, "presentedBy"), x, "presented")
    for x, m in f.items("MetricObservation"):
        quals = [q.rsplit("#", 1)[-1] for q in m.get("qualifier", [])]
        unit = f.label(_one(m, "unit"), "") or "count"
        period = f.label(_one(m, "period"))
        plan, growth, value = _one(m, "planAttainmentPercent"), _one(m, "growthPercent"), _one(m, "numericValue")
        ind = _one(m, "indicator")
        labels = {}
        for lang in ("vi", "en"):
            v = format_value(value, unit, quals, lang)
            num = (lambda x: vn_number(x)) if lang == "vi" else (lambda x: f"{x:,.3f}".rstrip("0").rstrip("."))
            extra = "; ".join(x for x in (
                f"{num(plan)}{WORDS['of_plan'][lang]}" if plan is not None else "",
                f"{'+' if growth > 0 else ''}{num(growth)}% {WORDS['growth'][lang]}" if growth is not None else "") if x)
            labels[lang] = f"{f.label(ind, lang)}: {v or extra}" + (f" ({extra})" if v and extra else "") + f"\n{period or ''}"
        sentence, document = f.evidence.get(x, (None, None))
        _node(g, x, "metric", labels["vi"], labels["en"], year=_year(period),
              details=_details(f, qualifier=(m.get("qualifier"), True), period=(period, False)),
              sentence=sentence, document=document)
        _numbers(g, x, value=value, unit=unit, plan_percent=plan, growth_percent=growth)
        if _one(m, "subject") in g:
            _edge(g, _one(m, "subject"), x, "reported")
    for x, c in f.items("EmulationCampaign"):
        name, period = _one(c, "name"), f.label(_one(c, "period"))
        sentence, document = f.evidence.get(x, (None, None))
        _node(g, x, "campaign", name, name, year=_year(period), details=_details(f, period=(period, False)),
              sentence=sentence, document=document)
        launcher, participant = _one(c, "launchedBy"), _one(c, "participant")
        if launcher in g:
            _edge(g, launcher, x, "launched")
        if participant in g and participant != launcher:
            _edge(g, participant, x, "joined")
    for x, e in f.items("Event"):
        t, date = _one(e, "eventType"), _one(e, "startDate")
        sentence, document = f.evidence.get(x, (None, None))
        _node(g, x, "event", f"{f.label(t, 'vi') or WORDS['event']['vi']} {date or ''}".strip(),
              f"{f.label(t, 'en') or WORDS['event']['en']} {date or ''}".strip(),
              year=_year(date), details=_details(f, type=(t, True), date=(date, False)), sentence=sentence, document=document)
        if _one(e, "organizer") in g:
            _edge(g, _one(e, "organizer"), x, "organised")
    _assign_owners(g)
    return g


def _node(g, iri, kind, label_vi, label_en, year=None, details=None, sentence=None, document=None, **extra):
    shape, colour, *_ = KINDS[kind]
    details = details or {"vi": {}, "en": {}}
    g.add_node(iri, kind=kind, label=label_vi, label_vi=label_vi, label_en=label_en, shape=shape, color=colour,
               year=year or "", sentence=sentence or "", document=document or "",
               details=json.dumps(details["vi"], ensure_ascii=False), details_en=json.dumps(details["en"], ensure_ascii=False),
               **{k: v or "" for k, v in extra.items()})


def _numbers(g, x, **values) -> None:
    """Figures as numbers on a node (GraphML doubles, GEXF attributes), beside the label that shows them as text."""
    for k, v in values.items():
        if v is None or v == "":
            continue
        g.nodes[x][k] = v if isinstance(v, str) else float(v)


def _edge(g, u, v, rel):
    vi, en = RELATIONS[rel]
    g.add_edge(u, v, key=rel, relation=rel, label=vi, label_vi=vi, label_en=en)


ENTITY_KINDS = ("organisation", "body")


def _assign_owners(g: nx.MultiDiGraph) -> None:
    """Each node's organisations, for the organisation filter.

    A fact belongs to every organisation or body it touches (an award to its recipient and to the body
    that conferred it). An organisation belongs to itself and to each organisation it shares a fact
    with, so filtering by an organisation keeps the bodies that conferred its awards and the launchers
    of the campaigns it joined.
    """
    for n, d in g.nodes(data=True):
        if d["kind"] not in ENTITY_KINDS:
            owners = set()
            for m in nx.all_neighbors(g, n):
                if g.nodes[m]["kind"] in ENTITY_KINDS:
                    owners.add(m)
                elif g.nodes[m]["kind"] == "person" and d["kind"] != "person":  # an award to a person: also its employer's
                    owners.update(w for w in nx.all_neighbors(g, m) if g.nodes[w]["kind"] in ENTITY_KINDS)
            d["orgs"] = " ".join(sorted(owners))
    for n, d in g.nodes(data=True):
        if d["kind"] in ENTITY_KINDS:
            owners = {n}
            for m in nx.all_neighbors(g, n):
                if g.nodes[m]["kind"] not in ENTITY_KINDS:
                    owners.update(g.nodes[m]["orgs"].split())
            d["orgs"] = " ".join(sorted(owners))


# ---------------------------------------------------------------- output

def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, loader=jinja2.FunctionLoader(
        lambda name: resources.files("orgkg.viz").joinpath("templates", name).read_text(encoding="utf-8")))
    return env.get_template("graph.html")


def _vis_assets() -> tuple[str, str]:
    import pyvis
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _script_json(data) -> str:
    """JSON safe inside <script>: no '</script>', no '<!--', no U+2028/2029."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _Ids(list):
    """pyvis's list of node ids, with set membership: its per-node and per-edge checks are then O(1), not O(n)."""

    def __init__(self):
        super().__init__()
        self._set = set()

    def append(self, x):
        super().append(x)
        self._set.add(x)

    def __contains__(self, x):
        return x in self._set


def to_html(g: nx.MultiDiGraph, title: str = "orgkg", overview_limit: int = OVERVIEW_LIMIT) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _Ids()
    if g.number_of_nodes():
        net.from_nx(g, show_edge_weights=False)
    nodes, edges, *_ = net.get_network_data()
    for e in edges:  # pyvis keeps edge attributes; make ids stable for the page
        e.pop("width", None)
    for n in nodes:
        n.pop("title", None)  # tooltips are built by the page script from text fields, never as HTML
    js, css = _vis_assets()
    legend = [{"kind": k, "shape": s, "color": c, "vi": vi, "en": en, "en_plural": pl} for k, (s, c, vi, en, pl) in KINDS.items()]
    data = {"nodes": nodes, "edges": edges, "legend": legend, "overview_limit": overview_limit, "links": award_links(g),
            "id_base": BASE,
            "relations": {k: {"vi": vi, "en": en} for k, (vi, en) in RELATIONS.items()}}
    return _template().render(title=title, data=_markup(_script_json(data)), vis_js=_markup(js), vis_css=_markup(css),
                              node_count=len(nodes), edge_count=len(edges))


def award_links(g: nx.MultiDiGraph) -> list[dict]:
    """For the opening view: one edge per award from the body that conferred it to the organisation that
    received it (or the employer of the person who did), drawn while the award itself is folded away."""
    links = []
    for n, d in g.nodes(data=True):
        if d["kind"] != "award":
            continue
        bodies = [u for u, _, k in g.in_edges(n, keys=True) if k == "conferred"]
        to = [v for _, v, k in g.out_edges(n, keys=True) if k == "awarded_to"]
        to = [v if g.nodes[v]["kind"] in ENTITY_KINDS else next(
            (w for _, w, k in g.out_edges(v, keys=True) if k == "works_for"), None) for v in to]
        for b in bodies:
            for r in to:
                if r and r != b:
                    year = f" {d['year']}" if d["year"] else ""
                    links.append({"from": b, "to": r, "award": n, "year": d["year"],
                                  "label_vi": d.get("short_vi", "") + year, "label_en": d.get("short_en", "") + year})
    return sorted(links, key=lambda x: (x["from"], x["to"], x["award"]))


def _markup(s: str):
    from markupsafe import Markup
    return Markup(s.replace("</script", "<\\/script"))


# GEXF node sizes per kind: the organisations the graph is about largest, the many figures smallest
SIZES = {"body": 30.0, "organisation": 24.0, "award": 14.0, "campaign": 14.0, "event": 12.0, "person": 12.0, "metric": 8.0}


def _rgb(colour: str) -> dict:
    c = colour.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def export(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML or GEXF by the file's extension, for Gephi, yEd, Cytoscape: each edge with an id of its own
    (``e0``, ``e1``…; the relation is an attribute), figures as numbers (value, plan_percent, growth_percent,
    recipient_count, year) and, in GEXF, each kind's colour and size."""
    path = Path(path)
    gexf = path.suffix == ".gexf"
    plain = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        attrs = {k: ("" if v is None else v) for k, v in d.items()}
        year = str(attrs.pop("year", "") or "")
        if year[:4].isdigit():
            attrs["year"] = int(year[:4])
        if gexf:
            attrs["viz"] = {"color": _rgb(d.get("color") or "#888888"), "size": SIZES.get(d.get("kind"), 10.0)}
        plain.add_node(n, **attrs)
    for i, (u, v, _, d) in enumerate(g.edges(keys=True, data=True)):
        plain.add_edge(u, v, key=f"e{i}", **({"id": f"e{i}"} if gexf else {}), **d)
    if path.suffix == ".graphml":
        nx.write_graphml(plain, path)
    elif path.suffix == ".gexf":
        nx.write_gexf(plain, path)
    else:
        raise ValueError(f"{path}: unknown export format (use .html, .graphml or .gexf)")


def write_view(store, out: Path, title: str = "orgkg") -> nx.MultiDiGraph:
    """Write the HTML view (or an export, by extension) atomically; return the graph."""
    g = build_graph(store)
    out = Path(out)
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
    try:
        if out.suffix in (".html", ".htm"):
            tmp.write_text(to_html(g, title), encoding="utf-8")
        else:
            export(g, tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return g

