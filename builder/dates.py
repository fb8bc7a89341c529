"""Dates and periods.

Dates: "Ngày 8/1", "sáng 15/1/2021", "ngày 28 tháng 12 năm 2020"; a date
without a year takes it from the document's context. Periods are strings:
"2019", "2015-2020", "2021-H1" (6 tháng đầu năm), "2021-Q2" (quý II),
"2021-09" (9 tháng đầu năm: the first nine months, written "2021-M9").
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .lexicon import load, pattern
from .normalise import fold_tone

YEAR = r"(?:19[4-9]\d|20\d\d|2100)"


@cache
def _rx() -> dict:
    """The date and period patterns, from grammar.toml [periods]."""
    g = load().grammar["periods"]

    def w(key):
        return pattern(g[key])

    day_part = r"(?:(?:" + w("day_parts") + r")\s+(?:(?:" + w("day_words") + r")\s+)?|(?:" + w("day_words") + r")\s+)"
    month, year = w("month_words"), w("year_words")
    counts = {fold_tone(k).lower(): v for k, v in g["month_count_words"].items()}
    return {
        "slash": re.compile(r"(?<![\d/.])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(" + YEAR + r"))?(?![\d/])"),
        # "Ngày 12.1.2024": dots only with a full year and after a day word (a lone "12.1" is a number)
        "dots": re.compile(r"(?<![\d/.])(\d{1,2})\.(\d{1,2})\.(" + YEAR + r")(?![\d.])"),
        "words": re.compile(r"(?<!\d)(\d{1,2})\s+(?:" + month + r")\s+(\d{1,2})(?:\s*(?:" + year + r"|,)\s*(" + YEAR + r"))?", re.I),
        "lead": re.compile(r"^\W*(?:\([^)]{1,12}\)\s*[-–—]\s*)?(?:" + day_part + r")", re.I),
        "range": re.compile(r"(?:" + w("range_openers") + r")\s+(" + YEAR + r")\s*(?:" + w("range_joins") + r")\s*(" + YEAR + r")", re.I),
        "range_bare": re.compile(r"(?<!\d)(" + YEAR + r")\s*(?:-|–)\s*(" + YEAR + r")(?!\d)"),
        "part": re.compile(r"(\d{1,2}|" + pattern(counts) + r")\s+(?:" + month + r")\s+(?:(?:" + w("first_words") + r")\s+)?(?:"
                           + year + r")\s+(" + YEAR + r")", re.I),
        # "quý II năm 2023", "Quý I/2024"
        "quarter": re.compile(r"(?<![^\W\d_])(?:" + w("quarter_words") + r")\s+(I{1,3}|IV|[1-4])(?:\s*/\s*|\s+(?:" + year + r")\s+|\s+)("
                              + YEAR + r")(?!\d)", re.I),
        "year": re.compile(r"(?<![\d/.,])(?:" + year + r")\s+(" + YEAR + r")(?!\d)", re.I),
        "counts": counts,
    }


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def valid_date(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def lead_date(sentence: str, context_year: int | None, report_year: int | None = None) -> tuple[str | None, int, int]:
    """The date that opens a sentence ("Ngày 14/1, …", "Sáng 12/1/2021, …").

    Returns (ISO date or None, start, end) with offsets relative to the sentence.
    Without a year, a January-March date after a review of year Y is in Y+1,
    any other in the report year; with neither, the context year.
    """
    r = _rx()
    m0 = r["lead"].match(sentence)
    if not m0:
        return None, 0, 0
    for rx in (r["words"], r["slash"], r["dots"]):
        m = rx.match(sentence, m0.end())
        if m:
            d, mo = int(m.group(1)), int(m.group(2))
            y = int(m.group(3)) if m.group(3) else infer_year(mo, context_year, report_year)
            if y is None:
                return None, m0.start(), m.end()
            return valid_date(y, mo, d), m0.start(), m.end()
    return None, 0, 0


def infer_year(month: int, context_year: int | None, report_year: int | None) -> int | None:
    if report_year is not None:
        return report_year + 1 if month <= 3 else report_year
    return context_year


def periods(text: str) -> list[tuple[str, int, int]]:
    """Periods named in a text, with offsets, most specific first where they overlap."""
    r = _rx()
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(p, s, e):
        if not any(s < te and ts < e for ts, te in taken):
            found.append((p, s, e))
            taken.append((s, e))

    for m in r["range"].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            add(f"{a}-{b}", m.start(), m.end())
    for m in r["range_bare"].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            add(f"{a}-{b}", m.start(), m.end())
    for m in r["part"].finditer(text):
        n = r["counts"].get(m.group(1).lower()) or int(m.group(1))
        if 1 <= n <= 11:
            add(f"{m.group(2)}-H1" if n == 6 else f"{m.group(2)}-M{n}", m.start(), m.end())
    for m in r["quarter"].finditer(text):
        q = _ROMAN.get(m.group(1).upper()) or int(m.group(1))
        add(f"{m.group(2)}-Q{q}", m.start(), m.end())
    for m in r["year"].finditer(text):
        add(m.group(1), m.start(), m.end())
    return sorted(found, key=lambda t: t[1])


def period_bounds(period: str) -> tuple[str, str] | None:
    """First and last day of a period string, ISO."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{4})|-H1|-Q([1-4])|-M(\d{1,2}))?", period)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(2):
        return f"{y}-01-01", f"{int(m.group(2))}-12-31"
    if period.endswith("-H1"):
        return f"{y}-01-01", f"{y}-06-30"
    if m.group(3):
        q = int(m.group(3))
        end_month = 3 * q
        last = (dt.date(y + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return f"{y}-{3 * q - 2:02d}-01", f"{y}-{end_month:02d}-{last:02d}"
    if m.group(4):
        n = int(m.group(4))
        last = (dt.date(y + (n == 12), n % 12 + 1, 1) - dt.timedelta(days=1)).day
        return f"{y}-01-01", f"{y}-{n:02d}-{last:02d}"
    return f"{y}-01-01", f"{y}-12-31"
