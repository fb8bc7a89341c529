"""A researcher's own SPARQL over the union default graph: each award once, each entity named once.

Each document's graph holds its facts and their evidence; what the documents say of the organisations, people,
indicators and periods they name is in one entities graph (``id/graph/entities``), so the union of the graphs
states each label once, and a plain query with no DISTINCT and no GRAPH gives one row per award."""
from orgkg.queries.store import open_store, select

PLAIN = """SELECT ?award ?body ?recipient WHERE {
  ?award a okg:AwardConferral ; okg:conferredBy ?b ; okg:recipient ?r .
  ?b rdfs:label ?body . FILTER(lang(?body) = "vi")
  ?r rdfs:label ?recipient . FILTER(lang(?recipient) = "vi")
}"""


def test_a_plain_award_query_returns_each_award_once(corpus_graph):
    _, rows = select(open_store(corpus_graph), PLAIN)
    assert len(rows) == 22 == len({r[0] for r in rows})     # 22 awards with a body and a recipient in seed + dev


def test_no_triple_is_stated_in_two_graphs(corpus_graph):
    """The union default graph counts a triple once per graph that holds it: none is held twice."""
    _, rows = select(open_store(corpus_graph), """SELECT ?s ?p ?o WHERE {
      GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER(STR(?g1) < STR(?g2)) } LIMIT 5""")
    assert rows == []


def test_a_document_graph_names_its_organisations_and_the_entities_graph_describes_them(corpus_graph):
    store = open_store(corpus_graph)
    _, rows = select(store, """SELECT ?g ?o WHERE {
      GRAPH ?g { ?g a okg:Document ; schema:mentions ?o }
      FILTER NOT EXISTS { ?o skos:prefLabel ?l } }""")
    assert rows == []     # every organisation or person named is described (a national body by the ontology's graph)
    _, [(n,)] = select(store, """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a okg:Document }
      GRAPH ?g { ?o a okg:Organisation } }""")
    assert n == 0                                              # and only there


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
