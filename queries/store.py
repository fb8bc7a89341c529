"""Stores: open a built folder's embedded Oxigraph store and run SPARQL on it.

``select`` runs a query on the embedded store (union default graph) or on a
``remote.RemoteStore`` alike and gives plain values: what the CLI, the
evaluation and the views read. Canned queries are loaded and bound in
``canned.py``.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from orgkg.ontology.terms import XSD

from .prologue import syntax_message, with_prefixes
from .sparql_text import inspect

NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
FRACTIONAL = {str(XSD[t]) for t in ("decimal", "double", "float")}
DATE, DATE_TIME, BOOLEAN = str(XSD.date), str(XSD.dateTime), str(XSD.boolean)


class StoreError(Exception):
    pass


def open_store(folder: str | Path) -> ox.Store:
    path = Path(folder) / "store"
    if not path.is_dir():
        raise StoreError(f"{folder}: not an orgkg output folder (no store/); run `orgkg build --out {folder}` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"{folder}: cannot open store ({e})") from None


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


def typed_value(t):
    """A result term as a typed Python value: numbers as int/float, xsd:date and xsd:dateTime as
    ``datetime`` values, booleans as bool, everything else as its lexical form."""
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        try:
            if dt == DATE:
                return datetime.date.fromisoformat(t.value[:10])
            if dt == DATE_TIME:
                return datetime.datetime.fromisoformat(t.value.replace("Z", "+00:00"))
        except ValueError:
            return t.value
        if dt == BOOLEAN:
            return t.value in ("true", "1")
        if dt in FRACTIONAL:  # a decimal stays a float even when whole: a column keeps one type
            try:
                return float(t.value)
            except ValueError:
                return t.value
    return term_value(t)


def select(store, query: str, typed: bool = False) -> tuple[list[str], list[list]]:
    """Run a query on the embedded store (union default graph) or a RemoteStore: (columns, rows of plain values).

    The project's prefixes need no PREFIX lines (prologue.py). The default graph is the union of all
    graphs, unless the query names its dataset (FROM, FROM NAMED).

    A remote store's failures are ``remote.RemoteError``, itself a StoreError.
    """
    try:
        res = store.query(with_prefixes(query), use_default_graph_as_union=not inspect(query).has_dataset)
    except SyntaxError as e:
        raise StoreError(syntax_message(query, str(e))) from None
    except StoreError:
        raise
    except (OSError, ValueError) as e:
        raise StoreError(" ".join(str(e).split())) from None
    if hasattr(res, "variables"):
        cols = [v.value for v in res.variables]
        value = typed_value if typed else term_value
        rows = [[value(sol[c]) for c in cols] for sol in res]
        return cols, rows
    if isinstance(res, (bool, getattr(ox, "QueryBoolean", bool))):
        return ["ask"], [[bool(res)]]
    return ["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, term_value(t.object)] for t in res]
