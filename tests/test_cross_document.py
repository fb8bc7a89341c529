"""Across documents, with articles written for the tests (tests/fixtures/crossdoc):
one organisation node, time series, one fact with two provenances, conflicting
values kept and flagged, headline short names, "X thuộc Y" units, Markdown input,
and the cross-document canned queries."""
import pytest
import pyoxigraph as ox

from orgkg.api import build
from orgkg.queries.canned import resolve_query
from orgkg.queries.canned import PARAMS_MARK, canned, prepare
from orgkg.queries.store import StoreError, open_store, select

from conftest import FIXTURES, rows

CROSSDOC = FIXTURES / "crossdoc"
COMPANY = "Công ty Cấp nước Hoà Bình"   # written "Hòa" by the articles; named in the new tone style


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("crossdoc") / "out"
    build([str(CROSSDOC)], out)
    return out


def query(folder, name, **params):
    text = resolve_query(name, None, [f"{k}={v}" for k, v in params.items()], canned())
    cols, rs = select(open_store(folder), text)
    return [dict(zip(cols, r)) for r in rs]


def test_one_node_for_the_organisation_across_documents_and_headline_short_name(graph):
    orgs = {o["name"]: o for o in rows(graph, "organisations")}
    assert COMPANY in orgs
    assert "Cấp nước Hòa Bình" not in orgs  # the headline's short name is an alias, not a second node
    assert "Cấp nước Hòa Bình" in orgs[COMPANY]["aliases"]


def test_time_series_over_two_years(graph):
    series = query(graph, "time-series", org=COMPANY, indicator="revenue")
    points = sorted((r["period"], r["value"]) for r in series)
    assert ("2020", 210000000000) in points and ("2021", 231000000000) in points
    assert {r["qualifier"] for r in series if r["period"] == "2021"} == {"estimated"}


def test_same_fact_in_two_documents_is_one_fact_with_two_provenances(graph):
    series = query(graph, "time-series", org=COMPANY)
    r210 = [r for r in series if r["value"] == 210000000000]
    assert len(r210) == 1 and r210[0]["documents"] == 2
    store = open_store(graph)
    cols, rs = select(store, """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX qudt: <http://qudt.org/schema/qudt/>
        SELECT DISTINCT ?m WHERE { ?m a okg:MetricObservation ; qudt:numericValue 210000000000.0 }""")
    assert len(rs) == 1
    explained = query(graph, "explain", fact=f"<{rs[0][0]}>")
    docs = {e["document"].rsplit("/", 1)[1] for e in explained}
    assert docs == {"a-2020.txt", "c-2020-other-outlet.md"}
    for e in explained:  # the offsets point at the evidence in the document's text
        assert e["sentence"][e["begin"] - e["sentence_begin"]:e["end"] - e["sentence_begin"]] == e["evidence"]


def test_conflicting_values_are_both_kept_and_flagged(graph):
    conflicts = query(graph, "conflicts")
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c["organisation"], c["period"], c["value_a"], c["value_b"]) == (COMPANY, "2020", 210000000000, 215000000000)
    assert c["documents_b"].endswith("d-2020-conflict.txt")
    assert "a-2020.txt" in c["documents_a"] and "c-2020-other-outlet.md" in c["documents_a"]


def test_unit_named_with_thuoc_links_to_its_parent_and_receives_the_award(graph):
    units = query(graph, "sub-units", org=COMPANY)
    assert [(u["unit"], u["relation"]) for u in units] == [("Xí nghiệp Nước sạch Lương Sơn", "unit")]
    awards = query(graph, "organisation-awards", org=COMPANY)
    assert {(a["recipient"], a["award_type"], a["conferred_by"]) for a in awards} == {
        ("Xí nghiệp Nước sạch Lương Sơn", "Bằng khen", "UBND tỉnh Hoà Bình"),
        (COMPANY, "Cờ thi đua", "Bộ Xây dựng")}


def test_markdown_input_is_read_without_its_markup(graph):
    facts = query(graph, "facts-by-document", document="{}/c-2020-other-outlet.md".format(CROSSDOC))
    assert {f["kind"] for f in facts} == {"MetricObservation", "AwardConferral"}
    explained = [e for e in query(graph, "explain") if e["document"].endswith(".md")]
    assert explained and not any("*" in e["sentence"] or e["sentence"].startswith("- ") for e in explained)


def test_awards_by_body_and_year_and_which_bodies_confer_what(graph):
    by_body = query(graph, "awards-by-body-year", year="2020")
    assert {(r["conferred_by"], r["awards"]) for r in by_body} == {("UBND tỉnh Hoà Bình", 1), ("Bộ Xây dựng", 1)}
    kinds = query(graph, "body-award-types")
    assert ("Bộ Xây dựng", "Cờ thi đua") in {(r["conferred_by"], r["award_type"]) for r in kinds}


def test_a_body_written_in_two_tone_styles_counts_each_award_once(tmp_path):
    # "UBND tỉnh Hòa Bình" (crossdoc) and "UBND tỉnh Hoà Bình" (an NFD article of the dev corpus) are one body;
    # each of its awards is counted once, under the one preferred name (new tone style)
    out = tmp_path / "out"
    build([str(CROSSDOC / "a-2020.txt"), str(FIXTURES / "corpus" / "dev" / "c06-htx-thuyhoa-2022-nfd.txt")], out)
    by_body = [r for r in query(out, "awards-by-body-year") if "Bình" in r["conferred_by"]]
    assert sorted((r["period"], r["awards"]) for r in by_body) == [("2020", 1), ("2022", 1)]
    assert {r["conferred_by"] for r in by_body} == {"UBND tỉnh Hoà Bình"}
    kinds = [r for r in query(out, "body-award-types") if "Bình" in r["conferred_by"]]
    assert sum(r["conferrals"] for r in kinds) == 2


def test_plan_attainment_and_growth_ranking(graph):
    plan = query(graph, "plan-attainment", indicator="revenue")
    assert [(r["period"], r["value"], r["vs_plan_percent"]) for r in plan] == [("2020", 210000000000, 104)]
    ranking = query(graph, "growth-ranking")
    assert [(r["period"], r["growth_percent"]) for r in ranking] == [("2021", 10), ("2020", 8)]


def test_parameters_are_bound_as_terms_not_spliced(graph):
    # a value that would break out of a string if it were pasted into the query
    assert query(graph, "time-series", org='x" } } SELECT * WHERE { ?s ?p ?o } #') == []
    with pytest.raises(StoreError, match="has no parameter .nope.; it has: org, indicator"):
        query(graph, "time-series", nope="1")
    with pytest.raises(StoreError, match="available: .*time-series"):
        resolve_query("no-such-query", None, [], canned())


def test_parameters_bound_at_the_params_mark_filter_the_whole_query(graph):
    # time-series binds its parameters inside the group that chooses the indicator (read first);
    # they still hold for the rest of the query
    text = prepare(canned()["time-series"], {"org": COMPANY, "indicator": "Revenue"})
    assert text.count("VALUES") == 1 and text.index(PARAMS_MARK) < text.index("VALUES") < text.index("GRAPH ?g")
    by_code = query(graph, "time-series", org=COMPANY, indicator="revenue")
    assert by_code and query(graph, "time-series", org=COMPANY, indicator="Revenue") == by_code
    assert query(graph, "time-series", org="Công ty không có", indicator="revenue") == []
    assert {r["indicator"] for r in query(graph, "time-series", indicator="")} > {"Revenue"}


def test_every_canned_query_runs_and_has_its_declared_columns(graph):
    qs = canned()
    assert len(qs) >= 12
    for name, q in qs.items():
        assert q.title and q.description and q.description_vi, name
        cols, _ = select(open_store(graph), resolve_query(name, None, [], qs))
        assert cols == q.columns, name


def test_conflict_flags_live_in_their_own_graph(graph):
    store = ox.Store.read_only(str(graph / "store"))
    q = """PREFIX okg: <https://w3id.org/orgkg/ont#>
    SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a okg:conflictsWith ?b } }"""
    assert [s["g"].value for s in store.query(q)] == ["https://w3id.org/orgkg/id/graph/conflicts"]


PAGED = [name for name, q in canned().items() if "limit" in q.params]


def test_list_queries_are_paged_and_the_pages_cover_every_row(corpus_graph):
    assert set(PAGED) >= {"awards", "metrics", "explain", "facts-by-document", "organisations", "campaigns"}
    for name in PAGED:
        full = query(corpus_graph, name, limit="")
        assert len(full) > 3, name
        paged = []
        for offset in range(0, len(full) + 3, 3):
            page = query(corpus_graph, name, limit=3, offset=offset)
            assert len(page) <= 3 or name == "explain", (name, offset)  # explain: a row per mention of 3 facts
            paged += page
        key = lambda r: sorted((k, str(v)) for k, v in r.items())
        assert sorted(map(key, paged)) == sorted(map(key, full)), name
        assert len(query(corpus_graph, name, limit=1)) >= 1, name


def test_page_parameters_are_whole_numbers(corpus_graph):
    for bad in ("-1", "1 } DROP ALL", "ten", "1.5"):
        with pytest.raises(StoreError, match="must be a whole number"):
            query(corpus_graph, "awards", limit=bad)
    assert query(corpus_graph, "awards", limit=2, offset=10**6) == []
    # a bound parameter selects inside the page: one document's facts, not the matching ones among the first page
    doc = query(corpus_graph, "facts-by-document", limit="")[-1]["document"]
    facts = query(corpus_graph, "facts-by-document", document=doc, limit=1)
    assert len(facts) == 1 and facts[0]["document"] == doc
