"""Resolve: an Extraction -> a Resolution (every mention a fact refers to, bound to its entity).

The same organisation gets the same IRI in every document (its IRI is the
slug of its full name, abbreviations expanded). Short mentions ("Bưu điện
tỉnh", "Công ty") resolve to the organisation of that head the document
names; generic ones ("đơn vị", "chi nhánh") to the document's main
organisation. Units ("Công đoàn Bưu điện tỉnh") take their parent's full
name.

Resolution is eager and complete: ``resolve`` binds every mention that a fact
refers to before anything is mapped, so that every alias a lookup discovers
is on the organisation when it is written. The Resolution it returns is
frozen, and its lookups (``org``, ``person``, ``agent``) only read.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Mapping

from orgkg.ontology.terms import BASE

from .lexicon import load
from .model import Extraction, OrgMention, PersonMention
from .normalise import fold_key, fold_tone, slug
from .orgs import org_key


@dataclass(frozen=True, eq=False)
class Org:
    """An organisation of the document; one object per entity (compared by identity)."""
    iri: str
    name: str
    aliases: frozenset[str] = frozenset()
    org_type: str | None = None
    part_of: "Org | None" = None
    is_unit: bool = False


@dataclass(frozen=True, eq=False)
class Person:
    iri: str
    name: str
    role: str | None
    org: Org | None


@dataclass(eq=False)
class _OrgDraft:
    """An organisation while the document is being resolved: lookups add aliases and parents."""
    iri: str
    name: str
    aliases: set[str] = field(default_factory=set)
    org_type: str | None = None
    part_of: "_OrgDraft | None" = None
    is_unit: bool = False


@dataclass(eq=False)
class _PersonDraft:
    iri: str
    name: str
    role: str | None
    org: _OrgDraft | None


def _shortened_names(keys: set[str]) -> dict[str, str]:
    """Names that are another name of the document without its head word(s) or national ending:
    a headline's "Điện lực X" for the body's "Công ty Điện lực X", "Ngân hàng Nhà nước" for
    "Ngân hàng Nhà nước Việt Nam". Only when exactly one longer name is made that way."""
    o = load().grammar["organisations"]
    heads = {fold_key(fold_tone(h)) for h in o["heads"]}
    suffixes = {fold_key(fold_tone(x)) for x in o.get("national_suffixes", ())}
    inner = re.compile(r"(?<= )(?:" + "|".join(re.escape(fold_key(fold_tone(w))) for w in
                                                 sorted(o["legal_form_words"] + o["branch_words"] + o["name_lower_words"],
                                                        key=len, reverse=True))
                       + r") ")
    out = {}
    for k in keys:
        # "Công ty cấp nước X" for "Công ty TNHH một thành viên cấp nước X": the name without its legal form and sector words
        longer = [x for x in keys if (x.endswith(" " + k) and x[: -len(k) - 1] in heads)
                  or (x.startswith(k + " ") and x[len(k) + 1:] in suffixes)
                  or (x != k and len(x) > len(k) and inner.sub("", x) == inner.sub("", k))]
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


def _official_name(loc) -> str:
    """The name of a located organisation that every document gives it: the head as written, then the unit's
    official name ("Bưu điện tỉnh Đắk Lắk" for "Bưu điện tỉnh Đăk Lăk" and "Bưu điện Đắk Lắk"), a pure function
    of the head and unit the gazetteer mints the IRI from. The unit's type word ("tỉnh") is written after the
    head that ends with a provincial body's (places.toml's body heads: "Công đoàn Bưu điện tỉnh", "Sở … tỉnh"),
    and in a company's name only as written ("Công ty Điện lực Thái Nguyên", "Agribank chi nhánh tỉnh Sơn La"):
    there two documents can still differ by that word, which SHACL then reports. The name as written when the IRI is not the unit's."""
    from .gazetteer import body_head, org_iri

    unit = loc.unit
    if unit is None or loc.iri != org_iri(loc.head, unit):
        return loc.name
    words = loc.name.split()
    n = len(loc.head.split())
    if fold_key(" ".join(words[:n])) != loc.head:
        return loc.name
    head, kind = loc.head.split(), fold_key(unit.type_word)
    typed = any(body_head(" ".join(head[i:] + [kind])) is not None for i in range(len(head))) \
        or fold_key(" ".join(words[n:])).startswith(kind + " ")     # a company that writes it keeps it
    return " ".join(words[:n] + ([unit.type_word] if typed else []) + [unit.short])


def _mention_key(m: OrgMention) -> tuple:
    return (m.start, m.end, m.surface, m.kind)


class _Resolver:
    """Per-document resolution of mentions to entities (mutable while it runs; see ``resolve``)."""

    def __init__(self, ex: Extraction, headline_span: tuple[int, int] | None, scope: str = "",
                 lead_subject: OrgMention | None = None, locator=None):
        self.ex = ex
        self.scope = scope
        self.locator = locator      # gazetteer.Locator of the document, or None: names as written
        self.located: dict = {}     # IRI -> gazetteer.Located
        self._by_iri: dict[str, _OrgDraft] = {}
        self.orgs: dict[str, _OrgDraft] = {}
        self.persons: dict[str, _PersonDraft] = {}
        self._cache: dict[tuple, _OrgDraft | None] = {}
        self._person_cache: dict[PersonMention, _PersonDraft | None] = {}
        full = [m for m in ex.orgs if m.kind in ("full", "fixed", "brand")]
        self._redirect = _shortened_names({org_key(m.surface) for m in full})
        # "Tổng công ty X (EVNSPC)": the acronym, alone elsewhere, is that organisation
        self._acronyms = {org_key(m.acronym): org_key(re.sub(r"\s+", " ", m.surface).strip()) for m in full if m.acronym}
        for m in sorted(full, key=lambda m: (org_key(m.surface) in self._acronyms, org_key(m.surface) in self._redirect)):
            self._full(m)                          # the long names first, acronyms last
        self._local_bodies()
        self.main = self._main(headline_span, lead_subject)

    def _local_bodies(self) -> None:
        """A short name that no full name of the document completes ("Bưu điện tỉnh" on a page that never
        names its province) is an organisation of its own. Its name is incomplete, so its IRI is the
        document's: two such pages are not taken for one organisation."""
        keys = list(self.orgs)
        for m in self.ex.orgs:
            if m.kind != "short":
                continue
            surface = re.sub(r"\s+", " ", m.surface).strip()
            hk = org_key(surface)
            if len(hk.split()) < 2 or hk in self.orgs \
                    or any(k.startswith(hk + " ") or f" {hk} " in f" {k} " for k in keys):
                continue
            placed = self._placed(m, surface, [o.name for o in self.orgs.values()])
            if placed is None and self.locator is not None and (body := self.locator.body_name(surface)) is not None:
                # "UBND tỉnh", "Bưu điện tỉnh" on a page whose province the gazetteer knows: that province's
                placed = self._full(OrgMention(start=m.start, end=m.end, surface=body, kind="full", head=m.head))
                placed.aliases.add(surface)
            if placed is not None:
                self.orgs[hk] = placed
                continue
            self.orgs[hk] = _OrgDraft(iri=BASE + "org/" + slug(hk) + "--" + self.scope, name=surface,
                                      org_type=org_type(surface))

    def _placed(self, m: OrgMention, surface: str, names) -> _OrgDraft | None:
        """"UBND tỉnh" completed with the place that another name of the document gives after "tỉnh"."""
        place_words = sorted(load().grammar["organisations"]["place_words"], key=len, reverse=True)
        word = next((w for w in place_words if fold_key(surface).endswith(" " + fold_key(w))), None)
        if word is None:
            return None
        for name in names:
            x = re.search(r"(?<![^\W\d_])" + re.escape(word) + r"\s+(.+)$", name, re.I)
            if x:
                org = self._full(OrgMention(start=m.start, end=m.end, surface=f"{surface} {x.group(1)}", kind="full",
                                            head=m.head))
                org.aliases.add(surface)
                return org
        return None

    def _full(self, m: OrgMention) -> _OrgDraft:
        name = re.sub(r"\s+", " ", m.surface).strip()
        key = org_key(name)
        if key in self._acronyms and self._acronyms[key] != key and self._acronyms[key] in self.orgs:
            org = self.orgs[self._acronyms[key]]
            org.aliases.add(name)
            return org
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

    def _new_org(self, key: str, name: str, **kw) -> _OrgDraft:
        """A new organisation, or the one of another spelling that the gazetteer gives the same IRI to."""
        loc = self.locator.locate(name, key) if self.locator is not None else None
        if loc is None:
            return _OrgDraft(iri=BASE + "org/" + slug(key), name=name, org_type=org_type(name), **kw)
        self.located[loc.iri] = loc
        twin = self._by_iri.get(loc.iri)
        if twin is None:
            twin = self._by_iri[loc.iri] = _OrgDraft(iri=loc.iri, name=_official_name(loc), org_type=org_type(name), **kw)
        for written in (loc.name, name):
            if written != twin.name:
                twin.aliases.add(written)
        return twin

    def _main(self, headline_span, lead_subject) -> _OrgDraft | None:
        score: Counter = Counter()
        if lead_subject is not None and lead_subject.kind == "fixed":   # "Bộ Y tế tổ chức lễ …": a national body's page
            k = org_key(lead_subject.surface)
            if k in self.orgs:
                score[k] += 2.5 + sum(1.0 for m in self.ex.orgs if m.kind == "fixed" and org_key(m.surface) == k)
        if lead_subject is not None and lead_subject.kind in ("full", "brand", "short"):
            # the subject of the lead ("Ngày 10-1, Bưu điện tỉnh tổ chức hội nghị …") is what the page is about
            k = org_key(lead_subject.surface)
            k = self._redirect.get(k, k)
            keys = [k] if lead_subject.kind != "short" else [x for x in self.orgs if x == k or x.startswith(k + " ")][:1]
            for key in keys:
                if key in self.orgs:
                    score[key] += 2.5
        for m in self.ex.orgs:
            if m.kind in ("full", "brand"):
                k = org_key(m.surface)
                k = self._redirect.get(k, k)
                k = self._acronyms.get(k, k)
                if k not in self.orgs:
                    continue
                score[k] += 1.0
                if headline_span and headline_span[0] <= m.start < headline_span[1]:
                    score[k] += 3.0
            elif m.kind == "short" or (m.kind == "anaphora" and not headline_span):
                # a page with no headline: its "công ty" speaks of the company it names
                for k in self.orgs:
                    if k.startswith(org_key(m.head)):
                        score[k] += 0.5
        if not score:
            return None
        return self.orgs[max(score, key=lambda k: (score[k], -list(self.orgs).index(k)))]

    def org(self, m: OrgMention | None) -> _OrgDraft | None:
        if m is None:
            return None
        k = _mention_key(m)
        if k not in self._cache:
            self._cache[k] = self._resolve(m)
        return self._cache[k]

    def _resolve(self, m: OrgMention) -> _OrgDraft | None:
        surface = re.sub(r"\s+", " ", m.surface).strip()
        if m.kind in ("full", "fixed", "brand"):
            return self._full(m)
        if m.kind == "anaphora":
            if self.main is not None and surface:
                self.main.aliases.add(surface)
            return self.main
        if m.kind == "short":
            hk = org_key(surface)
            cands = [o for k, o in self.orgs.items() if k.startswith(hk + " ") and not o.is_unit]
            if not cands and self.main is not None and f" {hk} " in f" {org_key(self.main.name)} ":
                cands = [self.main]   # "Chi nhánh" for "Agribank Chi nhánh tỉnh X": the head inside the name
            if not cands and hk in self.orgs:
                cands = [self.orgs[hk]]     # a body of its own (see _local_bodies)
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

    def local_body(self, m: OrgMention) -> _OrgDraft | None:
        """A short body ("UBND tỉnh", "UBND huyện") completed with the place that the main organisation's
        name, or another organisation's, gives after the same place word ("… tỉnh Quảng Ngãi")."""
        surface = re.sub(r"\s+", " ", m.surface).strip()
        names = ([self.main.name] if self.main is not None else []) + [o.name for o in self.orgs.values()]
        return self._placed(m, surface, names)

    def person(self, p: PersonMention | None) -> _PersonDraft | None:
        if p is None:
            return None
        if p not in self._person_cache:
            self._person_cache[p] = self._person(p)
        return self._person_cache[p]

    def _person(self, p: PersonMention) -> _PersonDraft:
        org = self.org(p.role_org) if p.role_org is not None else None
        key = fold_key(p.name) + ("|" + org.iri if org else "")
        per = self.persons.get(key)
        if per is None:
            iri = BASE + "person/" + slug(p.name) + ("--" + org.iri.rsplit("/", 1)[1] if org else "")
            per = self.persons[key] = _PersonDraft(iri=iri, name=p.name, role=p.role, org=org)
        return per

    def agent(self, x):
        if isinstance(x, PersonMention):
            return self.person(x)
        if isinstance(x, OrgMention):
            return self.org(x)
        return None


@dataclass(frozen=True)
class Resolution:
    """A document's entities and, for every mention a fact refers to, the entity it names."""
    orgs: Mapping[str, Org]                     # by key, in the order they were first named
    main: Org | None                            # the organisation the document is about
    org_of: Mapping[tuple, Org | None]          # by mention key
    person_of: Mapping[PersonMention, Person | None]
    located: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))  # IRI -> gazetteer.Located
    locator: object = None                      # the document's gazetteer.Locator, or None

    def org(self, m: OrgMention | None) -> Org | None:
        if m is None:
            return None
        try:
            return self.org_of[_mention_key(m)]
        except KeyError:
            raise KeyError(f"mention not resolved before mapping: {m.surface!r} at {m.start}") from None

    def person(self, p: PersonMention | None) -> Person | None:
        if p is None:
            return None
        try:
            return self.person_of[p]
        except KeyError:
            raise KeyError(f"person not resolved before mapping: {p.name!r} at {p.start}") from None

    def agent(self, x) -> Org | Person | None:
        if isinstance(x, PersonMention):
            return self.person(x)
        if isinstance(x, OrgMention):
            return self.org(x)
        return None


def mentions_of(ex: Extraction):
    """The mentions the facts of an extraction refer to, in the order the facts are written."""
    for mt in ex.metrics:
        yield mt.subject
    for a in ex.awards:
        if a.recipient_count is None:
            yield a.recipient
        yield a.conferred_by
        yield a.on_behalf_of
        yield a.presented_by
    for c in ex.campaigns:
        yield c.organiser
        yield c.participant
    for e in ex.events:
        yield e.organiser


def bodies_of(ex: Extraction):
    """The mentions that name a body acting on a fact: conferrers and launchers."""
    for a in ex.awards:
        yield a.conferred_by
        yield a.on_behalf_of
    for c in ex.campaigns:
        yield c.organiser


def resolve(ex: Extraction, headline_span: tuple[int, int] | None, scope: str = "",
            lead_subject: OrgMention | None = None, locator=None) -> Resolution:
    """Bind every mention the facts refer to, then freeze the entities.

    ``scope`` names the document in the IRIs of organisations whose name it leaves incomplete;
    ``lead_subject`` is the organisation the lead sentence is about; ``locator`` (gazetteer.Locator)
    places organisations in the official units valid at the document's date and completes the names
    of provincial bodies written without their province."""
    r = _Resolver(ex, headline_span, scope, lead_subject, locator)
    for m in mentions_of(ex):
        r.agent(m)
    for m in bodies_of(ex):
        if isinstance(m, OrgMention) and m.kind == "short" and r.org(m) is None:
            # "Chủ tịch UBND tỉnh tặng …" in an article that never names the province's committee in full:
            # the body is the head with the place of the document's organisations
            r._cache[_mention_key(m)] = r.local_body(m)
    frozen: dict[int, Org] = {}

    def freeze(d: _OrgDraft | None) -> Org | None:
        if d is None:
            return None
        if id(d) not in frozen:
            frozen[id(d)] = Org(iri=d.iri, name=d.name, aliases=frozenset(d.aliases), org_type=d.org_type,
                                part_of=freeze(d.part_of), is_unit=d.is_unit)
        return frozen[id(d)]

    orgs = {k: freeze(d) for k, d in r.orgs.items()}
    people: dict[int, Person] = {}
    for d in r.persons.values():
        people[id(d)] = Person(iri=d.iri, name=d.name, role=d.role, org=freeze(d.org))
    org_of = {k: freeze(d) for k, d in r._cache.items()}
    person_of = {p: (people[id(d)] if d is not None else None) for p, d in r._person_cache.items()}
    return Resolution(orgs=MappingProxyType(orgs), main=freeze(r.main), org_of=MappingProxyType(org_of),
                      person_of=MappingProxyType(person_of), located=MappingProxyType(dict(r.located)),
                      locator=locator)
