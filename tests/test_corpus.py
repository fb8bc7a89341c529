"""The dev corpus (seed + synthetic articles): F1 per kind, agreement with the reference scorer, cross-document merge."""
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from orgkg.api import build
from orgkg.queries.evaluate import load_golds, score

from conftest import CORPUS, FIXTURES, rows


def test_corpus_f1_per_kind(corpus_graph):
    preds = {k: rows(corpus_graph, k) for k in ("metrics", "awards", "campaigns")}
    res = score(load_golds([CORPUS]), preds)
    for kind in ("metrics", "awards", "campaigns"):
        assert res[kind]["f1"] >= 0.95, (kind, res[kind]["misses"], res[kind]["extras"])
    assert res["all"]["tp"] >= 75


def test_eval_matches_reference_scorer(corpus_graph, tmp_path):
    preds = {k: rows(corpus_graph, k) for k in ("metrics", "awards", "campaigns")}
    for k, v in preds.items():
        (tmp_path / f"{k}.json").write_text(json.dumps(v, ensure_ascii=False), encoding="utf-8")
    ref = json.loads(subprocess.run([sys.executable, str(CORPUS / "score.py"), str(CORPUS / "seed-gold.json"), str(CORPUS / "dev"),
                                     "--pred", str(tmp_path), "--json"], capture_output=True, text=True, check=True).stdout)
    ours = score(load_golds([CORPUS]), preds)
    for k in ("metrics", "awards", "campaigns", "all"):
        assert {x: ours[k][x] for x in ("tp", "fp", "fn", "precision", "recall", "f1")} == \
               {x: ref[k][x] for x in ("tp", "fp", "fn", "precision", "recall", "f1")}


def test_weather_notice_yields_no_facts(corpus_graph):
    for k in ("metrics", "awards", "campaigns"):
        assert not [r for r in rows(corpus_graph, k) if "thoitiet" in r["document"]]


def test_targets_are_not_achievements(corpus_graph):
    ms = [m for m in rows(corpus_graph, "metrics") if "langson-2020" in m["document"]]
    assert 168000000000 not in {m["value"] for m in ms}
    store = ox.Store.read_only(str(corpus_graph / "store"))
    q = """PREFIX okg: <https://w3id.org/orgkg/ont#> PREFIX qudt: <http://qudt.org/schema/qudt/>
    ASK { ?t a okg:PlanTarget ; qudt:numericValue 168000000000.0 }"""
    assert store.query(q, use_default_graph_as_union=True)


def test_same_organisation_two_years_is_one_node_and_a_series(corpus_graph):
    orgs = [o for o in rows(corpus_graph, "organisations") if o["name"] == "Bưu điện tỉnh Lạng Sơn"]
    assert len(orgs) == 1
    revenue = sorted((m["period"], m["value"]) for m in rows(corpus_graph, "metrics")
                     if m["subject"] == "Bưu điện tỉnh Lạng Sơn" and m["indicator"] == "Revenue")
    assert revenue == [("2020", 152500000000), ("2021", 171000000000)]


def test_html_chrome_yields_nothing(corpus_graph):
    ms = [m for m in rows(corpus_graph, "metrics") if m["document"].endswith(".html")]
    values = {m["value"] for m in ms}
    assert 1284 not in values and 208 not in values and 0.27 not in values
    assert {4200000000, 7850000000000, 12000, 412567} <= values


# ------------------------------------------------------------------ pinned figures
# The exact figures, so that a lost (or a new) fact shows. Update them with the reason when a rule
# changes what is read; never loosen them to a threshold.
DEV_PINNED = {"metrics": (47, 0, 0), "awards": (22, 0, 0), "campaigns": (10, 0, 0)}


# Attribute accuracy below 1.0 on the dev corpus, each with its reason. The metrics' unit: c06's income
# "6,5 triệu đồng/người/tháng" is "VND per person per month" since per-unit units (issue 17, round 3); the dev gold,
# annotated before, says "VND", as two genre golds do, while three other genre golds use the per-unit code.
DEV_ATTRIBUTES_BELOW_ONE = {"metrics": {"unit": 0.979}}


def test_seed_and_dev_figures_are_pinned(corpus_graph):
    preds = {k: rows(corpus_graph, k) for k in ("metrics", "awards", "campaigns")}
    res = score(load_golds([CORPUS]), preds)
    assert {k: (res[k]["tp"], res[k]["fp"], res[k]["fn"]) for k in DEV_PINNED} == DEV_PINNED
    for kind in DEV_PINNED:
        below = {k: v for k, v in res[kind]["attributes"].items() if v != 1.0}
        assert below == DEV_ATTRIBUTES_BELOW_ONE.get(kind, {}), (kind, res[kind]["attributes"])


# All 44 articles of shared/corpus/genre (the quarter once held back is in the fixtures since round 2 of issue 17).
GENRE = FIXTURES / "genre"
GENRE_PINNED = {"metrics": (180, 2, 6), "awards": (98, 1, 2), "campaigns": (21, 0, 0)}


@pytest.fixture(scope="module")
def genre_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("genre") / "out"
    build([str(GENRE)], out)
    return out


def test_genre_figures_are_pinned(genre_graph):
    preds = {k: rows(genre_graph, k) for k in ("metrics", "awards", "campaigns")}
    res = score(load_golds([GENRE]), preds)
    assert {k: (res[k]["tp"], res[k]["fp"], res[k]["fn"]) for k in GENRE_PINNED} == GENRE_PINNED, \
        {k: (res[k]["misses"], res[k]["extras"]) for k in GENRE_PINNED}


def test_genre_scores_agree_with_the_reference_scorer(genre_graph, tmp_path):
    preds = {k: rows(genre_graph, k) for k in ("metrics", "awards", "campaigns")}
    for k, v in preds.items():
        (tmp_path / f"{k}.json").write_text(json.dumps(v, ensure_ascii=False), encoding="utf-8")
    ref = json.loads(subprocess.run([sys.executable, str(CORPUS / "score.py"), str(GENRE), "--pred", str(tmp_path), "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    ours = score(load_golds([GENRE]), preds)
    for k in ("metrics", "awards", "campaigns", "all"):
        assert {x: ours[k][x] for x in ("tp", "fp", "fn", "f1")} == {x: ref[k][x] for x in ("tp", "fp", "fn", "f1")}
