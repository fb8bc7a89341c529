"""Parameters of canned queries as a researcher types them: names in any spelling, checked values.

A ``.rq`` header declares each parameter's kind in brackets
(``# param org [organisation]: | …``). Before a query runs, a value is
turned into the RDF terms it stands for:

- ``organisation``, ``indicator``: an IRI as given, or every entity with a
  label that matches the value with case, tone placement (hoà/hòa), diacritics
  and abbreviations (UBND, TT&TT…) aside; an indicator also by its code
  (``revenue``) or its English label;
- ``document``: every document whose source path is the value or ends with it
  at a path separator (``a.txt``, ``dev/a.txt``);
- ``year``: four digits, optionally a part (``2020``, ``2020-H1``);
- ``fact``: an IRI;
- ``a|b``: one of the words listed (``[achievement|conferral]``).

A value that matches nothing is an error that names the nearest labels, so a
misspelt name never gives an empty answer in silence. Lookups run through a
``select`` function (the embedded store, a remote one, or a server's worker
pool) on the ``lookup/*.rq`` queries.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

import pyoxigraph as ox

from orgkg.builder.lexicon import load
from orgkg.builder.normalise import fold_key, fold_tone

from .store import StoreError

KINDS = ("organisation", "indicator", "document", "year", "fact", "count")
Select = Callable[[str], tuple[list[str], list[list]]]


class ParameterError(StoreError):
    """A parameter value that is malformed or names nothing in the graph."""


@cache
def _abbreviations() -> list[tuple[re.Pattern, str]]:
    pairs = {(fold_key(a), fold_key(b)) for a, b in load().grammar["organisations"]["abbreviations"]}
    return [(re.compile(rf"\b{re.escape(a)}\b"), b) for a, b in sorted(pairs, key=lambda p: -len(p[0])) if a]


def name_key(name: str) -> str:
    """What two spellings of one name share: no case, no marks (hoà = hòa = hoa), abbreviations expanded."""
    key = fold_key(fold_tone(name))
    for short, full in _abbreviations():
        key = short.sub(full, key)
    return key


@cache
def lookup_query(name: str) -> str:
    return resources.files("orgkg.queries").joinpath("lookup", f"{name}.rq").read_text(encoding="utf-8")


def _iri(value: str) -> str | None:
    v = value.strip()
    if re.fullmatch(r"<[^<>\s\"{}|\\^`]+>", v):
        return v[1:-1]
    if re.fullmatch(r"https?://[^<>\s\"{}|\\^`]+", v):
        return v
    return None


def _nearest(key: str, labels: dict[str, str], what: str, value: str) -> ParameterError:
    close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.5)
    hint = f"; nearest: {'; '.join(labels[k] for k in close)}" if close else ""
    return ParameterError(f"no {what} matches {value!r}{hint}")


def _by_label(select: Select, query: str, value: str, what: str) -> list[ox.NamedNode]:
    cols, rows = select(lookup_query(query))
    key = name_key(value)
    matches, shown = set(), {}
    for x, label, preferred in rows:
        k = name_key(str(label))
        if k == key:
            matches.add(x)
        if preferred in (True, "true") or k not in shown:
            shown[k] = str(label)
    if not matches:
        raise _nearest(key, shown, what, value)
    return [ox.NamedNode(x) for x in sorted(matches)]


def _documents(select: Select, value: str) -> list[ox.Literal]:
    cols, rows = select(lookup_query("document-paths"))
    want = value.strip().replace("\\", "/").lstrip("./")
    paths = sorted({str(p) for _, p in rows})
    found = [p for p in paths if p == want or p.endswith("/" + want)]
    if not found:
        raise _nearest(want, {p: p for p in paths}, "document", value)
    return [ox.Literal(p) for p in found]


def resolve(kind: str | None, name: str, value: str, select: Select | None) -> list[ox.NamedNode | ox.Literal]:
    """The terms that parameter ``name`` of ``kind`` stands for; ``select`` looks names up (None: no lookup)."""
    iri = _iri(value)
    if kind is not None and "|" in kind:
        choices = kind.split("|")
        if value.strip().lower() not in choices:
            raise ParameterError(f"parameter {name} must be one of {', '.join(choices)}, not {value[:200]!r}")
        return [ox.Literal(value.strip().lower())]
    if kind == "year":
        if not re.fullmatch(r"\d{4}(?:-[A-Z0-9]{1,3})?", value.strip()):
            raise ParameterError(f"parameter {name} must be a year such as 2021 (or a part such as 2021-H1), not {value!r}")
        return [ox.Literal(value.strip())]
    if kind == "fact":
        if iri is None:
            raise ParameterError(f"parameter {name} must be the IRI of a fact (from the fact column), not {value[:200]!r}")
    if iri is not None:
        try:
            return [ox.NamedNode(iri)]
        except ValueError:
            raise ParameterError(f"parameter {name}: not a valid IRI: {value[:200]!r}") from None
    if select is not None and kind in ("organisation", "indicator"):
        query = "organisation-names" if kind == "organisation" else "indicator-names"
        return _by_label(select, query, value, kind)
    if select is not None and kind == "document":
        return _documents(select, value)
    return [ox.Literal(value)]
