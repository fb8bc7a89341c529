"""Numbers and quantities, read the Vietnamese way.

"1.250" is one thousand two hundred and fifty, "12,345" is 12.345;
"1,2 nghìn tỷ đồng" is 1.2e12 VND; "hai nghìn người" is 2000 persons.
Dotted dates, phone numbers, fractions ("1/3") and codes ("4G") are not
numbers. Qualifiers in front ("trên", "gần", "ước đạt") are kept as codes.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from functools import cache

from .lexicon import alternation, load
from .model import Quantity

# a digit group not glued to other digits, dots, slashes, letters or a "+" ("km 31+400" is a position)
NUMBER = r"(?<![\w.,/:\-+])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w%]*[.,/:]\d)(?!/\w)(?!\w)"


def parse_number(s: str) -> float:
    """Parse a Vietnamese numeral: "." groups thousands, "," is the decimal mark.

    Raises ValueError with the offending text when it is not a numeral.
    """
    t = s.strip().replace(" ", "")
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", t):
        raise ValueError(f"not a Vietnamese numeral: {s!r}")
    try:
        v = Decimal(t.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a Vietnamese numeral: {s!r}") from None
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"numeral out of range: {s!r}")
    return f


def scaled(number: str, scale: float) -> float:
    """Exact decimal product, so that 12,345 tỷ is 12345000000 and not 12344999999.999998."""
    d = Decimal(number.replace(".", "").replace(",", ".")) * Decimal(str(scale))
    return float(d)


@cache
def _patterns():
    lex = load()
    u = lex.units
    scales = {k.lower(): v for k, v in u["scales"].items()}
    words = {k.lower(): v for k, v in u["number_words"].items()}
    unit_words = {k.lower(): v for k, v in u["unit_words"].items()}
    quals = lex.qualifiers
    qual_rx = r"(?P<qual>(?<![^\W\d_])(?:(?:" + alternation(quals) + r")\s+){1,3})?"
    scale_rx = r"(?:\s*(?P<scale>" + alternation(scales) + r")(?![^\W\d_]))?"
    not_units = r"(?!(?:" + alternation([w.lower() for w in u.get("not_units", {}).get("words", ())] or ["\0"]) + r")(?![^\W\d_]))"
    unit_rx = r"(?:\s*" + not_units + r"(?P<unit>" + alternation([w for w in unit_words if w != "%"]) + r")(?![^\W\d_])|\s?(?P<pct>%))?"
    word_rx = r"(?<![^\W\d_])(?P<word>" + alternation(words) + r")(?=\s+(?:" + alternation(scales) + r")(?![^\W\d_]))"
    # a unit may be glued to its number ("45.000m3", "10.000đ", "3,12km"): the number then ends before it
    glued = r"(?=(?:" + alternation([w for w in unit_words if w != "%"]) + r")(?![^\W\d_]))"
    number = NUMBER[:-len(r"(?!\w)")] + r"(?:(?!\w)|" + glued + r")"
    rx = re.compile(qual_rx + r"(?:(?P<num>" + number + r")|" + word_rx + r")" + scale_rx + unit_rx, re.I)
    r = u.get("ranges", {})
    core = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    # "từ 88% đến 91%", "từ 1,5 đến 2%", "4-5,5 triệu đồng", "2-3%": two numbers, the second with a unit
    ranges = re.compile(r"(?<![\w.,/:\-])(?:(?P<open>" + alternation(r.get("opens", ["\0"])) + r")\s+)?(?P<lo>" + core + r")(?P<lopct>\s?%)?"
                        r"(?:\s*[-–]\s*|\s+(?P<link>" + alternation(r.get("links", ["\0"])) + r")\s+)(?P<hi>" + core + r")(?!\d)"
                        + scale_rx + unit_rx, re.I) if r else None
    per = {k.lower(): v for k, v in u.get("per_units", {}).items()}
    per_word = r"(?P<p{n}>" + alternation(per or ["\0"]) + r")(?![^\W\d_])"
    # "đồng/người/năm", "đồng/người tháng", "tấn/ha": the unit per one or two of [per_units]
    per_rx = re.compile(r"\s*/\s*" + per_word.format(n=1) + r"(?:(?:\s*/\s*|\s+)" + per_word.format(n=2) + r")?", re.I)
    return rx, scales, words, unit_words, quals, ranges, (per, per_rx)


def _per_unit(match: str, end: int, unit: str | None, limit: int) -> tuple[str | None, int]:
    """The unit per the words after it ("triệu đồng/người/năm" -> "VND per person per year", with the end after
    them), when units.toml [qudt] lists that code; else the unit and end as they were."""
    if unit is None or unit == "percent" or end >= limit or match[end] not in "/ ":
        return unit, end
    per, per_rx = _patterns()[-1]
    x = per_rx.match(match, end, limit)
    if not x:
        return unit, end
    codes = load().units["qudt"]
    a, b = per[x.group("p1").lower()], per[x.group("p2").lower()] if x.group("p2") else None
    if b and f"{unit} per {a} per {b}" in codes:
        return f"{unit} per {a} per {b}", x.end()
    if f"{unit} per {a}" in codes:
        return f"{unit} per {a}", x.end("p1")
    return unit, end


def quantities(match: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """All quantities in ``match[start:end]`` with absolute offsets."""
    rx, scales, words, unit_words, quals, ranges, _ = _patterns()
    end = len(match) if end is None else end
    out = []
    spans = []
    for m in (ranges.finditer(match, start, end) if ranges else ()):
        unit = "percent" if m.group("pct") else unit_words.get(m.group("unit").lower()) if m.group("unit") else None
        if unit is None or (m.group("link") and not m.group("open")) or (m.group("lopct") and unit != "percent"):
            continue   # "2021-2022", "1-2 người", "tăng 5 đến 7": no unit, or a link with no opening word
        scale = scales.get(re.sub(r"\s+", " ", m.group("scale").lower())) if m.group("scale") else 1.0
        try:
            lo, hi = scaled(m.group("lo"), scale), scaled(m.group("hi"), scale)
        except (ValueError, InvalidOperation):
            continue
        if not lo < hi:
            continue
        unit, q_end = _per_unit(match, m.end(), unit, end)
        spans.append((m.start(), q_end))
        out.append(Quantity(start=m.start(), end=q_end, value=lo, unit=unit, qualifiers=("range",),
                            number_start=m.start("lo"), value_max=hi))
    for m in rx.finditer(match, start, end):
        if spans and any(a <= m.start() < b for a, b in spans):
            continue
        scale = scales.get(re.sub(r"\s+", " ", m.group("scale").lower())) if m.group("scale") else 1.0
        if m.group("num"):
            try:
                value = scaled(m.group("num"), scale) if scale != 1.0 else parse_number(m.group("num"))
            except (ValueError, InvalidOperation):
                continue
            number_start = m.start("num")
        else:
            value = words[m.group("word").lower()] * scale
            number_start = m.start("word")
        unit = "percent" if m.group("pct") else unit_words.get(m.group("unit").lower()) if m.group("unit") else None
        qual_codes: list[str] = []
        if m.group("qual"):
            text = m.group("qual").lower()
            qual_codes = _qualifier_codes(text, quals)
        if not math.isfinite(value):
            continue
        q_start = m.start("qual") if m.group("qual") else number_start
        unit, q_end = _per_unit(match, m.end(), unit, end)
        out.append(Quantity(start=q_start, end=q_end, value=value, unit=unit, qualifiers=tuple(qual_codes),
                            number_start=number_start))
    if spans:
        out.sort(key=lambda q: q.start)
    return out


def _qualifier_codes(text: str, quals: dict[str, str]) -> list[str]:
    codes: list[str] = []
    rest = " ".join(text.split())
    words = sorted(quals, key=len, reverse=True)
    while rest:
        for w in words:
            if rest.startswith(w):
                c = quals[w]
                if c not in codes:
                    codes.append(c)
                rest = rest[len(w):].strip()
                break
        else:
            break
    return codes


def main_qualifier(codes) -> str:
    """The qualifier shown in one column: a bound (over, under, approximately) beats 'estimated'."""
    for c in codes:
        if c != "estimated":
            return c
    return "estimated" if "estimated" in codes else "exact"
