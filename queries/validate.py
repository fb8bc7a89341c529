"""SHACL validation of a built graph (pyshacl over the union of its documents and the ontology)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import rdflib


def validate_folder(folder: str | Path) -> tuple[bool, str]:
    from pyshacl import validate

    ds = rdflib.Dataset()
    ds.parse(Path(folder) / "dataset.trig", format="trig")
    data = rdflib.Graph()
    for q in ds.quads((None, None, None, None)):
        data.add(q[:3])
    shapes = rdflib.Graph().parse(data=resources.files("orgkg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"),
                                  format="turtle")
    ok, _, text = validate(data, shacl_graph=shapes, inference="rdfs", advanced=True)
    return bool(ok), text
