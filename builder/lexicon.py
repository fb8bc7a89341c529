"""The lexicon: grammar words from ``rules/*.toml`` and concepts from the SKOS schemes in ``ontology/``.

Everything the rules match against is data; this module only loads it into
lookup structures (tone-folded, lower-cased) once per process.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pyoxigraph as ox

from orgkg.ontology.terms import OKG as _OKG, RDF, SKOS as _SKOS

from .normalise import fold_tone

OKG = str(_OKG._NS)
SKOS = str(_SKOS._NS)


@dataclass(frozen=True)
class Concept:
    code: str                 # local name without prefix, e.g. "revenue", "CoThiDua"
    iri: str
    label_vi: str
    label_en: str
    triggers: tuple[str, ...]         # folded lower-case phrases
    count_nouns: tuple[str, ...] = ()
    default_unit: str | None = None
    broader: str | None = None
    title_label: str | None = None
    default_conferrer: str | None = None
    is_title: bool = False
    introduces_title: bool = False    # the generic word of a title ("danh hiệu"): the title's name follows
    takes_title: bool = False         # a title stated after this award qualifies it
    needs_recipient_cue: bool = False # also a common noun: an award only with "cho …" or a count after it
    not_after: tuple[str, ...] = ()   # folded words that, right before the trigger, make it another phrase
    conferral_class: str | None = None
    titled_triggers: tuple[str, ...] = ()   # words that name it only with a title after them


@dataclass(frozen=True)
class Lexicon:
    grammar: dict
    units: dict
    indicators: dict[str, Concept]
    awards: dict[str, Concept]
    qualifiers: dict[str, str]          # folded word -> qualifier code
    event_types: dict[str, str]         # folded phrase -> concept code
    recipient_kinds: dict[str, str]     # folded noun -> collective | individual
    fingerprint: str                    # changes when any rule data changes
    places: dict = field(default_factory=dict)   # places.toml: the gazetteer's words

    def words(self, section: str, key: str) -> list[str]:
        """A grammar list, tone-folded and lower-cased, longest first."""
        return sorted((fold_tone(w).lower() for w in self.grammar[section][key]), key=len, reverse=True)


def alternation(words) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of spaces."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


READS: set[str] = set()   # "file:section.key" of every rule key the code has read in this process


class RuleTable(dict):
    """A table of a rule file that records which of its keys the code reads (see ``unread_rule_keys``).

    A key counts as read when it is looked up, or when the whole table is iterated (a table of words).
    """

    def __init__(self, data: dict, path: str):
        super().__init__({k: RuleTable(v, f"{path}.{k}") if isinstance(v, dict) else v for k, v in data.items()})
        self._path = path

    def _mark(self, k) -> None:
        READS.add(f"{self._path}.{k}")

    def __getitem__(self, k):
        self._mark(k)
        return super().__getitem__(k)

    def get(self, k, default=None):
        self._mark(k)
        return super().get(k, default)

    def _mark_all(self) -> None:
        for k in dict.keys(self):
            self._mark(k)

    def __iter__(self):
        self._mark_all()
        return super().__iter__()

    def items(self):
        self._mark_all()
        return super().items()

    def keys(self):
        self._mark_all()
        return super().keys()

    def values(self):
        self._mark_all()
        return super().values()


def rule_keys() -> set[str]:
    """Every "file:section.key" of the rule files (the keys of a table of words count as one, the table)."""
    out = set()

    def walk(t: dict, path: str, depth: int):
        for k, v in dict.items(t):
            if isinstance(v, dict) and depth < 1:
                walk(v, f"{path}.{k}", depth + 1)
            else:
                out.add(f"{path}.{k}")
    for name in LEXICON_FILES:
        walk(tomllib.loads(_data("orgkg.builder.rules", name).decode("utf-8")), name, 0)
    return out


def unread_rule_keys() -> set[str]:
    """The rule keys nothing has read so far in this process."""
    return rule_keys() - READS


PLACEHOLDERS = {"{year}": r"\d{4}", "{word}": r"[^\W\d_]+", "{number}": r"\d+"}


def pattern(words) -> str:
    """Like ``alternation``, with placeholders: {year} a four-digit year, {word} one word, {number} digits."""
    out = alternation(fold_tone(w).lower() for w in words)
    for k, v in PLACEHOLDERS.items():
        out = out.replace(re.escape(k), v)
    return out


def _data(package: str, name: str) -> bytes:
    return resources.files(package).joinpath(name).read_bytes()


def _literals(store, s, p, lang=None):
    out = []
    for q in store.quads_for_pattern(s, ox.NamedNode(p), None):
        if isinstance(q.object, ox.Literal) and (lang is None or q.object.language == lang):
            out.append(q.object.value)
    return out


def _flag(store, s, p) -> bool:
    return any(v == "true" for v in _literals(store, s, p))


def _concepts(store: ox.Store, scheme: str) -> dict[str, Concept]:
    out = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "inScheme"), ox.NamedNode(OKG + scheme)):
        s = q.subject
        iri = s.value
        code = iri.rsplit("#", 1)[1].split("-", 1)[-1]
        pref_vi = (_literals(store, s, SKOS + "prefLabel", "vi") or [code])[0]
        pref_en = (_literals(store, s, SKOS + "prefLabel", "en") or [code])[0]
        alts = [fold_tone(a).lower() for a in _literals(store, s, SKOS + "altLabel", "vi")]
        nouns = [fold_tone(a).lower() for a in _literals(store, s, OKG + "countNoun")]
        broader = [o.object.value.rsplit("#", 1)[1].split("-", 1)[-1]
                   for o in store.quads_for_pattern(s, ox.NamedNode(SKOS + "broader"), None)]
        types = {o.object.value for o in store.quads_for_pattern(s, ox.NamedNode(str(RDF.type)), None)}
        out[code] = Concept(
            code=code, iri=iri, label_vi=pref_vi, label_en=pref_en, triggers=tuple(alts), count_nouns=tuple(nouns),
            default_unit=(_literals(store, s, OKG + "defaultUnit") or [None])[0],
            broader=broader[0] if broader else None,
            title_label=(_literals(store, s, OKG + "titleLabel") or [None])[0],
            default_conferrer=(_literals(store, s, OKG + "defaultConferrer") or [None])[0],
            is_title=OKG + "HonoraryTitle" in types,
            introduces_title=_flag(store, s, OKG + "introducesTitle"),
            takes_title=_flag(store, s, OKG + "takesTitle"),
            needs_recipient_cue=_flag(store, s, OKG + "needsRecipientCue"),
            not_after=tuple(fold_tone(w).lower() for w in _literals(store, s, OKG + "notAfter")),
            titled_triggers=tuple(fold_tone(w).lower() for w in _literals(store, s, OKG + "titledTrigger")),
            conferral_class=next((q.object.value for q in store.quads_for_pattern(s, ox.NamedNode(OKG + "conferralClass"), None)), None),
        )
    return out


ONTOLOGY_FILES = ("orgkg.ttl", "awards.ttl", "indicators.ttl", "shapes.ttl", "gazetteer.ttl", "admin-units.ttl", "national-bodies.ttl")
LEXICON_FILES = ("grammar.toml", "units.toml", "places.toml")


@cache
def load() -> Lexicon:
    digest = hashlib.sha256()
    store = ox.Store()
    for name in ONTOLOGY_FILES:
        data = _data("orgkg.ontology", name)
        digest.update(data)
        if name != "shapes.ttl":
            store.load(data, format=ox.RdfFormat.TURTLE)
    raw = {}
    for name in LEXICON_FILES:
        data = _data("orgkg.builder.rules", name)
        digest.update(data)
        raw[name] = RuleTable(tomllib.loads(data.decode("utf-8")), name)
    qualifiers = {}
    for code, c in _concepts(store, "Qualifiers").items():
        for t in c.triggers:
            qualifiers[t] = code
    events = {t: code for code, c in _concepts(store, "EventTypes").items() for t in c.triggers}
    kinds = {t: code for code, c in _concepts(store, "RecipientKinds").items() for t in c.triggers}
    from . import __version__
    digest.update(__version__.encode())
    return Lexicon(grammar=raw["grammar.toml"], units=raw["units.toml"],
                   indicators=_concepts(store, "IndicatorScheme"), awards=_concepts(store, "AwardScheme"),
                   qualifiers=qualifiers, event_types=events, recipient_kinds=kinds,
                   fingerprint=digest.hexdigest()[:16], places=raw["places.toml"])
