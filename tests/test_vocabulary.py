"""The Python vocabulary mirrors the ontology both ways; the ontology parses and has both languages."""
import re
from importlib import resources
from pathlib import Path

import pytest
import rdflib

from orgkg.ontology import terms
from orgkg.ontology.terms import OKG

ROOT = Path(__file__).resolve().parents[1]
TTL = sorted(f.name for f in resources.files("orgkg.ontology").iterdir() if f.name.endswith(".ttl"))


def _ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for name in TTL:
        g.parse(data=resources.files("orgkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


def _python_terms() -> set[str]:
    return set(OKG.__annotations__) | set(OKG._extras)


def test_every_ttl_file_is_covered():
    assert {"orgkg.ttl", "awards.ttl", "indicators.ttl", "shapes.ttl"} <= set(TTL)


def test_every_okg_term_of_every_ttl_file_is_a_python_name():
    ns = str(OKG._NS)
    used = {str(t)[len(ns):] for triple in _ontology() for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(ns)}
    assert used - _python_terms() == set()


def test_every_python_name_is_defined_in_the_ontology():
    ns = str(OKG._NS)
    defined = {str(s)[len(ns):] for s in _ontology().subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ns)}
    assert _python_terms() - defined == set()


def test_a_typo_is_an_error_not_a_new_iri():
    for namespace, typo in ((terms.ORG, "subOrganisationOf"), (terms.OKG, "conferedBy"), (terms.SCHEMA, "nmae"),
                            (terms.TIME, "hasBegining"), (terms.XSD, "decimall"), (terms.QUDT, "numericvalue"),
                            (terms.NIF, "beginIdx"), (terms.SKOS, "preflabel")):
        with pytest.raises(AttributeError):
            getattr(namespace, typo)
    assert str(terms.ORG.subOrganizationOf) == "http://www.w3.org/ns/org#subOrganizationOf"


def test_every_class_and_property_has_vi_and_en_labels():
    g = _ontology()
    RDFS, OWL = rdflib.RDFS, rdflib.OWL
    for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in g.subjects(rdflib.RDF.type, cls):
            langs = {lit.language for lit in g.objects(s, RDFS.label)}
            assert {"vi", "en"} <= langs, s


def test_no_namespace_iri_is_written_raw_in_code():
    """Vocabulary IRIs come from orgkg.ontology.terms; a raw string elsewhere escapes the checks above."""
    namespaces = set(terms.PREFIXES.values()) | {terms.ONTOLOGY_GRAPH}
    offenders = []
    for folder in ("builder", "queries", "viz", "orgkg"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for ns in namespaces:
                for m in re.finditer(re.escape(ns), text):
                    offenders.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {ns}")
    assert offenders == []
