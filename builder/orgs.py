"""Organisation and person mentions in a sentence.

An organisation's name opens with a head word from the lexicon ("Bưu điện
tỉnh", "Công ty", "Bộ", a brand such as "Agribank") and goes on over
capitalised words, compound syllables ("Thông tin"), glue words followed by a
capital ("và", "tỉnh", "chi nhánh") and nested names. A unit head ("Công
đoàn", "Hội đồng Thi đua") followed by another organisation's name makes a
unit of that organisation. A head alone ("Bưu điện tỉnh", "Công ty") is a
short mention, resolved later to the organisation the document names.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from .lexicon import load
from .model import OrgMention, PersonMention
from .normalise import fold_key, fold_tone

_TOKEN = re.compile(r"[^\W_]+(?:\.(?=[^\W\d_]))?|&|[^\w\s]")


class Tok(NamedTuple):      # a tuple: made tens of thousands of times per article
    text: str
    low: str
    start: int
    end: int
    cap: bool                # starts with a capital letter


_seen: dict = {"text": None}


def tokens(match: str, start: int, end: int) -> tuple[Tok, ...]:
    """The tokens of match[start:end], kept per span of the current text: several rules read each sentence."""
    if _seen["text"] is not match or len(_seen) > 64:   # a few sentences' worth: memory stays flat
        _seen.clear()
        _seen["text"] = match
    toks = _seen.get((start, end))
    if toks is None:
        toks = _seen[start, end] = tuple([Tok(w := m.group(), w.lower(), *m.span(), w[:1].isupper())
                                          for m in _TOKEN.finditer(match, start, end)])
    return toks


class Phrases:
    """Lexicon phrases as token tuples, indexed by their first token, longest first."""

    def __init__(self, words):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for ph in sorted({tuple(t.lower() for t in _TOKEN.findall(fold_tone(w))) for w in words}, key=len, reverse=True):
            if ph:
                self.by_first.setdefault(ph[0], []).append(ph)

    def match(self, toks: Sequence[Tok], i: int) -> int:
        """Length in tokens of the longest phrase starting at toks[i], or 0."""
        if i >= len(toks):
            return 0
        for ph in self.by_first.get(toks[i].low, ()):
            n = len(ph)
            if i + n <= len(toks) and all(toks[i + k].low == ph[k] for k in range(1, n)):
                return n
        return 0


@cache
def _lex():
    g = load().grammar
    o = g["organisations"]
    return {
        "fixed": Phrases(o["fixed"]),
        "heads": Phrases(o["heads"]),
        "units": Phrases(o["unit_heads"]),
        "brands": Phrases(o["brands"]),
        "glue": Phrases(o["glue"]),
        "second": {fold_tone(w).lower() for w in o["second_syllables"]},
        "anaphora": Phrases(o["anaphora"]),
        "lower_heads": Phrases(o["lower_case_heads"]),
        "name_lower": Phrases(o["name_lower_words"]),
        "introducers": Phrases(o["name_introducers"]),
        "lower_levels": Phrases(o["lower_case_levels"]),
        "part_of": Phrases(o["part_of"]),
        "honorifics": Phrases(g["persons"]["honorifics"]),
        "roles": Phrases(g["persons"]["roles"]),
        "numbered": Phrases(o["numbered_heads"]),
        "named_only": Phrases(o["named_only_heads"]),
        "sectors": Phrases(o["sector_heads"]),
        "family_names": {fold_tone(w).lower() for w in g["persons"]["family_names"]},
        "role_stops": {fold_tone(w).lower() for w in g["persons"]["role_stops"]},
        "role_end": Phrases(g["persons"]["role_end_phrases"]),
        "separators": {fold_tone(w).lower() for w in o["separators"]},
        "breakers": {fold_tone(w).lower() for w in o["name_breakers"]} | {
            fold_tone(v).lower() for key in ("confer_verbs", "receive_verbs") for v in g["awards"][key] if " " not in v} | {
            fold_tone(v).lower() for key in ("verbs", "noun_stops") for v in g["metrics"][key] if " " not in v},
        "max_lower": o["max_lower_words"],
    }


class _Parser:
    def __init__(self, toks: Sequence[Tok], text: str):
        self.t = toks
        self.starts = [tok.start for tok in toks]
        self.text = text
        self.lx = _lex()

    def mention(self, s: int, e: int, kind: str, head_end: int, nested=None) -> OrgMention:
        start, end = self.t[s].start, self.t[e - 1].end
        head = self.text[start:self.t[head_end - 1].end]
        return OrgMention(start=start, end=end, surface=self.text[start:end], kind=kind, head=head, nested=nested)

    def parse(self, i: int, allow_lower: bool = False) -> OrgMention | None:
        t, lx = self.t, self.lx
        if i >= len(t) or not (t[i].cap or allow_lower):
            return None
        n = lx["fixed"].match(t, i)
        if n:
            j = self.tail(i + n, glue_only=True)
            return self.mention(i, j, "fixed", i + n)
        n = lx["units"].match(t, i)
        if n:
            nested = self.parse(i + n)
            if nested is None and i + n < len(t) and not t[i + n].cap:
                # "Hội đồng trường Đại học X": a head in lower case with a name after it is the unit's organisation
                lower = self.parse(i + n, allow_lower=True) or _sector(t, i + n, self)   # "Công đoàn ngành Giáo dục X"
                nested = lower if lower is not None and lower.kind == "full" else None
            if nested is None:
                j = self.tail(i + n)
                if j < len(t) and (nested := self.parse(j)) is not None and nested.kind != "fixed":
                    e = self._index_after(nested.end)
                    return self.mention(i, e, "unit", i + n, nested)
                return self.mention(i, j, "full" if j > i + n else "short", i + n)
            e = self._index_after(nested.end)
            return self.mention(i, e, "unit", i + n, nested)
        n = lx["brands"].match(t, i)
        if n:
            j = self.tail(i + n)   # "Viettel X", "Agribank chi nhánh X": the brand's local unit
            return self.mention(i, j, "brand", i + n)
        n = lx["heads"].match(t, i)
        if n:
            if lx["numbered"].match(t, i) == n and i + n < len(t) and t[i + n].text.isdigit():
                n += 1      # "Trung đoàn 952", "Quân khu 9": the number is part of the name
                j = self.tail(i + n)
                return self.mention(i, j, "full", i + n)
            named_only = lx["named_only"].match(t, i) == n
            if named_only and i + n < len(t) and t[i + n].low in lx["breakers"]:
                return None     # "Hội Nghị Tổng Kết" in a headline in title case: a meeting, no body
            j = self.tail(i + n)
            if j == i + n and named_only:
                return None     # "Hội nghị", "Hội thi": the head alone names no body
            return self.mention(i, j, "full" if j > i + n else "short", i + n)
        return None

    def _index_after(self, char_end: int) -> int:
        """Index of the first token starting at or after char_end."""
        return bisect_left(self.starts, char_end)

    def opens_name(self, k: int) -> int:
        """Tokens of a head, brand or fixed name starting at token k (0 if none)."""
        lx = self.lx
        return lx["heads"].match(self.t, k) or lx["brands"].match(self.t, k) or lx["fixed"].match(self.t, k)

    def tail(self, j: int, glue_only: bool = False) -> int:
        """Index after the last token of a name's tail starting at j."""
        t, lx = self.t, self.lx
        prev_word = False
        if not glue_only:
            # sector or legal-form words in lower case right after the head, then the capitalised rest of the name
            k = j
            while k < len(t) and not t[k].cap and (n := lx["name_lower"].match(t, k)):
                k += n
            if j < k < len(t) and (t[k].cap and t[k].text.isalpha() and not self.opens_name(k) or t[k].text.isdigit()):
                j = k
        while j < len(t):
            tok = t[j]
            if not glue_only:
                if tok.cap and self.opens_name(j) and not lx["units"].match(t, j):
                    nested = self.parse(j)
                    if nested is not None and nested.kind != "short":
                        return self._index_after(nested.end)
                if tok.cap and tok.text.isalpha() or (tok.text.isupper() and tok.text.isalnum() and len(tok.text) > 1):
                    j += 1
                    prev_word = True
                    continue
                if prev_word and tok.low in lx["second"]:
                    j += 1
                    continue
            # "(CCB)" inside a name: "Hội Cựu chiến binh (CCB) huyện X"
            if tok.text == "(" and j + 3 < len(t) and t[j + 2].text == ")" and t[j + 1].text.isupper() \
                    and (lx["glue"].match(t, j + 3) or t[j + 3].cap):
                j += 3
                continue
            # lower-case words inside a name, when a capitalised word that opens no other name follows:
            # "Hợp tác xã Nông nghiệp và Dịch vụ tổng hợp Z", "Công ty Cao su Z", "Bệnh viện Phục hồi chức năng Z"
            if prev_word and not glue_only:
                k = j
                while k < len(t) and k - j < lx["max_lower"] and t[k].text.isalpha() and not t[k].cap \
                        and t[k].low not in lx["breakers"] and not lx["glue"].match(t, k):
                    k += 1
                if j < k < len(t) and t[k].cap and t[k].text.isalpha() and not self.opens_name(k) \
                        and t[k].low not in lx["breakers"]:
                    j = k
                    continue
            k = j
            while (g := lx["glue"].match(t, k)):
                k += g
                if t[k - 1].low == "tp" and k < len(t) and t[k].text == ".":
                    k += 1
            if k > j:
                if any(t[x].low in lx["separators"] for x in range(j, k)) and self.opens_name(k):
                    break  # "Viễn thông X và Bưu điện tỉnh X": two organisations, not one name
                if k < len(t) and t[k].cap and t[k].text.isalpha() and t[k].low not in lx["breakers"]:
                    j = k     # not "Chính phủ và Huân chương …": an award word after the glue ends the name
                    prev_word = False
                    glue_only = False
                    continue
            break
        return j


def _without_trailing_person(toks: Sequence[Tok], i: int, m: OrgMention, p: "_Parser") -> OrgMention:
    """"Phó Chủ tịch UBND tỉnh Trần Văn X": after a role, a name that ends with a family name and two or three
    more capitalised words is the organisation, then the person."""
    lx = p.lx
    if m.kind not in ("full", "brand", "unit") or not any(lx["roles"].match(toks, j) and toks[j].end <= m.start
                                                   for j in range(max(0, i - 4), i)):
        return m
    j = p._index_after(m.end) - 1
    run = 0
    while j > i and toks[j].cap and toks[j].text.isalpha():
        j -= 1
        run += 1
        if run >= 3 and toks[j + 1].low in lx["family_names"] and j > i:
            break
    else:
        return m
    if not (3 <= run <= 4) or toks[j + 1].low not in lx["family_names"]:
        return m
    end = toks[j].end
    nested = m.nested
    if nested is not None and nested.end > end:   # "Chủ tịch Hội đồng trường X Nguyễn Văn A": the unit's organisation too
        if end <= nested.start:
            return m
        nested = OrgMention(**{**nested.__dict__, "end": end, "surface": p.text[nested.start:end]})
    return OrgMention(**{**m.__dict__, "end": end, "surface": p.text[m.start:end], "nested": nested})


def org_mentions(match: str, start: int, end: int, text: str | None = None) -> list[OrgMention]:
    """Top-level organisation mentions in match[start:end], left to right, not overlapping."""
    toks = tokens(match, start, end)
    p = _Parser(toks, text if text is not None else match)
    lx = p.lx
    out: list[OrgMention] = []
    i = 0
    while i < len(toks):
        m = p.parse(i)
        if m is None:
            n = lx["anaphora"].match(toks, i)
            prev = toks[i - 1].text if i else ""
            # "đơn vị thuộc nhóm …" is some unit of a group, not the page's organisation
            # "7 đơn vị", "3 chi nhánh": counted units, not the page's organisation
            if n and (i + n >= len(toks) or not toks[i + n].cap) and prev not in ('"',) and not lx["part_of"].match(toks, i + n) \
                    and not (prev.isdigit() and not (len(prev) == 4 and prev[:2] in ("19", "20"))):   # not a year
                s, e = toks[i].start, toks[i + n - 1].end
                m = OrgMention(start=s, end=e, surface=p.text[s:e], kind="anaphora", head=p.text[s:e])
        if m is None and not toks[i].cap:
            m = _lower_case_body(toks, i, p) or _introduced_name(toks, i, p)
        if m is None:
            m = _sector(toks, i, p)     # "ngành Điện", and "Ngành Y tế tỉnh X" opening a headline
        if m is None:
            i += 1
            continue
        m = _without_trailing_person(toks, i, m, p)
        k = p._index_after(m.end)
        # an acronym in brackets right after the name: "Tập đoàn … (VNPT)"
        if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")" and _acronym(toks[k + 1].text):
            m = OrgMention(**{**m.__dict__, "acronym": toks[k + 1].text})
        # "X thuộc / trực thuộc Y": X is part of Y
        n = lx["part_of"].match(toks, k) if m.kind in ("full", "brand") else 0
        if n and (parent := p.parse(k + n)) is not None and parent.kind != "short":
            m = OrgMention(**{**m.__dict__, "parent": parent})
        out.append(m)
        i = max(k, i + 1)
    return out


def _lower_case_body(toks: Sequence[Tok], i: int, p: "_Parser") -> OrgMention | None:
    """"lực lượng công an tỉnh đã …": a body in lower case with its level and no name after it, a short mention."""
    lx = p.lx
    n = lx["lower_heads"].match(toks, i)
    if not n or (i and toks[i - 1].cap and toks[i - 1].text.isalpha()):
        return None
    k = lx["lower_levels"].match(toks, i + n)
    if not k or (i + n + k < len(toks) and toks[i + n + k].cap):
        return None
    s, e = toks[i].start, toks[i + n + k - 1].end
    return OrgMention(start=s, end=e, surface=p.text[s:e], kind="short", head=p.text[s:toks[i + n - 1].end])


def _sector(toks: Sequence[Tok], i: int, p: "_Parser") -> OrgMention | None:
    """"ngành Điện", "ngành NH", "ngành Y tế tỉnh X": a sector named by its capitalised name is a body."""
    n = p.lx["sectors"].match(toks, i)
    j = i + n
    if not n or j >= len(toks) or not toks[j].cap or toks[j].low in p.lx["breakers"]:
        return None
    start = j
    if p.opens_name(j):
        head = p.parse(j)      # "ngành Bưu điện": a head with no name after it names the sector
        if head is None or head.kind != "short":
            return None
        start = p._index_after(head.end)
    k = max(p.tail(start), start)
    if k <= j:
        return None
    s, e = toks[i].start, toks[k - 1].end
    return OrgMention(start=s, end=e, surface=p.text[s:e], kind="full", head=p.text[s:toks[j - 1].end])


def _introduced_name(toks: Sequence[Tok], i: int, p: "_Parser") -> OrgMention | None:
    """"mạng di động Metfone", "mạng Natcom": one or two capitalised words after an introducer name an organisation."""
    n = p.lx["introducers"].match(toks, i)
    j = i + n
    if not n or j >= len(toks) or not (toks[j].cap and toks[j].text.isalpha()) or p.opens_name(j):
        return None
    k = j + 1
    if k < len(toks) and toks[k].cap and toks[k].text.isalpha() and not p.opens_name(k):
        k += 1
    s, e = toks[j].start, toks[k - 1].end
    return OrgMention(start=s, end=e, surface=p.text[s:e], kind="full", head=p.text[s:e], introduced=True)


def _acronym(word: str) -> bool:
    """"VNPT", "VNPost", "EVNSPC": two capitals or more, no space."""
    return sum(c.isupper() for c in word) >= 2 and word[:1].isupper() and word.isalnum()


_NAME_TOKEN = re.compile(r"[A-ZĐÀ-Ỹ][^\W\d_]*")


def person_mentions(match: str, start: int, end: int, text: str | None = None) -> list[PersonMention]:
    """People introduced by an honorific ("ông Nguyễn Văn A, Giám đốc Công ty")."""
    text = text if text is not None else match
    toks = tokens(match, start, end)
    lx = _lex()
    out = []
    i = 0
    while i < len(toks):
        n = lx["honorifics"].match(toks, i)
        if not n:
            i += 1
            continue
        j = i + n
        k = j
        while k < len(toks) and toks[k].cap and _NAME_TOKEN.fullmatch(toks[k].text) and k - j < 5 \
                and not lx["roles"].match(toks, k):
            k += 1
        if k - j < 2:
            i += 1
            continue
        name = text[toks[j].start:toks[k - 1].end]
        p_end = toks[k - 1].end
        role = role_org = None
        if k + 1 < len(toks) and toks[k].text in (",", "-", "–"):   # "bà X, Giám đốc …" or "bà X - Giám đốc …"
            r = lx["roles"].match(toks, k + 1)
            if r:
                role_end = _role_end(toks, k + 1 + r)
                role_s, role_e = toks[k + 1].start, toks[role_end - 1].end
                role = text[role_s:role_e]
                orgs = org_mentions(match, toks[k + 1 + r].start, role_e, text) if k + 1 + r < role_end else []
                role_org = orgs[0] if orgs else None
                p_end = role_e
        out.append(PersonMention(start=toks[i].start, end=p_end, name=name, role=role, role_org=role_org))
        i = k
    return out




def _role_end(toks: Sequence[Tok], j: int) -> int:
    lx = _lex()
    while j < len(toks):
        tok = toks[j]
        if tok.text in ",.;:()" or (tok.low in lx["role_stops"] and not tok.cap):
            break
        if lx["role_end"].match(toks, j):
            break
        j += 1
    return j


def lower_head_at(match: str, start: int, end: int, text: str | None = None) -> OrgMention | None:
    """"trao … cho nông trường dẫn đầu": a head of two words or more written in lower case, with no name after it, is a
    short mention of the organisation of that head the page names."""
    toks = tokens(match, start, end)
    if not toks or toks[0].cap:
        return None
    p = _Parser(toks, text if text is not None else match)
    n = p.lx["heads"].match(toks, 0)
    if n < 2 or (n < len(toks) and toks[n].cap):
        return None
    s, e = toks[0].start, toks[n - 1].end
    return OrgMention(start=s, end=e, surface=p.text[s:e], kind="short", head=p.text[s:e])


def roles_in(match: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The role words in match[start:end] ("Tổng Giám đốc", "Bộ trưởng"): (folded role, start, end)."""
    toks = tokens(match, start, end)
    lx = _lex()
    out = []
    i = 0
    while i < len(toks):
        n = lx["roles"].match(toks, i)
        if n:
            out.append((" ".join(t.low for t in toks[i:i + n]), toks[i].start, toks[i + n - 1].end))
            i += n
        else:
            i += 1
    return out


def role_body(match: str, start: int, end: int, text: str | None = None) -> tuple[OrgMention | None, int, int]:
    """An organisation named through a role: "Bộ trưởng Bộ X" -> Bộ X, "Tổng giám đốc Agribank" -> Agribank.

    Returns the organisation and the span of the whole role phrase.
    """
    toks = tokens(match, start, end)
    if not toks:
        return None, start, start
    lx = _lex()
    r = lx["roles"].match(toks, 0)
    if not r:
        return None, start, start
    p = _Parser(toks, text if text is not None else match)
    m = p.parse(r) or p.parse(r, allow_lower=True)
    if m is None:
        n = lx["anaphora"].match(toks, r)
        if n:
            s, e = toks[r].start, toks[r + n - 1].end
            m = OrgMention(start=s, end=e, surface=p.text[s:e], kind="anaphora", head=p.text[s:e])
    if m is None:
        return None, start, start
    return m, toks[0].start, m.end


@cache
def _abbrev():
    pairs = load().grammar["organisations"]["abbreviations"]
    return [(re.compile(r"(?<![^\W\d_])" + re.escape(a) + r"(?![^\W\d_])"), b) for a, b in sorted(pairs, key=lambda p: -len(p[0]))]


def expand(name: str) -> str:
    """A name with its abbreviations (grammar.toml) written out, so that variants meet in one key."""
    for rx, full in _abbrev():
        name = rx.sub(full, name)
    return name


@lru_cache(maxsize=1 << 16)
def org_key(name: str) -> str:
    """The key under which two spellings of one organisation's name meet (an acronym in brackets inside the name,
    "Hội Liên hiệp Phụ nữ (LHPN) thị xã X", is left out)."""
    return fold_key(fold_tone(expand(_BRACKETED_ACRONYM.sub(" ", name))))


_BRACKETED_ACRONYM = re.compile(r"\s*\((?:[A-ZĐ][A-ZĐ&.\-]{1,9})\)(?=\s+\S)")
