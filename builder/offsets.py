"""Source offsets: a document's decoded text and its normalised text -> where each normalised character came from.

Every offset in the graph (nif:beginIndex, nif:endIndex) points into the
normalised text (normalise.py: NFC, "\\n" line ends, plain spaces, no
zero-width characters). A researcher holding the file wants offsets into the
file's own text too: for .txt and .md the decoded file (code points, after
the byte order mark), which may be NFD or use Windows line ends; for HTML the
article text read.py extracted from the page. ``source_map`` gives, for each
normalised offset, the offset in that text.
"""
from __future__ import annotations

import unicodedata

from .normalise import _INVISIBLE, _SPACES


def _piece(s: str) -> str:
    """normalise() on a piece that no normalisation step crosses (a character with its marks, or "\\r\\n")."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _INVISIBLE.sub("", s)))


def source_map(raw: str, normalised: str) -> list[int] | None:
    """``m[i]`` is the offset in ``raw`` of normalised character ``i`` (``m[len(normalised)] == len(raw)``), or
    None when the text cannot be cut into pieces that normalise alone (a mark after a dropped zero-width
    character, which then composes with the character before it)."""
    if raw == normalised:
        return list(range(len(raw) + 1))
    out: list[int] = []
    parts: list[str] = []
    start = 0
    for i in range(1, len(raw) + 1):
        if i < len(raw) and (unicodedata.combining(raw[i]) or (raw[i] == "\n" and raw[i - 1] == "\r")):
            continue        # a combining mark, or the "\n" of "\r\n", stays with what comes before it
        piece = _piece(raw[start:i])
        parts.append(piece)
        out.extend([start] * len(piece))
        start = i
    if "".join(parts) != normalised:
        return None
    out.append(len(raw))
    return out
