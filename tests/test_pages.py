"""Resource and profile pages from the store, without a browser: what each page says."""
import pytest

from orgkg.api import build
from orgkg.queries.store import open_store
from orgkg.viz.pages import Links, Names, Pages, profile_context, resource_context, store_runner

from conftest import FIXTURES

ID = "https://w3id.org/orgkg/id/"


@pytest.fixture(scope="module")
def crossdoc(tmp_path_factory):
    out = tmp_path_factory.mktemp("crossdoc") / "out"
    build([str(FIXTURES / "crossdoc")], out)
    return open_store(out)


def test_profile_of_an_organisation_across_documents(crossdoc):
    run = store_runner(crossdoc)
    ctx = profile_context(run, ID + "org/cong-ty-cap-nuoc-tinh-hoa-binh-17-until-2025", Names.load(run), Links())
    revenue = [f for f in ctx["figures"] if f["indicator"]["en"] == "Revenue"]
    assert [(f["period"], f["value"]["vi"]) for f in revenue] == [("2020", "210 tỷ đồng"), ("2020", "215 tỷ đồng"),
                                                                 ("2021", "~ 231 tỷ đồng")]
    # the fact reported by two articles shows both sentences, each with its document
    both = revenue[0]["evidence"]
    assert len(both) == 2 and {e["path"].rsplit("/", 1)[-1] for e in both} == {"a-2020.txt", "c-2020-other-outlet.md"}
    assert revenue[0]["plan"] == {"vi": "104%", "en": "104%"} and revenue[0]["growth"]["vi"] == "+8%"
    # the conflicting pair once, not once from each side
    assert len(ctx["conflicts"]) == 1
    assert {ctx["conflicts"][0]["fig_a"]["value"]["vi"], ctx["conflicts"][0]["fig_b"]["value"]["vi"]} == {"210 tỷ đồng", "215 tỷ đồng"}
    # a chart of revenue over two years
    assert [c["indicator"]["en"] for c in ctx["charts"]] == ["Revenue"]
    assert [b["period"] for b in ctx["charts"][0]["bars"]] == ["2020", "2021"]
    assert [u["name"]["vi"] for u in ctx["units"]] == ["Xí nghiệp Nước sạch Lương Sơn"]
    assert [(y, [r["body"]["vi"] for r in rows]) for y, rows in ctx["received"]] == [("2020", ["Bộ Xây dựng"])]


def test_a_body_page_lists_what_it_conferred(crossdoc):
    run = store_runner(crossdoc)
    ctx = profile_context(run, ID + "org/bo-xay-dung", Names.load(run), Links())
    assert ctx["kind"] == "body" and ctx["received"] == [] and ctx["figures"] == []
    assert [(y, [(r["type"]["vi"], r["recipient"]["vi"]) for r in rows]) for y, rows in ctx["conferred"]] == \
        [("2020", [("Cờ thi đua", "Công ty Cấp nước Hoà Bình")])]   # the new tone style


def test_resource_page_of_a_period_names_what_refers_to_it(crossdoc):
    run = store_runner(crossdoc)
    ctx = resource_context(run, ID + "period/2020", Names.load(run), Links())
    assert ctx["name"] == {"vi": "2020", "en": "2020"}
    props = {x["p_name"]["en"] for x in ctx["incoming"]}
    assert "period" in props and ctx["incoming_total"] == len(ctx["incoming"])


def test_unknown_iri_has_no_page(crossdoc):
    assert Pages(store_runner(crossdoc)).render(ID + "org/no-such-thing") is None


def test_figures_name_their_qualifiers_in_both_languages(seed_graph):
    run = store_runner(open_store(seed_graph))
    ctx = profile_context(run, ID + "org/buu-dien-tinh-cao-bang-04", Names.load(run), Links())
    finance = next(f for f in ctx["figures"] if f["value"]["vi"] == "> 50 tỷ đồng")
    assert finance["qualifiers"] == {"vi": "ước, trên", "en": "estimated, over"}
    revenue = next(f for f in ctx["figures"] if f["value"]["vi"] == "> 189 tỷ đồng")
    assert revenue["qualifiers"] == {"vi": "trên", "en": "over"}


def test_cli_writes_static_profiles_and_refuses_without_an_output(seed_graph, tmp_path):
    from click.testing import CliRunner
    from orgkg.cli import main

    r = CliRunner().invoke(main, ["viz", str(seed_graph), "--profiles", str(tmp_path / "p")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "p" / "index.html").is_file() and "pages" in r.output
    html = (tmp_path / "p" / "org" / "buu-dien-tinh-cao-bang-04.html").read_text(encoding="utf-8")
    assert "&gt; 189 tỷ đồng" in html and 'href="../award/' in html and 'href="/id/' not in html
    r = CliRunner().invoke(main, ["viz", str(seed_graph)])
    assert r.exit_code == 2 and "--profiles FOLDER" in r.output and "Traceback" not in r.output


def test_static_page_paths_stay_inside_the_folder():
    assert Links.file_of(ID + "org/buu-dien-tinh-cao-bang-04") == "org/buu-dien-tinh-cao-bang-04.html"
    assert Links.file_of(ID + "doc/23a6/mention/63-90") == "doc/23a6/mention/63-90.html"
    for hostile in ("../../etc/passwd", "org/../../x", "/abs", "org/a b?c"):
        path = Links.file_of(ID + hostile)
        assert ".." not in path.split("/") and not path.startswith("/") and " " not in path and "?" not in path, path
