"""What every rule needs to know about a document: sentences, mentions, years.

Built once per document after segmentation; rules read it and claim spans
(an award's "27 cá nhân" is not also a metric).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from . import dates
from .lexicon import alternation, load, pattern
from .model import Document, NormText, OrgMention, PersonMention, Sentence
from .orgs import org_mentions, person_mentions, roles_in

_BLOCK = 512  # claimed spans are looked up by block, so a long document costs no more per claim
_QUOTED = re.compile(r'"([^"\n]{2,200})"')
_BARE_YEAR = re.compile(r"(?<![\w,])(" + dates.YEAR + r")(?![\w,]|\.\d)")


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
    occasion_period: str | None = None   # the period of the page's occasion (its lead's), when no review names the year
    claimed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # by block of _BLOCK characters
    _role_bodies: dict[str, OrgMention] | None = None
    overseer: OrgMention | None = None
    last_award: tuple[str, str | None] | None = None   # the last award read (concept, title), for "danh hiệu cao quý này"   # the body last seen overseeing a campaign, for a later "Đoàn cũng kiểm tra …"

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

    def plan_words(self, s: int, e: int) -> bool:
        """Whether text[s:e] speaks of a plan or a target ("phấn đấu", "mục tiêu")."""
        return bool(_rx()["plan"].search(self.nt.match, s, e))

    def paragraph_subject(self, sent: Sentence) -> OrgMention | None:
        """For a sentence after the first of its paragraph: the organisation that the paragraph's first
        sentence opens with, when it opens with one ("Tại hội nghị, Tỉnh Đoàn X vinh dự … Trong đợt này, toàn
        tỉnh đã …": the figures are Tỉnh Đoàn X's). None otherwise: the document's organisation."""
        first = next((s for s in self.content() if s.paragraph == sent.paragraph), None)
        if first is None or first.index == sent.index or first.headline:
            return None
        rx = _rx()
        opener = rx["opener"].match(self.nt.match, first.start, first.end)
        at = opener.end() if opener else first.start
        o = next((o for o in self.orgs.get(first.index, []) if o.start >= at), None)
        if o is None or o.kind not in ("full", "brand") or o.start - at > 2:
            return None
        return o

    def sentence_subject(self, sent: Sentence) -> OrgMention | None:
        """The organisation a sentence opens with, after a time or place opener ("Chỉ sau 5 năm khai trương, Metfone
        đã …"), when it then acts (a verb of its own follows); None otherwise."""
        rx = _rx()
        opener = rx["sentence_opener"].match(self.nt.match, sent.start, sent.end)
        at = opener.end() if opener else sent.start
        o = next((o for o in self.orgs.get(sent.index, []) if o.start >= at), None)
        if o is None or o.kind not in ("full", "brand") or o.start - at > 2 \
                or not rx["acts"].match(self.nt.match, o.end):
            return None
        return o

    def lead_subject(self) -> OrgMention | None:
        """The organisation the lead is about: the first one named in the first sentence after the headline
        that names one, unless it is a place or an object ("tại X", "cùng X", "cho X")."""
        rx = _rx()
        for sent in self.content():
            if sent.headline:
                continue
            orgs = self.orgs.get(sent.index, [])
            if not orgs:
                continue
            for o in orgs:
                if not rx["not_subject"].search(self.nt.match, max(sent.start, o.start - 12), o.start):
                    # a national body ("Bộ Y tế") is the page's subject only when it acts on its own ("tổ chức",
                    # "phát động"), not when it confers or attends: then the page is about the other party
                    if o.kind == "fixed" and not rx["own_action"].match(self.nt.match, o.end):
                        return None
                    return o
            return None
        return None

    def role_body(self, role: str) -> OrgMention | None:
        """The body the page names with a role ("Giám đốc ABC"), for the role alone elsewhere ("Giấy khen của Giám
        đốc"): the first organisation that follows the role right after it; None when none does."""
        if self._role_bodies is None:
            self._role_bodies = {}
            for s in self.content():
                orgs = self.orgs.get(s.index, [])
                for key, _, e in roles_in(self.nt.match, s.start, s.end):
                    at = e + 1 if self.nt.match[e:e + 1] == " " else e
                    o = next((o for o in orgs if o.start == at and o.kind in ("full", "brand", "fixed")), None)
                    if o is not None:
                        self._role_bodies.setdefault(key, o)
        return self._role_bodies.get(role)

    def period_of(self, sent: Sentence) -> str | None:
        part = self.sentence_period.get(sent.index)
        if part:
            return part
        y = self.sentence_year.get(sent.index)
        return str(y) if y else (str(self.report_year) if self.report_year else None)


@cache
def _rx() -> dict:
    """The year and review patterns, from grammar.toml [context] and [periods]."""
    g = load().grammar
    c = g["context"]

    def w(key):
        return pattern(c[key])

    year = pattern(g["periods"]["year_words"])
    day, month = pattern(g["periods"]["day_words"]), pattern(g["periods"]["month_words"])
    Y = dates.YEAR
    return {
        "review": re.compile(r"(?:" + w("review_words") + r")[^.;\n]{0,40}?(?:" + year + r")\s+(" + Y + r")", re.I),
        "lead_year": re.compile(r"^\W*(?:(?:" + w("year_lead_words") + r")\s+)?(?:" + year + r")\s+(" + Y + r")\b", re.I),
        # "Tính đến hết tháng 11/2023", "Đến 31/12/2022": figures up to a date are that year's
        "until_year": re.compile(r"(?<![^\W\d_])(?:" + w("until_words") + r")\s+(?:(?:" + w("until_end_words") + r")\s+)?(?:(?:" + day + "|"
                                 + month + r")\s+)?(?:\d{1,2}/)?\d{1,2}[/-](" + Y + r")(?!\d)", re.I),
        "compare_year": re.compile(r"(?:" + w("compare_words") + r"|(?:" + w("times_words") + r")[^.;]{0,20}?)\s+(?:(?:"
                                   + w("same_period_words") + r")\s+)?(?:" + year + r")\s+(" + Y + r")", re.I),
        "year": re.compile(r"(?<![\d/.])(?:" + year + r")\s+(" + Y + r")(?!\d)", re.I),
        "any_year": re.compile(r"(?:" + year + r")\s+(" + Y + r")", re.I),
        "compared_before": re.compile(r"(?:" + w("compare_words") + r")\s+(?:(?:" + w("same_period_words") + r")\s+)?$"),
        "lead_fillers": re.compile(w("part_lead_fillers")),
        "not_subject": re.compile(r"(?<![^\W\d_])(?:" + pattern(g["context"]["not_subject_words"]) + r")\s+$", re.I),
        "plan": words_rx("metrics", "target_markers"),
        "own_action": re.compile(r"\s+(?:(?:" + w("own_action_adverbs") + r")\s+)?(?:" + w("own_action_verbs") + r")(?![^\W\d_])", re.I),
        "opener": re.compile(r"\W*(?:(?:" + w("paragraph_openers") + r")[^,]{0,30},\s*)?", re.I),
        "sentence_opener": re.compile(r"\W*(?:(?:" + w("paragraph_openers") + "|" + w("sentence_openers") + r")[^,]{0,30},\s*)?", re.I),
        "acts": re.compile(r"\s+(?:" + w("subject_verbs") + r")(?![^\W\d_])", re.I),
        "cumulative": re.compile(r"^\W*(?:(?P<sum>" + w("cumulative_sum_words") + r")|" + w("cumulative_words") + r")\s+(\d{1,3})\s+(?:"
                                 + year + r")(?![^\W\d_])", re.I),
        "day": re.compile(r"(?<![^\W\d_])(?:" + pattern(g["periods"]["day_parts"]) + "|" + day + r")\s", re.I),
        "founded": re.compile(r"(?<![^\W\d_])(?:" + w("founding_words") + r")\s+(?:(?:" + day + "|" + year
                              + r")\s+)?(?:\d{1,2}[/-]\d{1,2}[/-])?(" + Y + r")(?!\d)", re.I),
        "years_of": re.compile(r"(?<![\d.,])(\d{1,3})\s+(?:" + year + r")\s+(?:" + w("anniversary_words") + r")(?![^\W\d_])"
                               r"|(?:" + w("anniversary_openers") + r")\s+(\d{1,3})\s+(?:" + year + r")(?![^\W\d_])", re.I),
        "own_part": re.compile(r"(?<![^\W\d_])(?:" + pattern(g["periods"]["quarter_words"]) + "|" + month + r")\s+[IVX\d]", re.I),
    }


def build_context(doc: Document, nt: NormText, sentences: list[Sentence]) -> DocContext:
    ctx = DocContext(doc=doc, nt=nt, sentences=sentences)
    for s in ctx.content():
        quoted = ctx.quotes(s)
        ctx.orgs[s.index] = [o for o in org_mentions(nt.match, s.start, s.end, nt.text)
                             if not any(a <= o.start < b for a, b in quoted)]
        ctx.persons[s.index] = person_mentions(nt.match, s.start, s.end, nt.text)
    _acronym_mentions(ctx)
    _introduced_mentions(ctx)
    _short_name_mentions(ctx)
    rx = _rx()
    ctx.report_year = _report_year(ctx)
    ctx.occasion_period = _occasion_period(ctx)
    # a sentence's own year, else the year that opened its paragraph ("Năm 2019, …")
    para_year: dict[int, int] = {}
    para_part: dict[int, str] = {}
    for s in ctx.content():
        low = nt.match[s.start:s.end]
        lead = rx["lead_year"].match(low)
        own = None
        if lead:
            own = int(lead.group(1))
            para_year[s.paragraph] = own
        else:
            compare = {m.start(1) for m in rx["compare_year"].finditer(low)}
            years = [int(m.group(1)) for m in rx["year"].finditer(low)
                     if m.start(1) not in compare and not _inside_quotes(low, m.start())]
            years += [int(m.group(1)) for m in rx["until_year"].finditer(low)]
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
        elif (span := _lead_span(low, ctx.sentence_year[s.index] or ctx.report_year)) is not None:
            # "Giai đoạn 2016-2020, …", "Lũy kế 15 năm, …": the sentence's figures are the span's
            ctx.sentence_period[s.index] = span
        elif para_part.get(s.paragraph) and ctx.sentence_year[s.index] == int(para_part[s.paragraph][:4]) \
                and not rx["own_part"].search(nt.match, s.start, s.end):  # "Trong quý II, …"
            ctx.sentence_period[s.index] = para_part[s.paragraph]
    return ctx


def _acronym_mentions(ctx: DocContext) -> None:
    """An acronym the document defines ("Tổng công ty Điện lực miền Nam (EVNSPC)") names the organisation
    wherever it stands alone later ("được EVNSPC tặng Bằng khen")."""
    acronyms = {o.acronym for ms in ctx.orgs.values() for o in ms if o.acronym and len(o.acronym) > 1}
    if not acronyms:
        return
    rx = re.compile(r"(?<![\w&.-])(?:" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w&-])")
    for s in ctx.content():
        ms = ctx.orgs.get(s.index, [])
        added = [OrgMention(start=x.start(), end=x.end(), surface=ctx.nt.text[x.start():x.end()], kind="full",
                            head=ctx.nt.text[x.start():x.end()])
                 for x in rx.finditer(ctx.nt.match, s.start, s.end)
                 if not any(o.start <= x.start() < o.end or x.start() - 1 == o.end for o in ms)
                 and ctx.nt.match[x.start() - 1:x.start()] != "("]
        if added:
            ctx.orgs[s.index] = sorted(ms + added, key=lambda o: o.start)


def _add_full_mentions(ctx: DocContext, rx: re.Pattern) -> None:
    """Each match of ``rx`` in the content that overlaps no mention already found is a full name there."""
    for s in ctx.content():
        ms = ctx.orgs.get(s.index, [])
        added = [OrgMention(start=x.start(), end=x.end(), surface=ctx.nt.text[x.start():x.end()], kind="full",
                            head=ctx.nt.text[x.start():x.end()])
                 for x in rx.finditer(ctx.nt.text, s.start, s.end)
                 if not any(o.start <= x.start() < o.end or o.start < x.end() <= o.end for o in ms)]
        if added:
            ctx.orgs[s.index] = sorted(ms + added, key=lambda o: o.start)


def _introduced_mentions(ctx: DocContext) -> None:
    """A name introduced once ("mạng di động Metfone, công ty con của Viettel") names the organisation wherever it
    stands alone later ("Metfone đã vượt …")."""
    names = {o.surface for ms in ctx.orgs.values() for o in ms if o.introduced and len(o.surface) > 2}
    if not names:
        return
    rx = re.compile(r"(?<![\w&.-])(?:" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True)) + r")(?![\w&-])")
    _add_full_mentions(ctx, rx)


def _lead_span(low: str, year: int | None) -> str | None:
    """The span a sentence opens with: a range of years before its first comma, or a cumulative count of
    years up to the year of the sentence ("Lũy kế 15 năm", "Sau 20 năm thành lập": 15 years to that year)."""
    head = low[:max(0, low.find(","))] if "," in low[:60] else ""
    if not head:
        return None
    for p, a, _ in dates.periods(head):
        if re.fullmatch(r"\d{4}-\d{4}", p) and a < 25:
            return p
    c = _rx()["cumulative"].match(head)
    if c and year and 1 < int(c.group(2)) < 200:
        # "Sau 20 năm" since a start: from that year; "Lũy kế 15 năm": 15 calendar years to this one
        return f"{year - int(c.group(2)) + (1 if c.group('sum') else 0)}-{year}"
    return None


def _short_name_mentions(ctx: DocContext) -> None:
    """A name the document gives in full ("Công ty Than Thống Nhất") names the organisation without its head
    too, wherever that part stands alone later ("Than Thống Nhất được TKV tặng …"); resolution joins the two."""
    parts = set()
    for ms in ctx.orgs.values():
        for o in ms:
            if o.kind != "full" or not o.head:
                continue
            rest = o.surface[len(o.head):].strip()
            words = rest.split()
            if len(words) >= 3 and all(w[:1].isupper() for w in words) and rest.replace(" ", "").isalpha():
                parts.add(rest)
    if not parts:
        return
    rx = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(x) for x in sorted(parts, key=len, reverse=True)) + r")(?![\w])")
    _add_full_mentions(ctx, rx)


def _part_of_year(low: str) -> tuple[str, bool] | None:
    """The part of a year a sentence names (not as a comparison), and whether it opens the sentence."""
    rx = _rx()
    for p, a, _ in dates.periods(low):
        if re.search(r"-(?:H1|Q[1-4]|M\d{1,2})$", p) and not rx["compared_before"].search(low[max(0, a - 25):a]):
            return p, not re.search(r"[^\W\d_]", rx["lead_fillers"].sub("", low[:a]))
    return None


def _inside_quotes(text: str, pos: int) -> bool:
    return text.count('"', 0, pos) % 2 == 1


def stated_periods(text: str, s: int, e: int) -> list[str]:
    """The periods text[s:e] names, without those it compares with ("so với năm 2018") and spans of more than ten
    years (an anniversary's "(1990 - 2020)")."""
    low = text[s:e]
    before = _rx()["compared_before"]
    return [p for p, a, _ in dates.periods(low) if not before.search(low[max(0, a - 25):a])
            and not (re.fullmatch(r"\d{4}-\d{4}", p) and int(p[5:]) - int(p[:4]) > 10)]


def _occasion_period(ctx: DocContext) -> str | None:
    """The period of the page's occasion, for facts that give none of their own (an award handed over at the
    event the lead reports): a span of at most ten years the lead names ("Đại hội … lần thứ III (2011 - 2016)"; a
    longer one is an anniversary), else the one year it names or dates ("Ngày 3/5/2019, …"), else the year of
    a timestamp at the top of the page ("07:15 03/05/2019"). None when a review near the top names the year
    under review (the report year stands) or nothing is found."""
    content = ctx.content()
    text = ctx.nt.match
    head = " ".join(text[s.start:s.end] for s in content[:4])
    if _rx()["review"].search(head):
        return None
    founded = _anniversary(ctx)
    lead = next((s for s in content if not s.headline and len(text[s.start:s.end].split()) > 8
                 and re.search(r"[.!?…]\W*$", text[s.start:s.end])), None)   # a sentence, not a menu line
    if founded is not None and (lead is None or _rx()["founded"].search(text, lead.start, lead.end)):
        return str(founded[0] + founded[1])   # "Ra đời ngày 1-4-1990, …" and "35 năm xây dựng": the 35th year
    if lead is not None:
        day = _rx()["day"].search(text, lead.start, min(lead.end, lead.start + 80))
        if day:
            date, _, _ = dates.lead_date(text[day.start():lead.end], 2000)
            if date and int(date[5:7]) <= 3:
                return None   # a meeting early in the year reviews the year before: the report year stands
        found = stated_periods(text, lead.start, lead.end)
        spans = [p for p in found if re.fullmatch(r"\d{4}-\d{4}", p)]
        years = {p[:4] for p in found if not re.fullmatch(r"\d{4}-\d{4}", p)}
        if spans:
            return spans[0]
        if len(years) == 1:
            return years.pop()
        date, _, _ = dates.lead_date(text[lead.start:lead.end], None)   # no year is guessed without context
        if date:
            return date[:4]
    for s in ctx.sentences[:4]:
        if s is not lead:
            stamp = _TIMESTAMP.search(text, s.start, s.end)
            if stamp:
                return stamp.group(1)
    return None


def _anniversary(ctx: DocContext) -> tuple[int, int] | None:
    """(founding year, years since) when the page dates its organisation's founding ("Ra đời ngày 1-4-1990", "Khởi
    đầu từ năm 1890") and counts the years ("trong 35 năm xây dựng và trưởng thành", "kỷ niệm 35 năm")."""
    rx = _rx()
    text = ctx.nt.match
    founded = span = None
    for s in ctx.content():
        founded = founded or rx["founded"].search(text, s.start, s.end)
        span = span or rx["years_of"].search(text, s.start, s.end)
    if founded is None or span is None:
        return None
    return int(founded.group(1)), int(span.group(1) or span.group(2))


_TIMESTAMP = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}/(" + dates.YEAR + r")(?![\d/])")


def _report_year(ctx: DocContext) -> int | None:
    content = ctx.content()
    head = " ".join(ctx.nt.match[s.start:s.end] for s in content[:4])
    rx = _rx()
    m = rx["review"].search(head)
    if m:
        return int(m.group(1))
    leads = Counter()
    for s in content:
        lead = rx["lead_year"].match(ctx.nt.match[s.start:s.end])
        if lead:
            leads[int(lead.group(1))] += 1
    if leads:
        return min(y for y, c in leads.items() if c == max(leads.values()))
    text = ctx.nt.match
    compared = {m.start(1) for m in rx["compare_year"].finditer(text)}   # "so với cùng kỳ năm 2022" is not the year under review
    years = Counter(int(m.group(1)) for m in rx["any_year"].finditer(text) if m.start(1) not in compared)
    years.update(int(m.group(1)) for m in rx["until_year"].finditer(text))
    if years:
        return years.most_common(1)[0][0]
    # no "năm 2021" anywhere: the years the content gives bare ("mùa đông 2021", "ngày 2.3.2021", "(2006-2010)"),
    # the most named, the latest of a tie (a span's end, a date's year rather than a founding year)
    bare = Counter(int(m.group(1)) for s in content for m in _BARE_YEAR.finditer(text, s.start, s.end)
                   if m.start(1) not in compared)
    if bare:
        top = max(bare.values())
        return max(y for y, c in bare.items() if c == top)
    if ctx.doc.date and re.match(r"\d{4}", ctx.doc.date):
        y, mo = int(ctx.doc.date[:4]), int(ctx.doc.date[5:7] or 12)
        return y - 1 if mo <= 3 else y
    return None


def words_rx(section: str, key: str) -> re.Pattern:
    """A compiled alternation of a grammar word list, as whole words."""
    return re.compile(r"(?<![^\W\d_])(?:" + alternation(load().words(section, key)) + r")(?![^\W\d_])", re.I)
