"""Canned queries: load the ``.rq`` files of this folder by name, bind their parameters, choose what to run.

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
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .params import Select, resolve
from .store import StoreError


@dataclass
class CannedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    description_vi: str = ""
    params: dict[str, str] = field(default_factory=dict)
    param_docs: dict[str, str] = field(default_factory=dict)
    param_kinds: dict[str, str] = field(default_factory=dict)   # params.KINDS: how a value is read
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
        p = re.match(r"#\s*param\s+(\w+)(?:\s*\[([\w|]+)\])?:\s*([^|]*)(?:\|\s*(.*))?", line)
        if p:
            q.params[p.group(1)] = p.group(3).strip()
            q.param_docs[p.group(1)] = (p.group(4) or "").strip()
            if p.group(2):
                q.param_kinds[p.group(1)] = p.group(2)
        c = re.match(r"#\s*columns:\s*(.*)", line)
        if c:
            q.columns = [x.strip() for x in c.group(1).split(",") if x.strip()]
    return q


PAGE_MARK = "# @page"
PARAMS_MARK = "# @params"
PAGE_PARAMS = ("limit", "offset")


def prepare(q: CannedQuery, given: dict[str, str], select: Select | None = None) -> str:
    """The text to run for a canned query: its defaults overridden by ``given``, page and terms bound.

    With ``select`` (a function that runs a SELECT on the graph), names are looked up: a parameter
    of kind organisation, indicator or document is bound to every entity it matches (params.py).
    Raises StoreError naming the parameter when a name is unknown, a value is malformed, or a
    looked-up name matches nothing.
    """
    for k in given:
        if k not in q.params:
            raise StoreError(f"query {q.name!r} has no parameter {k!r}; it has: {', '.join(q.params) or 'none'}")
    values = {**q.params, **given}
    paging = [values.pop(k, "") for k in PAGE_PARAMS] if PAGE_MARK in q.text else None
    terms = {k: resolve(q.param_kinds.get(k), k, v, select) for k, v in values.items() if v not in ("", None)}
    text = bind(q.text, terms)
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


def bind(text: str, values: dict[str, ox.NamedNode | ox.Literal | list]) -> str:
    """Bind parameters safely: a VALUES block of serialized RDF terms (``?param_NAME``).

    A parameter given as a list of terms (a name that several entities bear) gives one row per
    term, and the query answers for each.

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
    rows = [[]]
    for v in values.values():
        rows = [r + [t] for r in rows for t in (v if isinstance(v, list) else [v])]
    block = f"VALUES ({names}) {{ {' '.join('(' + ' '.join(str(t) for t in r) + ')' for r in rows)} }}"
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


def resolve_query(name: str | None, sparql: str | None, params, queries: dict[str, CannedQuery],
                  select: Select | None = None) -> str:
    if sparql:
        q = parse_query_file("inline", sparql)
    elif name and name.endswith(".rq"):
        p = Path(name)
        if not p.is_file():
            raise StoreError(f"{name}: no such query file")
        q = parse_query_file(p.stem, p.read_text(encoding="utf-8"))
    elif name in queries:
        q = queries[name]
    elif name:
        raise StoreError(f"unknown query {name!r}; available: {', '.join(queries)}")
    else:
        raise StoreError("give a canned query NAME, a FILE.rq or --sparql TEXT")
    given = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep:
            raise StoreError(f"--param {p!r}: expected NAME=VALUE")
        given[k] = v
    return prepare(q, given, select)
