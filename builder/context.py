"""What every rule needs to know about a document: sentences, mentions, years.

Built once per document after segmentation; rules read it and claim spans
(an award's "19 cá nhân" is not also a metric).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import dates
from .lexicon import alternation, load
from .model import Document, NormText, OrgMention, PersonMention, Sentence
from .orgs import org_mentions, person_mentions

_BLOCK = 512  # claimed spans are looked up by block, so a long document costs no more per claim
_QUOTED = re.compile(r'"([^"\n]{2,200})"')


@dataclass
class DocContext:
    doc: Document
    nt: NormText
    sentences: list[Sentence]
    orgs: dict[int, list[OrgMention]] = field(default_factory=dict)        # by sentence index
    persons: dict[int, list[PersonMention]] = field(default_factory=dict)
    report_year: int | None = None
    sentence_year: dict[int, int | None] = field(default_factory=dict)
    sentence_period: dict[int, str] = field(default_factory=dict)   # part of a year: "2024-H1", "2023-M9", "2024-Q1"
    claimed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # by block of _BLOCK characters

    def text(self, s: int, e: int) -> str:
        return self.nt.text[s:e]

    def low(self, s: int, e: int) -> str:
        return self.nt.match[s:e].lower()

    def content(self):
        return [s for s in self.sentences if not s.chrome]

    def claim(self, s: int, e: int) -> None:
        for b in range(s // _BLOCK, (max(e, s + 1) - 1) // _BLOCK + 1):
            self.claimed.setdefault(b, []).append((s, e))

    def is_claimed(self, s: int, e: int) -> bool:
        return any(s < ce and cs < e
                   for b in range(s // _BLOCK, (max(e, s + 1) - 1) // _BLOCK + 1)
                   for cs, ce in self.claimed.get(b, ()))

    def quotes(self, sent: Sentence) -> list[tuple[int, int]]:
        """Spans of the quoted strings of a sentence (inside the quote marks)."""
        return [(m.start(1), m.end(1)) for m in _QUOTED.finditer(self.nt.match, sent.start, sent.end)]

    def period_of(self, sent: Sentence) -> str | None:
        part = self.sentence_period.get(sent.index)
        if part:
            return part
        y = self.sentence_year.get(sent.index)
        return str(y) if y else (str(self.report_year) if self.report_year else None)


_REVIEW = re.compile(r"(?:tổng kết|sơ kết|báo cáo)[^.;\n]{0,40}?năm\s+(" + dates.YEAR + r")", re.I)
_LEAD_YEAR = re.compile(r"^\W*(?:trong\s+|cả\s+|tính đến hết\s+|hết\s+)?năm\s+(" + dates.YEAR + r")\b", re.I)
# "Tính đến hết tháng 11/2023", "Đến 31/12/2022": figures up to a date are that year's
_UNTIL_YEAR = re.compile(r"(?<![^\W\d_])(?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+|tháng\s+)?(?:\d{1,2}/)?\d{1,2}[/-](" + dates.YEAR + r")(?!\d)", re.I)
_COMPARE_YEAR = re.compile(r"(?:so với|hơn|gấp[^.;]{0,20}?)\s+(?:cùng kỳ\s+)?năm\s+(" + dates.YEAR + r")", re.I)


def build_context(doc: Document, nt: NormText, sentences: list[Sentence]) -> DocContext:
    ctx = DocContext(doc=doc, nt=nt, sentences=sentences)
    for s in ctx.content():
        quoted = ctx.quotes(s)
        ctx.orgs[s.index] = [o for o in org_mentions(nt.match, s.start, s.end, nt.text)
                             if not any(a <= o.start < b for a, b in quoted)]
        ctx.persons[s.index] = person_mentions(nt.match, s.start, s.end, nt.text)
    ctx.report_year = _report_year(ctx)
    # a sentence's own year, else the year that opened its paragraph ("Năm 2019, …")
    para_year: dict[int, int] = {}
    para_part: dict[int, str] = {}
    for s in ctx.content():
        low = nt.match[s.start:s.end]
        lead = _LEAD_YEAR.match(low)
        own = None
        if lead:
            own = int(lead.group(1))
            para_year[s.paragraph] = own
        else:
            compare = {m.start(1) for m in _COMPARE_YEAR.finditer(low)}
            years = [int(m.group(1)) for m in re.finditer(r"(?<![\d/.])năm\s+(" + dates.YEAR + r")(?!\d)", low, re.I)
                     if m.start(1) not in compare and not _inside_quotes(low, m.start())]
            years += [int(m.group(1)) for m in _UNTIL_YEAR.finditer(low)]
            if len(set(years)) == 1:
                own = years[0]
        ctx.sentence_year[s.index] = own or para_year.get(s.paragraph)
        # part of a year ("6 tháng đầu năm 2024, …"): the sentence's, and its paragraph's when it opens the sentence
        part = _part_of_year(low)
        if part is not None:
            ctx.sentence_period[s.index] = part[0]
            if part[1]:
                para_part[s.paragraph] = part[0]
                para_year[s.paragraph] = ctx.sentence_year[s.index] = int(part[0][:4])
        elif lead:
            para_part.pop(s.paragraph, None)
        elif para_part.get(s.paragraph) and ctx.sentence_year[s.index] == int(para_part[s.paragraph][:4]) \
                and not re.search(r"(?<![^\W\d_])(?:quý|tháng)\s+[IVX\d]", nt.text[s.start:s.end], re.I):  # "Trong quý II, …"
            ctx.sentence_period[s.index] = para_part[s.paragraph]
    return ctx


def _part_of_year(low: str) -> tuple[str, bool] | None:
    """The part of a year a sentence names (not as a comparison), and whether it opens the sentence."""
    for p, a, _ in dates.periods(low):
        if re.search(r"-(?:H1|Q[1-4]|M\d{1,2})$", p) and not re.search(r"(?:so với|hơn)\s+(?:cùng kỳ\s+)?$", low[max(0, a - 25):a]):
            return p, not re.search(r"[^\W\d_]", low[:a].replace("trong", "").replace("tính đến hết", ""))
    return None


def _inside_quotes(text: str, pos: int) -> bool:
    return text.count('"', 0, pos) % 2 == 1


def _report_year(ctx: DocContext) -> int | None:
    content = ctx.content()
    head = " ".join(ctx.nt.match[s.start:s.end] for s in content[:4])
    m = _REVIEW.search(head)
    if m:
        return int(m.group(1))
    leads = Counter()
    for s in content:
        lead = _LEAD_YEAR.match(ctx.nt.match[s.start:s.end])
        if lead:
            leads[int(lead.group(1))] += 1
    if leads:
        return min(y for y, c in leads.items() if c == max(leads.values()))
    text = ctx.nt.match
    compared = {m.start(1) for m in _COMPARE_YEAR.finditer(text)}   # "so với cùng kỳ năm 2022" is not the year under review
    years = Counter(int(m.group(1)) for m in re.finditer(r"năm\s+(" + dates.YEAR + r")", text, re.I) if m.start(1) not in compared)
    years.update(int(m.group(1)) for m in _UNTIL_YEAR.finditer(text))
    if years:
        return years.most_common(1)[0][0]
    if ctx.doc.date and re.match(r"\d{4}", ctx.doc.date):
        y, mo = int(ctx.doc.date[:4]), int(ctx.doc.date[5:7] or 12)
        return y - 1 if mo <= 3 else y
    return None


def words_rx(section: str, key: str) -> re.Pattern:
    """A compiled alternation of a grammar word list, as whole words."""
    return re.compile(r"(?<![^\W\d_])(?:" + alternation(load().words(section, key)) + r")(?![^\W\d_])", re.I)
