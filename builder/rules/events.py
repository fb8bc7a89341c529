"""Event rule: a dated event that opens a sentence ("Ngày 14/1, X đã tổng kết năm 2021 …").

The organiser is the first organisation after the date; the event type comes
from the event scheme's trigger words; a date without a year takes it from
the year under review (a January date after a review of 2020 is in 2021).
"""
from __future__ import annotations

import re

from ..context import DocContext
from ..dates import lead_date
from ..lexicon import alternation, load
from ..model import Evidence, Event


def extract_events(ctx: DocContext) -> list[Event]:
    lex = load()
    trig = re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.event_types) + r")(?![^\W\d_])", re.I)
    out = []
    for sent in ctx.content():
        stext = ctx.nt.match[sent.start:sent.end]
        date, ds, de = lead_date(stext, ctx.report_year, ctx.report_year)
        if de == 0:
            continue
        t = trig.search(stext, de)
        if not t:
            continue
        organiser = next((o for o in ctx.orgs.get(sent.index, []) if o.start >= sent.start + de), None)
        code = lex.event_types[re.sub(r"\s+", " ", t.group().lower())]
        ctx.claim(sent.start + ds, sent.start + de)
        out.append(Event(event_type=code, organiser=organiser, date=date,
                         label=_label(ctx.nt.text, sent.start + t.start(), min(sent.end, sent.start + t.end() + 40), sent.end),
                         evidence=(Evidence(sent.start + ds, sent.start + t.end(), sent.index, "event.dated"),)))
    return out


def _label(text: str, s: int, e: int, limit: int) -> str:
    """The event's name: from its trigger to the first punctuation, whole words only."""
    label = re.split(r"[,;.:!?]\s|[,;:!?]|\.$", text[s:e])[0]
    if e < limit and len(label) == e - s and text[e:e + 1].isalnum():
        label = label.rsplit(" ", 1)[0]   # cut inside a word: drop the part
    return label.strip()
