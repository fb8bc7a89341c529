"""A researcher's own SPARQL over the union default graph: each award once with DISTINCT and one Vietnamese label.

Each document's graph repeats the entity triples it uses (types, labels), and Oxigraph's union default graph
counts an identical triple in two graphs twice; the README's data model says so and names rdfs:label@vi as
the one label property of every named thing."""
from orgkg.queries.store import open_store, select

PLAIN = """SELECT {distinct} ?award ?body ?recipient WHERE {{
  ?award a okg:AwardConferral ; okg:conferredBy ?b ; okg:recipient ?r .
  ?b rdfs:label ?body . FILTER(lang(?body) = "vi")
  ?r rdfs:label ?recipient . FILTER(lang(?recipient) = "vi")
}}"""


def test_a_plain_award_query_returns_each_award_once_with_distinct(corpus_graph):
    store = open_store(corpus_graph)
    _, rows = select(store, PLAIN.format(distinct="DISTINCT"))
    assert len(rows) == 22 == len({r[0] for r in rows})     # 22 awards with a body and a recipient in seed + dev
    _, repeated = select(store, PLAIN.format(distinct=""))
    assert len(repeated) > len(rows)                         # without DISTINCT, shared triples count once per graph


def test_every_organisation_and_person_has_one_vietnamese_label(corpus_graph):
    _, rows = select(open_store(corpus_graph), """SELECT ?x (COUNT(DISTINCT ?l) AS ?n) WHERE {
      { ?x a okg:Organisation } UNION { ?x a okg:Person }
      ?x rdfs:label ?l . FILTER(lang(?l) = "vi") } GROUP BY ?x HAVING (COUNT(DISTINCT ?l) != 1)""")
    assert rows == []


def test_report_counts_entities_not_mentions(corpus_graph):
    import json

    facts = json.loads((corpus_graph / "report.json").read_text(encoding="utf-8"))["facts"]
    store = open_store(corpus_graph)
    for kind, cls in (("organisations", "okg:Organisation"), ("awards", "okg:AwardConferral"),
                      ("metrics", "okg:MetricObservation")):
        _, [(n,)] = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
        assert facts[kind] == n, kind
    # 25 organisations: Bưu điện tỉnh Lạng Sơn (two articles), Bộ Thông tin và Truyền thông (three) count once
    assert facts["organisations"] == 25 and facts["awards"] == 23
