"""Merge: a resolved Extraction -> the same facts, each said once.

A fact said twice (headline and body, a caption that repeats the lead) is
one fact with both evidences; what one of the two leaves out is taken from
the other. Keys use resolved entities, so merging runs after ``resolve``.
Values are frozen: a merged fact is a new value, and a figure that was a part
of a merged-away figure becomes a part of the one that stays.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace

from .lexicon import load
from .model import Award, Campaign, Extraction, Metric
from .normalise import fold_key
from .resolve import Resolution


def merge(ex: Extraction, res: Resolution) -> Extraction:
    return replace(ex, metrics=merge_metrics(ex.metrics, res), awards=merge_awards(ex.awards, res),
                   campaigns=merge_campaigns(ex.campaigns))


def _draft(x) -> dict:
    return {f.name: getattr(x, f.name) for f in fields(x)}


def merge_metrics(metrics, res: Resolution) -> tuple[Metric, ...]:
    """One metric per (subject, value, unit, period, target, indicator); the first keeps its place."""
    drafts: list[dict] = []
    into: dict[int, int] = {}            # id of a metric as extracted -> index of the draft it became
    seen: dict[tuple, int] = {}
    for mt in metrics:
        subj = res.org(mt.subject) or res.main
        # a share the lexicon does not name is told from another of the same value by its words ("100% đạt yêu cầu" of
        # two different tests)
        named_by = fold_key(mt.indicator_label or "") if mt.indicator == "other" and mt.unit == "percent" else ""
        key = (id(subj), mt.value, mt.unit, mt.period, mt.is_target, mt.indicator, named_by)
        k = seen.get(key) if mt.value is not None else None
        if k is None:
            if mt.value is not None:
                seen[key] = len(drafts)
            into[id(mt)] = len(drafts)
            drafts.append(_draft(mt))
            continue
        into[id(mt)] = k
        twin = drafts[k]
        if twin["indicator_label"] is None and mt.indicator_label is not None:
            twin["indicator_label"] = mt.indicator_label
        for attr in ("plan_percent", "growth_percent", "compared_to", "compared_period", "part_of"):
            if twin[attr] is None and getattr(mt, attr) is not None:
                twin[attr] = getattr(mt, attr)
        if not twin["growth_qualifiers"] and mt.growth_qualifiers:
            twin["growth_qualifiers"] = mt.growth_qualifiers
        twin["qualifiers"] = tuple(dict.fromkeys(twin["qualifiers"] + mt.qualifiers)) if twin["qualifiers"] != ("exact",) \
            else mt.qualifiers
        twin["evidence"] = twin["evidence"] + mt.evidence

    done: dict[int, Metric] = {}

    def final(k: int) -> Metric:
        if k not in done:
            d = dict(drafts[k])
            parent = d["part_of"]
            if parent is not None and id(parent) in into and into[id(parent)] != k:
                d["part_of"] = final(into[id(parent)])
            done[k] = Metric(**d)
        return done[k]

    return tuple(final(k) for k in range(len(drafts)))


def merge_awards(awards, res: Resolution) -> tuple[Award, ...]:
    """One award per (type, recipient); a missing conferrer, period or reason is filled from the twin."""
    out: list[dict] = []

    def rec_key(a: dict):
        if a["recipient_count"] is not None:
            return ("group", a["recipient_count"], fold_key(a["recipient_noun"] or ""))
        ent = res.agent(a["recipient"])
        return ("entity", ent.iri if ent else None)

    for award in awards:
        a = _draft(award)
        twin = None
        for o in out:
            same_kind = o["award_type"] == a["award_type"] or _related(o["award_type"], a["award_type"])
            c1, c2 = res.org(o["conferred_by"]), res.org(a["conferred_by"])
            titles_ok = not o["title"] or not a["title"] or fold_key(o["title"]) == fold_key(a["title"])
            if same_kind and titles_ok and rec_key(o) == rec_key(a) and (c1 is None or c2 is None or c1 is c2):
                twin = o
                break
        if twin is None:
            out.append(a)
            continue
        if _depth(a["award_type"]) > _depth(twin["award_type"]):
            twin["award_type"] = a["award_type"]
        for attr in ("title", "conferred_by", "on_behalf_of", "presented_by", "reason"):
            if twin[attr] is None and a[attr] is not None:
                twin[attr] = a[attr]
        if a["conferred_by"] is not None and twin["conferred_by"] is not None and twin["conferred_by"].start < 0 \
                and a["conferred_by"].start >= 0:
            twin["conferred_by"] = a["conferred_by"]
        if a["period"] and (twin["period"] is None or ("-" in a["period"] and "-" not in twin["period"])):
            twin["period"] = a["period"]
        twin["evidence"] = twin["evidence"] + a["evidence"]
    return tuple(Award(**a) for a in out)


def initials(name: str) -> str:
    """"Kỷ cương – Trách nhiệm – An toàn" -> "kctnat": the letters an abbreviated name is made of."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name)).casefold()


def merge_campaigns(campaigns) -> tuple[Campaign, ...]:
    """One campaign per name (case-folded), an abbreviated name ("KC-TN-AT") with the name it abbreviates;
    the first one with the full name keeps its place, its evidences grow, a missing organiser or participant
    is taken from the twins."""
    full = {initials(c.name): c.name.casefold() for c in campaigns if len(c.name.split()) > 2}

    def key_of(c: Campaign) -> str:
        if _ABBREVIATED.fullmatch(c.name) and c.name.replace("-", "").casefold() in full:
            return full[c.name.replace("-", "").casefold()]
        return c.name.casefold()

    groups: dict[str, list[Campaign]] = {}
    for c in campaigns:
        groups.setdefault(key_of(c), []).append(c)
    out = []
    for key, twins in groups.items():
        head = next((c for c in twins if c.name.casefold() == key), twins[0])
        d = _draft(head)
        rest = [c for c in twins if c is not head]
        d["evidence"] = head.evidence + tuple(e for c in rest for e in c.evidence)
        d["organiser"] = head.organiser or next((c.organiser for c in rest if c.organiser), None)
        d["participant"] = head.participant or next((c.participant for c in rest if c.participant), None)
        out.append(Campaign(**d))
    return tuple(out)


_ABBREVIATED = re.compile(r"[A-ZĐ]{1,4}(?:-[A-ZĐ]{1,4})+")


def _chain(code: str) -> list[str]:
    """An award concept and its broader concepts, narrowest first."""
    lex = load().awards
    out = [code]
    while code in lex and lex[code].broader:
        code = lex[code].broader
        out.append(code)
    return out


def _depth(code: str) -> int:
    return len(_chain(code)) - 1


def _related(a: str, b: str) -> bool:
    return a in _chain(b) or b in _chain(a)
