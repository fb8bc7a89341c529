"""Choosing the query text for `orgkg query`: canned name, .rq file or inline text, with bound parameters."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from .store import CannedQuery, StoreError, bind, parse_query_file


def resolve_query(name: str | None, sparql: str | None, params, queries: dict[str, CannedQuery]) -> str:
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
    values = dict(q.params)
    for p in params:
        k, sep, v = p.partition("=")
        if not sep:
            raise StoreError(f"--param {p!r}: expected NAME=VALUE")
        if k not in q.params:
            raise StoreError(f"--param {k}: query {q.name!r} has no such parameter; it has: {', '.join(q.params) or 'none'}")
        values[k] = v
    terms = {k: _term(v) for k, v in values.items() if v not in ("", None)}
    return bind(q.text, terms)


def _term(v: str):
    if re.fullmatch(r"<[^<>\s]+>", v):
        return ox.NamedNode(v[1:-1])
    if re.fullmatch(r"https?://\S+", v):
        return ox.NamedNode(v)
    return ox.Literal(v)
