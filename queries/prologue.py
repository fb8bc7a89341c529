"""The project's prefixes, declared for any query that uses them without PREFIX lines.

A researcher writes ``SELECT ?o WHERE { ?a okg:conferredBy ?o }`` and it runs:
every prefix of ``ontology/terms.py`` (okg, org, skos, qudt, prov, schema,
time, nif, xsd, rdfs, rdf…) that the query does not declare itself is
declared on its first line, so that the parser's line numbers stay those of
the text the user wrote (columns on line 1 are corrected in messages). A
syntax error comes back as one line: an undeclared prefix is named, with the
prefixes that need no declaration.
"""
from __future__ import annotations

import re

from orgkg.ontology.terms import PREFIXES, RDF

STANDARD = {**PREFIXES, "rdf": str(RDF._NS)}
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_POSITION = re.compile(r"error at (\d+):(\d+)")


def _prologue(text: str) -> str:
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in STANDARD.items() if p not in declared)


_LEADING_BASE = re.compile(r"\s*BASE\s*<[^>]*>", re.I)


def with_prefixes(text: str) -> str:
    """``text`` with the project's prefixes it does not declare, on its first line (after a leading BASE,
    which some servers, Virtuoso among them, accept only as the very first declaration)."""
    base = _LEADING_BASE.match(text)
    at = base.end() if base else 0
    return text[:at] + (" " if at else "") + _prologue(text) + text[at:]


def syntax_message(text: str, error: str) -> str:
    """A parser error about ``text`` (run as ``with_prefixes(text)``) as one line, positions in ``text``."""
    shift = len(_prologue(text))
    m = _POSITION.search(error)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    if line == 1:
        col = max(1, col - shift)
    where = f" at {line}:{col}" if line else ""
    if "Prefix not found" in error or "prefix not found" in error.lower():
        lines = text.splitlines() or [""]
        before = lines[line - 1][:col - 1] if line and line <= len(lines) else ""
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)  # the parser stops at the name's end
        shown = f"'{name.group(1) or ''}:'" if name else "a prefix"
        return (f"SPARQL syntax error{where}: unknown prefix {shown}; declare it with PREFIX, "
                f"or use one of the project's: {', '.join(STANDARD)}")
    detail = error.split("expected", 1)
    expected = ""
    if len(detail) == 2:
        tokens = re.findall(r'"([^"]+)"', detail[1])
        expected = f": expected {', '.join(repr(t) for t in tokens[:8])}" if tokens else ": unexpected text"
    return f"SPARQL syntax error{where}{expected}"
