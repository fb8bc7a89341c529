"""Award rule: who conferred which award or title on whom, when and why.

Works clause by clause (";" separates clauses). An award mention comes from
the award scheme's trigger words. Its recipient follows "cho" (an
organisation, a person, or counted groups "3 tập thể và 12 cá nhân", one
award each), or stands before "được"/"đón nhận". Its conferrer is "của X"
after the award, A in "thừa ủy quyền của A, B trao", the agent of "X tặng"
or "được X tặng" (a role stands for its body: "Bộ trưởng Bộ Y" is Bộ Y), or
the award's legal default (Huân chương: Chủ tịch nước).

Also: a flag named by its title ('Cờ “…”', 'Cờ … của Bộ Y'); a list of awards
with one conferrer ("Cờ thi đua, Bằng khen, Giấy khen của A"); a presenter who
hands over another body's award; counted groups before a passive ("X có 3 tập
thể được tặng …") and counted title holders ("132 Chiến sĩ thi đua cơ sở");
a clause with no verb of its own carries the previous clause's recipient and
conferrer; an award received or conferred with no recipient named, in a
sentence (not a caption), is the article's organisation's. Concepts declare
how they are read (okg:titledTrigger, okg:takesTitle, okg:needsRecipientCue,
okg:notAfter); the words are grammar.toml [awards].
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from ..context import DocContext, stated_periods
from ..dates import YEAR, periods
from ..lexicon import alternation, load, pattern
from ..model import Award, Evidence, OrgMention, PersonMention, Quantity
from ..normalise import fold_tone
from ..numbers import quantities
from ..orgs import lower_head_at, org_key, org_mentions, role_body, roles_in


@dataclass
class _Mention:
    start: int
    end: int
    code: str
    title: str | None
    bare_title: bool
    anaphoric: bool = False     # "danh hiệu cao quý này": the award named before


@cache
def _rx():
    lex = load()
    aw = load().grammar["awards"]

    def w(key):
        return pattern(aw[key])

    trig = {}
    for c in lex.awards.values():
        for t in c.triggers:
            trig[t] = c.code
    groups = sorted((fold_tone(w).lower() for w in aw["group_nouns"]), key=len, reverse=True)
    return {
        "trigger": re.compile(r"(?<![^\W\d_])(?:" + alternation(trig) + r")(?![^\W\d_])", re.I),
        "trig_map": trig,
        "confer": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("awards", "confer_verbs")) + r")(?![^\W\d_])", re.I),
        "receive": re.compile(r"(?<![^\W\d_])" + "".join(r"(?<!" + re.escape(w) + " )" for w in lex.words("awards", "receive_not_after"))
                              + r"(?:" + alternation(lex.words("awards", "receive_verbs")) + r")(?![^\W\d_])", re.I),
        "passive": re.compile(r"(?<![^\W\d_])" + "".join(r"(?<!" + re.escape(w) + " )" for w in lex.words("awards", "passive_not_after"))
                              + r"(?:" + alternation(lex.words("awards", "passive")) + r")(?![^\W\d_])", re.I),
        "of": re.compile(r"\s+(?:" + w("conferrer_links") + r")\s", re.I),
        "of_after": re.compile(r"\s+(?:" + w("conferrer_links") + r")\s+", re.I),
        "title_word": re.compile(r"(?:" + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers) + r")", re.I),
        "given": re.compile(r"\s*(?:(?:" + pattern(load().grammar["periods"]["year_words"]) + r")\s+\d{4}\s+)?(?:" + w("recipient_cues") + r")\b", re.I),
        "reached": re.compile(r"(?:" + w("reach_verbs") + r")(?:\s+(?:" + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers) + r"))?\s*$", re.I),
        "reached_any": re.compile(r"(?:(?:" + w("reach_verbs") + r")(?:\s+(?:" + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers) + r"))?|"
                                  + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers) + r")[^;]*$", re.I),
        "honorific": re.compile(r"(?:" + pattern(load().grammar["persons"]["honorifics"]) + r")\s", re.I),
        "bare_person": re.compile(r"(?:" + alternation(load().grammar["persons"]["family_names"]) + r")(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,3}(?![^\W\d_])"),
        "and_more": re.compile(r"\s*(?:,\s*|(?:" + w("coordinators") + r")\s+|,\s*(?:" + w("coordinators") + r")\s+)"),
        # what may stand between two listed recipients besides the separator: a group in brackets "(nhóm tỉnh)" and
        # a place ", tỉnh Thái Nguyên", ", phường Tân Mai"
        "aside": re.compile(r"(?:\s*\([^()]{0,60}\)|\s*,\s*(?:" + pattern(load().grammar["organisations"]["located_levels"])
                            + r")\s+[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){0,3})*"),
        "to": re.compile(r"(?<![^\W\d_])(?:" + w("recipient_cues") + "|" + w("recipient_cues_far") + r")\s+", re.I),
        "titled": re.compile(r"(?<![^\W\d_])(?:" + (alternation({t for c in lex.awards.values() for t in c.titled_triggers}) or "\0")
                             + r")(?![^\W\d_])", re.I),
        "titled_map": {t: c.code for c in lex.awards.values() for t in c.titled_triggers},
        "title_then_of": re.compile(r"\s+(?:[^\W\d_]+\s+){1,9}?(?P<of>(?:" + w("conferrer_links") + r")\s)", re.I),
        "list_sep": re.compile(r"\s*(?:,|(?:" + w("coordinators") + r"))\s*(?:(?:" + w("coordinators") + r")\s+)?", re.I),
        "of_group": re.compile(r"\s+(?:" + w("conferrer_links") + r")\s+", re.I),
        "group_right_after": re.compile(r"\s{1,2}\d"),
        "vague": re.compile(r"(?<![^\W\d_])(?:" + w("vague_quantifiers") + r")\s+(?:[^\W\d_]+\s+){0,1}$", re.I),
        "number_words": {fold_tone(k).lower(): v for k, v in load().units["number_words"].items()},
        "number_word": re.compile(r"(?<![^\W\d_])(?:" + pattern(load().units["number_words"]) + r")(?=\s+(?:"
                                  + alternation(groups) + r")(?![^\W\d_]))", re.I),
        "inner": re.compile(r"\s*(?:" + alternation(trig) + r")(?![^\W\d_])", re.I),
        "not_after": {c.code: re.compile(r"(?:" + alternation(c.not_after) + r")\s*$", re.I) for c in lex.awards.values() if c.not_after},
        "group_after": re.compile(r"\s+(?:" + alternation(groups) + r")(?![^\W\d_])", re.I),
        "decision_of": re.compile(r"(?<![^\W\d_])(?:" + w("decision_of") + r")\s+", re.I),
        "sentence_end": re.compile(r"[.!?…]\W*$"),      # a caption without its full stop gives no default recipient
        "listing": re.compile(r"(?:,\s*|\s)(?:" + alternation(load().words("metrics", "breakdown_markers")) + r")\s*:?\s*", re.I),
        "count_before": re.compile(r"(?<![\w.,])\d+\s+$"),
        "recognised": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("awards", "confer_verbs") + lex.words("awards", "receive_verbs")
                                                                    + lex.words("awards", "reach_verbs"))
                                 + r")(?:\s+\d+\s+(?:" + alternation(groups) + r"))?(?:\s+(?:" + w("title_links")
                                 + r"))?(?:\s+(?:" + alternation(t for c in lex.awards.values() if c.introduces_title for t in c.triggers)
                                 + r"))?\s*$", re.I),
        "joined": re.compile(r"\s*(?:,|,?\s*(?:" + w("coordinators") + r"))\s*"),
        "ends_joined": re.compile(r"(?:,|\s(?:" + w("coordinators") + r"))\s*$", re.I),
        "to_groups": re.compile(r"(?:\s*\([^()]{0,30}\))?\s+(?:(?:" + alternation(lex.words("awards", "confer_verbs")) + "|"
                                + w("recipient_cues") + r")\s+)?(?P<groups>(?:" + alternation(groups) + r")(?:\s*(?:,|"
                                + w("coordinators") + r")\s*(?:" + alternation(groups) + r"))*)(?![^\W\d_])", re.I),
        # a title in capitals after a prize or a category: up to the clause's punctuation, at most twelve words
        "named_title": re.compile(r"\s+([A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+(?!(?:" + w("title_stops") + r")\s)[^\s,;.:()\"]+){0,11}?)"
                                  r"(?=\s*(?:[,;.:(\"]|$)|\s+(?:" + w("title_stops") + r")\s)"),
        "possessor": re.compile(r"(?<![^\W\d_])(?:" + w("conferrer_links") + r")\s+$", re.I),
        "object_before": re.compile(r"(?<![^\W\d_])(?:" + pattern(load().grammar["campaigns"]["object_markers"]) + r")\s+$", re.I),
        "collective_title": re.compile(r"(?:" + w("collective_titles") + r")(?![^\W\d_])", re.I),
        "example": re.compile(r"(?<![^\W\d_])(?:" + w("example_openers") + r")\s+$", re.I),
        "done_by": re.compile(r"(?<![^\W\d_])(?:" + pattern(load().grammar["campaigns"]["by_words"]) + r")\s+(?=[A-ZĐÀ-Ỹ])"),
        "purpose": re.compile(r"(?<![^\W\d_])(?:" + w("purpose_markers") + r")\s+(?:[^\W\d_]+[\s,]+){0,3}$", re.I),
        "state": re.compile(r"(?<![^\W\d_])(?:" + alternation(fold_tone(x) for x in aw["state_words"]) + r")(?![^\W\d_])"),
        "backref": re.compile(r"(?<![^\W\d_])(?:" + w("backref_awards") + r")(?![^\W\d_])", re.I),
        "then_more": re.compile(r"\s*(?:,|(?:" + w("coordinators") + r")\s)"),
        "reason_lead": re.compile(r"^(?:(?:" + w("reason_lead_words") + r")\s+)+", re.I),
        "collective_heads": tuple(lex.words("awards", "collective_heads")),
        "delegation": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("awards", "delegation")) + r")\s+", re.I),
        "on_behalf": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("awards", "on_behalf")) + r")\s+", re.I),
        "reason": re.compile(r"(?<![^\W\d_])(?:" + alternation(lex.words("awards", "reason_openers")) + r")(?![^\W\d_])", re.I),
        "group": re.compile(r"(?<![^\W\d_])(" + alternation(groups) + r")(?![^\W\d_])", re.I),
        "groups": groups,
        # two periods joined ("năm 2018 và 6 tháng đầu năm 2019"): the achievement spans both
        "joined_periods": re.compile(r"\d{4}\s+(?:" + w("coordinators") + r")\s+(?:\d{1,2}\s+)?[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s+\d{4}", re.I),
        # "trao giải ba cho đơn vị thuộc khối …": a recipient is named, though not one that is read; no default
        "named_after": re.compile(r"\s*(?:" + w("recipient_cues") + r")\s+[^\W\d_]", re.I),
        "repeated": re.compile(r"(?<![^\W\d_])(?:" + w("repeated_markers") + r")(?![^\W\d_])", re.I),
        "uncounted": re.compile(r"(?<![^\W\d_])(?:" + w("uncounted_before") + r")\s+$", re.I),
        "recipient_cue": re.compile(r"\s+(?:" + alternation(lex.words("awards", "recipient_cues")) + r"|\d)"),
    }


def _clauses(ctx: DocContext, sent) -> list[tuple[int, int]]:
    out, s = [], sent.start
    for m in re.finditer(r";", ctx.nt.match[sent.start:sent.end]):
        out.append((s, sent.start + m.start()))
        s = sent.start + m.end()
    out.append((s, sent.end))
    return out


def extract_awards(ctx: DocContext) -> list[Award]:
    out: list[Award] = []
    for sent in ctx.content():
        orgs = ctx.orgs.get(sent.index, [])
        persons = ctx.persons.get(sent.index, [])
        subject = None  # the recipient named earlier in the sentence, for a clause that leaves it out
        carry = False   # the previous clause's awards went to that subject
        giver = None    # the previous clause's conferrer, for "…; công nhận 47 tập thể …" with none of its own
        for cs, ce in _clauses(ctx, sent):
            awards, subject = _clause_awards(ctx, sent, cs, ce, [o for o in orgs if cs <= o.start < ce],
                                             [p for p in persons if cs <= p.start < ce], subject, carry, giver)
            carry = bool(awards) and subject is not None and awards[-1].recipient is subject
            giver = awards[-1].conferred_by if awards else giver
            out.extend(awards)
            if awards:
                ctx.last_award = (awards[-1].award_type, awards[-1].title)
    out = _without_caption_receivers(ctx, out)
    host = ctx.lead_subject()
    if host is not None and host.kind == "fixed":
        # the page of a national body that holds the ceremony ("Bộ Y tế tổ chức lễ trao giải cuộc thi …"): the prizes
        # it names without a giver are the host's
        out = [replace(a, conferred_by=host) if a.conferred_by is None and _is_prize(a.award_type)
               and a.recipient is not host else a for a in out]
    return out


def _without_caption_receivers(ctx: DocContext, awards: list[Award]) -> list[Award]:
    """A caption that shows a person receiving an award ("Ông X - Giám đốc Công ty (giữa) nhận Cờ thi đua của …")
    repeats the award the page gives to the body of the person's role: the person received it for the body."""
    rx = _rx()
    m = ctx.nt.match

    def key(o):
        return fold_tone(o.surface).lower()

    out = []
    for a in awards:
        sent = ctx.sentences[a.evidence[0].sentence]
        p = a.recipient
        if isinstance(p, PersonMention) and p.role_org is not None and not sent.headline \
                and not rx["sentence_end"].search(m, sent.start, sent.end) \
                and any(b.award_type == a.award_type and isinstance(b.recipient, OrgMention) and b.recipient.surface
                        and key(b.recipient).startswith(key(p.role_org)) for b in awards if b is not a):
            continue
        out.append(a)
    return out


def _state_named(ctx: DocContext, sent) -> bool:
    """Whether the sentence names the State or the President as a giver ("Nhà nước", "Đảng và Nhà nước", "Chủ tịch
    nước"), outside the name of an organisation ("Kho bạc Nhà nước")."""
    orgs = ctx.orgs.get(sent.index, [])
    return any(not any(o.start <= x.start() < o.end and o.kind != "fixed" for o in orgs)
               for x in _rx()["state"].finditer(ctx.nt.match, sent.start, sent.end))


def _is_prize(code: str) -> bool:
    lex = load().awards
    while code in lex:
        if code == _PRIZE:
            return True
        code = lex[code].broader
    return False


_PRIZE = "GiaiThuong"     # the award concept of prizes (ontology/awards.ttl)


def _titled(ctx: DocContext, cs: int, ce: int, orgs) -> list[_Mention]:
    """Awards named by a word that needs its title: 'Cờ “Đơn vị dẫn đầu …”' (the quoted title), 'Cờ đơn vị
    xuất sắc trong phong trào thi đua của Bộ Y' (the words up to "của" and its body)."""
    rx = _rx()
    m = ctx.nt.match
    out = []
    for t in rx["titled"].finditer(m, cs, ce):
        s, e = t.start(), t.end()
        if ctx.is_claimed(s, e) or any(o.start <= s < o.end for o in orgs) or rx["trigger"].match(m, s):
            continue
        code = rx["titled_map"][re.sub(r"\s+", " ", t.group().lower())]
        q = re.match(r'\s*"([^"]{3,120})"', m[e:ce])
        if q:
            out.append(_Mention(s, e + q.end(), code, ctx.text(e + q.start(1), e + q.end(1)), False))
            continue
        body = rx["title_then_of"].match(m, e, ce)
        if body:
            title_end = body.start("of") - 1
            out.append(_Mention(s, title_end, code, ctx.text(e, title_end).strip(), False))
            continue
        named = rx["named_title"].match(m, e, ce)
        if named:   # "vinh danh ở hạng mục Dịch vụ sáng tạo nhất": the capitalised title of the category
            out.append(_Mention(s, named.end(1), code, ctx.text(named.start(1), named.end(1)).strip(), False))
    return out


def _mentions(ctx: DocContext, cs: int, ce: int, orgs) -> list[_Mention]:
    rx = _rx()
    lex = load()
    m = ctx.nt.match
    found: list[_Mention] = _titled(ctx, cs, ce, orgs)
    # "… cũng đã vinh dự nhận danh hiệu cao quý này": the award named before, for the recipient of this clause
    backref = [(x.start(), x.end()) for x in rx["backref"].finditer(m, cs, ce)]
    if backref and ctx.last_award is not None:
        found += [_Mention(s, e, ctx.last_award[0], ctx.last_award[1], False, anaphoric=True) for s, e in backref]
    for t in rx["trigger"].finditer(m, cs, ce):
        s, e = t.start(), t.end()
        if ctx.is_claimed(s, e) or any(o.start <= s < o.end for o in orgs) or any(a <= s < b for a, b in backref):
            continue
        code = rx["trig_map"][re.sub(r"\s+", " ", t.group().lower())]
        concept = lex.awards[code]
        of = rx["of"].search(t.group())
        if of:
            e = s + of.start()  # "Bằng khen của Bộ trưởng …": the conferrer is read after the award's name
        title = concept.title_label
        bare = False
        if code == _PRIZE and (named := rx["named_title"].match(m, e, ce)) \
                and not any(o.start == named.start(1) and o.kind != "anaphora" for o in orgs):
            title = ctx.text(named.start(1), named.end(1)).strip()   # "giải thưởng Doanh nghiệp vì cộng đồng"
        if concept.introduces_title:
            q = re.match(r'\s*:?\s*"([^"]{3,80})"', m[e:ce])
            inner = rx["inner"].match(m, e, ce)
            if q:
                title = ctx.text(e + q.start(1), e + q.end(1))
                sub = rx["trigger"].search(q.group(1))
                if sub and lex.awards[rx["trig_map"][re.sub(r"\s+", " ", sub.group().lower())]].is_title:
                    code = rx["trig_map"][re.sub(r"\s+", " ", sub.group().lower())]
                e = e + q.end()
            elif inner:
                continue  # the title right after "danh hiệu" is its own mention
        elif concept.is_title:
            if '"' in m[max(cs, s - 1):s]:
                continue  # inside the quotes of 'danh hiệu "…"', read with the quote
            lo = max(cs, s - 12)
            before = m[lo:s].lower()
            tw = [x for x in rx["title_word"].finditer(before)]
            if tw:
                s = lo + tw[-1].start()
            else:
                bare = True
        elif concept.needs_recipient_cue and not rx["recipient_cue"].match(m, e, ce) \
                and not (rx["purpose"].search(m, max(cs, s - 30), s) and _groups(ctx, cs, s, claim=False)):
            # "công tác thi đua, khen thưởng": the word, not an award; but "chọn N đơn vị … để tuyên dương, khen
            # thưởng" commends the groups chosen
            continue
        elif concept.not_after and rx["not_after"][code].search(m[max(cs, s - 15):s]):
            continue
        found.append(_Mention(s, e, code, title, bare))
    found.sort(key=lambda a: a.start)
    if found and rx["repeated"].search(m, cs, found[0].start):
        return []   # "đã nhiều lần được … tặng Bằng khen, Cờ thi đua": honours of the past, none counted
    found = [a for a in found if not rx["uncounted"].search(m, max(cs, a.start - 15), a.start)]   # "cùng nhiều giải thưởng"
    # a bare title counts when it is given ("… cho N cá nhân") or is the title reached ("đạt danh hiệu …")
    kept: list[_Mention] = []
    for i, a in enumerate(found):
        if a.bare_title:
            given = rx["given"].match(m, a.end, ce)
            attaches = kept and rx["reached_any"].search(m[kept[-1].end:a.start]) \
                and lex.awards[kept[-1].code].takes_title
            if attaches:
                kept[-1].title = "; ".join(x for x in (kept[-1].title, a.title or "") if x)
                continue
            # "… được công nhận là Chiến sĩ thi đua cơ sở", "đạt danh hiệu thi đua …": recognised by a verb
            recognised = rx["recognised"].search(m, max(kept[-1].end if kept else cs, a.start - 60), a.start)
            counted = rx["count_before"].search(m, max(cs, a.start - 12), a.start)
            if not given and not recognised and not counted:
                continue
        elif kept and lex.awards[a.code].is_title and rx["reached"].search(m[kept[-1].end:a.start].lower()[-20:]) \
                and lex.awards[kept[-1].code].needs_recipient_cue:
            kept[-1].title = a.title
            continue
        kept.append(a)
    return kept


def _clause_awards(ctx: DocContext, sent, cs: int, ce: int, orgs: list[OrgMention], persons: list[PersonMention],
                   subject=None, carry: bool = False, giver=None) -> tuple[list[Award], OrgMention | PersonMention | None]:
    """The awards of one clause, and the recipient it names as its subject (``subject``: the one named
    earlier in the sentence). A conferral that names no recipient of its own is the subject's:
    "X được A tặng Huân chương …; B tặng Cờ thi đua" gives X both."""
    mentions = _mentions(ctx, cs, ce, orgs)
    if not mentions:
        return [], subject
    rx = _rx()
    m = ctx.nt.match
    text = ctx.nt.text
    out: list[Award] = []
    # delegation: "thừa ủy quyền của A, B trao …"
    delegated_by = presenter = None
    d = rx["delegation"].search(m, cs, mentions[0].start)
    if d:
        delegated_by = _body_at(ctx, d.end(), mentions[0].start, orgs)
        comma = m.find(",", d.end(), mentions[0].start)
        if comma > 0:
            presenter = next((p for p in persons if p.start >= comma), None) or next((o for o in orgs if o.start > comma), None)
    on_behalf = None
    ob = rx["on_behalf"].search(m, cs, mentions[0].start)
    if ob:
        on_behalf = _body_at(ctx, ob.end(), mentions[0].start, orgs)
    reason, reason_span = _reason(ctx, mentions[-1].end, ce)
    # "…; công nhận N tập thể …": the giver before goes on; "…; N cá nhân được công nhận là …" names none
    shared_conferrer = giver if rx["confer"].search(m, cs, mentions[0].start) \
        and not rx["passive"].search(m, cs, mentions[0].start) else None
    decided = rx["decision_of"].search(m, mentions[-1].end, ce)
    if decided:
        # "… tặng Kỷ niệm chương … theo quyết định của X": X confers
        shared_conferrer = _body_at(ctx, decided.end(), ce, orgs) or shared_conferrer
    elif (done_by := rx["done_by"].search(m, mentions[-1].end, ce)) is not None:
        # "được trao danh hiệu “…” do X (phối hợp …) tổ chức": X confers
        shared_conferrer = _body_at(ctx, done_by.end(), ce, orgs) or shared_conferrer
    to_subject = carry   # the previous award (of the clause, or of the clause before) went to the subject
    listed = _listed_conferrers(ctx, mentions, ce, orgs, reason_span)
    for i, a in enumerate(mentions):
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else ce
        limit = min(nxt, reason_span[0]) if reason_span else nxt
        conferrer = listed[i]
        prev_end = mentions[i - 1].end if i else cs
        agent, recipient_before = _agent_and_subject(ctx, prev_end if i else cs, a.start, a.end, orgs, persons)
        legal = _legal_conferrer(a.code)
        presented_by = presenter
        if conferrer is not None and presented_by is None and agent is not None:
            # "Ông A, Phó Chủ tịch UBND tỉnh, trao Bằng khen của Thủ tướng …": the award is the Prime Minister's,
            # handed over by A
            giver = next((p for p in reversed(persons) if prev_end <= p.start and p.end <= a.start), None)
            presented_by = giver or agent
        if conferrer is None and delegated_by is None and agent is not None and legal is not None \
                and org_key(agent.surface) != org_key(legal):
            # "UBND tỉnh trao Huân chương Lao động …": a state honour is the President's; the province hands it over
            conferrer, presented_by = _named_body(ctx, legal), presenter or agent
        conferrer = conferrer or delegated_by or agent or shared_conferrer
        if conferrer is None and legal is not None and _state_named(ctx, sent):
            # "được Nhà nước trao tặng Huân chương …": a state honour "of the State" is the President's by law; one
            # the sentence gives no giver for has none ("Công ty X đón Huân chương Lao động hạng Nhì")
            conferrer = _named_body(ctx, legal)
        shared_conferrer = conferrer if agent is not None or delegated_by is not None else shared_conferrer
        subject = recipient_before or subject
        recipients = _recipients_after(ctx, a.end, limit, orgs, persons)
        if not recipients and not _is_title(a.code) and (counted := rx["count_before"].search(m, max(cs, a.start - 12), a.start)) \
                and (to_groups := rx["to_groups"].match(m, a.end, limit)):
            # "12 Huân chương Chiến công (các hạng) tặng tập thể và cá nhân": 12 awards to the groups named after them
            noun = ctx.text(to_groups.start("groups"), to_groups.end("groups"))
            recipients = [(_GroupSpan(counted.start(), to_groups.end(), noun), int(counted.group()), noun)]
        if not recipients and recipient_before is not None:
            # "X có 3 tập thể được tặng …": the counted groups after the subject are the recipients
            groups = [g for g in _groups(ctx, prev_end, a.start, claim=False)
                      if g[0].end > recipient_before.start or rx["of_group"].fullmatch(m, g[0].end, recipient_before.start)]
            if groups:
                recipients = _claimed(ctx, groups)
            else:
                # "A, B và C (cũng) được Y tặng …": each of the organisations named together
                recipients = [(o, None, None) for o in _coordinated_before(ctx, orgs, recipient_before, prev_end)] \
                    + [(recipient_before, None, None)]
        if recipients and isinstance(recipients[0][0], PersonMention) and recipients[0][0].role_org is not None \
                and rx["on_behalf"].search(m, recipients[0][0].end, a.start):
            # "Anh X, Phó Bí thư Tỉnh Đoàn Y, thay mặt đơn vị nhận Bằng khen": the unit receives it
            recipients = [(recipients[0][0].role_org, None, None)]
        counted = rx["count_before"].search(m, max(cs, a.start - 12), a.start) if not recipients else None
        if counted and _is_title(a.code):
            n = int(counted.group().strip())
            recipients = [(_GroupSpan(counted.start(), a.end, ctx.text(counted.start(), a.end)), n, ctx.text(a.start, a.end))]
        if not recipients:
            # the groups after the award before ("3 tập thể được tặng A, 2 đơn vị được B"), else the clause's
            recipients = _groups(ctx, prev_end, a.start, claim=False) or _groups(ctx, cs, a.start, claim=False)
            part = rx["listing"].search(m, recipients[0][0].end, a.start) if len(recipients) > 1 else None
            if part is not None:
                # "gần 30 ngàn hộ đăng ký …, trong đó 9.150 hộ được công nhận danh hiệu …": the part, not the whole
                recipients = [g for g in recipients if g[0].start >= part.end()]
            recipients = _claimed(ctx, recipients)
        if not recipients and _is_prize(a.code):
            # "…; Nông trường X giải nhì, Nông trường Y giải ba": the organisation right before the prize
            right_before = next((o for o in orgs if prev_end <= o.start and 0 <= a.start - o.end <= 1), None)
            if right_before is not None:
                recipients = [(right_before, None, None)]
        if not recipients and rx["group_right_after"].match(m, a.end, limit):
            # "quyết định khen thưởng 38 tập thể, cá nhân": the groups right after the award
            recipients = _groups(ctx, a.end, limit)[:1]
        if not recipients and subject is not None and (agent is not None or (to_subject and not rx["confer"].search(m, prev_end, a.start))):
            # "…; B tặng Cờ thi đua": B confers on the same subject; "đón nhận A và B": both are the subject's
            recipients = [(subject, None, None)]
        if not recipients and i == 0 and (agent is not None or rx["receive"].search(m, cs, a.start)
                                          or rx["passive"].search(m, cs, a.start)
                                          or (listed[i] is not None and _BULLET.match(m, sent.start))) \
                and not ctx.plan_words(cs, ce) and not rx["group"].search(m, cs, a.start) \
                and (sent.headline or rx["sentence_end"].search(m, sent.start, sent.end)) \
                and not rx["vague"].search(m, max(cs, a.start - 12), a.start) \
                and not rx["named_after"].match(m, a.end, limit):
            # "Vinh dự nhận Huân chương …", "được Chủ tịch nước tặng …" with no recipient named: in an article
            # about one organisation, the award is that organisation's
            recipients = [(OrgMention(start=a.start, end=a.end, surface="", kind="anaphora"), None, None)]
        to_subject = bool(recipients) and recipients[0][0] is subject and subject is not None
        if not recipients:
            continue
        if a.anaphoric and (recipient_before is None or recipients[0][0] is not recipient_before):
            continue   # "phần thưởng này được trao để …" says more of the award before, not a new one
        period = _period(ctx, sent, reason_span, a.end, limit)
        title = a.title
        if title and _is_prize(a.code):
            if (year := _TITLE_YEAR.search(title)) is not None:
                period = year.group(1)    # "giải thưởng Doanh nghiệp … 2017": the prize's year
            if rx["collective_title"].match(title) and isinstance(recipients[0][0], PersonMention) \
                    and recipients[0][0].role_org is not None:
                # "Ông X, Giám đốc Công ty Y nhận giải thưởng Doanh nghiệp …": a prize for a body goes to the body
                recipients = [(recipients[0][0].role_org, None, None)]
        # "Bằng khen của UBND tỉnh, Bộ X, Liên minh Y": one award from each body of the list
        co = _co_listed(ctx, listed[i], orgs, limit) if listed[i] is not None and listed[i] is conferrer else []
        co_code = a.code
        if co:
            recipients = [r for r in recipients if r[0] not in co]
            concept = load().awards[a.code]
            if concept.broader and any(" " + of + " " in t for t in concept.triggers for of in _OF_WORDS()):
                co_code = concept.broader   # the first body named the kind ("Bằng khen của UBND tỉnh"): the others' is broader
        for rec, count, noun in recipients:
            for other in co:
                out.append(Award(award_type=co_code, title=title, recipient=rec, recipient_count=count, recipient_noun=noun,
                                 recipient_kind=_kind(rec, noun), conferred_by=other, on_behalf_of=on_behalf,
                                 presented_by=presented_by, period=period, reason=reason,
                                 evidence=(Evidence(a.start, other.end, sent.index, "award." + a.code),)))
            kind = _kind(rec, noun)
            ev_end = max(a.end, rec.end if rec is not None else a.end)
            out.append(Award(award_type=a.code, title=title, recipient=rec, recipient_count=count, recipient_noun=noun,
                             recipient_kind=kind, conferred_by=conferrer if isinstance(conferrer, OrgMention) else None,
                             on_behalf_of=on_behalf, presented_by=presented_by, period=period,
                             reason=reason, evidence=(Evidence(min(a.start, rec.start if rec is not None else a.start),
                                                               ev_end, sent.index, "award." + a.code),)))
    return out, subject


@cache
def _OF_WORDS() -> tuple[str, ...]:
    return tuple(fold_tone(w).lower() for w in load().words("awards", "conferrer_links"))


_TITLE_YEAR = re.compile(r"(?<!\d)(" + YEAR + r")\s*$")
_BULLET = re.compile(r"\s*[-–•+]\s")    # a line of a list of honours ("- Bằng khen của UBND tỉnh.")


def _co_listed(ctx: DocContext, first: OrgMention, orgs, limit: int) -> list[OrgMention]:
    """The bodies listed after ``first`` ("của A, B, C và D"): each follows the one before with a comma or a
    coordinator between them, and the list ends before ``limit``."""
    rx = _rx()
    m = ctx.nt.match
    out, end = [], first.end
    for o in orgs:
        if o.start < end or o.end > limit:
            continue
        if not rx["list_sep"].fullmatch(m, end, o.start):
            break
        out.append(o)
        end = o.end
    return out


def _listed_conferrers(ctx: DocContext, mentions, ce: int, orgs, reason_span) -> list:
    """The conferrer each award names after "của"; in a list ("Cờ thi đua, Bằng khen, Giấy khen của A") the
    awards before the last take the last one's."""
    rx = _rx()
    m = ctx.nt.match
    out = []
    for i, a in enumerate(mentions):
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else ce
        limit = min(nxt, reason_span[0]) if reason_span else nxt
        of = rx["of_after"].match(m[a.end:limit])
        out.append(_body_at(ctx, a.end + of.end(), limit, orgs) if of else None)
    joined = [rx["list_sep"].fullmatch(m, mentions[i].end, mentions[i + 1].start) is not None for i in range(len(mentions) - 1)]
    # the list's conferrer is its last award's: "Cờ A, Bằng khen của X và Cờ B" gives it to Bằng khen alone
    # an award whose conferrer phrase is followed by another award ("Bằng khen của X và Cờ ba") ends no list
    more = [i + 1 < len(mentions) and not joined[i] and rx["ends_joined"].search(m, a.end, mentions[i + 1].start) is not None
            for i, a in enumerate(mentions)]
    for i in range(len(mentions) - 2, -1, -1):
        if out[i] is None and out[i + 1] is not None and joined[i] and not more[i + 1]:
            out[i] = out[i + 1]
    return out


def _is_title(code: str) -> bool:
    return load().awards[code].is_title


def _legal_conferrer(code: str) -> str | None:
    """The body that confers an award by law (the concept's or a broader concept's default conferrer)."""
    lex = load().awards
    while code in lex:
        if lex[code].default_conferrer:
            return lex[code].default_conferrer
        code = lex[code].broader
    return None


def _named_body(ctx: DocContext, name: str) -> OrgMention:
    return OrgMention(start=-1, end=-1, surface=name, kind="fixed", head=name)


def _body_at(ctx: DocContext, s: int, e: int, orgs) -> OrgMention | None:
    """The body a phrase at s names, directly or through a role."""
    m = ctx.nt.match
    while s < e and m[s] == " ":
        s += 1
    direct = next((o for o in orgs if o.start == s), None)
    if direct is not None:
        return direct
    body, _, _ = role_body(m, s, e, ctx.nt.text)
    if body is None:
        role = next(iter(roles_in(m, s, e)), None)
        if role is not None and role[1] == s:
            # "của Giám đốc ABC" (an acronym the page defined), "của Giám đốc" (the body named with the role)
            body = next((o for o in orgs if o.start in (role[2], role[2] + 1)), None) or ctx.role_body(role[0])
    return body


def _agent_and_subject(ctx, cs, a_start, a_end, orgs, persons):
    """Active agent ("X tặng A"), passive agent ("được X tặng A") and the subject before "được"/"đón nhận"."""
    rx = _rx()
    m = ctx.nt.match
    window = m[cs:a_start]
    agent = subject = None
    # the subject is named after the previous award ("… tặng Cờ thi đua và được B tặng Bằng khen": not A's agent)
    mine = [o for o in orgs if o.start >= cs]
    my_persons = [p for p in persons if p.start >= cs]
    verbs = [v for v in rx["confer"].finditer(m, cs, a_end) if v.start() <= a_start]
    receive = list(rx["receive"].finditer(m, cs, a_start))
    # the passive marker nearest the award ("Với kết quả đạt được, X được Y tặng …": not "đạt được")
    passive = None
    for passive in rx["passive"].finditer(window):
        pass
    if verbs:
        v = verbs[-1]
        before = m[cs:v.start()]
        p_idx = cs + passive.start() if passive else -1
        start_agent = cs + passive.end() if passive and p_idx < v.start() else cs
        cands = [o for o in orgs if start_agent <= o.start and o.end <= v.start()]
        people = [p for p in persons if start_agent <= p.start and p.end <= v.start()]
        if cands:
            agent = cands[-1]
        else:
            body, _, _ = role_body(m, _skip_space(m, start_agent), v.start(), ctx.nt.text)
            if body is None:
                for x in re.finditer(r"(?<![^\W\d_])[^\W\d_]", m[start_agent:v.start()]):
                    body, _, _ = role_body(m, start_agent + x.start(), v.start(), ctx.nt.text)
                    if body is not None:
                        break
            agent = body
            if agent is None and people and people[-1].role_org is not None and not passive:
                agent = people[-1].role_org
        if passive and p_idx < v.start():
            subject = _person_after(ctx, _subject_before(_not_possessors(m, mine), my_persons, p_idx), p_idx)
        elif passive is None and re.search(r"^\s*$", before) is None:
            pass
    if subject is None and (reach := rx["reached"].search(m, cs, a_start)) is not None:
        # "Trường X đạt danh hiệu Tập thể lao động xuất sắc": who reaches a title holds it
        subject = _person_after(ctx, _subject_before(_not_possessors(m, mine), my_persons, reach.start()), reach.start())
    if receive and subject is None:
        subject = _person_after(ctx, _subject_before(_not_possessors(m, mine), my_persons, receive[-1].start()),
                                receive[-1].start())
    if passive and subject is None:
        subject = _person_after(ctx, _subject_before(_not_possessors(m, mine), my_persons, cs + passive.start()),
                                cs + passive.start())
    if isinstance(subject, OrgMention) and subject.kind == "anaphora":
        # "tuy X mới …, công ty vẫn được …", "X, công ty con của Y, được …": the nearest organisation the clause
        # names by name before the anaphoric subject, neither a possessor nor an object, is the one it stands for
        named = [o for o in _not_possessors(m, mine) if o.end <= subject.start and o.kind in ("full", "brand")
                 and not rx["object_before"].search(m, max(cs, o.start - 8), o.start)]
        if named:
            subject = named[-1]
    if isinstance(agent, OrgMention) and agent.kind == "anaphora":
        # "lãnh đạo công ty trao …" on a page that names "Công ty X": the company, not the page's subject
        low = fold_tone(agent.surface).lower() + " "
        if any(o.kind == "full" and fold_tone(o.surface).lower().startswith(low) for ms in ctx.orgs.values() for o in ms):
            agent = replace(agent, kind="short")
    if agent is subject:
        agent = None
    return agent, subject


def _skip_space(m, i):
    while i < len(m) and m[i] == " ":
        i += 1
    return i


def _person_after(ctx: DocContext, subject, pos: int):
    """"Chủ tịch Hội đồng trường X Nguyễn Văn A vinh dự được nhận …": a person named without an honorific right after
    the organisation of their role, before the verb, is the subject."""
    if not isinstance(subject, OrgMention) or subject.kind == "anaphora":
        return subject
    m = ctx.nt.match
    x = _rx()["bare_person"].match(m, _skip_space(m, subject.end), pos)
    if x and len(m[x.end():pos].split()) <= 2:
        return PersonMention(start=x.start(), end=x.end(), name=ctx.text(x.start(), x.end()))
    return subject


def _not_possessors(m: str, orgs):
    """The organisations that are not named as a possessor ("X, công ty con của Y, được …": Y is not the subject) nor
    as examples ("X cùng các đơn vị như A, B được trao …": A and B are not the subject)."""
    rx = _rx()
    examples: set[int] = set()
    end = -1
    for o in sorted(orgs, key=lambda o: o.start):
        if rx["example"].search(m, max(0, o.start - 8), o.start) or (end >= 0 and rx["joined"].fullmatch(m, end, o.start)):
            examples.add(id(o))
            end = o.end
        else:
            end = -1
    return [o for o in orgs if not rx["possessor"].search(m, max(0, o.start - 8), o.start) and id(o) not in examples]


def _subject_before(orgs, persons, pos):
    parents = {o.parent for o in orgs if o.parent is not None}  # "X thuộc Y được …": X is the subject
    cands = [x for x in list(orgs) + list(persons) if x.end <= pos and x not in parents]
    if not cands:
        return None
    persons_before = [p for p in persons if p.end <= pos]
    if persons_before:
        p = persons_before[-1]
        # "công nhân X (Nông trường Y) giành giải nhất": the bracket names the person's unit
        if all(o.start > p.end and o.start - p.end <= 2 for o in orgs if p.end <= o.start and o.end <= pos) \
                and any(p.end <= o.start for o in orgs if o.end <= pos):
            return p
        # a person's role names an organisation: the person, not the organisation, is the subject
        if not any(o.start >= p.end for o in orgs if o.end <= pos):
            return p
    return max(cands, key=lambda x: x.start)


def _claimed(ctx: DocContext, groups):
    for g in groups:
        ctx.claim(g[0].start, g[0].end)
    return groups


def _coordinated_before(ctx: DocContext, orgs, last: OrgMention, floor: int) -> list[OrgMention]:
    """The organisations joined to ``last`` before it by commas or a coordinator, nearest last."""
    rx = _rx()
    m = ctx.nt.match
    out: list[OrgMention] = []
    cur = last
    for o in sorted((o for o in orgs if floor <= o.start and o.end <= last.start and isinstance(o, OrgMention)),
                    key=lambda o: -o.start):
        if rx["joined"].fullmatch(m, o.end, cur.start) and o.kind != "anaphora":
            out.insert(0, o)
            cur = o
        else:
            break
    return out


def _groups(ctx: DocContext, s: int, e: int, claim: bool = True) -> list[tuple[None, int, str]]:
    """Counted groups in m[s:e]: "3 tập thể và 12 cá nhân" -> [(None, 3, 'tập thể'), (None, 12, 'cá nhân')]."""
    rx = _rx()
    m = ctx.nt.match
    out = []
    words = _rx()["number_words"]
    found = list(quantities(m, s, e)) + [
        Quantity(start=x.start(), end=x.end(), value=float(words[x.group().lower()]), unit=None, number_start=x.start())
        for x in _rx()["number_word"].finditer(m, s, e)]
    for q in sorted(found, key=lambda q: q.start):
        if q.unit is not None or q.value != int(q.value) or q.value < 1:
            continue
        g = rx["group_after"].match(m[q.end:e])
        if g:
            noun = ctx.text(q.end, q.end + g.end()).strip()
            out.append((_GroupSpan(q.number_start, q.end + g.end(), ctx.text(q.number_start, q.end + g.end())), int(q.value), noun))
            if claim:
                ctx.claim(q.number_start, q.end + g.end())
    return out


@dataclass(frozen=True)
class _GroupSpan:
    start: int
    end: int
    label: str


def _recipients_after(ctx, s, e, orgs, persons):
    m = ctx.nt.match
    cho = _rx()["to"].search(m[s:e])
    if not cho or re.search(r"[,;]", m[s:s + cho.start()]):
        return []
    at = s + cho.end()
    if _rx()["honorific"].match(m, at, e):
        p = next((p for p in persons if p.start >= at - 1), None)
        if p is not None:
            return [(p, None, None)] + _bare_people(ctx, p.end, e)
    if (bare := _bare_people(ctx, at, e, first=True)):
        return bare
    o = next((o for o in orgs if o.start == at), None)
    if o is not None:
        # "cho A, B và C" / "cho Bưu điện tỉnh và 2 cá nhân": more organisations, then counted groups
        out = [(o, None, None)]
        while (sep := _rx()["and_more"].match(m[(at := _rx()["aside"].match(m, o.end, e).end()):e])) and \
                (o := next((x for x in orgs if x.start == at + sep.end()), None)) is not None:
            out.append((o, None, None))
        last = out[-1][0].end
        if _rx()["then_more"].match(m[last:e]):
            out += _groups(ctx, last, e)
        return out
    groups = _groups(ctx, at, e)
    if groups:
        # "cho ba tập thể dẫn đầu …, gồm A, B và C": the organisations the list names
        listed = _rx()["listing"].search(m, groups[-1][0].end, e)
        if listed and (o := next((x for x in orgs if x.start == listed.end()), None)) is not None:
            out = [(o, None, None)]
            while (sep := _rx()["and_more"].match(m[o.end:e])) and \
                    (o := next((x for x in orgs if x.start == o.end + sep.end()), None)) is not None:
                out.append((o, None, None))
            if len(out) == groups[0][1] or len(groups) == 1 and len(out) > 1:
                return out
        return groups
    p = next((p for p in persons if p.start >= at), None)
    if p is not None and p.start - at < 5:
        return [(p, None, None)]
    lower = lower_head_at(m, at, e, ctx.nt.text)
    return [(lower, None, None)] if lower is not None else []


def _bare_people(ctx, at: int, e: int, first: bool = False) -> list:
    """People named without an honorific: a family name and one to three capitalised words ("giải ba thuộc về
    Nguyễn Thị Thu Trang (Nông trường 3)"); with ``first`` the one at ``at``, else the ones listed after ``at``
    ("công nhân A (…) và B (…)")."""
    rx = _rx()
    m = ctx.nt.match
    out = []
    pos = at
    while True:
        if not first or out:
            aside = rx["aside"].match(m, pos, e).end()
            sep = rx["and_more"].match(m, aside, e)
            if not sep:
                break
            pos = sep.end()
        x = rx["bare_person"].match(m, pos, e)
        if not x:
            break
        out.append((PersonMention(start=x.start(), end=x.end(), name=ctx.text(x.start(), x.end())), None, None))
        pos = x.end()
    return out


def _kind(rec, noun) -> str | None:
    if isinstance(rec, PersonMention):
        return "individual"
    if isinstance(rec, OrgMention):
        return "collective"
    if noun:
        kinds = load().recipient_kinds
        n = fold_tone(noun).lower()
        for w in sorted(kinds, key=len, reverse=True):
            if n == w or n.startswith(w + " "):
                return kinds[w]
        return "collective" if n.startswith(_rx()["collective_heads"]) else None
    return None


def _reason(ctx: DocContext, s: int, e: int) -> tuple[str | None, tuple[int, int] | None]:
    rx = _rx()
    m = ctx.nt.match
    r = rx["reason"].search(m, s, e)
    if not r:
        return None, None
    stops = [m.find(w, r.start(), e) for w in load().grammar["awards"]["reason_stops"]]
    end = min([x for x in stops if x > 0] + [e])
    body = rx["reason_lead"].sub("", ctx.text(r.start(), end)).strip(" .,")
    return (body or None), (r.start(), end)


def _period(ctx, sent, reason_span, a_end, limit) -> str | None:
    """The period an award recognises: the one its reason or its own words after it name; else the one its
    sentence names ("…; tuyên dương N giáo viên năm học 2018 - 2019": the whole sentence's), from the first year to
    the last when it joins several ("thành tích năm 2018 và 6 tháng đầu năm 2019"); else its sentence's or
    paragraph's year; else the period of the page's occasion (the congress, the contest the lead reports),
    else the report year."""
    if reason_span:
        p = periods(ctx.nt.match[reason_span[0]:reason_span[1]])
        if p:
            return max(p, key=lambda x: ("-" in x[0], x[1]))[0] if any("-" in x[0] for x in p) else p[-1][0]
    p = periods(ctx.nt.match[a_end:limit])
    if p:
        return p[0][0]
    stated = list(dict.fromkeys(stated_periods(ctx.nt.match, sent.start, sent.end)))
    if len(stated) == 1:
        return stated[0]
    if len(stated) > 1 and _rx()["joined_periods"].search(ctx.nt.match, sent.start, sent.end):
        years = sorted({int(y) for p in stated for y in re.findall(r"\d{4}", p)})
        return f"{years[0]}-{years[-1]}" if years[-1] - years[0] <= 10 else ctx.period_of(sent)
    if ctx.sentence_period.get(sent.index) or ctx.sentence_year.get(sent.index):
        return ctx.period_of(sent)
    return ctx.occasion_period or ctx.period_of(sent)
