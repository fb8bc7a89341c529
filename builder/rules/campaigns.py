"""Campaign rule: named emulation campaigns, who launched them and who joined.

A campaign is a quoted name after "phong trào (thi đua)" or "cuộc vận động"
(also in a list: 'các phong trào thi đua như: "A", "B"'), or an unquoted
name: one that starts with a capital right after the keyword, or a lower-case
one up to the end of its clause ("phong trào thi đua đào lò nhanh, khai thác
an toàn năm 2024, công ty …"); "Chiến dịch …", "Tháng hành động vì …" keep
their keyword. Generic continuations ("phong trào thi đua yêu nước") and
slogans in quotes are no names. "do X phát động" names the launcher; "X phát
động" before the name names it too; "hưởng ứng"/"tham gia" makes the
sentence's subject a participant. The words are grammar.toml [campaigns].
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..context import DocContext, stated_periods, words_rx
from ..lexicon import alternation, load, pattern
from ..model import Campaign, Evidence, OrgMention


@cache
def _rx() -> dict:
    g = load().grammar["campaigns"]

    def w(key):
        return pattern(g[key])

    title_words = alternation(t for c in load().awards.values() if c.introduces_title for t in c.triggers)
    return {
        # between two quoted names of one list: '"A", "B" và "C"' (quotes are plain '"' in the match text)
        "list_gap": re.compile(r'[\s,;"]*(?:(?:' + w("list_joins") + r')\s*)?', re.I),
        "name_gap": re.compile(r"\s*(?:(?:" + w("name_fillers") + r")\s*)?", re.I),
        "list_intro": re.compile(r"(?:" + w("list_openers") + r")\s*:?\s*$|:\s*$", re.I),
        "title_before": re.compile(r"(?:" + title_words + r")\s*$", re.I),
        "unquoted": re.compile(r'\s+(?:(?:' + w("name_fillers") + r')\s+)?([^\W\d_][^,;.:()\n"]{5,120}?)(?=\s*(?:[,;.:()\n]|\s+(?:'
                               + w("by_words") + r')\s|$))', re.I),
        "name_keyword": re.compile(r"(?:" + w("name_keywords") + r")", re.I),
        "name_link": re.compile(r"(?:" + w("name_links") + r")(?![^\W\d_])", re.I),
        "generic": re.compile(r"(?:" + w("generic_continuations") + r")(?![^\W\d_])", re.I),
        "hard_stop": re.compile(r"[.;:\n\"]|\s(?:" + w("name_stops") + r")(?![^\W\d_])|\s?\((?![A-ZĐ]+\))|(?<![A-ZĐ])\)", re.I),
        "verb_after": re.compile(r"\s(?:" + w("verbs_after_name") + r")(?![^\W\d_])", re.I),
        "clause_word": re.compile(r"(?<![^\W\d_])(?:" + w("clause_words") + r")(?![^\W\d_])", re.I),
        "by": re.compile(r'"?[^"]{0,80}?\b(?:' + w("by_words") + r')\s+'),
        # "Trong phong trào thi đua X, …": the campaign in which what follows was done
        "within": re.compile(r"(?<![^\W\d_])(?:" + w("within_words") + r")\s+(?:" + alternation(load().words("campaigns", "keywords"))
                             + r")\s+(?:(?:" + w("name_fillers") + r")\s+)?$", re.I),
        "year_tail": re.compile(r"\s+(?:(?:" + pattern(load().grammar["periods"]["year_words"]) + "|"
                                + pattern(load().grammar["periods"]["range_openers"]) + r")\s+)?\d{4}(?:\s*[-–]\s*\d{4})?$", re.I),
        "oversee": re.compile(r"(?<![^\W\d_])(?:" + w("oversee_verbs") + r")(?![^\W\d_])", re.I),
        "object_before": re.compile(r"(?:" + "|".join(r"\b" + x for x in w("object_markers").split("|")) + r")\s+$"),
    }



@cache
def _keyword_rx() -> re.Pattern:
    return re.compile(r"(?<![^\W\d_])(?:" + alternation(load().words("campaigns", "keywords")) + r")(?![^\W\d_])", re.I)


def extract_campaigns(ctx: DocContext) -> list[Campaign]:
    rx = _rx()
    kw = _keyword_rx()
    launch = words_rx("campaigns", "launch_verbs")
    join = words_rx("campaigns", "join_verbs")
    out: list[Campaign] = []
    acronyms = {o.acronym for ms in ctx.orgs.values() for o in ms if o.acronym}
    for sent in ctx.content():
        m = ctx.nt.match
        keywords = list(kw.finditer(m, sent.start, sent.end))
        if not keywords:
            continue
        names: list[tuple[int, int]] = []
        for qs, qe in ctx.quotes(sent):
            before = [k for k in keywords if k.end() <= qs - 1]
            if not before:
                continue
            k = before[-1]
            gap = m[k.end():qs - 1]
            # directly after the keyword, or in a list introduced by it
            if rx["name_gap"].fullmatch(gap) or rx["list_intro"].search(m[k.end():qs - 1]) \
                    or (names and rx["list_gap"].fullmatch(m, names[-1][1], qs - 1)):
                if not rx["title_before"].search(m[max(sent.start, qs - 15):qs - 1]):
                    names.append((qs, qe))
        orgs = ctx.orgs.get(sent.index, [])
        if not names:
            for k in keywords:
                nm = rx["unquoted"].match(m[k.end():sent.end])
                if nm and nm.group(1)[:1].isupper():
                    s = k.end() + nm.start(1)
                    e = s + len(nm.group(1).rstrip())
                    stop = rx["verb_after"].search(m, s, e)
                    e = stop.start() if stop else e
                    acr = _ACRONYM_NAME.match(m, s, e)
                    if acr:
                        e = acr.end()   # "phong trào KC-TN-AT và thăm hỏi …": the abbreviated name only
                    core = rx["year_tail"].sub("", m[s:e]).strip()
                    if core in acronyms or (core.isupper() and core.isalpha() and f"({core})" in m):
                        continue        # "phong trào CCB năm 2019": the movement of the body "Hội CCB", no name
                    # "Chiến dịch Tình nguyện mùa đông 2021": the keyword is part of the name
                    names.append((k.start() if rx["name_keyword"].fullmatch(k.group()) else s, e))
                elif not any(qs <= k.start() < qe for qs, qe in ctx.quotes(sent)):
                    span = _unquoted_name(ctx, sent, k, orgs)
                    if span is not None:
                        names.append(span)
        for i, (qs, qe) in enumerate(names):
            name = ctx.text(qs, qe).strip().strip(".,;")
            if len(name) < 4:
                continue
            # '"A" và "B" do X phát động': what follows a list of names is said of each
            last = i
            while last + 1 < len(names) and rx["list_gap"].fullmatch(m, names[last][1], names[last + 1][0] - 1):
                last += 1
            organiser, participant = _roles(ctx, sent, orgs, qs, names[last][1], launch, join)
            period = _period(ctx, sent, qe)
            ctx.claim(qs, qe)
            out.append(Campaign(name=name, organiser=organiser, participant=participant, period=period,
                                evidence=(Evidence(qs, qe, sent.index, "campaign.named"),)))
    return out


def with_award_roles(ctx: DocContext, campaigns: list[Campaign], awards) -> list[Campaign]:
    """A campaign in which an award of its sentence was won ("Trong phong trào thi đua X, A được B tặng Cờ …") with no
    launcher of its own was launched by the award's conferrer (a body the page names, not a legal default), and the
    recipient, an organisation, took part in it."""
    out = []
    within = _rx()["within"]
    m = ctx.nt.match

    def same_clause(a: int, b: int) -> bool:
        return ";" not in m[a:b]

    for c in campaigns:
        ev = c.evidence[0]
        mine = [a for a in awards if a.evidence[0].sentence == ev.sentence]
        # the award after the campaign in its clause; none when the campaign is said of an award before it
        # ("X tặng bằng khen cho A đã có thành tích trong phong trào …; B khen thưởng …")
        a = next((a for a in mine if a.evidence[0].start > ev.end and same_clause(ev.end, a.evidence[0].start)
                  and a.conferred_by is not None and a.conferred_by.start >= 0), None) \
            if within.search(m, max(0, ev.start - 40), ev.start) \
            and not any(b.evidence[0].start < ev.start and same_clause(b.evidence[0].start, ev.start) for b in mine) else None
        if c.organiser is None and a is not None:
            participant = c.participant or (a.recipient if isinstance(a.recipient, OrgMention) and a.recipient.surface else None)
            c = replace(c, organiser=a.conferred_by, participant=participant)
        out.append(c)
    return out


_ACRONYM_NAME = re.compile(r"[A-ZĐ]{1,4}(?:-[A-ZĐ]{1,4})+(?=\s+[^\W\d_]*[a-zà-ỹđ])")


def _unquoted_name(ctx: DocContext, sent, k: re.Match, orgs) -> tuple[int, int] | None:
    """A campaign named without quotes: "phong trào thi đua đào lò nhanh, khai thác an toàn năm 2024, công ty
    …" is "đào lò nhanh, khai thác an toàn năm 2024"; "Chiến dịch Tình nguyện mùa đông 2021" keeps its
    word. The name ends at a clause's punctuation or a word that ends it; a comma goes on to a part of the
    name, not to a clause with an organisation or a verb. A generic continuation ("yêu nước", "năm 2019")
    is no name."""
    rx = _rx()
    m = ctx.nt.match
    named = rx["name_keyword"].fullmatch(k.group())
    gap = rx["name_gap"].match(m, k.end(), sent.end)
    body = gap.end() if gap else k.end()
    while body < sent.end and m[body] == " ":
        body += 1
    start = k.start() if named else body
    if body >= sent.end or not m[body].isalnum():
        return None
    if named and not (m[body].isupper() or rx["name_link"].match(m, body)):
        return None
    if not named and (m[body].isupper() or rx["generic"].match(m, body)):
        return None      # capitalised names are read above; generic words are no name
    hard = rx["hard_stop"].search(m, body, sent.end)
    end = hard.start() if hard else sent.end
    pieces = [body]
    for c in re.finditer(r",\s*", m[body:end]):
        nxt = body + c.end()
        seg_end = m.find(",", nxt, sent.end)
        seg_end = sent.end if seg_end < 0 else seg_end
        if any(nxt <= o.start < seg_end for o in orgs) or rx["clause_word"].search(m, nxt, seg_end) \
                or rx["generic"].match(m, nxt) or m[nxt:nxt + 1].isupper():
            end = body + c.start()
            break
    words = len(m[body:end].split())
    if words < 2 or words > 16:
        return None
    return start, end


def _roles(ctx, sent, orgs, qs, qe, launch, join):
    m = ctx.nt.match
    after = m[qe:sent.end]
    organiser = participant = None
    do = _rx()["by"].match(after)
    if do:
        start = qe + do.end()
        cand = [o for o in orgs if o.start >= start and o.start - start < 40]
        if cand and launch.search(m, cand[0].end, min(sent.end, cand[0].end + 30)):
            organiser = cand[0]
        else:
            from ..orgs import role_body
            body, _, _ = role_body(m, start, sent.end, ctx.nt.text)
            organiser = body
    before = m[sent.start:qs]
    # a launch verb in another part of the sentence is not said of the campaign ("X tổ chức hội nghị …, đồng thời
    # tổng kết phong trào …"): only the part between the last comma before the keyword and the name counts
    quoted = ctx.quotes(sent)
    kw_at = max((k.start() for k in _keyword_rx().finditer(before)
                 if not any(a <= sent.start + k.start() < b for a, b in quoted)), default=len(before))
    part = before.rfind(",", 0, kw_at) + 1
    oversee = [x for x in _rx()["oversee"].finditer(before)]
    # "kiểm tra việc triển khai phong trào": the launch verb is what is overseen, not a launch
    last_launch = max((x.end() for x in launch.finditer(before, part)
                       if not any(0 <= x.start() - o.end() <= 12 for o in oversee)), default=-1)
    last_join = max((x.end() for x in join.finditer(before)), default=-1)
    subject = next((o for o in orgs if o.end <= qs and not _object_of(m, o)), None)
    if organiser is None and oversee and oversee[-1].end() > last_launch:
        # "Chủ tịch Tổng công ty X dẫn đoàn kiểm tra việc thực hiện phong trào …": who oversees a drive launched it;
        # "Đoàn cũng kiểm tra …" with no body of its own: the overseer named before
        at = sent.start + oversee[-1].start()
        overseer = next((o for o in reversed(orgs) if o.end <= at and not _object_of(m, o)), None)
        if overseer is None:
            overseer = next((p.role_org for p in reversed(ctx.persons.get(sent.index, [])) if p.end <= at and p.role_org), None)
        organiser = overseer or ctx.overseer
        ctx.overseer = organiser
        return organiser, None
    if organiser is None and last_launch > last_join and subject is not None:
        organiser = subject
    if last_join > last_launch or (organiser is not None and organiser is not subject):
        participant = subject or _after_subject(ctx, orgs, qe)
        if participant is organiser:
            participant = None
    return organiser, participant


def _object_of(m: str, o: OrgMention) -> bool:
    return bool(_rx()["object_before"].search(m[max(0, o.start - 6):o.start]))


def _after_subject(ctx, orgs, qe):
    """'Hưởng ứng phong trào "X" do A phát động, B đã …': the subject comes after the name."""
    later = [o for o in orgs if o.start > qe]
    for o in later:
        pre = ctx.nt.match[max(0, o.start - 3):o.start]
        if "," in pre:
            return o
    return None


def _period(ctx, sent, qe) -> str | None:
    """The campaign's period: one named right after it ("… năm 2017"), else a span of years its sentence names after it
    ("… trong công nhân giai đoạn 2011 - 2015", "… lần thứ II (2012-2017)"), else its sentence's year, else
    the period of the page's occasion."""
    from ..dates import periods
    tail = ctx.nt.match[qe:min(sent.end, qe + 32)]   # room for "” giai đoạn 2011 – 2015" after the name
    p = periods(tail)
    if p and p[0][1] <= 3:
        return p[0][0]
    m = ctx.nt.match
    own = periods(m[max(sent.start, qe - 20):qe])
    if own and own[-1][2] >= min(qe, 20) - 2:
        return own[-1][0]       # the name ends with its year ("… lao động sáng tạo năm 2017")
    end = m.find(";", qe, sent.end)
    spans = [x for x in stated_periods(m, qe, end if end > 0 else sent.end) if re.fullmatch(r"\d{4}-\d{4}", x)]
    if spans:
        return spans[0]
    return ctx.period_of(sent) or ctx.occasion_period
