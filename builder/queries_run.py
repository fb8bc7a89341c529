"""Choosing the query text for `orgkg query`: canned name, .rq file or inline text, with bound parameters."""
from __future__ import annotations

from pathlib import Path

from .store import CannedQuery, StoreError, parse_query_file, prepare


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
    given = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep:
            raise StoreError(f"--param {p!r}: expected NAME=VALUE")
        given[k] = v
    return prepare(q, given)
