"""Normalise: raw decoded text -> NormText.

``text`` is NFC with Windows line ends, non-breaking and other Unicode spaces
turned into plain ones and zero-width characters dropped; every offset in the
graph points into it. ``match`` has the same length and differs only where
matching needs it: the tone mark of "oà/oá/uý…" moved to the first vowel
("hoá" and "hóa" meet), and all double quotes written ``"``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import NormText

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂‘’‚‛"})
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# a rounding vowel followed by a toned open vowel at the end of a syllable (not the u of "qu")
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![^\W\d_])")   # "qu" is a consonant: "quý" stays


def normalise(raw: str) -> NormText:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return NormText(text=text, match=fold_tone(text).translate(_QUOTES))


def fold_tone(s: str) -> str:
    """Move a tone mark from the second to the first vowel of oa/oe/uy at a syllable end.

    Length-preserving in NFC, so offsets into the result are offsets into ``s``.
    """
    if not s.isascii():
        d = unicodedata.normalize("NFD", s)
        if _OLD_TONE.search(d):
            s = unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", d))
    return s


@lru_cache(maxsize=1 << 16)
def fold_key(s: str) -> str:
    """A name's matching key: no diacritics (đ -> d), lower case, words joined by single spaces."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def slug(s: str) -> str:
    """A readable IRI segment: ``Bưu điện tỉnh X`` -> ``buu-dien-tinh-x``."""
    return fold_key(s).replace(" ", "-") or "x"
