"""Segment: NormText -> sentences with offsets, paragraphs and page-chrome flags.

A blank line ends a paragraph. A line break followed by a lower-case letter
continues the sentence (captions wrapped in the middle). Sentences end at
. ! ? followed by a space and a capital, digit or quote, never inside
numbers ("11.520") or after abbreviations ("TP."). Lines that start like
page furniture (hotline, view counter, "Cập nhật:") are flagged ``chrome``.
"""
from __future__ import annotations

import re

from .lexicon import alternation, load
from .model import NormText, Sentence

_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s+(?:[-–]\s+)?[\"'(\[]?[A-ZĐÀ-Ỹ0-9])")


def segment(nt: NormText) -> list[Sentence]:
    lex = load()
    abbrev = re.compile(r"(?:\b(?:" + "|".join(re.escape(w) for w in sorted(lex.grammar["segment"]["dotted_abbreviations"], key=len, reverse=True))
                        + r")|\b[A-ZĐ])\.$")
    chrome_rx = re.compile(r"\s*(?:" + alternation(lex.words("chrome", "line_starts")) + r")", re.I)
    text = nt.text
    blocks = _blocks(text)
    out: list[Sentence] = []
    seen_headline = False
    for para, (b_start, b_end) in enumerate(blocks):
        chrome = bool(chrome_rx.match(nt.match, b_start)) and _is_chrome_line(nt.match[b_start:b_end])
        pieces = [(b_start, b_end)] if chrome else _sentences(text, b_start, b_end, abbrev)
        for s, e in pieces:
            headline = False
            if not chrome and not seen_headline:
                headline = not re.search(r"[.!?]\s*$", text[s:e])
                seen_headline = True
            out.append(Sentence(index=len(out), start=s, end=e, paragraph=para, chrome=chrome, headline=headline))
    return out


def _is_chrome_line(line: str) -> bool:
    # a chrome opener followed by a long narrative is still article text
    return len(line) < 200


def _blocks(text: str) -> list[tuple[int, int]]:
    """Lines joined into blocks: a line break before a lower-case letter does not end a block."""
    blocks = []
    pos = 0
    cur: list[int] | None = None
    for m in re.finditer(r"[^\n]*(?:\n|$)", text):
        line_start, line_end = m.start(), m.end()
        if line_start == line_end:
            break
        content = text[line_start:line_end].rstrip("\n")
        stripped = content.strip()
        if not stripped:
            if cur:
                blocks.append(tuple(cur))
                cur = None
            continue
        s = line_start + (len(content) - len(content.lstrip()))
        e = line_start + len(content.rstrip())
        if cur and stripped[0].islower() and not re.search(r"[.!?:]\s*$", text[cur[0]:cur[1]]):
            cur[1] = e
        else:
            if cur:
                blocks.append(tuple(cur))
            cur = [s, e]
        pos = line_end
    if cur:
        blocks.append(tuple(cur))
    return blocks


def _sentences(text: str, start: int, end: int, abbrev: re.Pattern) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _END.finditer(text, start, end):
        if abbrev.search(text[max(s, m.start() - 6):m.end()].rstrip("\"')]")):
            continue
        e = m.end()
        out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out
