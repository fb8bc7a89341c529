"""Locate: organisation names and a document -> administrative units valid at the document's date.

Takes plain inputs (the document's text, date, title, path; organisation
names) and the gazetteer (``ontology/admin-units.ttl``, generated from the
official list by ``scripts/make_gazetteer.py``); returns frozen values:
``Unit`` (a province or district with its code, names and validity),
``Located`` (an organisation name's unit and its canonical IRI) and the
``Locator`` of one document, which the resolver asks

- for the canonical IRI of a name that ends with a unit ("Bưu điện tỉnh Đắk
  Lắk", "BĐT Đăk Lăk" -> one IRI holding the province's code), and
- for the body of the document's province that a name without its province
  stands for ("UBND tỉnh" -> "UBND tỉnh Quảng Nam"), or a per-document name
  when the province is not known (so that provinces never merge).

``place_quads`` maps the resolved organisations to the extra quads:
``okg:locatedIn`` and, for provincial bodies across the 1 July 2025 merger,
``dct:isReplacedBy`` / ``dct:replaces``. The words (unit markers, provincial
body heads) are data in ``rules/places.toml``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import pyoxigraph as ox

from orgkg.ontology.terms import BASE, DCT, OKG, RDF, SCHEMA, SKOS, TIME

from .lexicon import load as lexicon
from .normalise import fold_key
from .orgs import org_key

PLACE = BASE + "place/"
ORG = BASE + "org/"


@dataclass(frozen=True)
class Unit:
    iri: str
    local: str                     # the IRI's last segment without its kind: "04", "08-until-2025", "043"
    is_province: bool
    code: str                      # official code (dct:identifier)
    name: str                      # full official name: "Tỉnh Phú Yên"
    short: str                     # "Phú Yên"
    unit_type: str                 # okg:unitType concept's local name
    begin: str | None              # ISO date, None when not known or before any article
    end: str | None
    province: str | None           # a district's province (IRI)
    replaced_by: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()

    @property
    def type_word(self) -> str:
        """The official type word of the name, lower case: "tỉnh", "thành phố", "huyện"."""
        return self.name[: len(self.name) - len(self.short)].strip().lower()

    def valid_at(self, date: str) -> bool:
        return (self.begin is None or self.begin <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Gazetteer:
    units: dict[str, Unit]                       # by IRI
    by_name: dict[str, tuple[Unit, ...]]         # by folded short name ("phu yen")
    markers: tuple[tuple[str, frozenset[str]], ...]   # folded marker -> unit types, longest first
    body_heads: tuple[str, ...]                  # folded provincial-body heads, longest first
    province_words: frozenset[str]

    former: dict[str, tuple[str, str]] = field(default_factory=dict)   # folded former name -> (unit IRI, its type then)
    district_heads: frozenset[str] = frozenset()   # folded heads of district bodies ("ubnd huyen")

    def named(self, words: str, types: frozenset[str] | None = None) -> tuple[Unit, ...]:
        units = tuple(u for u in self.by_name.get(words, ()) if types is None or u.unit_type in types)
        if not units and words in self.former and (types is None or self.former[words][1] in types):
            units = (self.units[self.former[words][0]],)
        return units


def _v(q) -> str:
    return q.object.value


@cache
def load() -> Gazetteer:
    """The units of admin-units.ttl and the words of places.toml, once per process."""
    store = ox.Store()
    store.load(resources.files("orgkg.ontology").joinpath("admin-units.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    words = lexicon().places

    def one(s, p) -> str | None:
        for q in store.quads_for_pattern(s, ox.NamedNode(str(p)), None):
            return q.object.value
        return None

    def many(s, p) -> tuple[str, ...]:
        return tuple(sorted(_v(q) for q in store.quads_for_pattern(s, ox.NamedNode(str(p)), None)))

    def bound(s, p) -> str | None:
        for iv in many(s, TIME.hasTime):
            inst = one(ox.NamedNode(iv), p)
            if inst:
                return one(ox.NamedNode(inst), TIME.inXSDDate)
        return None

    units = {}
    for cls, is_prov in ((OKG.Province, True), (OKG.District, False)):
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls))):
            s = q.subject
            iri = s.value
            units[iri] = Unit(
                iri=iri, local=iri.rsplit("/", 1)[1].split("-", 1)[1], is_province=is_prov,
                code=one(s, DCT.identifier), name=one(s, SKOS.prefLabel), short=one(s, SKOS.altLabel),
                unit_type=one(s, OKG.unitType).rsplit("#", 1)[1], begin=bound(s, TIME.hasBeginning),
                end=bound(s, TIME.hasEnd), province=one(s, SCHEMA.containedInPlace),
                replaced_by=many(s, DCT.isReplacedBy), replaces=many(s, DCT.replaces))
    by_name: dict[str, list[Unit]] = {}
    for u in sorted(units.values(), key=lambda u: u.iri):
        by_name.setdefault(fold_key(u.short), []).append(u)
    markers = sorted(((fold_key(k), frozenset(v)) for k, v in words["markers"].items()), key=lambda kv: -len(kv[0]))
    heads = sorted({fold_key(h) for h in words["provincial_bodies"]["heads"]}, key=len, reverse=True)
    by_code = {u.code: u.iri for u in units.values() if u.is_province and u.end is None}
    former = {fold_key(name): (by_code[code], typ) for name, (code, typ) in words["former_names"].items()}
    return Gazetteer(units=units, by_name={k: tuple(v) for k, v in by_name.items()}, markers=tuple(markers),
                     body_heads=tuple(heads),
                     province_words=frozenset(fold_key(w) for w in words["provincial_bodies"]["province_words"]),
                     former=former,
                     district_heads=frozenset(fold_key(h) for h in words["district_bodies"]["heads"]))


# ------------------------------------------------------------------ places in a name or a text

@dataclass(frozen=True)
class NamedUnit:
    """A unit named at the end of an organisation's name: the words before it, and the candidates."""
    head: str                       # folded words before the marker / unit name: "buu dien"
    units: tuple[Unit, ...]
    marked: bool


_MAX_WORDS = 5
_DASHES = ("-", "\u2013")


def name_unit(key: str, gz: Gazetteer | None = None) -> NamedUnit | None:
    """The unit a folded organisation name ends with: "buu dien tinh phu yen" -> (buu dien, [Phú Yên])."""
    gz = gz or load()
    words = key.split()
    for n in range(min(_MAX_WORDS, len(words) - 1), 0, -1):
        place = " ".join(words[-n:])
        if place not in gz.by_name and place not in gz.former:
            continue
        before = " ".join(words[:-n])
        for marker, types in gz.markers:
            if before == marker or before.endswith(" " + marker):
                units = gz.named(place, types)
                head = before[: len(before) - len(marker)].strip()
                if units and head:
                    return NamedUnit(head=head, units=units, marked=True)
        # no marker: a province's name of two words or more, after at least one word
        units = tuple(u for u in gz.named(place) if u.is_province)
        if units and n >= 2 and before:
            return NamedUnit(head=before, units=units, marked=False)
    return None


def places_in_text(text: str, gz: Gazetteer | None = None) -> list[tuple[int, tuple[Unit, ...]]]:
    """Units named with a marker anywhere in a text ("tỉnh Phú Yên", "huyện Tuy An"), by position.
    The name's words are capitalised, as in the text: "tỉnh" in "toàn tỉnh đã" names nothing."""
    gz = gz or load()
    markers = dict(gz.markers)
    out = []
    for m in _marker_rx().finditer(text):
        types = markers.get(fold_key(m.group(1)))
        if types is None:
            continue
        words = text[m.end():m.end() + 80].split()
        n = 0   # capitalised words, and dashes between them ("Bà Rịa - Vũng Tàu")
        while n < min(_MAX_WORDS + 1, len(words)) and (words[n][:1].isupper() or (
                words[n] in _DASHES and n + 1 < len(words) and words[n + 1][:1].isupper())):
            n += 1
        for k in range(n, 0, -1):
            units = gz.named(fold_key(" ".join(words[:k])), types)
            if units:
                out.append((m.start(), units))
                break
    return out


def _char_class(test) -> str:
    """A regex character class of the letters up to U+1EFF (Latin with Vietnamese marks) that pass ``test``."""
    chars = [chr(c) for c in range(0x41, 0x1F00) if test(chr(c))]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


# A run of two or more capitalised words joined by single spaces, taken whole (a longer run is a longer name).
_CAPITALISED_RUN = re.compile(r"(?<![^\W\d_])" + _char_class(str.isupper) + r"[^\W\d_]*(?: " + _char_class(str.isupper)
                              + r"[^\W\d_]*)+(?![^\W\d_])")


def _capitalised_runs(text: str):
    """(start, words) of each maximal run of two or more capitalised words joined by single spaces."""
    for m in _CAPITALISED_RUN.finditer(text):
        yield m.start(), m.group().split(" ")


def bare_provinces_in_text(text: str, gz: Gazetteer | None = None) -> list[tuple[int, tuple[Unit, ...]]]:
    """Provinces named without a marker: a run of capitalised words that is exactly a province's name of two
    words or more ("Bình Định đã …"). A longer run is not read ("Nguyễn Thái Bình" is a person)."""
    gz = gz or load()
    out = []
    for start, words in _capitalised_runs(text):
        if 2 <= len(words) <= _MAX_WORDS:
            units = tuple(u for u in gz.named(fold_key(" ".join(words))) if u.is_province)
            if units:
                out.append((start, units))
    return out


@cache
def _marker_rx() -> re.Pattern:
    words = lexicon().places
    alts = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(words["markers"], key=len, reverse=True))
    # a marker ends at a space or a dot ("TP.Hồ Chí Minh"); "TP." itself ends with its dot
    return re.compile(r"(?<![^\W\d_])(" + alts + r")(?:\.\s*|(?<=\.)\s*|\s+)(?=[^\W\d_])", re.I)


# ------------------------------------------------------------------ the document's place and date

def reference_date(date: str | None, report_year: int | None) -> str | None:
    """The date at which a document's names are read: its publication date, else the end of its year."""
    if date and re.match(r"\d{4}-\d{2}-\d{2}", date):
        return date[:10]
    if date and re.match(r"\d{4}", date):
        return date[:4] + "-12-31"
    if report_year:
        return f"{report_year}-12-31"
    return None


def pick(units: tuple[Unit, ...], date: str | None) -> Unit | None:
    """The unit valid at the date among same-named candidates; else the one that ended last."""
    if not units:
        return None
    if date:
        valid = [u for u in units if u.valid_at(date)]
        if valid:
            return valid[0] if len(valid) == 1 or all(v.is_province for v in valid) else None
    if len({(u.is_province, u.short) for u in units}) == 1 and len(units) <= 2:
        return max(units, key=lambda u: u.end or "9999")
    return None


def province_of(unit: Unit, date: str | None, gz: Gazetteer | None = None) -> Unit:
    """A district's province at the date (a district of a merged province -> the new province after 1 July 2025)."""
    gz = gz or load()
    if unit.is_province:
        return unit
    prov = gz.units[unit.province]
    if date and prov.end and date > prov.end and prov.replaced_by:
        return gz.units[prov.replaced_by[0]]
    return prov


def document_province(names: list[str], text: str, title: str | None, date: str | None) -> Unit | None:
    """The province a document is about: the most named one, in its organisations' names (districts counting
    for their province), its title and "tỉnh X" / "huyện Y" in its text, a bare province name counting half.
    None when nothing names one, when two provinces tie, or on a single bare name."""
    gz = load()
    votes: Counter = Counter()

    def vote(units: tuple[Unit, ...], weight: float):
        provinces = {province_of(u, date, gz).iri for u in units}
        if len(provinces) == 1:       # "huyện Châu Thành" is in ten provinces: no vote
            votes[provinces.pop()] += weight

    for name in names:
        nu = name_unit(org_key(name), gz)
        if nu is not None:
            u = pick(nu.units, date)
            if u is not None:
                vote((u,), 2.0)
    for source, weight in ((title or "", 2.0), (text, 1.0)):
        for _, units in places_in_text(source, gz):
            u = pick(units, date)
            vote((u,) if u is not None else units, weight)
        for _, units in bare_provinces_in_text(source, gz):
            u = pick(units, date)
            vote((u,) if u is not None else units, weight / 2)
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None     # two provinces as much named: a regional article, not one province's
    if ranked[0][1] < 1.0:
        return None     # one bare name alone ("Cao su Điện Biên" in a list of links) is not enough
    return gz.units[ranked[0][0]]


# ------------------------------------------------------------------ the locator the resolver asks

@dataclass(frozen=True)
class Located:
    name: str              # the name to show: as written, or completed with the province
    iri: str
    unit: Unit | None
    head: str = ""         # folded words before the unit: "buu dien", "uy ban nhan dan"


def org_iri(head: str, unit: Unit) -> str:
    """The canonical IRI of an organisation named by a head and a unit: the unit's official name and code."""
    return ORG + "-".join(x for x in (fold_key(head).replace(" ", "-"),
                                      fold_key(unit.type_word + " " + unit.short).replace(" ", "-"), unit.local) if x)


@cache
def _body_head_set() -> frozenset[str]:
    return frozenset(load().body_heads)


@lru_cache(maxsize=1 << 14)
def body_head(key: str) -> str | None:
    """The provincial-body head a folded name opens with ("so y te" -> "so"), alone or before a province word;
    the longest one."""
    heads = _body_head_set()
    for k in (key, *(f"{key} {w}" for w in sorted(load().province_words))):
        words = k.split()
        for n in range(len(words), 0, -1):
            h = " ".join(words[:n])
            if h in heads:
                return h
    return None


@dataclass(frozen=True)
class Locator:
    """What one document knows about places: its date, its province, and a scope for names without one."""
    date: str | None
    province: Unit | None
    scope: str                         # appended to the IRI of a provincial body whose province is unknown
    district: Unit | None = None       # the district the document is about, in its province

    def locate(self, name: str, key: str) -> Located | None:
        """The unit and canonical IRI of a full name (``key``: its folded form, abbreviations expanded), or
        None to keep the resolver's own IRI. A provincial body without its province takes the document's
        province; when that is not known, an IRI of this document only (bodies of two provinces never meet)."""
        gz = load()
        nu = name_unit(key, gz)
        if nu is not None:
            unit = pick(nu.units, self.date)
            if unit is None:
                return None
            return Located(name=name, iri=org_iri(nu.head, unit), unit=unit, head=nu.head)
        if not _without_province(key):
            return None
        head = _strip_province_word(key)
        if self.province is None:
            return Located(name=name, iri=ORG + key.replace(" ", "-") + "--" + self.scope, unit=None, head=head)
        return Located(name=self.complete(name), iri=org_iri(head, self.province), unit=self.province, head=head)

    def complete(self, name: str) -> str:
        """ "UBND tỉnh" -> "UBND tỉnh Phú Yên"; "Sở Y tế" -> "Sở Y tế tỉnh Phú Yên"."""
        p = self.province
        words = name.split()
        for n in (2, 1):
            if len(words) > n and fold_key(" ".join(words[-n:])) in load().province_words:
                words = words[:-n]
                break
        return " ".join(words + [p.type_word, p.short])

    def district_body_name(self, surface: str) -> str | None:
        """ "UBND huyện" -> "UBND huyện Đắk Hà" when the document's district is known and of that type."""
        d = self.district
        key = fold_key(surface)
        # the head names the district's type: "huyện" for a rural district, "thị" (thị xã, thị ủy) for a town
        if d is None or key not in load().district_heads or fold_key(d.type_word).split()[0] not in key.split():
            return None
        return f"{surface} {d.short}"

    def body_name(self, surface: str) -> str | None:
        """The name a short mention of a provincial body ("UBND tỉnh", "Liên đoàn Lao động") stands for in this
        document, completed with the document's province; None when the province is not known."""
        if self.province is None or not _without_province(fold_key(surface)):
            return self.district_body_name(surface)
        return self.complete(surface)


def _without_province(key: str) -> bool:
    """Whether a folded name is a provincial body's named without any place: "uy ban nhan dan tinh", "so y te",
    "lien doan lao dong"; not "buu dien tinh thu nghiem", whose place the gazetteer does not know."""
    head = body_head(key)
    if head is None:
        return False
    rest = key[len(head):].strip()
    words = load().province_words
    if rest and any(head == w or head.endswith(" " + w) for w in words):
        return False
    return not any(f" {w} " in f" {rest} " and not rest.endswith(w) for w in words)


def _strip_province_word(key: str) -> str:
    words = key.split()
    for n in (2, 1):
        if len(words) > n and " ".join(words[-n:]) in load().province_words:
            return " ".join(words[:-n])
    return key


def locator(names: list[str], text: str, title: str | None, date: str | None, report_year: int | None,
            scope: str) -> Locator:
    """The Locator of one document, from its organisations' full names, text, title, date and year."""
    ref = reference_date(date, report_year)
    province = document_province(names, text, title, ref)
    return Locator(date=ref, province=province, scope=scope, district=document_district(names, text, ref, province))


def document_district(names: list[str], text: str, date: str | None, province: Unit | None) -> Unit | None:
    """The district a document is about: of the document's province, the most named one with its marker (in
    its organisations' names or its text), when one is named more than any other."""
    if province is None:
        return None
    gz = load()
    votes: Counter = Counter()
    found = [nu.units for nu in (name_unit(org_key(n), gz) for n in names) if nu is not None and nu.marked]
    found += [units for _, units in places_in_text(text, gz)]
    for units in found:
        mine = [u for u in units if not u.is_province and province_of(u, date, gz).iri == province.iri]
        if len(mine) == 1:
            votes[mine[0].iri] += 1
    ranked = votes.most_common(2)
    if not ranked or len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return gz.units[ranked[0][0]]


# ------------------------------------------------------------------ the extra quads

def place_quads(quads: list[ox.Quad], located: dict[str, Located], loc: Locator, graph: ox.NamedNode,
                main: tuple[str, str] | None = None) -> list[ox.Quad]:
    """The gazetteer's quads for a document's graph (``quads``: what the mapper wrote; ``located``: the
    resolver's Located by IRI; ``main``: the IRI and name of the document's main organisation):

    - the document's province (schema:contentLocation);
    - okg:locatedIn for each organisation of the graph the gazetteer located (a district's province too), and
      for the main organisation when its name names no place ("Hợp tác xã X" in an article about province Y),
      unless it is a national body (``is_local``);
    - for a provincial body of a province merged on 1 July 2025: dct:isReplacedBy the same body of the
      new province; for one of a new province, dct:replaces the bodies of the provinces merged into it."""
    gz = load()
    out: list[ox.Quad] = []
    nn = ox.NamedNode

    def add(s, p, o):
        out.append(ox.Quad(nn(s), nn(str(p)), nn(o), graph))

    if loc.province is not None:
        add(graph.value, SCHEMA.contentLocation, loc.province.iri)
    org_class = nn(str(OKG.Organisation))
    emitted = sorted({q.subject.value for q in quads if q.object == org_class})
    for iri in emitted:
        found = located.get(iri)
        if found is None and main is not None and iri == main[0] and loc.province is not None and is_local(main[1]):
            add(iri, OKG.locatedIn, loc.province.iri)
            continue
        if found is None or found.unit is None:
            continue
        unit = found.unit
        add(iri, OKG.locatedIn, unit.iri)
        if not unit.is_province:
            add(iri, OKG.locatedIn, province_of(unit, loc.date, gz).iri)
            continue
        if body_head(found.head) is None:
            continue
        for new in unit.replaced_by:
            add(iri, DCT.isReplacedBy, org_iri(found.head, gz.units[new]))
        for old in unit.replaces:
            add(iri, DCT.replaces, org_iri(found.head, gz.units[old]))
    return out


@cache
def national_names() -> frozenset[str]:
    """The folded names and abbreviations of ontology/national-bodies.ttl: bodies of the whole country."""
    store = ox.Store()
    store.load(resources.files("orgkg.ontology").joinpath("national-bodies.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    names = set()
    for q in store.quads_for_pattern(None, ox.NamedNode(str(SKOS.inScheme)), ox.NamedNode(str(OKG.NationalBodies))):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            names.update(org_key(x.object.value) for x in store.quads_for_pattern(q.subject, ox.NamedNode(str(p)), None))
    return frozenset(names)


@cache
def _national_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = lexicon().places
    m = words["main_organisation"]
    return tuple(fold_key(h) for h in m["national_heads"]), tuple(fold_key(e) for e in m["national_endings"])


def is_local(name: str) -> bool:
    """Whether an organisation named without a place can be taken as one of the article's province: not a
    national body of ontology/national-bodies.ttl (by name or abbreviation), nor a name that opens or ends
    like one (places.toml)."""
    key = org_key(name)
    if key in national_names():
        return False
    heads, endings = _national_words()
    return not any(key == h or key.startswith(h + " ") for h in heads) and not any(key.endswith(" " + e) for e in endings)
