"""Open a built folder's store and run SPARQL on it; load canned queries by name.

Canned queries are ``queries/*.rq`` files with a comment header
(``# title:``, ``# description:``, ``# description_vi:``,
``# param NAME: DEFAULT | what it is``, ``# columns:``). A parameter NAME is
the query variable ``?param_NAME``; it is bound as an RDF term through a
VALUES clause, never spliced into the query text, and an empty value leaves it
unbound (the query's filters then match everything). The VALUES block opens
the WHERE clause, or follows a ``# @params`` comment where the query wants its
parameters bound: inside the group that uses them to choose what is read first.

A list query can be paged: a ``# @page`` comment inside its innermost
sub-SELECT marks where ``LIMIT``/``OFFSET`` go, and its ``limit`` and
``offset`` parameters are whole numbers written there (empty ``limit``: every
row). Left as a comment, the file is still a complete query that lists every
row, for any SPARQL tool. The page is taken in the store's order before the
details are joined, so a page costs the same at any graph size; the query's
ORDER BY sorts within the page (an empty ``limit`` gives one fully sorted list).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


class StoreError(Exception):
    pass


@dataclass
class CannedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    description_vi: str = ""
    params: dict[str, str] = field(default_factory=dict)
    param_docs: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)

    @property
    def first_page(self) -> str:
        """The text with its page mark, if any, written at the default limit and offset: what the query page shows."""
        if PAGE_MARK not in self.text:
            return self.text
        return page(self.text, self.params.get("limit"), self.params.get("offset"))


def canned() -> dict[str, CannedQuery]:
    out = {}
    for f in sorted(resources.files("orgkg.queries").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            out[f.name[:-3]] = parse_query_file(f.name[:-3], f.read_text(encoding="utf-8"))
    return out


def parse_query_file(name: str, text: str) -> CannedQuery:
    q = CannedQuery(name=name, text=text)
    for line in text.splitlines():
        m = re.match(r"#\s*(title|description|description_vi):\s*(.*)", line)
        if m:
            setattr(q, m.group(1), m.group(2).strip())
        p = re.match(r"#\s*param\s+(\w+):\s*([^|]*)(?:\|\s*(.*))?", line)
        if p:
            q.params[p.group(1)] = p.group(2).strip()
            q.param_docs[p.group(1)] = (p.group(3) or "").strip()
        c = re.match(r"#\s*columns:\s*(.*)", line)
        if c:
            q.columns = [x.strip() for x in c.group(1).split(",") if x.strip()]
    return q


def open_store(folder: str | Path) -> ox.Store:
    path = Path(folder) / "store"
    if not path.is_dir():
        raise StoreError(f"{folder}: not an orgkg output folder (no store/); run `orgkg build --out {folder}` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"{folder}: cannot open store ({e})") from None


PAGE_MARK = "# @page"
PARAMS_MARK = "# @params"
PAGE_PARAMS = ("limit", "offset")


def prepare(q: CannedQuery, given: dict[str, str]) -> str:
    """The text to run for a canned query: its defaults overridden by ``given``, page and terms bound.

    Raises StoreError naming the parameter when a name is unknown or a page value is not a whole number.
    """
    for k in given:
        if k not in q.params:
            raise StoreError(f"query {q.name!r} has no parameter {k!r}; it has: {', '.join(q.params) or 'none'}")
    values = {**q.params, **given}
    paging = [values.pop(k, "") for k in PAGE_PARAMS] if PAGE_MARK in q.text else None
    text = bind(q.text, {k: term(v) for k, v in values.items() if v not in ("", None)})
    return page(text, *paging) if paging else text


def page(text: str, limit: str | int | None, offset: str | int | None = 0) -> str:
    """Write LIMIT/OFFSET at the query's page mark; whole numbers only (they become query text)."""
    clause = []
    for word, v in (("LIMIT", limit), ("OFFSET", offset)):
        v = str(v if v is not None else "").strip()
        if not v:
            continue
        if not re.fullmatch(r"\d{1,9}", v):
            raise StoreError(f"parameter {word.lower()} must be a whole number of rows, not {v!r}")
        if word == "LIMIT" or int(v):
            clause.append(f"{word} {int(v)}")
    return text.replace(PAGE_MARK, " ".join(clause), 1) if clause else text


def term(v: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term: ``<iri>`` or an http(s) URL is an IRI, anything else a plain literal."""
    iri = v[1:-1] if re.fullmatch(r"<[^<>\s]+>", v) else v if re.fullmatch(r"https?://\S+", v) else None
    if iri is None:
        return ox.Literal(v)
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise StoreError(f"not a valid IRI: {v[:200]!r}") from None


def bind(text: str, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters safely: a VALUES block of serialized RDF terms (``?param_NAME``).

    The block goes on the line after a ``# @params`` comment when the query has one, else it opens a
    WHERE clause: the first one, or in a paged query the one holding the page mark, so that the page
    is taken among the matching rows. Where it stands decides where evaluation starts (a join's
    meaning does not depend on the order): at the group's end, Oxigraph joined it last (29 s instead
    of 44 ms for one fact in 2M triples); beside the filter that uses it, in a small group joined
    first, the filter is applied before the large join instead of after it (time-series at 1M
    triples: 645 -> 93 ms).
    """
    if not values:
        return text
    names = " ".join("?param_" + k for k in values)
    row = " ".join(str(v) for v in values.values())
    block = f"VALUES ({names}) {{ ({row}) }}"
    marked = text.find(PARAMS_MARK)
    if marked >= 0:  # on a line of its own after the mark's, at the mark's indent
        indent = marked - (text.rfind("\n", 0, marked) + 1)
        end = text.find("\n", marked)
        end = len(text) if end < 0 else end
        return text[:end] + "\n" + " " * indent + block + text[end:]
    wheres = list(re.finditer(r"\bWHERE\s*\{", text, re.I))
    if not wheres:
        raise StoreError("query has no WHERE clause to bind parameters into")
    mark = text.find(PAGE_MARK)
    m = [w for w in wheres if w.end() <= mark][-1] if mark > 0 else wheres[0]
    return text[:m.end()] + "\n  " + block + "\n" + text[m.end():]


def term_value(t):
    """A result term as a plain Python value: numbers as int/float, everything else as its lexical form."""
    if t is None:
        return None
    if isinstance(t, ox.Literal) and t.datatype.value in NUMERIC:
        try:
            d = Decimal(t.value)
        except ArithmeticError:
            return t.value
        return int(d) if d == d.to_integral_value() else float(d)
    return t.value


def select(store, query: str) -> tuple[list[str], list[list]]:
    """Run a query on the embedded store or a RemoteStore: (columns, rows of plain values).

    The default graph is the union of all graphs, unless the query names its dataset (FROM, FROM NAMED).
    """
    from .remote import RemoteError
    from .sparql_text import inspect

    try:
        res = store.query(query, use_default_graph_as_union=not inspect(query).has_dataset)
    except SyntaxError as e:
        raise StoreError(f"SPARQL syntax error: {e}") from None
    except (RemoteError, OSError, ValueError) as e:
        raise StoreError(" ".join(str(e).split())) from None
    if hasattr(res, "variables"):
        cols = [v.value for v in res.variables]
        rows = [[term_value(sol[c]) for c in cols] for sol in res]
        return cols, rows
    if isinstance(res, (bool, getattr(ox, "QueryBoolean", bool))):
        return ["ask"], [[bool(res)]]
    return ["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, term_value(t.object)] for t in res]
