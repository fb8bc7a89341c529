"""Vocabulary IRIs as checked Python names.

``OKG`` mirrors ontology/orgkg.ttl as an rdflib DefinedNamespace (a typo is an
AttributeError, not a new IRI); tests check that the two agree both ways.
The other namespaces are the standard ones the ontology reuses.
"""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class OKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/orgkg/ont#")
    _fail = True
    # classes
    Organisation: URIRef
    OrganisationalUnit: URIRef
    Person: URIRef
    RecipientGroup: URIRef
    Indicator: URIRef
    MetricObservation: URIRef
    PlanTarget: URIRef
    EmulationCampaign: URIRef
    AwardType: URIRef
    HonoraryTitle: URIRef
    AwardConferral: URIRef
    InitiativeRecognition: URIRef
    Event: URIRef
    Period: URIRef
    Document: URIRef
    Mention: URIRef
    Sentence: URIRef
    ExtractionRule: URIRef
    # properties
    subject: URIRef
    indicator: URIRef
    period: URIRef
    qualifier: URIRef
    planAttainmentPercent: URIRef
    growthPercent: URIRef
    growthQualifier: URIRef
    comparedTo: URIRef
    comparedToPeriod: URIRef
    partOfMetric: URIRef
    conflictsWith: URIRef
    launchedBy: URIRef
    participant: URIRef
    awardType: URIRef
    honoraryTitle: URIRef
    recipient: URIRef
    recipientCount: URIRef
    recipientKind: URIRef
    conferredBy: URIRef
    onBehalfOf: URIRef
    presentedBy: URIRef
    reason: URIRef
    role: URIRef
    eventType: URIRef
    orgType: URIRef
    evidence: URIRef
    sentence: URIRef
    rule: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    text: URIRef
    recipientsOf: URIRef
    # concepts
    Qualifiers: URIRef
    exact: URIRef
    over: URIRef
    under: URIRef
    approximately: URIRef
    estimated: URIRef
    RecipientKinds: URIRef
    collective: URIRef
    individual: URIRef
    EventTypes: URIRef
    YearEndReview: URIRef
    Congress: URIRef
    AwardCeremony: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_GRAPH = "https://w3id.org/orgkg/ont"
