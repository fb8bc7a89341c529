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
# What a response says it is: the text formats with their charset (RFC 4180 and the SPARQL 1.1 CSV/TSV results
# format are UTF-8; without the parameter a browser or a spreadsheet may guess Latin-1 and garble Vietnamese).
SENT_TYPES = {**SELECT_TYPES, "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "rdfxml": ox.RdfFormat.RDF_XML}
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "tsv",
           "application/x-turtle": "turtle", "text/n3": "turtle", "application/rdf+json": "jsonld"}
_BY_TYPE = {**{v: k for k, v in SELECT_TYPES.items()}, **{v: k for k, v in GRAPH_TYPES.items()}, **ALIASES}
# For a graph, "xml" means RDF/XML (SPARQLWrapper asks for CONSTRUCT and DESCRIBE that way).
_GRAPH_NAMES = {"xml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
                "json-ld": "jsonld", "n-triples": "ntriples", "nt": "ntriples", "ttl": "turtle"}


def negotiate(accept: str | None, kind: str, explicit: str | None = None) -> str | None:
    """The format name for a result ``kind`` ('select' or 'graph') given an Accept header
    (q-values honoured) or an explicit ``format=`` name; None if nothing acceptable."""
    offered = SELECT_TYPES if kind == "select" else GRAPH_TYPES
    names = _BY_TYPE if kind == "select" else {**_BY_TYPE, **_GRAPH_NAMES}
    if explicit:
        name = names.get(explicit, explicit)
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
        name = names.get(media)
        if name in offered:
            return name
    return None


def take(solutions, limit: int | None) -> tuple[list, bool]:
    """The first ``limit`` rows, and whether there were more."""
    if limit is None:
        return list(solutions), False
    rows = list(islice(solutions, limit + 1))
    return rows[:limit], len(rows) > limit


def json_term(t) -> dict:
    """A pyoxigraph term as a SPARQL 1.1 JSON results binding."""
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
    return {"type": "triple", "value": {"subject": json_term(t.subject), "predicate": json_term(t.predicate),
                                        "object": json_term(t.object)}}


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
    return select_answer(fmt, variables, rows, truncated, limit)[0]


def select_answer(fmt: str, variables: list[str], rows: list, truncated: bool = False, limit: int | None = None,
                  max_bytes: int | None = None) -> tuple[bytes, str | None]:
    """SELECT rows as ``fmt``, cut at ``max_bytes`` as well as at the row limit already applied (``truncated``):
    the bytes and the notice of a cut (None when whole). The notice is also in the body in JSON and XML."""
    row_bytes = _ROW_WRITERS[fmt]
    kept: list[bytes] = []
    size = 0
    cut_bytes = False
    for s in rows:
        b = row_bytes(variables, s)
        size += len(b) + 1
        if max_bytes is not None and size > max_bytes:
            cut_bytes = True
            break
        kept.append(b)
    notice = None
    if cut_bytes:
        notice = f"results cut at the server's answer limit of {max_bytes} bytes ({len(kept)} rows)"
    elif truncated:
        notice = f"results cut at the server's row limit of {limit} rows"
    if fmt == "json":
        head = json.dumps({"vars": variables}, ensure_ascii=False)
        tail = ""
        if notice:
            tail = ', "orgkg": ' + json.dumps({"truncated": True, "row_limit": limit, "byte_limit": max_bytes,
                                               "notice": notice}, ensure_ascii=False)
        return (f'{{"head": {head}, "results": {{"bindings": ['.encode() + b", ".join(kept) + f"]}}{tail}}}".encode(),
                notice)
    if fmt == "xml":
        out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if notice:
            what = f"answer-limit:{max_bytes}" if cut_bytes else f"row-limit:{limit}"
            out.append(f'<link href="urn:orgkg:truncated:{what}"/>')
        out.append("</head>\n<results>\n")
        return "\n".join(out).encode() + b"\n".join(kept) + b"\n</results>\n</sparql>\n", notice
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(variables)
        return buf.getvalue().encode() + b"".join(kept), notice
    if fmt == "tsv":
        return ("\t".join("?" + v for v in variables) + "\n").encode() + b"".join(kept), notice
    raise ValueError(fmt)


def _json_row(variables, s) -> bytes:
    return json.dumps({v: json_term(s[v]) for v in variables if s[v] is not None}, ensure_ascii=False).encode()


def _xml_row(variables, s) -> bytes:
    return ("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(s[v])}</binding>"
                                 for v in variables if s[v] is not None) + "</result>").encode()


def _csv_row(variables, s) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([_csv_value(s[v]) for v in variables])
    return buf.getvalue().encode()


def _tsv_row(variables, s) -> bytes:
    return ("\t".join("" if s[v] is None else str(s[v]) for v in variables) + "\n").encode()


_ROW_WRITERS = {"json": _json_row, "xml": _xml_row, "csv": _csv_row, "tsv": _tsv_row}


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
    if f in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
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


def graph_answer(fmt: str, triples: list, truncated: bool, limit: int | None, max_bytes: int | None,
                 prefixes: dict | None = None) -> tuple[bytes, str | None]:
    """Triples as ``fmt``, cut so that the answer stays within ``max_bytes``: the bytes and the notice of a cut."""
    body = graph_bytes(fmt, triples, prefixes)
    if max_bytes is None or len(body) <= max_bytes:
        return body, (f"results cut at the server's row limit of {limit} triples" if truncated else None)
    keep = len(triples)
    while keep and len(body) > max_bytes:  # shrink in proportion, then by halves: a few serialisations at most
        keep = min(keep // 2, int(keep * max_bytes / len(body)))
        body = graph_bytes(fmt, triples[:keep], prefixes)
    return body, f"results cut at the server's answer limit of {max_bytes} bytes ({keep} triples)"
