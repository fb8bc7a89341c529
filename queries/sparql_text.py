"""What a SPARQL request says before it runs: its form, its dataset clauses, its SERVICE calls.

The endpoint decides some things from the text alone (refuse an update or an
outbound SERVICE call, pick the dataset, ask a remote store for the right
format). Searching the raw text for a keyword would be fooled by strings,
IRIs and comments, so the text is first masked: every string literal, IRI
reference and comment becomes blanks of the same length, and the keywords
are then looked for as whole words among what is left, as the SPARQL grammar
reads them (case-insensitive; a prefixed name such as ``ex:service`` or a
variable ``?service`` is not the keyword).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_TOKEN = re.compile(_STRINGS.pattern + r"|" + _IRIREF.pattern + r"|#[^\n\r]*", re.S)


def _word(w: str) -> re.Pattern:
    return re.compile(rf"(?<![\w:?$.\-]){w}(?![\w:\-])", re.I)


_FORM = re.compile(r"(?<![\w:?$.\-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:\-])", re.I)
_UPDATE = re.compile(r"(?<![\w:?$.\-])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:\-])", re.I)
_SERVICE = _word("SERVICE")
_FROM = _word("FROM")


@dataclass(frozen=True)
class QueryText:
    """The masked text and what the endpoint needs from it."""
    text: str
    masked: str

    @property
    def form(self) -> str | None:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first form keyword), or None."""
        m = _FORM.search(self.masked)
        return m.group(1).upper() if m else None

    @property
    def is_update(self) -> bool:
        """An update operation starts the request (after its prologue), whatever query keywords follow."""
        m = _UPDATE.search(self.masked)
        f = _FORM.search(self.masked)
        return m is not None and (f is None or m.start() < f.start())

    @property
    def has_dataset(self) -> bool:
        """The query names its own dataset (FROM or FROM NAMED)."""
        return _FROM.search(self.masked) is not None

    def services(self) -> list[str | None]:
        """The endpoint of each SERVICE clause: its IRI, or None when it is not a full IRI (a variable, a prefixed name)."""
        out = []
        for m in _SERVICE.finditer(self.masked):
            rest = self.text[m.end():]
            s = re.match(r"\s*(?:SILENT\s*)?(<[^<>\"{}|^`\\\x00-\x20]*>)", rest, re.I)
            out.append(s.group(1)[1:-1] if s else None)
        return out


def inspect(text: str) -> QueryText:
    return QueryText(text, mask(text))


def mask(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length, so positions still match)."""
    return _TOKEN.sub(lambda m: " " * len(m.group(0)), text)


_BASE = _word("BASE")


def has_base(text: str) -> bool:
    """The query sets its own base IRI."""
    return _BASE.search(mask(text)) is not None
