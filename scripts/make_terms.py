"""Rewrite the OKG class of ontology/terms.py from every okg: term the ontology's Turtle files define.

    .venv/bin/python scripts/make_terms.py [--check]

Run it after adding a term to a .ttl file; tests/test_vocabulary.py fails until the two agree.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
NS = "https://w3id.org/orgkg/ont#"


def okg_class() -> str:
    g = rdflib.Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    defined = sorted({str(s)[len(NS):] for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(NS)})
    classes = [d for d in defined if d.isidentifier() and d[0].isupper()]
    props = [d for d in defined if d.isidentifier() and not d[0].isupper()]
    extras = [d for d in defined if not d.isidentifier()]
    return ("class OKG(DefinedNamespace):\n"
            f'    _NS = Namespace("{NS}")\n'
            "    _fail = True\n"
            "    _extras = [\n" + "".join(f'        "{d}",\n' for d in extras) + "    ]\n"
            "    # classes\n" + "".join(f"    {d}: URIRef\n" for d in classes) +
            "    # properties and concepts\n" + "".join(f"    {d}: URIRef\n" for d in props))


def main(argv: list[str]) -> int:
    path = ROOT / "ontology" / "terms.py"
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"class OKG\(DefinedNamespace\):\n.*?(?=\n\n\nclass )", okg_class().rstrip("\n"), text, count=1, flags=re.S)
    if "--check" in argv:
        print("ontology/terms.py is up to date" if new == text else "ontology/terms.py differs: run scripts/make_terms.py")
        return 0 if new == text else 1
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
