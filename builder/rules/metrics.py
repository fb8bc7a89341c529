"""Metric rule: figures an organisation reports, with their comparisons.

In each sentence: quantities (numbers.py), then comparisons ("bằng 104% kế
hoạch", "vượt 7,5% kế hoạch" = 107.5, "tăng 12% so với cùng kỳ", "giảm 3,2%"
= -3.2, "gấp 1,5 lần" = +50). A quantity is a metric when its clause names
an indicator (the scheme's phrases before the figure, or a counted noun right
after it: "14 trạm biến áp"), or when it is money or energy. Comparisons attach to
the metric before them; a comparison with no figure before it makes a
ratio-only metric. "bao gồm"/"trong đó" make the next figures parts of the
one before. Plans ("phấn đấu", "mục tiêu", a later year) are targets.

A count needs no lexicon entry, only a noun: "48 lối đi" is a count of "lối
đi" (okg:ind-count), unless the noun is a word of time or order, the number
ends a name or the noun is an award's recipients. A measure with no indicator
is a measure of the noun after its unit or of the phrase before it; a share
("chiếm 47% thị phần") and a growth of an unnamed thing are kept with their
phrase. A figure whose clause names no organisation belongs to the one its
paragraph opens with, else to the document's. Linear in a sentence's length:
spans are looked up by bisection, never searched between pairs of figures.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import replace
from functools import cache

from .. import dates
from ..context import DocContext, words_rx
from ..lexicon import alternation, load, pattern
from ..model import Evidence, Metric, OrgMention, Quantity
from ..numbers import NUMBER, main_qualifier, parse_number, quantities
from ..normalise import fold_tone



@cache
def unit_classes() -> tuple[frozenset, frozenset, frozenset]:
    """(money, measures, always): unit codes by how a figure in them is kept (units.toml [classes])."""
    c = load().units["classes"]
    money = frozenset(c["money"])
    return money, money | frozenset(c["measures"]), money | frozenset(c["always"])


@cache
def _rx():
    lex = load()

    def words(key):
        return pattern(lex.grammar["metrics"][key])

    q = r"(?P<qual>(?:(?:" + alternation(lex.qualifiers) + r")\s+){0,2})"
    num = r"(?P<num>" + NUMBER + r")"
    point = r"(?P<vs>" + words("comparison_points") + r")"
    link = r"(?:" + words("comparison_links") + r")"
    vs = r"(?:\s+" + link + r"\s+" + point + r")?"
    plan_word = r"(?:" + words("plan_words") + r")(?:\s+(?:" + words("plan_word_tails") + r"))?"
    growth_dir = r"(?P<dir>" + pattern(lex.grammar["metrics"]["growth_up"] + lex.grammar["metrics"]["growth_down"]) + r")"
    times_num = r"(?P<num>" + NUMBER + r"|" + pattern(lex.grammar["times_numbers"]) + r")"
    return {
        "plan": re.compile(r"(?<![^\W\d_])(?P<verb>" + words("plan_verbs") + r")\s+" + q + num + r"\s*%\s*(?:" + link + r"\s+)?" + plan_word, re.I),
        "excess": re.compile(r"(?:" + words("plan_excess_verbs") + r")$", re.I),
        "down": re.compile(r"(?:" + words("growth_down") + r")$", re.I),
        "bare_plan": re.compile(r"(?<![^\W\d_])(?:" + words("share_verbs") + r")\s+" + q + num + r"\s*%(?=\s*(?:[,;.)]|$|\s+(?:" + words("clause_joins") + r")\s))", re.I),
        # "tăng 12%", "(tốc độ) tăng trưởng đạt 8,9%"
        "growth": re.compile(r"(?<![^\W\d_])" + growth_dir + r"\s+(?:(?:" + words("growth_links") + r")\s+)?" + q + num + r"\s*%" + vs, re.I),
        "growth_what": re.compile(r"(?<![^\W\d_])(?P<dir>" + words("growth_rate_words") + r")\s+(?P<what>[^\W\d_]+(?:\s+[^\W\d_]+){0,3}?)\s+" + q + num + r"\s*%" + vs, re.I),
        # "tăng 79.000 triệu đồng (8,2%)": a change as an amount with its rate in brackets, the rate of the figure before
        "growth_paren": re.compile(r"(?<![^\W\d_])" + growth_dir + r"\s+(?:(?:" + alternation(lex.qualifiers) + r")\s+)?\d[^()%;]{0,40}?\(\s*"
                                   + num + r"\s*%\s*\)", re.I),
        "growth_rev": re.compile(link + r"\s+" + point + r"\s*,?\s*" + growth_dir + r"\s+" + q + num + r"\s*%", re.I),
        # "bằng 110% so với cùng kỳ": a share of the comparison point, i.e. growth of +10%
        "share_of_past": re.compile(r"(?<![^\W\d_])(?:" + words("share_verbs") + r")\s+" + q + num + r"\s*%\s+" + link + r"\s+" + point, re.I),
        "times": re.compile(r"(?<![^\W\d_])(?:(?:" + words("times_verbs") + r")\s+)?(?:" + words("times_words") + r")\s+" + q + times_num
                            + r"(?:\s+(?:" + words("times_units") + r"))?(?:\s+(?:" + link + r"\s+)?" + point + r")?", re.I),
        "target": words_rx("metrics", "target_markers"),
        "target_plan": re.compile(words("target_plan_phrases"), re.I),
        "reaches_title": re.compile(r"\s+(?P<first>[^\W\d_]+)(?:\s+[^\W\d_]+){0,3}?\s+(?:(?:" + pattern(lex.grammar["awards"]["passive"])
                                    + r")\s+)?(?:" + pattern(lex.grammar["awards"]["confer_verbs"] + lex.grammar["awards"]["reach_verbs"])
                                    + r")\s+(?:(?:" + pattern(lex.grammar["awards"]["reach_verbs"]) + r")\s+)?(?:"
                                    + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers)
                                    + r")(?![^\W\d_])", re.I),
        "recipient_kind": re.compile(r"(?:" + alternation(lex.recipient_kinds) + r")(?![^\W\d_])", re.I),
        # "Sau hơn 3 thập kỷ phấn đấu không ngừng, …": years of effort behind, not a target ahead
        "past_effort": re.compile(r"(?<![^\W\d_])(?:" + words("past_effort_openers") + r")\s+(?:(?:" + alternation(lex.qualifiers)
                                  + r")\s+)?\d+\s+(?:" + words("past_effort_spans") + r")\s+$", re.I),
        "breakdown": words_rx("metrics", "breakdown_markers"),
        "opens_breakdown": re.compile(r"\W*(?:" + words("breakdown_markers") + r")(?![^\W\d_])", re.I),
        "noun_stop": words_rx("metrics", "noun_stops"),
        "openers": re.compile(r"^(?:\s*(?:" + alternation(lex.words("metrics", "clause_openers")) + r")(?![^\W\d_])\s*,?)+", re.I),
        "verbs": re.compile(r"(?:\s+(?:" + alternation(lex.words("metrics", "verbs")) + r"))+\s*$", re.I),
        "ignore": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("metrics", "ignore")) + r")(?![^\W\d_])", re.I),
        "change": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("metrics", "change_verbs")) + r")\s*$", re.I),
        "comparison": re.compile(r"\s*,?\s*(?:" + alternation(lex.words("metrics", "comparisons")) + r")(?![^\W\d_])", re.I),
        "new": re.compile(r"(?:" + alternation(lex.words("metrics", "new_markers")) + r")\s*$", re.I),
        "year_lead": re.compile(r"^\s*(?:" + words("year_openers") + r")\s*,?\s*", re.I),
        "previous_year": re.compile(words("previous_year_points"), re.I),
        "ratio_word": re.compile(words("ratio_words"), re.I),
        "estimate": re.compile(r"(?<![^\W\d_])(?:" + words("estimate_words") + r")(?![^\W\d_])", re.I),
        "label_stop": re.compile(r"\s+(?:" + words("label_stops") + r")\s+", re.I),
        "label_lead": re.compile(words("label_leading_words"), re.I),
        "object_before": re.compile(r"(?:" + "|".join(r"\b" + w for w in words("object_markers").split("|")) + r")\s+$"),
        "award_group": re.compile(r"(?:" + pattern(lex.grammar["awards"]["group_nouns"] + lex.grammar["metrics"]["recipient_prefixes"])
                                  + r")(?![^\W\d_])", re.I),
        "award_word": re.compile(r"(?<![^\W\d_])(?:" + alternation(t for c in lex.awards.values() for t in c.triggers)
                                 + r")(?![^\W\d_])", re.I),
        "share_verb": re.compile(r"(?<![^\W\d_])(?:" + words("share_of_total_verbs") + r")\s+(?:(?:" + alternation(lex.qualifiers)
                                 + r")\s+)?$", re.I),
        "given_later": re.compile(r"(?<![^\W\d_])(?:" + pattern(lex.grammar["awards"]["passive"]) + r")\s+(?:"
                                  + pattern(lex.grammar["awards"]["confer_verbs"] + lex.grammar["awards"]["receive_verbs"]) + r")(?![^\W\d_])", re.I),
        "per_unit": re.compile(r"^\W*(?:" + words("per_unit_words") + r")\s", re.I),
        "given_after": re.compile(r"\s+(?:" + pattern(lex.grammar["awards"]["passive"]) + r")\s+(?:"
                                  + pattern(lex.grammar["awards"]["confer_verbs"] + lex.grammar["awards"]["receive_verbs"]) + r")(?![^\W\d_])", re.I),
        "date_word": re.compile(r"(?<![^\W\d_])(?:" + pattern(lex.grammar["periods"]["day_words"] + lex.grammar["periods"]["month_words"]
                                                           + lex.grammar["periods"]["day_parts"]) + r")\s*$", re.I),
        "not_counted": re.compile(r"(?:" + words("not_counted") + r")", re.I),
        "verb_word": re.compile(r"(?:" + pattern(v for v in lex.grammar["metrics"]["verbs"] + lex.grammar["metrics"]["change_verbs"]
                                                  if " " not in v) + r")", re.I),
        "times_numbers": {fold_tone(k).lower(): v for k, v in lex.grammar["times_numbers"].items()},
        "not_count_phrase": re.compile(r"(?:" + words("not_count_phrases") + r")", re.I),
        "level_to": re.compile(r"(?<![^\W\d_])(?:" + words("level_to_words") + r")\s+$", re.I),
        "level_from": re.compile(r"(?<![^\W\d_])(?:" + words("level_from_words") + r")\s+$", re.I),
        "level_to_after": re.compile(r"\s+(?:" + words("level_to_words") + r")\s+\d", re.I),
        "honour": re.compile(r"(?<![^\W\d_])(?:" + words("honour_verbs") + r")(?![^\W\d_])", re.I),
        "winners": re.compile(r"\s+(?:" + words("winner_verbs") + r")(?![^\W\d_])", re.I),
        "not_count_after": re.compile(r"(?<![^\W\d_])(?:" + words("not_count_after") + r")\s*$", re.I),
        "share_reach": re.compile(r"\s+(?:" + words("share_reach_verbs") + r")\s+(?=[^\W\d_])", re.I),
        "now": re.compile(r"(?<![^\W\d_])(?<!" + r")(?<!".join(w + " " for w in lex.grammar["metrics"]["now_not_after"]) + r")(?:"
                          + words("now_markers") + r")(?![^\W\d_])", re.I),
        "this_year_part": re.compile(r"(?<![^\W\d_])(\d{1,2}|" + pattern(lex.grammar["periods"]["month_count_words"]) + r")\s+(?:"
                                     + pattern(lex.grammar["periods"]["month_words"]) + r")\s+(?:(?:" + pattern(lex.grammar["periods"]["first_words"])
                                     + r")\s+)?(?:" + words("this_year_words") + r")(?![^\W\d_])", re.I),
        # "sau 20 năm", "trong 5 năm" anywhere in a sentence (context.py reads them when they open it)
        "elapsed": re.compile(r"(?<![^\W\d_])(?:(?P<sum>" + pattern(lex.grammar["context"]["cumulative_sum_words"]) + r")|"
                              + pattern(lex.grammar["context"]["cumulative_words"]) + r")\s+(?:(?:" + alternation(lex.qualifiers)
                              + r")\s+)?(?P<n>\d{1,3})\s+(?:" + pattern(lex.grammar["periods"]["year_words"]) + r")(?![^\W\d_])(?!\s+(?:"
                              + words("future_words") + r"))", re.I),
        "since": re.compile(r"(?<![^\W\d_])(?:" + words("since_words") + r")\s+(?:(?:" + pattern(lex.grammar["periods"]["month_words"])
                            + r")\s+\d{1,2}\s*[-/]\s*|(?:" + pattern(lex.grammar["periods"]["year_words"]) + r")\s+)(?P<y>" + dates.YEAR
                            + r")(?!\d)(?!\s*(?:[-–]|" + pattern(lex.grammar["periods"]["range_joins"]) + r")\s*\d)", re.I),
        "this_year": re.compile(r"(?<![^\W\d_])(?:" + words("this_year_words") + r")(?![^\W\d_])", re.I),
        "compared_before": re.compile(r"(?:(?<![^\W\d_])(?:" + pattern(lex.grammar["context"]["compare_words"]) + r")\s+(?:(?:"
                                      + pattern(lex.grammar["context"]["same_period_words"]) + r")\s+)?|(?<![^\W\d_])(?:"
                                      + pattern(lex.grammar["context"]["times_words"]) + r")[^.;]{0,20}?\s)$", re.I),
        "month_counts": {fold_tone(k).lower(): v for k, v in lex.grammar["periods"]["month_count_words"].items()},
        "review": re.compile(r"(?:" + pattern(lex.grammar["context"]["review_words"]) + r")[^.;\n]{0,40}?(?:"
                             + pattern(lex.grammar["periods"]["year_words"]) + r")\s+(" + dates.YEAR + r")", re.I),
        "after_link": re.compile(r"(?<![^\W\d_])(?:" + words("comparison_links") + r")\s+$", re.I),
        "name_words": re.compile(r"(?:\s+(?:" + pattern(lex.grammar["organisations"]["name_lower_words"]) + r"))+\s+$", re.I),
    }


@cache
def _triggers():
    """(phrase, code) for indicator phrases and (noun, code) for counted nouns, longest first."""
    lex = load()
    phrases = sorted(((t, c.code) for c in lex.indicators.values() for t in c.triggers), key=lambda x: -len(x[0]))
    nouns = sorted(((n, c.code) for c in lex.indicators.values() for n in c.count_nouns), key=lambda x: -len(x[0]))
    return phrases, nouns


class _Spans:
    """Sorted, non-overlapping spans of a sentence, queried by bisection (a sentence may hold thousands)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def last_start_before(self, b: int) -> int:
        """The start of the last span that ends at or before b (-1 if none): a span lies wholly inside
        [a, b) exactly when this start is at least a."""
        j = bisect_right(self.ends, b) - 1
        return self.starts[j] if j >= 0 else -1

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def within(self, a: int, b: int):
        """The spans that overlap [a, b)."""
        i = bisect_right(self.ends, a)
        while i < len(self.spans) and self.spans[i][0] < b:
            yield self.spans[i]
            i += 1


class _Orgs:
    """A sentence's organisation mentions in order, with their starts for bisection."""

    def __init__(self, orgs):
        self.orgs = list(orgs)
        self.starts = [o.start for o in self.orgs]

    def within(self, a: int, b: int):
        """The mentions that start in [a, b), in order."""
        return self.orgs[bisect_left(self.starts, a):bisect_left(self.starts, b)]


class _Ratio:
    def __init__(self, kind, start, end, value, quals, vs=None):
        self.kind, self.start, self.end, self.value, self.quals, self.vs = kind, start, end, value, quals, vs


def _num(s: str) -> float:
    words = _rx()["times_numbers"]
    return float(words[s.lower()]) if s.lower() in words else parse_number(s)


def _quals(text: str | None) -> tuple[str, ...]:
    from ..numbers import _qualifier_codes
    return tuple(_qualifier_codes((text or "").lower(), load().qualifiers)) if text else ()


def _ratios(ctx: DocContext, s: int, e: int) -> list[_Ratio]:
    rx = _rx()
    m = ctx.nt.match
    out: list[_Ratio] = []
    taken: list[tuple[int, int]] = []    # the spans of ``out``, sorted (they never overlap)

    def free(a, b):
        i = bisect_left(taken, (a, b))
        return not ((i > 0 and taken[i - 1][1] > a) or (i < len(taken) and taken[i][0] < b))

    def add(r: _Ratio) -> None:
        out.append(r)
        insort(taken, (r.start, r.end))

    for x in rx["plan"].finditer(m, s, e):
        v = parse_number(x.group("num"))
        excess = bool(rx["excess"].fullmatch(x.group("verb")))
        r = _Ratio("plan", x.start(), x.end(), 100 + v if excess else v, _quals(x.group("qual")))
        r.excess = excess
        add(r)
    for x in rx["growth_paren"].finditer(m, s, e):
        v = parse_number(x.group("num"))
        add(_Ratio("growth", x.start(), x.end(), -v if rx["down"].fullmatch(x.group("dir")) else v, ()))
    for x in rx["growth_rev"].finditer(m, s, e):
        if free(x.start(), x.end()):
            v = parse_number(x.group("num"))
            add(_Ratio("growth", x.start(), x.end(), -v if rx["down"].fullmatch(x.group("dir")) else v, _quals(x.group("qual")), x.group("vs")))
    for name in ("growth", "growth_what"):
        for x in rx[name].finditer(m, s, e):
            what = (x.groupdict().get("what") or "").lower()
            if (what and not _is_indicator_phrase(what)) or not free(x.start(), x.end()):
                continue
            v = parse_number(x.group("num"))
            r = _Ratio("growth", x.start(), x.end(), -v if rx["down"].fullmatch(x.group("dir")) else v, _quals(x.group("qual")), x.group("vs"))
            r.what = what
            add(r)
    for x in rx["share_of_past"].finditer(m, s, e):
        if free(x.start(), x.end()):
            add(_Ratio("growth", x.start(), x.end(), parse_number(x.group("num")) - 100, _quals(x.group("qual")), x.group("vs")))
    for x in rx["times"].finditer(m, s, e):
        if free(x.start(), x.end()):
            pct = _PERCENT_AFTER.match(m, x.end("num"), e)
            if pct:
                # "tăng gấp 240%": x2.4 or +240%? ambiguous: the growth is the number as written
                add(_Ratio("growth", x.start(), pct.end(), _num(x.group("num")), _quals(x.group("qual")), x.group("vs")))
                continue
            add(_Ratio("growth", x.start(), x.end(), (_num(x.group("num")) - 1) * 100, _quals(x.group("qual")), x.group("vs")))
    for x in rx["bare_plan"].finditer(m, s, e):
        if rx["ratio_word"].search(m, _clause_start(m, s, x.start(), s), x.start()):
            continue     # "Tỷ lệ huy động trẻ ra lớp đạt 99,71%": the level of a rate, not a share of plan
        if free(x.start(), x.end()):
            add(_Ratio("plan?", x.start(), x.end(), parse_number(x.group("num")), _quals(x.group("qual"))))
    return sorted(out, key=lambda r: r.start)


_PERCENT_AFTER = re.compile(r"\s?%")


def _is_indicator_phrase(text: str) -> bool:
    phrases, _ = _triggers()
    t = fold_tone(text).lower()
    return any(p in t for p, _ in phrases)


@cache
def _trigger_rx() -> list[tuple[int, str, re.Pattern, str]]:
    """Each indicator phrase as a whole-word pattern, with its length, first word (a cheap pre-test) and code."""
    phrases, _ = _triggers()
    return [(len(p), p.split()[0], re.compile(r"(?<![^\W\d_])" + re.escape(p).replace(r"\ ", r"\s+") + r"(?![^\W\d_])"),
             code) for p, code in phrases]


def _indicator_in(text: str) -> tuple[str, int, int] | None:
    """The indicator phrase in a clause prefix: the longest trigger, rightmost among equals."""
    low = text.lower()
    best = None
    for n, first, rx, code in _trigger_rx():
        if first not in low:
            continue
        for x in rx.finditer(low):
            cand = (n, x.start())
            if best is None or cand > best[0]:
                best = (cand, (code, x.start(), x.end()))
    return best[1] if best else None


_NOUN_WINDOW = 256     # longer than any counted noun and its leading spaces
_NEXT_WORD = re.compile(r"\s+([^\W_]+)")


def _count_noun(ctx: DocContext, pos: int, end: int) -> tuple[str, str, int] | None:
    """The counted noun right after a number: (code, noun phrase as written, end offset)."""
    _, nouns = _triggers()
    rx = _rx()
    m = ctx.nt.match
    low = m[pos:min(end, pos + _NOUN_WINDOW)].lower()   # a window, not the rest of the sentence: linear time
    lead = len(low) - len(low.lstrip())
    for n, code in nouns:
        if low.startswith(n, lead) and (pos + lead + len(n) == end or lead + len(n) >= len(low)
                                        or not low[lead + len(n)].isalnum()):
            e = pos + lead + len(n)
            # extend over a few more words of the noun phrase
            words = 0
            while words < 5:
                w = _NEXT_WORD.match(m, e, end)
                if not w or rx["noun_stop"].match(m, w.start(1)) or rx["breakdown"].match(m, w.start(1)) \
                        or re.match(NUMBER, w.group(1)):
                    break
                e = w.end()
                words += 1
            return code, ctx.text(pos + lead, e), e
    return None


def _any_noun(ctx: DocContext, q: Quantity, sent) -> tuple[str, str, int] | None:
    """A noun phrase right after a bare number that no concept names: ("count", phrase as written, end).
    Not a word of time or order ("5 năm", "lần thứ 3"), nor a verb or a word that ends a noun phrase; not
    a number that belongs to a name ("Quân khu 9", "cơn bão số 9"); not the recipients of an award
    ("3 tập thể được tặng Bằng khen")."""
    rx = _rx()
    m = ctx.nt.match
    pos, end = q.end, sent.end
    aside = _ASIDE.match(m, pos, min(end, pos + 80))
    if aside:
        pos = aside.end()      # "hơn 9.300 (tăng 5,1% so với năm 2021) công trình": the noun after the aside
    first = _NEXT_WORD.match(m, pos, end)
    if first is None or first.start(1) - pos > 2 or rx["not_counted"].fullmatch(first.group(1)) \
            or rx["noun_stop"].fullmatch(first.group(1)) or rx["verb_word"].fullmatch(first.group(1)):
        return None
    before = _PREV_WORD.search(m, max(sent.start, q.start - 40), q.start) if not q.qualifiers else None
    if before and (before.group(1)[:1].isupper() or rx["not_counted"].fullmatch(before.group(1))):
        return None
    if any(0 <= q.start - o.end <= 1 for o in ctx.orgs.get(sent.index, ())):
        return None      # "Trung đoàn 952", "Quân khu 9": the number is part of a name
    if _ends_name(ctx, q, sent):
        return None
    if rx["not_count_after"].search(m, max(sent.start, q.start - 20), q.start):
        return None      # "km 31", "điểm 9": a position or a grade
    nxt = _NEXT_WORD.match(m, first.end(), end)
    if first.group(1)[:1].isupper() and nxt and nxt.start(1) - first.end() <= 1 and nxt.group(1)[:1].isupper():
        return None      # "21 Hà Giang …": a proper name after the number (a widget, a date line), not a counted noun
    if rx["award_word"].search(m, sent.start, sent.end) or rx["honour"].search(m, sent.start, q.start):
        if rx["award_group"].match(m, first.start(1)) or rx["award_word"].match(m, first.start(1)):
            return None      # "3 tập thể được tặng …", "41 huân chương": recipients and awards, not counts
        stop = re.search(r"[,;.]", m[pos:end])
        if rx["given_later"].search(m, pos, pos + stop.start() if stop else end):
            return None      # "1 Lò chợ và 02 Tổ đào lò được nhận Cờ nhất": recipients
    e, words = first.end(), 1
    while words < _MAX_NOUN_WORDS:
        w = _NEXT_WORD.match(m, e, end)
        if not w or w.start(1) - e > 1 or rx["noun_stop"].fullmatch(w.group(1)) or rx["breakdown"].fullmatch(w.group(1)) \
                or rx["verb_word"].fullmatch(w.group(1)):
            break
        e = w.end()
        words += 1
    if (given := rx["given_after"].match(m, e, end)) and _award_or_end(m, given.end(), end):
        return None      # "2 cá nhân được tặng …": recipients, not a count ("4 hợp tác xã được trao quyết định …" is one)
    if (nxt := _NEXT_WORD.match(m, first.end(), end)) and nxt.start(1) - first.end() <= 1 and nxt.group(1).isdigit():
        return None      # "3 điểm 9": a grade or a position after the noun, not a count of it
    if rx["not_count_phrase"].fullmatch(m, first.start(1), e):
        return None      # "512 lượt xem", "(3 Bình chọn)": a word of the page
    if rx["winners"].search(m, first.end(), min(end, e + 20)):
        return None      # "11 đơn vị đoạt giải": an award's winners
    if not ctx.nt.text[e:].strip():
        return None      # "… khoảng 180 tr": the page is cut in the middle of the noun
    return "count", ctx.text(first.start(1), e), e


_REACHED = re.compile(r"[^,;.()]+")
_ASIDE = re.compile(r"\s?\([^()]{1,70}\)(?=\s+[^\W\d_])")


def _reached(ctx: DocContext, q: Quantity, sent) -> tuple[str, str, int] | None:
    """"từ 70% đến 76% đạt khá, giỏi", "100% đạt yêu cầu": a share of the ones that reach what follows, up to
    the clause's end (at most a few words)."""
    x = _rx()["share_reach"].match(ctx.nt.match, q.end, sent.end)
    if x is None:
        return None
    words = _REACHED.match(ctx.nt.match, x.end(), sent.end)
    if words is None or len(words.group().split()) > _MAX_NOUN_WORDS:
        return None
    e = x.end() + len(words.group().rstrip())
    return "count", ctx.text(x.start(), e).strip(), e


@cache
def _per_time_rx() -> re.Pattern:
    per = load().units.get("per_units", {})
    return re.compile(r"\s*/\s*(?:" + alternation([w for w, c in per.items() if c in ("month", "year")] or ["\0"]) + r")(?![^\W\d_])", re.I)


def _per_time(m: str, pos: int, end: int) -> int | None:
    """The end of "/ tháng", "/năm" right after a figure (a rate per time), else None."""
    x = _per_time_rx().match(m, pos, end)
    return x.end() if x else None


def _award_or_end(m: str, pos: int, end: int) -> bool:
    """Whether an award word within a few words, or the end of the text, follows a verb of giving at ``pos``."""
    stop = re.search(r"[,;.]", m[pos:min(end, pos + 40)])
    return _NEXT_WORD.match(m, pos, end) is None or bool(_rx()["award_word"].search(m, pos, pos + stop.start() if stop else min(end, pos + 40)))


def _ends_name(ctx: DocContext, q: Quantity, sent) -> bool:
    """"Công ty CP xây dựng công trình 512", "Công ty Tư vấn thiết kế điện 2": the number ends a name whose
    lower-case sector words (name_lower_words) the name rule left out."""
    rx = _rx()
    for o in ctx.orgs.get(sent.index, ()):
        if 0 < q.start - o.end <= 40 and rx["name_words"].fullmatch(ctx.nt.match, o.end, q.start):
            return True
    return False


_OF_TOTAL = re.compile(r"(?<![\w./-])(\d{1,4})/(\d{1,4})(?![\w./-])(?=\s+[^\W\d_])")


def _of_totals(m: str, s: int, e: int) -> list[Quantity]:
    """"8/10 xã đạt chuẩn", "9/9 nông trường": a count out of a total, followed by its noun (not a date: the
    count is at most the total, and a noun follows; not a fraction such as "1/3 diện tích": the total is 5 or more)."""
    out = []
    for x in _OF_TOTAL.finditer(m, s, e):
        a, b = int(x.group(1)), int(x.group(2))
        if 0 < a <= b and b >= 5 and not _rx()["date_word"].search(m, max(s, x.start() - 12), x.start()):
            out.append(Quantity(start=x.start(), end=x.end(), value=float(a), unit=None, number_start=x.start()))
    return out


_MAX_NOUN_WORDS = 4
_MAX_LABEL_WORDS, _LONG_LABEL_WORDS = 8, 6
_PREV_WORD = re.compile(r"([^\W_]+)[\s\-–]*$")


# ", " ";" ":" "(" ")" and a dash between words, not between two years ("năm học 2021 - 2022")
_CLAUSE_BREAK = re.compile(r",\s|;|:|\(|\)|(?<!\d)\s[-–]\s|\s[-–]\s(?!\d)")


def _clause_start(m: str, s: int, pos: int, floor: int) -> int:
    """Start of the clause that ends at pos: after the last ', ' ';' ':' or '(' (not a decimal comma)."""
    base = max(s, floor)
    return max([base] + [base + x.end() for x in _CLAUSE_BREAK.finditer(m[base:pos])])


_FULL_DATE = re.compile(r"(?<![\d/.])\d{1,2}\s*/\s*\d{1,2}\s*/\s*(" + dates.YEAR + r")(?!\d)|(?<![\d-])(" + dates.YEAR + r")-[01]\d(?:-[0-3]\d)?(?![\d-])")


def now_year(ctx: DocContext) -> int | None:
    """The year a stock "hiện nay"/"đến nay" is at: the year a review page reviews ("tổng kết … năm 2020", the
    network it has at the close of that year), else the year the page was written."""
    head = " ".join(ctx.nt.match[s.start:s.end] for s in ctx.content()[:4])
    x = _rx()["review"].search(head)
    return int(x.group(1)) if x else page_year(ctx)


def page_year(ctx: DocContext) -> int | None:
    """The year the page was written: its publication date, else the date its lead opens with ("Sáng 14/2, …" after
    a review of 2018 is in 2019), else a full date in its first lines (a timestamp "10:15 03/05/2019", "date 2021-04")."""
    if ctx.doc.date and re.match(r"\d{4}", ctx.doc.date):
        return int(ctx.doc.date[:4])
    lead = next((s for s in ctx.content() if not s.headline), None)
    if lead is not None:
        d = dates.lead_date(ctx.nt.match[lead.start:lead.end], ctx.report_year, ctx.report_year)[0]
        if d:
            return int(d[:4])
    for sent in ctx.sentences[:3]:
        x = _FULL_DATE.search(ctx.nt.match, sent.start, sent.end)
        if x:
            return int(x.group(1) or x.group(2))
    return None


def _period_marks(ctx: DocContext, sent, now_year: int | None, quotes) -> list[tuple[int, int, str]]:
    """The periods a sentence names, not as a comparison nor in quotes, sorted by end: "năm 2020", "giai đoạn
    2021-2025", "6 tháng đầu năm nay" (of the page's year), and the page's year for "hiện nay"/"đến nay" (a stock
    at the time of writing)."""
    rx = _rx()
    m = ctx.nt.match
    text = m[sent.start:sent.end]
    found: list[tuple[int, int, str]] = []
    for p, a, b in dates.periods(text):
        if not rx["compared_before"].search(text, max(0, a - 30), a):
            found.append((a, b, p))
    year = now_year or ctx.report_year
    if year:
        for x in rx["this_year_part"].finditer(text):
            n = rx["month_counts"].get(fold_tone(x.group(1)).lower()) or int(x.group(1))
            if 1 <= n <= 11:
                found.append((x.start(), x.end(), f"{year}-H1" if n == 6 else f"{year}-M{n}"))
        for x in rx["this_year"].finditer(text):
            if not any(a <= x.start() < b for a, b, _ in found):
                found.append((x.start(), x.end(), str(year)))
    end_year = ctx.sentence_year.get(sent.index) or year
    if end_year:
        for x in rx["elapsed"].finditer(text):
            n = int(x.group("n"))
            if 1 < n < 200:
                found.append((x.start(), x.end(), f"{end_year - n + (1 if x.group('sum') else 0)}-{end_year}"))
    page = now_year or ctx.report_year
    if page:
        found += [(x.start(), x.end(), f"{x.group('y')}-{page}") for x in rx["since"].finditer(text) if int(x.group("y")) < page]
    if now_year:
        found += [(x.start(), x.end(), str(now_year)) for x in rx["now"].finditer(text)]
    out = [(sent.start + a, sent.start + b, p) for a, b, p in found if not _inside(sent.start + a, quotes)]
    return sorted(out, key=lambda t: (t[1], t[0]))


def _clause_period(marks: list[tuple[int, int, str]], ends: list[int], pos: int, period: str | None) -> str | None:
    """The period of a figure at ``pos``: the last one its sentence names before it ("Năm 2019, doanh thu đạt …, năm
    2020 đạt …": each its own), else the sentence's."""
    i = bisect_right(ends, pos) - 1
    return marks[i][2] if i >= 0 else period


def extract_metrics(ctx: DocContext) -> list[Metric]:
    out: list[Metric] = []
    prev_sentence_metrics: list[Metric] = []
    now, page = now_year(ctx), page_year(ctx)
    said: list[bool] = []     # whether each figure's period is named in its own sentence
    span_of: dict[int, str] = {}     # paragraph -> the span of years its first sentence opens with
    for sent in ctx.content():
        own = ctx.sentence_period.get(sent.index)
        if own and _SPAN.fullmatch(own) and sent.paragraph not in span_of:
            span_of[sent.paragraph] = own
        default = None
        if not own and ctx.sentence_year.get(sent.index) is None:
            # "Giai đoạn 2017-2021, … . Hằng năm, kết quả … đạt 100%": a sentence with no year of its own is in the
            # span its paragraph opens with; on a page with no year at all, in the year the page was written
            default = span_of.get(sent.paragraph) or (str(page) if page and not ctx.report_year else None)
        ms = _sentence_metrics(ctx, sent, prev_sentence_metrics, now, default)
        out.extend(ms)
        said.extend(mt.period != (default or ctx.period_of(sent)) for mt in ms)
        prev_sentence_metrics = ms
    return _restated_periods(out, said)


def _restated_periods(metrics: list[Metric], said: list[bool]) -> list[Metric]:
    """A figure stated twice (a headline or a lead above the body) is one fact: where one statement names its period
    ("… từ tháng 11-2021, đã thu hút gần 900 cơ sở") and the other only has the page's, both take the named one."""
    def key(mt):
        return mt.value, mt.unit, mt.indicator, mt.is_target
    named: dict[tuple, str | None] = {}
    for mt, own in zip(metrics, said):
        if own and mt.value is not None:
            named.setdefault(key(mt), mt.period)
    if not named:
        return metrics
    new: dict[int, Metric] = {}      # id of a figure as extracted -> the figure with its period (parts follow their whole)
    out = []
    for mt, own in zip(metrics, said):
        period = named.get(key(mt), mt.period) if not own else mt.period
        part_of = new.get(id(mt.part_of), mt.part_of) if mt.part_of is not None else None
        fixed = replace(mt, period=period, part_of=part_of) if (period, part_of) != (mt.period, mt.part_of) else mt
        new[id(mt)] = fixed
        out.append(fixed)
    return out


_SPAN = re.compile(r"\d{4}-\d{4}")
_BETWEEN_FIGURES = re.compile(r"[^\d;.]{0,40},\s*")     # the rest of a figure's clause ("… tấn mủ quy khô, ")


def _sentence_metrics(ctx: DocContext, sent, prev: list[Metric], now_year: int | None = None,
                      default_period: str | None = None) -> list[Metric]:
    rx = _rx()
    m = ctx.nt.match
    s, e = sent.start, sent.end
    quotes = ctx.quotes(sent)
    ratios = [r for r in _ratios(ctx, s, e) if not _inside(r.start, quotes)]
    ratio_spans = _Spans((r.start, r.end) for r in ratios)
    orgs = _Orgs(ctx.orgs.get(sent.index, []))
    names = _Spans((o.start, o.end) for o in orgs.orgs)
    qs = [q for q in quantities(m, s, e) + _of_totals(m, s, e)
          if (not ctx.is_claimed(q.number_start, q.end) or _reaches_title(ctx, q))
          and not _inside(q.number_start, quotes)
          and not ratio_spans.covers(q.number_start) and not names.covers(q.number_start)]
    qs.sort(key=lambda q: q.start)
    markers = _Spans((x.start(), x.end()) for x in rx["breakdown"].finditer(m, s, e))
    low_sent = m[s:e].lower()
    plan_at = [x.start() for x in rx["target"].finditer(m, s, e) if not rx["past_effort"].search(m, max(s, x.start() - 30), x.start())
               and not rx["after_link"].search(m, max(s, x.start() - 12), x.start())] \
        + [x.start() for x in rx["target_plan"].finditer(m, s, e)]
    target = bool(plan_at)
    period = default_period or ctx.period_of(sent)
    marks = _period_marks(ctx, sent, now_year, quotes)
    mark_ends = [b for _, b, _ in marks]
    mark_spans = _Spans((a, b) for a, b, _ in marks) if marks else None
    later_year = bool(ctx.report_year and ctx.sentence_year.get(sent.index) and ctx.sentence_year[sent.index] > ctx.report_year)
    target = target or later_year
    semis = [i for i in range(s, e) if m[i] == ";"] if plan_at and not later_year else []

    def target_at(pos: int) -> bool:
        # "Hiện nay, Cảng X có hơn 1.100 lao động, …; năm 2016, sản lượng dự kiến đạt …": the plan word is its clause's
        if not semis:
            return target
        a = max([s] + [i for i in semis if i < pos])
        b = min([e] + [i for i in semis if i >= pos])
        return any(a <= x < b for x in plan_at)
    opens_breakdown = bool(rx["opens_breakdown"].match(low_sent))
    parent = None
    if opens_breakdown and prev:
        parent = next((x for x in prev if x.value is not None and x.part_of is None), None)

    items: list[tuple[int, object]] = [(q.number_start, q) for q in qs] + [(r.start, r) for r in ratios]
    items.sort(key=lambda t: t[0])
    metrics: list[Metric] = []
    last_end = s
    last_part: dict[str, int] = {}   # indicator -> index in ``metrics`` of its last part of a same-indicator figure
    pending: list[_Ratio] = []   # ratios stated before their figure: "hoàn thành 100,5% kế hoạch doanh thu, đạt 520 tỷ"
    for _, it in items:
        if isinstance(it, _Ratio):
            if not _attach(ctx, sent, it, metrics, orgs, last_end, _clause_period(marks, mark_ends, it.start, period),
                           target_at(it.start), parent) and it.kind != "plan?":
                pending.append(it)     # "hoàn thành 100,5% kế hoạch doanh thu, đạt 520 tỷ": named plan, figure after
            last_end = it.end
            continue
        q: Quantity = it
        mt = _metric_for(ctx, sent, q, orgs, last_end, metrics, parent, _clause_period(marks, mark_ends, q.start, period),
                         target_at(q.start), markers, last_part, mark_spans)
        if mt is not None:
            host = [mt]
            for r in pending:
                _attach(ctx, sent, r, host, orgs, last_end, period, target_at(q.start), parent)
            pending = []
            mt = host[-1]
            if mt.part_of is not None and mt.part_of.indicator == mt.indicator:
                last_part[mt.indicator] = len(metrics)
            metrics.append(mt)
            # after the noun it counts or measures ("60 ha rau màu và 7,5 ha thủy sản": "rau màu" is not the next one's)
            last_end = max(q.end, mt.evidence[0].end) if mt.indicator_label is not None else q.end
    return metrics


def _reaches_title(ctx: DocContext, q: Quantity) -> bool:
    """"2.710 hộ nông dân đạt danh hiệu …", "47.382 hộ được công nhận danh hiệu …": a count of achievers that are
    not a kind of award recipient ("tập thể", "cá nhân"): a figure of the organisation as well as an award."""
    x = _rx()["reaches_title"].match(ctx.nt.match, q.end)
    return bool(x) and q.unit is None and not _rx()["recipient_kind"].match(ctx.nt.match, x.start("first"))


def _past_orgs(orgs: _Orgs, a: int, b: int) -> int:
    """Where a label in text[a:b] may start: after the organisations named there (they are the subject,
    not part of the indicator: "Trong đó, Viettel X đạt 1.100 tỷ đồng")."""
    return max([a] + [o.end for o in orgs.within(a, b) if o.end <= b])


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _metric_for(ctx, sent, q: Quantity, orgs, floor, metrics, parent, period, target, markers: _Spans,
                last_part: dict[str, int], period_spans: _Spans | None = None) -> Metric | None:
    rx = _rx()
    MONEY, MEASURES, ALWAYS = unit_classes()
    m = ctx.nt.match
    lex = load()
    cstart = _clause_start(m, sent.start, q.start, floor)
    prefix = raw_prefix = m[cstart:q.start]
    for a, b in (period_spans.within(cstart, q.start) if period_spans else ()):
        # "năm 2020 đạt …", "6 tháng đầu năm nay đạt …": the period's words name no indicator
        a, b = max(a, cstart) - cstart, min(b, q.start) - cstart
        prefix = prefix[:a] + " " * (b - a) + prefix[b:]
    prefix_clean = rx["openers"].sub("", prefix)
    prefix_clean = rx["year_lead"].sub("", prefix_clean)
    clean_at = cstart + len(prefix) - len(prefix_clean)
    change = rx["change"].search(prefix) if rx["comparison"].match(m, q.end) else None
    level_before = bool(metrics) and metrics[-1].evidence[0].end > m.rfind(";", sent.start, q.start)
    if change and (level_before or q.unit in (None, "percent")):
        return None  # a change from the comparison point of the figure before it, not a figure of its own
    if rx["per_unit"].match(prefix_clean):
        return None  # "mỗi suất 800 nghìn đồng": the amount of one, not a figure of the organisation
    if metrics and q.unit is not None and metrics[-1].unit == q.unit and metrics[-1].value is not None \
            and rx["excess"].fullmatch(m[q.start:q.number_start].strip()) \
            and _BETWEEN_FIGURES.fullmatch(m, metrics[-1].evidence[0].end, q.start):
        return None  # "khai thác 21.000 tấn, vượt 1.500 tấn, đạt 108% kế hoạch": the excess over the plan of the figure before
    unit = q.unit
    indicator = label = named_as = None
    ev_end = q.end
    noun = None
    if unit is None:
        noun = _count_noun(ctx, q.end, sent.end)
        if noun is None:
            found = _indicator_in(prefix_clean)
            if found and lex.indicators[found[0]].default_unit in MONEY and q.value >= 1e5:
                unit = lex.indicators[found[0]].default_unit
            else:
                # "48 lối đi", "12 căn nhà": a count needs no lexicon entry, only a noun
                noun = _any_noun(ctx, q, sent)
                if noun is None:
                    return None
        if noun is not None:
            code, phrase, ev_end = noun
            unit = _noun_unit(phrase) or lex.indicators[code].default_unit or "count"
            indicator = code
            base = _noun_base(code, phrase)
            label = phrase if base != fold_tone(phrase).lower() else None
            if q.value != int(q.value):
                return None
    if unit not in MEASURES and indicator is None:
        return None
    if indicator is None:
        found = _indicator_in(prefix_clean)
        lead = _indicator_in(m[max(sent.start, floor):cstart]) if not found and cstart > max(sent.start, floor) else None
        if found:
            indicator = found[0]
            label = _phrase(ctx, clean_at + found[2], q.start, drop_ignored=True)
            named_as = ctx.text(clean_at + found[1], clean_at + found[2])
        elif lead:
            # "hoàn thành 100,5% kế hoạch doanh thu, đạt 520 tỷ đồng": named in the clause before, after the last figure
            indicator = lead[0]
            label = _phrase(ctx, max(sent.start, floor) + lead[2], cstart, drop_ignored=True)
        elif parent is not None and parent.unit == unit:
            indicator, label = parent.indicator, _phrase(ctx, _past_orgs(orgs, clean_at, q.start), q.start)
        elif unit in ALWAYS:
            label = _phrase(ctx, _past_orgs(orgs, clean_at, q.start), q.start, skip=period_spans)
            named = [o.start for o in orgs.within(clean_at, q.start)]
            if not label and named and named[0] > clean_at:
                # "Năng suất lao động bình quân toàn đơn vị đạt 352 triệu đồng": the words before the organisation
                label = _phrase(ctx, clean_at, named[0], drop_ignored=True)
            indicator = "other"
            if not label and not named and unit not in MONEY and (measured := _any_noun(ctx, q, sent)) is not None:
                # "…, 36 km đường dây hạ thế": nothing before it in its clause, a measure of the noun after its unit
                label, ev_end = measured[1], measured[2]
            if not label and not named and metrics and metrics[-1].value is not None and metrics[-1].unit == unit \
                    and _phrase(ctx, clean_at, q.start, skip=period_spans) is None:
                # "Năm 2019, doanh thu đạt X, năm 2020 đạt Y và 6 tháng đầu năm nay đạt Z": the figure before's indicator
                indicator, label = metrics[-1].indicator, metrics[-1].indicator_label
            if not label and unit in load().units["classes"]["self_naming"]:
                label = ctx.text(q.number_start, q.end).split(None, 1)[-1]      # "21.400 ngày công": the unit is the label
            if not label and indicator == "other":
                return None
        elif unit != "percent" and unit not in load().units["classes"]["times"] and (measured := _any_noun(ctx, q, sent)) is not None:
            # "94 km đường dây", "21.648 tấn mủ": a measure of the noun after its unit
            indicator, label, ev_end = "other", measured[1], measured[2]
        elif unit == "percent" and (per_time := _per_time(m, q.end, sent.end)) and \
                (label := _phrase(ctx, _past_orgs(orgs, clean_at, q.start), q.start, drop_ignored=True)):
            # "lãi chia cho xã viên 1,2 %/ tháng": a rate per month or year, named before it
            indicator, ev_end = "other", per_time
        elif unit == "percent" and (rx["share_verb"].search(prefix) or rx["ratio_word"].search(prefix_clean)
                                    or _any_noun(ctx, q, sent) is not None or _reached(ctx, q, sent) is not None):
            # "chiếm 47% thị phần", "Tỷ lệ huy động trẻ đạt 99,71%", "hơn 90% xã": a share, named before or after it
            label = _phrase(ctx, _past_orgs(orgs, clean_at, q.start), q.start, drop_ignored=True)
            after = _any_noun(ctx, q, sent) or _reached(ctx, q, sent)
            if after is not None and (label is None or rx["share_verb"].search(prefix) or not rx["ratio_word"].search(prefix_clean)):
                label, ev_end = after[1], after[2]
            if not label:
                return None
            indicator = "other"
        else:
            return None
        if unit == "percent" and lex.indicators[indicator].default_unit not in (None, "percent") and not rx["ratio_word"].search(prefix_clean):
            per_time = _per_time(m, q.end, sent.end)
            label = _phrase(ctx, _past_orgs(orgs, clean_at, q.start), q.start, drop_ignored=True) if per_time else None
            if not label:
                return None
            indicator, ev_end = "other", per_time     # "lãi chia cho xã viên 1,2 %/ tháng": a rate, not the amount
    if change:
        # "tổng thu tăng hơn 58 tỷ đồng so với năm 2015" with no level stated: the change is the figure, and says so
        verb = change.group().strip()
        if not label or label.lower() == verb.lower():
            label = named_as or lex.indicators[indicator].label_vi
        label = label if label.lower().endswith(verb.lower()) else f"{label} {verb}"
    new = rx["new"].search(prefix_clean) if noun else None
    if new and label is None:
        label = f"{ctx.text(q.end, ev_end).strip()} {new.group().strip()}"
    if period and _SPAN.fullmatch(period):
        # "… đưa tổng vốn từ 300 tỷ đồng lên 4.100 tỷ đồng" after "Sau 20 năm": the pair's ends are the span's
        if rx["level_to"].search(raw_prefix) or (unit == "percent" and rx["share_verb"].search(raw_prefix)):
            period = period[5:]      # a level reached, a share held ("chiếm 40% thị phần"): at the span's end
        elif rx["level_from"].search(raw_prefix) and rx["level_to_after"].match(m, q.end):
            period = period[:4]
    quals = q.qualifiers
    colon = m.rfind(":", max(sent.start, cstart - 2), cstart)     # "lợi nhuận ước đạt: 2.100 tỷ đồng"
    if (rx["estimate"].search(prefix_clean) or (colon >= 0 and rx["estimate"].search(m, max(sent.start, colon - 12), colon))) \
            and "estimated" not in quals:
        quals = quals + ("estimated",)
    carried = metrics[-1].subject if metrics and metrics[-1].subject is not None \
        and metrics[-1].subject.kind in ("full", "fixed", "brand", "unit") else None
    # "X đã thu hút …; hoàn thành …, tổng giá trị đạt …": a clause that names no organisation is the named one's before it
    subject = _subject(ctx, orgs, cstart, q.start) or carried or ctx.sentence_subject(sent) or ctx.paragraph_subject(sent)
    part_of = None
    if parent is not None and indicator == parent.indicator:
        part_of = parent
    elif metrics:
        # "14 trạm bao gồm 3 trạm loại A, …": parts share the parent's counted noun
        # the last figure of this indicator that opens a breakdown before q, or that is a part of one. Only
        # figures that end before the last breakdown marker, or the last part of this indicator, can be it:
        # skip the others at once, so that a list of thousands of figures stays linear.
        marker = markers.last_start_before(q.start)
        top = max(bisect_right(metrics, marker, key=lambda c: c.evidence[0].end), last_part.get(indicator, -1) + 1)
        for i in range(top - 1, -1, -1):
            cand = metrics[i]
            if indicator == "other" and noun is None and cand.part_of is None and cand.unit == unit and cand.indicator != "other" \
                    and label and cand.evidence[0].end <= marker:
                # "diện tích 210 ha, trong đó 130 ha lúa, 60 ha rau màu": a measure of a noun after a breakdown is a part
                # of the figure before in its unit, and of its indicator
                part_of, indicator = cand, cand.indicator
                break
            if cand.indicator != indicator:
                continue
            if cand.part_of is None and label and cand.evidence[0].end <= marker \
                    and (cand.indicator_label is None or label.lower().startswith(cand.indicator_label.lower())):
                part_of = cand
                break
            if cand.part_of is not None and label and cand.part_of.indicator == indicator:
                part_of = cand.part_of
                break
    ev_start = cstart + (len(raw_prefix) - len(raw_prefix.lstrip()))
    if noun is not None:
        ev_start = q.start if not prefix_clean.strip() or part_of is not None else ev_start
    return Metric(subject=subject, indicator=indicator, indicator_label=label, value=q.value, unit=unit,
                  qualifiers=tuple(quals) or ("exact",), period=period,
                  evidence=(Evidence(ev_start, ev_end, sent.index, "metric." + ("count" if noun else "value")),),
                  is_target=target, part_of=part_of, value_max=q.value_max)


@cache
def _noun_units() -> tuple[re.Pattern, dict[str, str]]:
    """units.toml [noun_units]: the unit of a count by the noun it opens with (people, or households and visits)."""
    table = {fold_tone(w).lower(): code for code, ws in load().units.get("noun_units", {}).items() for w in ws}
    return re.compile(r"(?:" + alternation(table) + r")(?![^\W\d_])", re.I), table


def _noun_unit(phrase: str) -> str | None:
    """"giáo viên dạy giỏi" -> person, "hộ nghèo" -> count, "lượt hội viên" -> count; None when no word of the table."""
    rx, table = _noun_units()
    x = rx.match(fold_tone(phrase).lower()) if table else None
    return table.get(re.sub(r"\s+", " ", x.group())) if x else None


def _noun_base(code, phrase):
    _, nouns = _triggers()
    low = fold_tone(phrase).lower()
    for n, c in nouns:
        if c == code and low == n:
            return n
    return None


def _phrase(ctx, a: int, b: int, drop_ignored: bool = False, skip: _Spans | None = None) -> str | None:
    """The words of text[a:b] as written, without trailing verbs, leading adverbs, (optionally) modifiers and the
    words of ``skip`` (a period's: "năm 2020 đạt")."""
    rx = _rx()
    m, t = ctx.nt.match, ctx.nt.text
    seg = m[a:b]
    cut = rx["label_stop"].search(seg)
    if cut:
        seg = seg[:cut.start()]
    seg = seg.rstrip(" :")     # "lợi nhuận ước đạt: 2.100 tỷ đồng": the colon after the verb
    v = rx["verbs"].search(" " + seg)
    if v:
        seg = seg[:max(0, v.start() - 1)]
    words = [(x.start(), x.end()) for x in re.finditer(r"[^\s,.;:]+", seg)]
    if skip is not None:
        words = [w for w in words if not skip.covers(a + w[0])]
    while words and rx["label_lead"].fullmatch(seg[words[0][0]:words[0][1]]):
        words.pop(0)
    if drop_ignored:
        words = [w for w in words if not rx["ignore"].fullmatch(seg[w[0]:w[1]])]
    if len(words) > _MAX_LABEL_WORDS:
        words = words[:_LONG_LABEL_WORDS]      # a long phrase: its head words name the indicator
    label = " ".join(t[a + x:a + y] for x, y in words).strip(" ,.;:")
    if not label or re.fullmatch(r"[\d\W]+", label):
        return None
    return label


def _subject(ctx, orgs: _Orgs, cstart: int, qstart: int) -> OrgMention | None:
    for o in reversed(orgs.within(cstart, qstart)):
        if o.end <= qstart:
            pre = ctx.nt.match[max(0, o.start - 5):o.start].lower()
            if _rx()["object_before"].search(pre):
                continue
            return o
    return None


def _attach(ctx, sent, r: _Ratio, metrics: list[Metric], orgs, floor, period, target, parent) -> bool:
    """Attach a ratio to the figure it qualifies (the last one), or make a ratio-only metric; False if neither.

    The figure with its ratio is a new value in place of the last one of ``metrics`` (a working list)."""
    kind = "plan" if r.kind in ("plan", "plan?") else "growth"
    last = metrics[-1] if metrics else None
    free = last is not None and getattr(last, "plan_percent" if kind == "plan" else "growth_percent") is None
    host = last if free else None
    if host is not None and ";" in ctx.nt.match[host.evidence[0].end:r.start]:
        host = None      # "…đạt 2.350 tỷ đồng; ngành X tăng trưởng 11,2%": a clause of its own, not the figure's
    if host is not None and getattr(r, "excess", False) and host.unit == "percent" and host.value is None:
        return True      # "tăng trưởng bình quân 9,5%/năm, vượt 0,5% so với kế hoạch": points above a planned rate
    if host is None:
        # a ratio stated without a figure: "doanh thu tăng 12% so với cùng kỳ", "số thu đạt 96,4%" (of plan)
        m = ctx.nt.match
        cstart = _clause_start(m, sent.start, r.start, floor)
        prefix = _rx()["openers"].sub("", m[cstart:r.start])
        if r.kind == "plan?" and not _indicator_in(prefix):
            return False
        what = getattr(r, "what", "") or ""
        found = _indicator_in(prefix + " " + what)
        label = None
        if not found:
            # "dữ liệu di động tăng 31,6%": the growth of what the clause names, though no concept names it
            label = _phrase(ctx, _past_orgs(orgs, cstart, r.start), r.start, drop_ignored=True) if r.kind != "plan?" else None
            if not label or kind != "growth":
                return False
            found = ("other", 0, 0)
        host = Metric(subject=_subject(ctx, orgs, cstart, r.start), indicator=found[0], indicator_label=label, value=None,
                      unit="percent", qualifiers=("exact",), period=period,
                      evidence=(Evidence(cstart + len(m[cstart:r.start]) - len(m[cstart:r.start].lstrip()), r.end, sent.index, "metric.ratio"),),
                      is_target=target)
        metrics.append(host)
    if kind == "plan":
        host = replace(host, plan_percent=r.value)
    else:
        compared_to = re.sub(r"\s+", " ", r.vs) if r.vs else None
        host = replace(host, growth_percent=r.value, growth_qualifiers=r.quals, compared_to=compared_to,
                       compared_period=_compared_period(host.period, compared_to))
    ev = host.evidence[0]
    metrics[-1] = replace(host, evidence=(Evidence(min(ev.start, r.start), max(ev.end, r.end), ev.sentence, ev.rule),)
                          + host.evidence[1:])
    return True


def _compared_period(period: str | None, vs: str | None) -> str | None:
    if not vs:
        return None
    y = re.search(r"\d{4}", vs)
    if y:
        return y.group()
    if period and re.fullmatch(r"\d{4}", period) and _rx()["previous_year"].search(vs):
        return str(int(period) - 1)
    return None
