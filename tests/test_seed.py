"""The seed article end to end: gold facts, provenance, SHACL, golden graph."""
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from orgkg.queries.evaluate import load_golds, score
from orgkg.queries.validate import validate_folder

from conftest import CORPUS, FIXTURES, SEED, rows


def test_seed_gold_precision_and_recall_are_one(seed_graph):
    preds = {k: rows(seed_graph, k) for k in ("metrics", "awards", "campaigns")}
    res = score(load_golds([CORPUS / "seed-gold.json"]), preds)
    for kind in ("metrics", "awards", "campaigns"):
        assert res[kind]["precision"] == 1.0 and res[kind]["recall"] == 1.0, (kind, res[kind])
    assert res["all"]["tp"] == 18


def test_reference_scorer_agrees(seed_graph, tmp_path):
    for k in ("metrics", "awards", "campaigns"):
        (tmp_path / f"{k}.json").write_text(json.dumps(rows(seed_graph, k), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(CORPUS / "score.py"), str(CORPUS / "seed-gold.json"), "--pred", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True)
    ref = json.loads(out.stdout)
    assert ref["all"]["precision"] == 1.0 and ref["all"]["recall"] == 1.0


def test_metric_attributes(seed_graph):
    ms = {(m["indicator"], m["value"]): m for m in rows(seed_graph, "metrics")}
    revenue = ms[("Revenue", 189000000000)]
    assert revenue["qualifier"] == "over" and revenue["vs_plan_percent"] == 106 and revenue["growth_percent"] == 35
    assert revenue["period"] == "2019" and revenue["unit"] == "VND"
    media = next(m for m in ms.values() if m["value"] == 107226000000)
    assert media["qualifier"] == "over" and media["vs_plan_percent"] == 118
    budget = next(m for m in ms.values() if m["value"] == 4000000000)
    assert budget["qualifier"] == "approximately" and budget["vs_plan_percent"] == 102 and budget["growth_percent"] == 22
    # the headline repeats the budget figure: one fact
    assert sum(1 for m in ms.values() if m["value"] == 4000000000) == 1


def test_estimated_and_over_are_both_kept(seed_graph):
    store = ox.Store.read_only(str(seed_graph / "store"))
    q = """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX qudt: <http://qudt.org/schema/qudt/>
    SELECT ?q WHERE { ?m qudt:numericValue 50000000000.0 ; okg:qualifier ?q }"""
    quals = {s["q"].value.rsplit("#")[1] for s in store.query(q, use_default_graph_as_union=True)}
    assert quals == {"over", "estimated"}


def test_breakdowns_are_linked_as_parts(seed_graph):
    store = ox.Store.read_only(str(seed_graph / "store"))
    q = """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX qudt: <http://qudt.org/schema/qudt/>
    SELECT ?pv ?cv WHERE { ?c okg:partOfMetric ?p . ?c qudt:numericValue ?cv . ?p qudt:numericValue ?pv }"""
    pairs = {(int(float(s["pv"].value)), int(float(s["cv"].value))) for s in store.query(q, use_default_graph_as_union=True)}
    assert {(23, 1), (23, 12), (23, 10), (149, 91)} <= pairs


def test_awards_and_units(seed_graph):
    aw = rows(seed_graph, "awards")
    flag = [a for a in aw if a["award_type"].startswith("Cờ thi đua")]
    assert len(flag) == 1 and flag[0]["conferred_by"] == "Bộ Thông tin và Truyền thông"
    assert flag[0]["recipient"] == "Bưu điện tỉnh Cao Bằng" and flag[0]["period"] == "2019"
    group = next(a for a in aw if a["recipient_count"] == 19)
    assert group["period"] == "2015-2020" and "lao động sáng tạo" in group["title"].lower()
    orgs = {o["name"]: o for o in rows(seed_graph, "organisations")}
    assert orgs["Công đoàn Bưu điện tỉnh Cao Bằng"]["part_of"] == "Bưu điện tỉnh Cao Bằng"
    assert orgs["Hội đồng Sáng kiến Bưu điện tỉnh Cao Bằng"]["part_of"] == "Bưu điện tỉnh Cao Bằng"
    assert "Bưu điện tỉnh" in orgs["Bưu điện tỉnh Cao Bằng"]["aliases"]


def test_flag_has_two_provenances_and_offsets_point_at_text(seed_graph):
    store = ox.Store.read_only(str(seed_graph / "store"))
    text = next(store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/orgkg/ont#text"), None)).object.value
    assert text.startswith("Đường dây nóng")
    q = """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?a ?b ?e ?anchor ?s ?sb ?se WHERE { ?f okg:evidence ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ;
      okg:sentence ?st . ?st nif:isString ?s ; nif:beginIndex ?sb ; nif:endIndex ?se . BIND(?f AS ?a) }"""
    sols = list(store.query(q, use_default_graph_as_union=True))
    assert sols
    for s in sols:
        b, e, sb, se = (int(s[k].value) for k in ("b", "e", "sb", "se"))
        assert text[b:e] == s["anchor"].value and text[sb:se] == s["s"].value and sb <= b < e <= se
    q2 = """PREFIX okg: <https://w3id.org/orgkg/ont#> SELECT ?f (COUNT(?m) AS ?n) WHERE {
      ?f okg:awardType okg:award-CoThiDua ; okg:evidence ?m } GROUP BY ?f"""
    counts = [int(s["n"].value) for s in store.query(q2, use_default_graph_as_union=True)]
    assert counts == [2]


def test_event_date_and_no_hotline_number(seed_graph):
    trig = (seed_graph / "dataset.trig").read_text(encoding="utf-8")
    assert '"2019-12-25"^^xsd:date' in trig
    store = ox.Store.read_only(str(seed_graph / "store"))
    for v in ("1900", "54", "81", "545481"):
        q = f"""PREFIX qudt: <http://qudt.org/schema/qudt/> ASK {{ ?m qudt:numericValue ?v FILTER(?v = {v}) }}"""
        assert not store.query(q, use_default_graph_as_union=True)


def test_shacl_conforms(seed_graph):
    ok, text = validate_folder(seed_graph)
    assert ok, text


def test_golden_graph(seed_graph):
    """The seed's named graph, sorted N-Quads, against the reviewed golden file."""
    store = ox.Store.read_only(str(seed_graph / "store"))
    doc_graphs = [g for g in store.named_graphs() if "/id/doc/" in g.value]
    assert len(doc_graphs) == 1
    lines = sorted(ox.serialize(store.quads_for_pattern(None, None, None, doc_graphs[0]), format=ox.RdfFormat.N_QUADS)
                   .decode("utf-8").splitlines())
    golden = FIXTURES / "seed.golden.nq"
    assert lines == golden.read_text(encoding="utf-8").splitlines(), "regenerate with: python tests/make_golden.py (and review the diff)"
