"""SPARQL results in the standard formats, with a row limit.

pyoxigraph serialises whole result sets; the server must cut them at a row
limit and say so, so SELECT results are written here (SPARQL 1.1 Query
Results JSON, XML, CSV and TSV) from rows already taken. Graph results
(CONSTRUCT/DESCRIBE) go through pyoxigraph's serialisers.
"""
from __future__ import annotations

import csv
import io
import json
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from orgkg.ontology.terms import SPARQL_RESULTS_XML as RESULTS_NS, XSD

XSD_STRING = str(XSD.string)

SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "tsv",
           "application/x-turtle": "turtle", "text/n3": "turtle", "application/rdf+json": "jsonld"}
_BY_TYPE = {**{v: k for k, v in SELECT_TYPES.items()}, **{v: k for k, v in GRAPH_TYPES.items()}, **ALIASES}


def negotiate(accept: str | None, kind: str, explicit: str | None = None) -> str | None:
    """The format name for a result ``kind`` ('select' or 'graph') given an Accept header
    (q-values honoured) or an explicit ``format=`` name; None if nothing acceptable."""
    offered = SELECT_TYPES if kind == "select" else GRAPH_TYPES
    if explicit:
        name = _BY_TYPE.get(explicit, explicit)
        return name if name in offered else None
    if not accept:
        return next(iter(offered))
    prefs = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        prefs.append((-q, i, media.lower()))
    for negq, _, media in sorted(prefs):
        if negq == 0:
            break
        if media in ("*/*", "application/*", "text/*"):
            return next(iter(offered))
        name = _BY_TYPE.get(media)
        if name in offered:
            return name
    return None


def take(solutions, limit: int | None) -> tuple[list, bool]:
    """The first ``limit`` rows, and whether there were more."""
    if limit is None:
        return list(solutions), False
    rows = list(islice(solutions, limit + 1))
    return rows[:limit], len(rows) > limit


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                        "object": _json_term(t.object)}}


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def select_bytes(fmt: str, variables: list[str], rows: list, truncated: bool = False, limit: int | None = None) -> bytes:
    """SELECT rows (pyoxigraph solutions) as ``fmt``. A cut result carries a notice in JSON and XML."""
    if fmt == "json":
        doc = {"head": {"vars": variables},
               "results": {"bindings": [{v: _json_term(s[v]) for v in variables if s[v] is not None} for s in rows]}}
        if truncated:
            doc["orgkg"] = {"truncated": True, "row_limit": limit,
                            "notice": f"results cut at the server's row limit of {limit} rows"}
        return json.dumps(doc, ensure_ascii=False).encode()
    if fmt == "xml":
        out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            out.append(f'<link href="urn:orgkg:truncated:row-limit:{limit}"/>')
        out.append("</head>\n<results>")
        for s in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(s[v])}</binding>"
                                            for v in variables if s[v] is not None) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for s in rows:
            w.writerow([_csv_value(s[v]) for v in variables])
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if s[v] is None else str(s[v]) for v in variables) for s in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(fmt)


def _csv_value(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value


def boolean_bytes(fmt: str, value: bool) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return ("true\n" if value else "false\n").encode()


def graph_bytes(fmt: str, triples: list, prefixes: dict | None = None) -> bytes:
    f = GRAPH_FORMATS[fmt]
    if f is ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=f, prefixes=prefixes or {})
    return ox.serialize(triples, format=f)


def render_rows(cols: list[str], rows: list[list], fmt: str, width: int | None = 60) -> str:
    """Plain values (``store.select``) as text: ``table`` for a terminal, ``csv`` or ``json``.

    A table cuts cells at ``width`` characters (None: never) and then says so under the table.
    """
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue()
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in r] for r in rows]
    full = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    widths = [min(width, f) if width else f for f in full]
    line = lambda vals: " | ".join(v[:w].ljust(w) for v, w in zip(vals, widths))
    out = [line(cols), "-+-".join("-" * w for w in widths)] + [line(r) for r in cells]
    note = f"({len(rows)} rows)"
    cut = [c for c, w, f in zip(cols, widths, full) if f > w]
    if cut:
        note += f"; cells of {', '.join(cut)} cut at {width} characters: --wide, --format csv or json show them whole"
    return "\n".join(out) + f"\n{note}\n"
