"""Awards carry a conferral date beside their period of achievement, and a link to the article's award ceremony;
awards-by-body-year counts by either year."""
import pytest

from orgkg.api import Graph, build
from orgkg.queries.params import ParameterError
from orgkg.queries.store import open_store

# written for the test: a medal for 2016-2020 received at a ceremony of March 2021
CEREMONY = """Công ty Cổ phần Cấp nước Thử Nghiệm đón nhận Huân chương Lao động hạng Ba

Ngày 15/3/2021, Công ty Cổ phần Cấp nước Thử Nghiệm tổ chức lễ đón nhận Huân chương Lao động hạng Ba.

Tại buổi lễ, Công ty Cổ phần Cấp nước Thử Nghiệm vinh dự đón nhận Huân chương Lao động hạng Ba của Chủ tịch nước vì đã có thành tích xuất sắc trong công tác từ năm 2016 đến năm 2020.
"""


@pytest.fixture(scope="module")
def ceremony(tmp_path_factory):
    base = tmp_path_factory.mktemp("ceremony")
    (base / "src").mkdir()
    (base / "src" / "a.txt").write_text(CEREMONY, encoding="utf-8")
    build([str(base / "src")], base / "out")
    return Graph(open_store(base / "out"), str(base / "out"))


def test_an_award_has_its_ceremony_and_its_date_beside_its_period(ceremony):
    cols, rows = ceremony.select("awards")
    [row] = [dict(zip(cols, r)) for r in rows]
    assert (row["period"], row["conferral_date"]) == ("2016-2020", "2021-03-15")
    _, events = ceremony.select_sparql(f"SELECT ?t ?d WHERE {{ <{row['ceremony']}> okg:eventType ?t ; schema:startDate ?d }}")
    assert events == [["https://w3id.org/orgkg/ont#AwardCeremony", "2021-03-15"]]


def test_awards_by_body_year_by_achievement_or_conferral(ceremony):
    def years(**p):
        cols, rows = ceremony.select("awards-by-body-year", **p)
        return [(r[cols.index("conferred_by")], r[cols.index("period")]) for r in rows]

    assert years() == years(by="achievement") == [("Chủ tịch nước", "2016-2020")]
    assert years(by="conferral") == [("Chủ tịch nước", "2021")] == years(by="Conferral", year="2021")
    with pytest.raises(ParameterError, match="parameter by must be one of achievement, conferral, not 'handed'"):
        years(by="handed")


def test_without_a_ceremony_the_date_is_the_article_s(corpus_graph):
    g = Graph(open_store(corpus_graph), str(corpus_graph))
    cols, rows = g.select("awards", limit="")
    dated = {(r[cols.index("document")].rsplit("/", 1)[-1], r[cols.index("conferral_date")]) for r in rows}
    assert ("c03-dienluc-thainguyen-2020.html", "2021-01-08") in dated        # the page's date of publication
    assert all(r[cols.index("ceremony")] is None for r in rows)               # no ceremony in seed + dev
