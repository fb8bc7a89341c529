"""Write ontology/admin-units.ttl from the data of the `vietnamadminunits` package.

    .venv/bin/python scripts/make_gazetteer.py            # rewrite ontology/admin-units.ttl
    .venv/bin/python scripts/make_gazetteer.py --check    # exit 1 if the file differs from what the package gives

What the package holds (its `data/dataset.db` and `data/converter_2025.json`),
and what this script takes from it:
- the 63 provinces before 1 July 2025, with their official code (the General
  Statistics Office's two digits), full name ("Tỉnh Phú Yên", "Thành phố Hà Nội")
  and short name;
- their 696 districts (quận, huyện, thị xã, thành phố thuộc tỉnh), with code,
  type and short name; the district level was removed on 1 July 2025;
- the 34 provinces from 1 July 2025, with code and names;
- which old provinces make up each new one.

A province whose code, name and territory did not change (the new one is made
of itself alone, under the same name) is one resource valid throughout. Any
other old province ends on 30 June 2025 and `dct:isReplacedBy` the new one it
went into; the new one begins on 1 July 2025. No identifier of any other
knowledge base is written: only the official codes the package carries.
The script only runs at development time; the build reads the .ttl file.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ontology" / "admin-units.ttl"
sys.path.insert(0, str(ROOT))

END_OLD = "2025-06-30"
BEGIN_NEW = "2025-07-01"
PROVINCE_CONCEPTS = ("province", "centralCity")
DISTRICT_CONCEPTS = ("ruralDistrict", "urbanDistrict", "districtTown", "provincialCity")


def type_concepts(concepts: tuple[str, ...]) -> dict[str, str]:
    """The package's type words -> okg:unitType concepts, read from the concepts' Vietnamese labels in
    ontology/gazetteer.ttl: a type word is a label or opens one ("thành phố" for a province is the concept
    labelled "thành phố trực thuộc trung ương"; for a district, "thành phố thuộc tỉnh")."""
    import pyoxigraph as ox

    from orgkg.ontology.terms import OKG, SKOS
    store = ox.Store()
    store.load((ROOT / "ontology" / "gazetteer.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    labels = {}
    for c in concepts:
        labels[c] = next(q.object.value for q in store.quads_for_pattern(ox.NamedNode(str(getattr(OKG, c))),
                                                                          ox.NamedNode(str(SKOS.prefLabel)), None)
                         if q.object.language == "vi")
    return _Words(labels)


class _Words(dict):
    """Looks a type word up among the labels: the concept whose label is the word or opens with it."""

    def __init__(self, labels: dict[str, str]):
        super().__init__()
        self.labels = labels

    def __missing__(self, word: str) -> str:
        found = [c for c, label in self.labels.items() if label == word or label.startswith(word + " ")]
        if len(found) != 1:
            raise KeyError(f"no single unit type for {word!r} among {self.labels}")
        self[word] = found[0]
        return found[0]


def package_data() -> Path:
    """The package's data folder, found without importing it (its code pulls in shapely and geopy)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("make_gazetteer: the package vietnamadminunits is not installed (pip install -e '.[gazetteer]')")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def toneless(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("\u0110", "D").replace("\u0111", "d"))   # the stroked D has no mark to drop
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_type(full: str, short: str) -> str:
    """The type word of a full name: the full name without the short one, lower case."""
    assert full.endswith(short), (full, short)
    return full[: -len(short)].strip().lower()


def read(data: Path):
    db = sqlite3.connect(data / "dataset.db")
    old_p = db.execute("SELECT DISTINCT provinceCode, province, provinceShort, provinceKey FROM admin_units_legacy "
                       "ORDER BY provinceCode").fetchall()
    new_p = db.execute("SELECT DISTINCT provinceCode, province, provinceShort, provinceKey FROM admin_units "
                       "ORDER BY provinceCode").fetchall()
    dists = db.execute("SELECT DISTINCT districtCode, district, districtShort, districtType, provinceCode "
                       "FROM admin_units_legacy ORDER BY districtCode").fetchall()
    merged = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    return old_p, new_p, dists, merged


def units(data: Path) -> list[dict]:
    """Every unit as a plain record: local id, class, code, names, type, validity, parent, successors."""
    old_p, new_p, dists, merged = read(data)
    province_types, district_types = type_concepts(PROVINCE_CONCEPTS), type_concepts(DISTRICT_CONCEPTS)
    old_by_key = {k: (c, full, short) for c, full, short, k in old_p}
    new_by_key = {k: (c, full, short) for c, full, short, k in new_p}
    successor_of: dict[str, str] = {}
    for new_key, old_keys in merged.items():
        for ok in old_keys:
            successor_of[ok] = new_key
    assert set(successor_of) == set(old_by_key), "every old province goes into a new one"
    out = []
    unchanged = set()
    for new_key, old_keys in merged.items():
        code, full, short = new_by_key[new_key]
        if old_keys == [new_key] and old_by_key[new_key] == (code, full, short):
            unchanged.add(new_key)
    local = {}
    for k, (code, full, short) in old_by_key.items():
        local["old", k] = code if k in unchanged else f"{code}-until-2025"
    for k, (code, full, short) in new_by_key.items():
        local["new", k] = code
    for k, (code, full, short) in sorted(old_by_key.items(), key=lambda kv: kv[1][0]):
        same = k in unchanged
        out.append({"id": local["old", k], "cls": "Province", "code": code, "full": full, "short": short,
                    "type": province_types[split_type(full, short)],
                    "schemes": ["ProvincesBefore2025"] + (["ProvincesFrom2025"] if same else []),
                    "begin": None, "end": None if same else END_OLD, "parent": None,
                    "replaced_by": [] if same else [local["new", successor_of[k]]], "replaces": []})
    for k, (code, full, short) in sorted(new_by_key.items(), key=lambda kv: kv[1][0]):
        if k in unchanged:
            continue
        out.append({"id": local["new", k], "cls": "Province", "code": code, "full": full, "short": short,
                    "type": province_types[split_type(full, short)], "schemes": ["ProvincesFrom2025"],
                    "begin": BEGIN_NEW, "end": None, "parent": None, "replaced_by": [],
                    "replaces": sorted(local["old", o] for o in merged[k])})
    old_key_by_code = {c: k for k, (c, _, _) in old_by_key.items()}
    for code, full, short, typ, pcode in dists:
        out.append({"id": code, "cls": "District", "code": code, "full": full, "short": short,
                    "type": district_types[typ.lower()], "schemes": ["DistrictsBefore2025"],
                    "begin": None, "end": END_OLD, "parent": local["old", old_key_by_code[pcode]],
                    "replaced_by": [], "replaces": []})
    return out


def turtle(records: list[dict]) -> str:
    lines = [
        "@prefix okg:  <https://w3id.org/orgkg/ont#> .",
        "@prefix dct:  <http://purl.org/dc/terms/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix time: <http://www.w3.org/2006/time#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix place: <https://w3id.org/orgkg/id/place/> .",
        "@prefix interval: <https://w3id.org/orgkg/id/interval/> .",
        "@prefix instant: <https://w3id.org/orgkg/id/instant/> .",
        "",
        "# GENERATED by scripts/make_gazetteer.py from the data of the vietnamadminunits package:",
        "# do not edit by hand. Provinces before and from 1 July 2025 and the districts before it,",
        "# with their official codes, types, names, validity and the old -> new province links.",
        "",
        f"interval:until-{END_OLD} a time:ProperInterval ; time:hasEnd instant:{END_OLD} .",
        f"instant:{END_OLD} a time:Instant ; time:inXSDDate \"{END_OLD}\"^^xsd:date .",
        f"interval:from-{BEGIN_NEW} a time:ProperInterval ; time:hasBeginning instant:{BEGIN_NEW} .",
        f"instant:{BEGIN_NEW} a time:Instant ; time:inXSDDate \"{BEGIN_NEW}\"^^xsd:date .",
        "",
    ]
    for r in records:
        kind = "province" if r["cls"] == "Province" else "district"
        lines.append(f"place:{kind}-{r['id']} a okg:{r['cls']} ;")
        props = [f"dct:identifier {q(r['code'])}", f"okg:unitType okg:{r['type']}",
                 f"skos:prefLabel {q(r['full'])}@vi", f"rdfs:label {q(r['full'])}@vi",
                 f"skos:altLabel {q(r['short'])}@vi"]
        hidden = sorted({toneless(r["full"]), toneless(r["short"])} - {r["full"], r["short"]})
        props += [f"skos:hiddenLabel {q(h)}" for h in hidden]
        props += [f"skos:inScheme okg:{s}" for s in r["schemes"]]
        if r["parent"]:
            props.append(f"schema:containedInPlace place:province-{r['parent']}")
        if r["end"]:
            props.append(f"time:hasTime interval:until-{r['end']}")
        if r["begin"]:
            props.append(f"time:hasTime interval:from-{r['begin']}")
        props += [f"dct:isReplacedBy place:province-{x}" for x in r["replaced_by"]]
        props += [f"dct:replaces place:province-{x}" for x in r["replaces"]]
        for i, p in enumerate(props):
            lines.append(f"    {p} {'.' if i == len(props) - 1 else ';'}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with ontology/admin-units.ttl instead of writing it")
    args = ap.parse_args(argv)
    text = turtle(units(package_data()))
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("make_gazetteer: ontology/admin-units.ttl is " + ("up to date" if same else "OUT OF DATE"))
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"make_gazetteer: wrote {OUT.relative_to(ROOT)} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
