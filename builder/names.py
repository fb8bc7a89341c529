"""Preferred names: an entity's IRI and a name a document writes -> the one skos:prefLabel every document writes.

Each document's graph is built alone (in a worker, or from the cache), so the
preferred name must be a pure function of the entity, never of the other
documents that name it. It is the official name when the project knows one
(ontology/national-bodies.ttl), otherwise the name as written; in both cases
with the tone marks of oa/oe/uy placed in the new style ("hoà", "khoẻ",
"thuý"), the style of the Ministry of Education's spelling rules. The
organisation IRIs are slugs of the folded name (or the gazetteer's unit code),
so two spellings of one IRI differ only in marks, case or spacing; tone
placement is the difference two outlets make most.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from orgkg.ontology.terms import SKOS

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# old style: the tone on the rounding vowel of an open oa/oe/uy syllable ("hòa", "thúy"); "qu" is a consonant
_OLD_STYLE = re.compile(r"(?<![qQ])(?:([oO])([" + _TONES + r"])([aAeE])|([uU])([" + _TONES + r"])([yY]))(?![^\W\d_])")


def new_tone_style(s: str) -> str:
    """"Thúy Hòa" -> "Thuý Hoà": the tone mark of an open oa/oe/uy syllable on its second vowel (NFC in, NFC out)."""
    if s.isascii():
        return s
    d = unicodedata.normalize("NFD", s)
    if not _OLD_STYLE.search(d):
        return unicodedata.normalize("NFC", s)
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(lambda m: (m[1] or m[4]) + (m[3] or m[6]) + (m[2] or m[5]), d))


@cache
def _official_names() -> dict[str, str]:
    """IRI -> the Vietnamese prefLabel of each national body (ontology/national-bodies.ttl)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(resources.files("orgkg.ontology").joinpath("national-bodies.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    pref = ox.NamedNode(str(SKOS.prefLabel))
    return {q.subject.value: q.object.value for q in store.quads_for_pattern(None, pref, None)
            if isinstance(q.object, ox.Literal) and q.object.language == "vi"}


def preferred_name(iri: str, written: str) -> str:
    """The entity's one Vietnamese prefLabel: its official name if it has one, else ``written``, in the new tone style."""
    return new_tone_style(" ".join(_official_names().get(iri, written).split()))
