"""One identity, one preferred name: a name written in two tone styles, or by the national-bodies file and an
article, gives one skos:prefLabel per language over the union of the documents' graphs (builder/names.py)."""
import unicodedata

import pytest

from orgkg.api import Graph, build
from orgkg.builder.names import new_tone_style, preferred_name
from orgkg.builder.normalise import fold_key, fold_tone
from orgkg.ontology.terms import BASE
from orgkg.queries.canned import canned, resolve_query
from orgkg.queries.store import open_store, select
from orgkg.queries.validate import validate_folder

from conftest import CORPUS

ARTICLE = CORPUS / "dev" / "c06-htx-thuyhoa-2022-nfd.txt"
NEW, OLD = "Hợp tác xã Nông nghiệp Thuý Hoà", "Hợp tác xã Nông nghiệp Thúy Hòa"


@pytest.mark.parametrize("written, preferred", [
    ("Thúy Hòa", "Thuý Hoà"), ("Thuý Hoà", "Thuý Hoà"), ("Ủy ban nhân dân", "Uỷ ban nhân dân"), ("khỏe", "khoẻ"),
    # not an open oa/oe/uy syllable, or "qu": unchanged
    ("của mùa", "của mùa"), ("quý Quý", "quý Quý"), ("hoàn thuyền", "hoàn thuyền"), ("Hoàng", "Hoàng"),
])
def test_new_tone_style(written, preferred):
    assert new_tone_style(written) == preferred
    assert new_tone_style(unicodedata.normalize("NFD", written)) == preferred   # NFC out whatever comes in
    assert fold_tone(new_tone_style(written)) == fold_tone(written)            # the same name for matching


def test_a_national_body_is_named_by_the_national_bodies_file_in_the_new_style():
    iri = BASE + "org/bo-van-hoa-the-thao-va-du-lich"
    assert preferred_name(iri, "Bộ Văn Hóa, Thể Thao và Du Lịch") == "Bộ Văn hoá, Thể thao và Du lịch"
    assert preferred_name(BASE + "org/x", "Công  ty  Thúy") == "Công ty Thuý"


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The article and its copy in the old tone style ("Thúy Hòa"), built together."""
    base = tmp_path_factory.mktemp("twins")
    src = base / "src"
    src.mkdir()
    text = unicodedata.normalize("NFC", ARTICLE.read_text(encoding="utf-8"))
    old = fold_tone(text)
    assert OLD in old and NEW not in old and NEW in text
    (src / "new-style.txt").write_text(text, encoding="utf-8")
    (src / "old-style.txt").write_text(old, encoding="utf-8")
    build([str(src)], base / "out")
    return base / "out"


def _names(folder, iri):
    cols, rs = select(open_store(folder), f"SELECT DISTINCT ?p ?l WHERE {{ <{iri}> ?p ?l }}")
    return {(p.rsplit("#", 1)[-1], l) for p, l in rs}


def test_an_article_and_its_copy_in_the_other_tone_style_give_one_organisation_with_one_name(twins):
    cols, rs = select(open_store(twins), "SELECT DISTINCT ?o WHERE { ?o a okg:Organisation ; skos:prefLabel ?l }")
    htx = [o for (o,) in rs if fold_key(NEW) in fold_key(o.replace("-", " "))]
    assert len(htx) == 1
    names = _names(twins, htx[0])
    assert {l for p, l in names if p == "prefLabel"} == {NEW}
    assert ("altLabel", OLD) in names


def test_every_canned_query_shows_the_organisation_under_one_name(twins):
    seen = set()
    for name, q in canned().items():
        cols, rs = select(open_store(twins), resolve_query(name, None, ["limit="] if "limit" in q.params else [], canned()))
        for r in rs:
            if "preferred" in cols and r[cols.index("preferred")] in (False, "false"):
                continue        # document-organisations lists the other spellings too, as not preferred
            for v in r:
                if isinstance(v, str) and fold_key(v) == fold_key(NEW):   # a name cell (evidence quotes the file)
                    assert v == NEW, (name, v)
                    seen.add(name)
    assert {"organisations", "time-series", "awards"} <= seen
    orgs = [r for r in Graph(open_store(twins), str(twins)).select("organisations", limit="")[1] if NEW in r]
    assert len(orgs) == 1


@pytest.mark.parametrize("spelling", [NEW, OLD, OLD.upper(), "hop tac xa nong nghiep thuy hoa"])
def test_name_parameters_in_either_style_find_it(twins, spelling):
    g = Graph(open_store(twins), str(twins))
    cols, rs = g.select("time-series", org=spelling)
    assert rs and {r[cols.index("organisation")] for r in rs} == {NEW}


def test_the_twins_conform_and_a_second_preferred_name_does_not(twins, tmp_path):
    ok, text = validate_folder(twins)
    assert ok, text
    trig = (twins / "dataset.trig").read_text(encoding="utf-8")
    _, rs = select(open_store(twins), f"SELECT ?o WHERE {{ ?o skos:prefLabel \"{NEW}\"@vi }} LIMIT 1")
    bad = tmp_path / "bad"
    bad.mkdir()
    # another document naming the same organisation with a second preferred name
    (bad / "dataset.trig").write_text(
        trig + f'\n<{BASE}doc/x> {{ <{rs[0][0]}> <http://www.w3.org/2004/02/skos/core#prefLabel> "{OLD}"@vi . }}\n',
        encoding="utf-8")
    ok, text = validate_folder(bad)
    assert not ok and "one preferred name per language" in text
