"""The Python namespace mirrors the ontology both ways; the ontology parses and has both languages."""
import rdflib
from importlib import resources

from orgkg.builder.ns import OKG


def test_namespace_matches_ontology():
    g = rdflib.Graph()
    for name in ("orgkg.ttl",):
        g.parse(data=resources.files("orgkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    ns = str(OKG._NS)
    defined = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns) and "-" not in str(s)[len(ns):]}
    python = set(OKG.__annotations__)
    assert defined == python


def test_every_class_and_property_has_vi_and_en_labels():
    g = rdflib.Graph()
    for name in ("orgkg.ttl", "awards.ttl", "indicators.ttl"):
        g.parse(data=resources.files("orgkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    RDFS, OWL = rdflib.RDFS, rdflib.OWL
    for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in g.subjects(rdflib.RDF.type, cls):
            langs = {l.language for l in g.objects(s, RDFS.label)}
            assert {"vi", "en"} <= langs, s
