"""Name parameters match any spelling of a name, or an IRI; malformed or unmatched values are errors that say why."""
import subprocess
import sys

import pytest

from orgkg.api import Graph
from orgkg.queries.params import ParameterError
from orgkg.queries.store import open_store

ORGKG = [sys.executable, "-m", "orgkg.cli"]


@pytest.fixture(scope="module")
def graph(corpus_graph):
    return Graph(open_store(corpus_graph), str(corpus_graph))


def series(graph, **params):
    cols, rows = graph.select("time-series", **params)
    return [(r[cols.index("organisation")], r[cols.index("period")], r[cols.index("value")]) for r in rows]


LANG_SON = [("Bưu điện tỉnh Lạng Sơn", "2020", 152500000000), ("Bưu điện tỉnh Lạng Sơn", "2021", 171000000000)]


@pytest.mark.parametrize("name", ["Bưu điện tỉnh Lạng Sơn", "bưu điện tỉnh lạng sơn", "BUU DIEN TINH LANG SON",
                                  "Bưu  điện tỉnh Lạng Sơn "])
def test_an_organisation_in_any_case_or_marks(graph, name):
    assert series(graph, org=name) == LANG_SON


def test_an_organisation_by_iri(graph):
    assert series(graph, org="https://w3id.org/orgkg/id/org/buu-dien-tinh-lang-son-20") == LANG_SON


@pytest.mark.parametrize("body", ["UBND tỉnh Hoà Bình", "Ủy ban nhân dân tỉnh Hòa Bình",
                                  "Uỷ ban nhân dân tỉnh Hoà Bình", "ubnd tinh hoa binh"])
def test_a_body_by_abbreviation_or_in_full_and_either_tone_style(graph, body):
    cols, rows = graph.select("awards-by-body-year", body=body)
    assert rows and {r[cols.index("conferred_by")] for r in rows} == {"UBND tỉnh Hoà Bình"}


@pytest.mark.parametrize("indicator", ["revenue", "Revenue", "Doanh thu", "doanh thu",
                                       "https://w3id.org/orgkg/ont#ind-revenue"])
def test_an_indicator_by_code_or_either_language(graph, indicator):
    assert ("Bưu điện tỉnh Cao Bằng", "2019", 189000000000) in series(graph, indicator=indicator)


def test_a_document_by_file_name_or_path_suffix(graph):
    cols, full = graph.select("facts-by-document", document="dev/c01-buudien-langson-2020.txt", limit="")
    cols, short = graph.select("facts-by-document", document="c01-buudien-langson-2020.txt", limit="")
    assert full and full == short
    with pytest.raises(ParameterError, match="no document matches 'buudien-langson-2020.txt'"):
        graph.select("facts-by-document", document="buudien-langson-2020.txt")  # a suffix, but not at a separator


def test_a_name_that_matches_nothing_names_the_nearest(graph):
    with pytest.raises(ParameterError, match=r"no organisation matches 'Bưu điện tỉnh Lạng Sơnn'; nearest: Bưu điện tỉnh Lạng Sơn"):
        series(graph, org="Bưu điện tỉnh Lạng Sơnn")


@pytest.mark.parametrize("year", ["2021x", "21", "năm 2021", "2021-"])
def test_a_year_that_is_not_a_year_is_an_error(graph, year):
    with pytest.raises(ParameterError, match="must be a year"):
        graph.select("awards-by-body-year", year=year)


def test_the_cli_says_so_and_exits_2(corpus_graph):
    r = subprocess.run([*ORGKG, "query", str(corpus_graph), "awards-by-body-year", "-p", "year=2021x"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "must be a year" in r.stderr and r.stdout == ""
    r = subprocess.run([*ORGKG, "query", str(corpus_graph), "time-series", "-p", "org=bưu điện tỉnh lạng sơn"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "171000000000" in r.stdout


def test_the_endpoint_answers_400_with_the_nearest_names(corpus_graph):
    from orgkg.queries.server import App, Settings

    app = App(corpus_graph, Settings(workers=1, row_limit=5, memory=False))
    try:
        status, _, body, _ = app.canned_query("time-series", {"org": ["bưu điện tỉnh lạng sơnn"]}, "text/csv")
        assert status == 400 and "nearest: Bưu điện tỉnh Lạng Sơn" in body.decode()
        # names are looked up among every organisation, not the first rows under the row limit
        status, _, body, _ = app.canned_query("time-series", {"org": ["BUU DIEN TINH LANG SON"]}, "text/csv")
        assert status == 200 and b"171000000000" in body
        # a choice parameter takes one of its words, or says which it takes
        status, _, body, _ = app.canned_query("awards-by-body-year", {"by": ["handed"]}, "text/csv")
        assert status == 400 and "parameter by must be one of achievement, conferral" in body.decode()
        status, _, body, _ = app.canned_query("awards-by-body-year", {"by": ["conferral"], "year": ["2022"]}, "text/csv")
        assert status == 200 and "UBND tỉnh Hoà Bình,2022" in body.decode()
    finally:
        app.pool.close()


@pytest.mark.parametrize("kind", ["metrics", "awards", "campaigns", "targets"])
def test_every_list_query_gives_the_fact_that_explain_takes(graph, kind):
    cols, rows = graph.select(kind, limit="3")
    assert rows
    for row in rows:
        fact = row[cols.index("fact")]
        ecols, evidence = graph.select("explain", fact=fact)
        assert evidence and {e[ecols.index("fact")] for e in evidence} == {fact}
        assert row[cols.index("text")] in {e[ecols.index("sentence")] for e in evidence}
