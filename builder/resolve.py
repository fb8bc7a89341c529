"""Resolve: mentions -> entities with stable IRIs; duplicate facts merged.

The same organisation gets the same IRI in every document (its IRI is the
slug of its full name, abbreviations expanded). Short mentions ("Bưu điện
tỉnh", "Công ty") resolve to the organisation of that head the document
names; generic ones ("đơn vị", "chi nhánh") to the document's main
organisation. Units ("Công đoàn Bưu điện tỉnh") take their parent's full
name. A fact said twice (headline and body) is one fact with two evidences.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from orgkg.ontology.terms import BASE

from .lexicon import load
from .model import Award, Extraction, Metric, OrgMention, PersonMention
from .normalise import fold_key, fold_tone, slug


@dataclass
class Org:
    iri: str
    name: str
    aliases: set[str] = field(default_factory=set)
    org_type: str | None = None
    part_of: "Org | None" = None
    is_unit: bool = False


@dataclass
class Person:
    iri: str
    name: str
    role: str | None
    org: Org | None


@cache
def _abbrev():
    pairs = load().grammar["organisations"]["abbreviations"]
    return [(re.compile(r"(?<![^\W\d_])" + re.escape(a) + r"(?![^\W\d_])"), b) for a, b in sorted(pairs, key=lambda p: -len(p[0]))]


def expand(name: str) -> str:
    for rx, full in _abbrev():
        name = rx.sub(full, name)
    return name


@lru_cache(maxsize=1 << 16)
def org_key(name: str) -> str:
    return fold_key(fold_tone(expand(name)))


def _shortened_names(keys: set[str]) -> dict[str, str]:
    """Names that are another name of the document without its head word(s) or national ending:
    a headline's "Điện lực X" for the body's "Công ty Điện lực X", "Ngân hàng Nhà nước" for
    "Ngân hàng Nhà nước Việt Nam". Only when exactly one longer name is made that way."""
    o = load().grammar["organisations"]
    heads = {fold_key(fold_tone(h)) for h in o["heads"]}
    suffixes = {fold_key(fold_tone(x)) for x in o.get("national_suffixes", ())}
    out = {}
    for k in keys:
        longer = [x for x in keys if (x.endswith(" " + k) and x[: -len(k) - 1] in heads)
                  or (x.startswith(k + " ") and x[len(k) + 1:] in suffixes)]
        if len(longer) == 1:
            out[k] = longer[0]
    return out


@cache
def _types():
    t = load().grammar["org_types"]
    return sorted(((fold_key(k), v) for k, v in t.items()), key=lambda kv: -len(kv[0]))


def org_type(name: str) -> str | None:
    k = org_key(name)
    for head, typ in _types():
        if k == head or k.startswith(head + " "):
            return typ
    return None


class Resolver:
    """Per-document resolution of mentions to entities."""

    def __init__(self, ex: Extraction, headline_span: tuple[int, int] | None, locator=None):
        self.ex = ex
        self.locator = locator      # gazetteer.Locator of the document, or None: names as written
        self.located: dict = {}     # IRI -> gazetteer.Located
        self._by_iri: dict[str, Org] = {}
        self.orgs: dict[str, Org] = {}
        self.persons: dict[str, Person] = {}
        self._cache: dict[tuple, Org | None] = {}
        full = [m for m in ex.orgs if m.kind in ("full", "fixed", "brand")]
        self._redirect = _shortened_names({org_key(m.surface) for m in full})
        for m in sorted(full, key=lambda m: org_key(m.surface) in self._redirect):  # the long names first
            self._full(m)
        self.main = self._main(headline_span)

    def _full(self, m: OrgMention) -> Org:
        name = re.sub(r"\s+", " ", m.surface).strip()
        key = org_key(name)
        if key in self._redirect:
            org = self.orgs.get(self._redirect[key])
            if org is not None:
                org.aliases.add(name)
                return org
        org = self.orgs.get(key)
        if org is None:
            org = self.orgs[key] = self._new_org(key, name)
        if m.acronym:
            org.aliases.add(m.acronym)
        if m.parent is not None and org.part_of is None:
            parent = self.org(m.parent)
            if parent is not None and parent is not org:
                org.part_of = parent
                org.is_unit = True
        if m.kind == "brand" and org.part_of is None and org_key(m.head) != key:
            # "Agribank chi nhánh tỉnh X", "Viettel X": the brand's local unit belongs to the brand
            org.part_of = self._full(OrgMention(start=m.start, end=m.start + len(m.head), surface=m.head, kind="brand",
                                                head=m.head))
        return org

    def _new_org(self, key: str, name: str, **kw) -> Org:
        """A new organisation, or the one of another spelling that the gazetteer gives the same IRI to."""
        loc = self.locator.locate(name, key) if self.locator is not None else None
        if loc is None:
            return Org(iri=BASE + "org/" + slug(key), name=name, org_type=org_type(name), **kw)
        self.located[loc.iri] = loc
        twin = self._by_iri.get(loc.iri)
        if twin is None:
            twin = self._by_iri[loc.iri] = Org(iri=loc.iri, name=loc.name, org_type=org_type(name), **kw)
        if name != twin.name:
            twin.aliases.add(name)
        return twin

    def _main(self, headline_span) -> Org | None:
        score: Counter = Counter()
        for m in self.ex.orgs:
            if m.kind in ("full", "brand"):
                k = org_key(m.surface)
                k = self._redirect.get(k, k)
                score[k] += 1.0
                if headline_span and headline_span[0] <= m.start < headline_span[1]:
                    score[k] += 3.0
            elif m.kind == "short":
                for k in self.orgs:
                    if k.startswith(org_key(m.head)):
                        score[k] += 0.5
        if not score:
            return None
        return self.orgs[max(score, key=lambda k: (score[k], -list(self.orgs).index(k)))]

    def org(self, m: OrgMention | None) -> Org | None:
        if m is None:
            return None
        k = (m.start, m.end, m.surface, m.kind)
        if k not in self._cache:
            self._cache[k] = self._resolve(m)
        return self._cache[k]

    def _resolve(self, m: OrgMention) -> Org | None:
        surface = re.sub(r"\s+", " ", m.surface).strip()
        if m.kind in ("full", "fixed", "brand"):
            return self._full(m)
        if m.kind == "anaphora":
            if self.main is not None:
                self.main.aliases.add(surface)
            return self.main
        if m.kind == "short":
            hk = org_key(surface)
            cands = [o for k, o in self.orgs.items() if k.startswith(hk + " ") and not o.is_unit]
            if not cands and self.main is not None and f" {hk} " in f" {org_key(self.main.name)} ":
                cands = [self.main]   # "Chi nhánh" for "Agribank Chi nhánh tỉnh X": the head inside the name
            if self.main is not None and self.main in cands:
                target = self.main
            elif cands:
                target = cands[0]
            elif self.locator is not None and (body := self.locator.body_name(surface)) is not None:
                target = self._full(OrgMention(start=m.start, end=m.end, surface=body, kind="full", head=m.head))
            else:
                return None
            target.aliases.add(surface)
            return target
        if m.kind == "unit":
            parent = self.org(m.nested)
            if parent is None:
                return None
            head = surface[: len(surface) - len(m.nested.surface)].strip() if surface.endswith(m.nested.surface) else m.head
            name = f"{head} {parent.name}"
            key = org_key(name)
            org = self.orgs.get(key)
            if org is None:
                org = self.orgs[key] = self._new_org(key, name, part_of=parent, is_unit=True)
            if surface != name:
                org.aliases.add(surface)
            return org
        return None

    def person(self, p: PersonMention | None) -> Person | None:
        if p is None:
            return None
        org = self.org(p.role_org) if p.role_org is not None else None
        key = fold_key(p.name) + ("|" + org.iri if org else "")
        per = self.persons.get(key)
        if per is None:
            iri = BASE + "person/" + slug(p.name) + ("--" + org.iri.rsplit("/", 1)[1] if org else "")
            per = self.persons[key] = Person(iri=iri, name=p.name, role=p.role, org=org)
        return per

    def agent(self, x):
        if isinstance(x, PersonMention):
            return self.person(x)
        if isinstance(x, OrgMention):
            return self.org(x)
        return None


def merge_metrics(metrics: list[Metric], r: Resolver) -> list[Metric]:
    """One metric per (subject, value, unit, period, target); the more specific indicator wins."""
    out: list[Metric] = []
    seen: dict[tuple, Metric] = {}
    parts: dict[int, list[Metric]] = {}
    for mt in metrics:
        if mt.part_of is not None:
            parts.setdefault(id(mt.part_of), []).append(mt)
    for mt in metrics:
        subj = r.org(mt.subject) or r.main
        key = (id(subj), mt.value, mt.unit, mt.period, mt.is_target, mt.indicator)
        twin = seen.get(key) if mt.value is not None else None
        if twin is None:
            if mt.value is not None:
                seen[key] = mt
            out.append(mt)
            continue
        if twin.indicator_label is None and mt.indicator_label is not None:
            twin.indicator_label = mt.indicator_label
        for attr in ("plan_percent", "growth_percent", "compared_to", "compared_period", "part_of"):
            if getattr(twin, attr) is None and getattr(mt, attr) is not None:
                setattr(twin, attr, getattr(mt, attr))
        if not twin.growth_qualifiers and mt.growth_qualifiers:
            twin.growth_qualifiers = mt.growth_qualifiers
        twin.qualifiers = tuple(dict.fromkeys(twin.qualifiers + mt.qualifiers)) if twin.qualifiers != ("exact",) else mt.qualifiers
        twin.evidence.extend(mt.evidence)
        for other in parts.get(id(mt), ()):
            other.part_of = twin
            parts.setdefault(id(twin), []).append(other)
    return out


def merge_awards(awards: list[Award], r: Resolver) -> list[Award]:
    """One award per (type, recipient); a missing conferrer, period or reason is filled from the twin."""
    out: list[Award] = []

    def rec_key(a: Award):
        if a.recipient_count is not None:
            return ("group", a.recipient_count, fold_key(a.recipient_noun or ""))
        ent = r.agent(a.recipient)
        return ("entity", ent.iri if ent else None)

    for a in awards:
        twin = None
        for o in out:
            same_kind = o.award_type == a.award_type or _related(o.award_type, a.award_type)
            c1, c2 = r.org(o.conferred_by), r.org(a.conferred_by)
            titles_ok = not o.title or not a.title or fold_key(o.title) == fold_key(a.title)
            if same_kind and titles_ok and rec_key(o) == rec_key(a) and (c1 is None or c2 is None or c1 is c2):
                twin = o
                break
        if twin is None:
            out.append(a)
            continue
        if _depth(a.award_type) > _depth(twin.award_type):
            twin.award_type = a.award_type
        for attr in ("title", "conferred_by", "on_behalf_of", "presented_by", "reason"):
            if getattr(twin, attr) is None and getattr(a, attr) is not None:
                setattr(twin, attr, getattr(a, attr))
        if a.conferred_by is not None and twin.conferred_by is not None and twin.conferred_by.start < 0 and a.conferred_by.start >= 0:
            twin.conferred_by = a.conferred_by
        if a.period and (twin.period is None or ("-" in a.period and "-" not in twin.period)):
            twin.period = a.period
        twin.evidence.extend(a.evidence)
    return out


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
