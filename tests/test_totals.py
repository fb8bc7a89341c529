"""Totals and business lines: a line of an indicator is part of the document's total (okg:lineOf, okg:partOfMetric);
a line that a document gives alone stands for the total (okg:totalFor); time-series and growth-ranking read totals
unless asked for a line."""
import pytest

from orgkg.api import Graph
from orgkg.queries.store import open_store, select


@pytest.fixture(scope="module")
def graph(corpus_graph):
    return Graph(open_store(corpus_graph), str(corpus_graph))


def rows(graph, name, *cols, **params):
    head, rs = graph.select(name, **params)
    return sorted(tuple(r[head.index(c)] for c in cols) for r in rs)


def test_time_series_of_revenue_has_every_organisations_total_and_no_line(graph):
    assert rows(graph, "time-series", "organisation", "period", "value", "line") == [
        ("Bưu điện tỉnh Cao Bằng", "2019", 189000000000, ""),
        ("Bưu điện tỉnh Lạng Sơn", "2020", 152500000000, ""),
        ("Bưu điện tỉnh Lạng Sơn", "2021", 171000000000, ""),
        ("Công ty Điện lực Thái Nguyên", "2020", 7850000000000, "tiền điện"),   # the article's only revenue figure
        ("Hợp tác xã Nông nghiệp Thuý Hoà", "2022", 9600000000, ""),
        ("Viễn thông Hà Giang", "2021", 312400000000, "địa bàn"),
    ]


def test_a_line_on_request(graph):
    assert rows(graph, "time-series", "organisation", "period", "value", line="Tài chính") == [
        ("Bưu điện tỉnh Cao Bằng", "2019", 50000000000), ("Bưu điện tỉnh Lạng Sơn", "2020", 46000000000)]
    assert rows(graph, "growth-ranking", "organisation", "growth_percent", line="địa bàn") == [("Viễn thông Hà Giang", 6.3)]
    assert ("Viễn thông Hà Giang", 6.3) in rows(graph, "growth-ranking", "organisation", "growth_percent")


def test_a_line_of_a_documents_total_is_part_of_it(corpus_graph):
    # "Doanh thu dịch vụ hành chính công" beside the year's total revenue, with no "trong đó" between them
    _, rs = select(open_store(corpus_graph), """SELECT DISTINCT ?whole ?part WHERE {
      ?m okg:lineOf okg:ind-revenue ; okg:partOfMetric/qudt:numericValue ?whole ; qudt:numericValue ?part ;
         okg:indicator/skos:prefLabel ?l FILTER(CONTAINS(STR(?l), "hành chính công")) }""")
    assert rs == [[171000000000, 4300000000]]
    _, both = select(open_store(corpus_graph), """SELECT ?m WHERE { ?m okg:totalFor ?a ; okg:lineOf ?b }""")
    assert both == []                                       # a figure is a total or a line, never both
