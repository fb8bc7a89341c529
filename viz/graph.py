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

# kind -> (shape, colour, Vietnamese name, English name)
KINDS = {
    "organisation": ("dot", "#2b6cb0", "Tổ chức", "Organisation"),
    "body": ("diamond", "#805ad5", "Cơ quan khen thưởng", "Awarding body"),
    "person": ("triangleDown", "#dd6b20", "Cá nhân", "Person"),
    "award": ("star", "#d69e2e", "Khen thưởng", "Award"),
    "campaign": ("triangle", "#38a169", "Phong trào thi đua", "Campaign"),
    "metric": ("box", "#b2f5ea", "Chỉ tiêu", "Metric"),
    "event": ("hexagon", "#e53e3e", "Sự kiện", "Event"),
}
# relation -> (Vietnamese, English)
RELATIONS = {
    "conferred": ("trao tặng", "conferred"),
    "awarded_to": ("cho", "awarded to"),
    "presented": ("trao", "presented"),
    "reported": ("đạt", "reported"),
    "launched": ("phát động", "launched"),
    "joined": ("hưởng ứng", "took part in"),
    "unit_of": ("trực thuộc", "unit of"),
    "works_for": ("công tác tại", "works for"),
    "organised": ("tổ chức", "organised"),
}
OVERVIEW_LIMIT = 1500   # above this many nodes the page opens on one node per organisation

PREFIX = """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX qudt: <http://qudt.org/schema/qudt/> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX schema: <https://schema.org/> PREFIX time: <http://www.w3.org/2006/time#>
"""
EVIDENCE = """OPTIONAL { SELECT ?x (MIN(?st) AS ?sentence) (MIN(?dp) AS ?document) WHERE {
    GRAPH ?eg { ?x okg:evidence ?men . ?men okg:sentence ?s . ?s nif:isString ?st . ?eg okg:sourcePath ?dp } } GROUP BY ?x }"""

Q = {
    "orgs": """SELECT ?x (SAMPLE(?n) AS ?name) (SAMPLE(?t) AS ?type) (SAMPLE(?par) AS ?parent) WHERE {
        ?x a okg:Organisation ; skos:prefLabel ?n .
        OPTIONAL { ?x okg:orgType ?t } OPTIONAL { ?x org:subOrganizationOf ?par } } GROUP BY ?x""",
    "persons": """SELECT ?x (SAMPLE(?n) AS ?name) (SAMPLE(?r) AS ?role) (SAMPLE(?w) AS ?works_for) WHERE {
        ?x a okg:Person ; schema:name ?n . OPTIONAL { ?x okg:role ?r } OPTIONAL { ?x schema:worksFor ?w } } GROUP BY ?x""",
    "awards": """SELECT ?x ?type_vi ?type_en ?title ?recipient ?recipient_label ?count ?body ?presenter ?period ?reason ?sentence ?document WHERE {
        { SELECT ?x (SAMPLE(?tv) AS ?type_vi) (SAMPLE(?te) AS ?type_en) (SAMPLE(?ti) AS ?title) (SAMPLE(?r) AS ?recipient)
                 (SAMPLE(?rl) AS ?recipient_label) (SAMPLE(?rc) AS ?count) (SAMPLE(?c) AS ?body) (SAMPLE(?pb) AS ?presenter)
                 (SAMPLE(?pl) AS ?period) (SAMPLE(?re) AS ?reason) WHERE {
            ?x a okg:AwardConferral ; okg:awardType ?t ; okg:recipient ?r .
            ?t skos:prefLabel ?tv . FILTER(LANG(?tv) = "vi") ?t skos:prefLabel ?te . FILTER(LANG(?te) = "en")
            OPTIONAL { ?r rdfs:label ?rl } OPTIONAL { ?x okg:honoraryTitle ?ti } OPTIONAL { ?x okg:recipientCount ?rc }
            OPTIONAL { ?x okg:conferredBy ?c } OPTIONAL { ?x okg:presentedBy ?pb }
            OPTIONAL { ?x okg:period ?p . ?p rdfs:label ?pl } OPTIONAL { ?x okg:reason ?re } } GROUP BY ?x }
        """ + EVIDENCE + "}",
    "metrics": """SELECT ?x ?subject ?ind_vi ?ind_en ?value ?unit ?quals ?period ?plan ?growth ?sentence ?document WHERE {
        { SELECT ?x (SAMPLE(?s) AS ?subject) (SAMPLE(?iv) AS ?ind_vi) (SAMPLE(?ie) AS ?ind_en) (SAMPLE(?v) AS ?value)
                 (SAMPLE(?u) AS ?unit) (GROUP_CONCAT(DISTINCT ?q; separator=" ") AS ?quals) (SAMPLE(?pl) AS ?period)
                 (SAMPLE(?pa) AS ?plan) (SAMPLE(?gr) AS ?growth) WHERE {
            ?x a okg:MetricObservation ; okg:subject ?s ; okg:indicator ?i ; qudt:unit ?ui .
            ?i skos:prefLabel ?iv . FILTER(LANG(?iv) = "vi") ?i skos:prefLabel ?ie . FILTER(LANG(?ie) = "en")
            ?ui skos:notation ?u .
            OPTIONAL { ?x qudt:numericValue ?v } OPTIONAL { ?x okg:qualifier ?qi BIND(STRAFTER(STR(?qi), "#") AS ?q) }
            OPTIONAL { ?x okg:period ?p . ?p rdfs:label ?pl } OPTIONAL { ?x okg:planAttainmentPercent ?pa }
            OPTIONAL { ?x okg:growthPercent ?gr } } GROUP BY ?x }
        """ + EVIDENCE + "}",
    "campaigns": """SELECT ?x ?name ?launcher ?participant ?period ?sentence ?document WHERE {
        { SELECT ?x (SAMPLE(?n) AS ?name) (SAMPLE(?l) AS ?launcher) (SAMPLE(?pt) AS ?participant) (SAMPLE(?pl) AS ?period) WHERE {
            ?x a okg:EmulationCampaign ; schema:name ?n . OPTIONAL { ?x okg:launchedBy ?l } OPTIONAL { ?x okg:participant ?pt }
            OPTIONAL { ?x okg:period ?p . ?p rdfs:label ?pl } } GROUP BY ?x }
        """ + EVIDENCE + "}",
    "events": """SELECT ?x ?type_vi ?type_en ?organiser ?date ?sentence ?document WHERE {
        { SELECT ?x (SAMPLE(?tv) AS ?type_vi) (SAMPLE(?te) AS ?type_en) (SAMPLE(?o) AS ?organiser) (SAMPLE(?d) AS ?date) WHERE {
            ?x a okg:Event . OPTIONAL { ?x okg:eventType ?t . ?t skos:prefLabel ?tv . FILTER(LANG(?tv) = "vi")
            ?t skos:prefLabel ?te . FILTER(LANG(?te) = "en") }
            OPTIONAL { ?x schema:organizer ?o } OPTIONAL { ?x schema:startDate ?d } } GROUP BY ?x }
        """ + EVIDENCE + "}",
}


# ---------------------------------------------------------------- values

_SCALES = [(1e12, "nghìn tỷ", "trillion"), (1e9, "tỷ", "billion"), (1e6, "triệu", "million")]
_QUAL = {"over": "> ", "under": "< ", "approximately": "≈ ", "estimated": "~ "}
_UNITS = {"VND": ("đồng", "VND"), "USD": ("USD", "USD"), "kWh": ("kWh", "kWh"), "percent": ("%", "%"),
          "ha": ("ha", "ha"), "hour": ("giờ", "hours"), "person": ("người", "people"), "count": ("", "")}


def vn_number(x: float, decimals: int = 3) -> str:
    """1234567.5 -> '1.234.567,5' (Vietnamese grouping and decimal comma)."""
    s = f"{x:,.{decimals}f}".rstrip("0").rstrip(".")
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_value(value: float | None, unit: str, quals: list[str], lang: str = "vi") -> str:
    """'> 189 tỷ đồng', '≈ 4 tỷ đồng', '23', '3,7%'; English: '> 189 billion VND'."""
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

def _rows(store, text: str) -> list[dict]:
    from orgkg.builder.store import term_value
    res = store.query(PREFIX + text, use_default_graph_as_union=True)
    cols = [v.value for v in res.variables]
    return [{c: term_value(s[c]) for c in cols} for s in res]


def build_graph(store) -> nx.MultiDiGraph:
    """The view's graph from a store (pyoxigraph Store or anything with the same ``query``)."""
    g = nx.MultiDiGraph()
    orgs = _rows(store, Q["orgs"])
    awards = _rows(store, Q["awards"])
    bodies = {a["body"] for a in awards if a["body"]}
    receivers = {a["recipient"] for a in awards}
    related = set()
    for o in orgs:
        kind = "body" if o["x"] in bodies and o["x"] not in receivers else "organisation"
        _node(g, o["x"], kind, o["name"], o["name"], details={"type": o["type"]})
    for o in orgs:
        if o["parent"] and o["parent"] in g:
            _edge(g, o["x"], o["parent"], "unit_of")
    for p in _rows(store, Q["persons"]):
        label = p["name"] + (f" ({p['role']})" if p["role"] else "")
        _node(g, p["x"], "person", label, label, details={"role": p["role"]})
        if p["works_for"] in g:
            _edge(g, p["x"], p["works_for"], "works_for")
    for a in awards:
        what_vi = a["title"] or a["type_vi"]
        what_en = a["title"] or a["type_en"]
        who = f" × {a['recipient_label']}" if a["count"] else ""
        year = _year(a["period"])
        _node(g, a["x"], "award", f"{what_vi}{who}" + (f" ({a['period']})" if a["period"] else ""),
              f"{what_en}{who}" + (f" ({a['period']})" if a["period"] else ""), year=year,
              details={"type": a["type_vi"], "title": a["title"], "period": a["period"], "reason": a["reason"]},
              sentence=a["sentence"], document=a["document"])
        if a["body"] in g:
            _edge(g, a["body"], a["x"], "conferred")
            related.add(a["body"])
        if a["recipient"] in g:
            _edge(g, a["x"], a["recipient"], "awarded_to")
        if a["presenter"] in g:
            _edge(g, a["presenter"], a["x"], "presented")
    for m in _rows(store, Q["metrics"]):
        quals = (m["quals"] or "").split()
        vi = format_value(m["value"], m["unit"], quals, "vi")
        en = format_value(m["value"], m["unit"], quals, "en")
        extra_vi = "; ".join(x for x in (f"{vn_number(m['plan'])}% KH" if m["plan"] is not None else "",
                                          f"{'+' if m['growth'] > 0 else ''}{vn_number(m['growth'])}% so với kỳ trước" if m["growth"] is not None else "") if x)
        extra_en = "; ".join(x for x in (f"{m['plan']}% of plan" if m["plan"] is not None else "",
                                          f"{'+' if m['growth'] > 0 else ''}{m['growth']}% growth" if m["growth"] is not None else "") if x)
        _node(g, m["x"], "metric", f"{m['ind_vi']}: {vi or extra_vi}" + (f" ({extra_vi})" if vi and extra_vi else "") + f"\n{m['period'] or ''}",
              f"{m['ind_en']}: {en or extra_en}" + (f" ({extra_en})" if en and extra_en else "") + f"\n{m['period'] or ''}",
              year=_year(m["period"]), details={"qualifier": " ".join(quals), "period": m["period"]},
              sentence=m["sentence"], document=m["document"])
        if m["subject"] in g:
            _edge(g, m["subject"], m["x"], "reported")
    for c in _rows(store, Q["campaigns"]):
        _node(g, c["x"], "campaign", c["name"], c["name"], year=_year(c["period"]), details={"period": c["period"]},
              sentence=c["sentence"], document=c["document"])
        if c["launcher"] in g:
            _edge(g, c["launcher"], c["x"], "launched")
        if c["participant"] in g and c["participant"] != c["launcher"]:
            _edge(g, c["participant"], c["x"], "joined")
    for e in _rows(store, Q["events"]):
        _node(g, e["x"], "event", f"{e['type_vi'] or 'Sự kiện'} {e['date'] or ''}".strip(),
              f"{e['type_en'] or 'Event'} {e['date'] or ''}".strip(), year=_year(e["date"]), details={"date": e["date"]},
              sentence=e["sentence"], document=e["document"])
        if e["organiser"] in g:
            _edge(g, e["organiser"], e["x"], "organised")
    _assign_owners(g)
    return g


def _node(g, iri, kind, label_vi, label_en, year=None, details=None, sentence=None, document=None):
    shape, colour, _, _ = KINDS[kind]
    g.add_node(iri, kind=kind, label=label_vi, label_vi=label_vi, label_en=label_en, shape=shape, color=colour,
               year=year or "", sentence=sentence or "", document=document or "",
               details=json.dumps({k: v for k, v in (details or {}).items() if v not in (None, "")}, ensure_ascii=False))


def _edge(g, u, v, rel):
    vi, en = RELATIONS[rel]
    g.add_edge(u, v, key=rel, relation=rel, label=vi, label_vi=vi, label_en=en)


def _assign_owners(g: nx.MultiDiGraph) -> None:
    """Each node's organisation(s), for the organisation filter: itself, or the organisations it touches."""
    for n, d in g.nodes(data=True):
        if d["kind"] in ("organisation", "body"):
            owners = {n}
        else:
            owners = {m for m in nx.all_neighbors(g, n) if g.nodes[m]["kind"] in ("organisation",)}
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


def to_html(g: nx.MultiDiGraph, title: str = "orgkg") -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    if g.number_of_nodes():
        net.from_nx(g, show_edge_weights=False)
    nodes, edges, *_ = net.get_network_data()
    for e in edges:  # pyvis keeps edge attributes; make ids stable for the page
        e.pop("width", None)
    for n in nodes:
        n.pop("title", None)  # tooltips are built by the page script from text fields, never as HTML
    js, css = _vis_assets()
    legend = [{"kind": k, "shape": s, "color": c, "vi": vi, "en": en} for k, (s, c, vi, en) in KINDS.items()]
    data = {"nodes": nodes, "edges": edges, "legend": legend, "overview_limit": OVERVIEW_LIMIT,
            "relations": {k: {"vi": vi, "en": en} for k, (vi, en) in RELATIONS.items()}}
    return _template().render(title=title, data=_markup(_script_json(data)), vis_js=_markup(js), vis_css=_markup(css),
                              node_count=len(nodes), edge_count=len(edges))


def _markup(s: str):
    from markupsafe import Markup
    return Markup(s.replace("</script", "<\\/script"))


def export(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML or GEXF by the file's extension (attributes as strings; fine for Gephi, yEd, Cytoscape)."""
    path = Path(path)
    plain = nx.MultiDiGraph()
    plain.add_nodes_from((n, {k: ("" if v is None else v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    plain.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True))
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
