"""orgkg eval: organisations scored, each document's figures, a warning for a gold document not in the graph."""
import json

from click.testing import CliRunner

from orgkg.cli import main
from orgkg.queries.evaluate import score, score_organisations

GOLD = {"a1": {"organisations": [{"name": "Công ty Thử Nghiệm", "aliases": ["Công ty", "đơn vị"]},
                                 {"name": "Sở Thử Nghiệm", "aliases": []},
                                 {"name": "Bộ Giả Định", "aliases": ["Bộ GĐ"]}],
               "metrics": [{"subject": "Công ty Thử Nghiệm", "value": 12, "text": "12 cửa hàng"}]},
        "a2": {"organisations": [{"name": "Hợp tác xã Mẫu", "aliases": []}], "metrics": []}}


def rows(doc, iri, *labels):
    return [{"document": f"x/{doc}.txt", "iri": iri, "label": l, "preferred": i == 0} for i, l in enumerate(labels)]


def test_organisations_found_aliases_splits_and_wrong_merges():
    docs = (rows("a1", "o/cty", "Công ty Thử Nghiệm", "Công ty") + rows("a1", "o/dv", "đơn vị")
            + rows("a1", "o/so", "Sở Thử Nghiệm", "Bộ Giả Định"))
    o = score_organisations({"a1": GOLD["a1"]}, docs)
    assert (o["gold"], o["found"], o["aliases"], o["aliases_found"], o["split"], o["wrong_merges"]) == (3, 3, 3, 1, 1, 1)
    assert o["merged"] == ["a1: so is Sở Thử Nghiệm and Bộ Giả Định"]


def test_per_document_figures_and_missing_documents():
    preds = {"metrics": [{"document": "x/a1.txt", "subject": "Công ty Thử Nghiệm", "value": 12},
                         {"document": "x/a1.txt", "subject": "Công ty Thử Nghiệm", "value": 99}]}
    res = score(GOLD, preds, rows("a1", "o/cty", "Công ty Thử Nghiệm"))
    assert res["per_document"]["a1"]["metrics"] == {"tp": 1, "fp": 1, "fn": 0}
    assert res["per_document"]["a2"]["all"] == {"tp": 0, "fp": 0, "fn": 0}
    assert res["missing_documents"] == ["a2"]
    assert res["organisations"]["found"] == 1 and res["organisations"]["gold"] == 4


def test_eval_warns_when_a_gold_document_is_not_in_the_graph(seed_graph, tmp_path):
    gold = tmp_path / "zz-absent.gold.json"
    gold.write_text(json.dumps({"document": "zz-absent.txt", "organisations": [], "metrics": [
        {"subject": "X", "value": 1}]}), encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(gold), "--graph", str(seed_graph)])
    assert r.exit_code == 0
    assert "gold document zz-absent is not in the graph" in r.stderr
    assert "zz-absent" in r.stdout and "organisations: 0 of 0" in r.stdout


def test_eval_says_which_corpus_and_how_many_of_its_documents_the_graph_holds(corpus_graph, tmp_path):
    from conftest import CORPUS

    absent = tmp_path / "zz-absent.gold.json"
    absent.write_text(json.dumps({"document": "zz-absent.txt", "metrics": []}), encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(CORPUS), str(absent), "--graph", str(corpus_graph), "--brief"])
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == (f"corpus {CORPUS}, {absent}: 9 gold document(s), 8 of them in the graph "
                                        f"{corpus_graph}")
    r = CliRunner().invoke(main, ["eval", str(CORPUS), "--graph", str(corpus_graph), "--json"])
    measured = json.loads(r.stdout)["measured"]
    assert measured == {"corpus": [str(CORPUS)], "gold_documents": 8, "found_in_graph": 8, "graph": str(corpus_graph)}
