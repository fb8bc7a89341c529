"""Serialise: quads -> TriG bytes with the project's prefixes.

A document's TriG block is made once, by the worker that extracts it, and
cached; ``write.py`` concatenates the blocks under one header into
``dataset.trig``.
"""
from __future__ import annotations

import pyoxigraph as ox

from orgkg.ontology.terms import PREFIXES


def trig_block(quads) -> bytes:
    """Quads as TriG with the project's prefixes, without the @prefix lines (written once per file)."""
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    lines = data.split(b"\n")
    k = 0
    while k < len(lines) and lines[k].startswith(b"@prefix "):
        k += 1
    return b"\n".join(lines[k:])


def trig_header() -> bytes:
    return b"".join(f"@prefix {p}: <{iri}> .\n".encode() for p, iri in PREFIXES.items())
