"""The vocabulary as checked Python names: every IRI the code writes comes from here.

The Turtle files in this folder are the source of truth. ``OKG`` mirrors every
``okg:`` term they define (classes, properties, concepts; the SKOS concepts,
whose local names hold a dash, are in ``_extras`` and reached as
``OKG["award-CoThiDua"]``); tests/test_vocabulary.py checks both ways. The
standard vocabularies are rdflib's own ``DefinedNamespace`` classes, made
strict where rdflib leaves them open, so a typo such as
``ORG.subOrganisationOf`` is an AttributeError at import time, never a new IRI
in the data. QUDT and NIF have no rdflib class: the terms we use are listed.
"""
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SH, SKOS, TIME, XSD
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["OKG", "ORG", "PROV", "SKOS", "TIME", "SCHEMA", "QB", "QUDT", "NIF", "DCT", "FOAF", "RDF", "RDFS",
           "XSD", "OWL", "SH", "UNIT", "CUR", "BASE", "ONTOLOGY_GRAPH", "CONFLICTS_GRAPH", "MANIFEST_GRAPH",
           "PREFIXES", "SPARQL_PROLOGUE", "SPARQL_RESULTS_XML"]


class OKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/orgkg/ont#")
    _fail = True
    _extras = [
        "award-AnhHungLLVT",
        "award-AnhHungLaoDong",
        "award-BangKhen",
        "award-BangKhenBo",
        "award-BangKhenThuTuong",
        "award-BangKhenTinh",
        "award-BucTruong",
        "award-ChienSiThiDua",
        "award-ChienSiThiDuaBo",
        "award-ChienSiThiDuaCoSo",
        "award-ChienSiThiDuaToanQuoc",
        "award-CoBa",
        "award-CoNhat",
        "award-CoNhi",
        "award-CoThiDua",
        "award-CoThiDuaBo",
        "award-CoThiDuaChinhPhu",
        "award-CoThiDuaTinh",
        "award-CongDoanVungManh",
        "award-CongNhanSangKien",
        "award-DanhHieu",
        "award-DanhHieuVinhDuNhaNuoc",
        "award-DonViQuyetThang",
        "award-GiaiBa",
        "award-GiaiKhuyenKhich",
        "award-GiaiNhat",
        "award-GiaiNhi",
        "award-GiaiThuong",
        "award-GiayKhen",
        "award-HuanChuong",
        "award-HuanChuongBaoVeToQuoc",
        "award-HuanChuongBaoVeToQuocFirst",
        "award-HuanChuongBaoVeToQuocSecond",
        "award-HuanChuongBaoVeToQuocThird",
        "award-HuanChuongChienCong",
        "award-HuanChuongChienCongFirst",
        "award-HuanChuongChienCongSecond",
        "award-HuanChuongChienCongThird",
        "award-HuanChuongDaiDoanKet",
        "award-HuanChuongDaiDoanKetFirst",
        "award-HuanChuongDaiDoanKetSecond",
        "award-HuanChuongDaiDoanKetThird",
        "award-HuanChuongDocLap",
        "award-HuanChuongDocLapFirst",
        "award-HuanChuongDocLapSecond",
        "award-HuanChuongDocLapThird",
        "award-HuanChuongDungCam",
        "award-HuanChuongHoChiMinh",
        "award-HuanChuongHuuNghi",
        "award-HuanChuongLaoDong",
        "award-HuanChuongLaoDongFirst",
        "award-HuanChuongLaoDongSecond",
        "award-HuanChuongLaoDongThird",
        "award-HuanChuongQuanCong",
        "award-HuanChuongQuanCongFirst",
        "award-HuanChuongQuanCongSecond",
        "award-HuanChuongQuanCongThird",
        "award-HuanChuongSaoVang",
        "award-HuyHieu",
        "award-KhenThuong",
        "award-KyNiemChuong",
        "award-LaoDongGioi",
        "award-LaoDongSangTao",
        "award-LaoDongTienTien",
        "award-TapTheLaoDongTienTien",
        "award-TapTheLaoDongXuatSac",
        "ind-area",
        "ind-averageIncome",
        "ind-baseStations",
        "ind-budgetContribution",
        "ind-collections",
        "ind-communePostOffices",
        "ind-communes",
        "ind-count",
        "ind-coverage",
        "ind-customers",
        "ind-deposits",
        "ind-donations",
        "ind-dossiers",
        "ind-electricitySold",
        "ind-exports",
        "ind-initiatives",
        "ind-internationalPayments",
        "ind-investment",
        "ind-items",
        "ind-loans",
        "ind-members",
        "ind-nplRatio",
        "ind-other",
        "ind-output",
        "ind-people",
        "ind-postOffices",
        "ind-powerLossRate",
        "ind-profit",
        "ind-repairTime",
        "ind-revenue",
        "ind-servicePoints",
        "ind-subscribers",
        "ind-workers",
    ]
    # classes
    AdminUnitTypes: URIRef
    AdministrativeUnit: URIRef
    AwardCeremony: URIRef
    AwardConferral: URIRef
    AwardScheme: URIRef
    AwardType: URIRef
    Congress: URIRef
    District: URIRef
    DistrictsBefore2025: URIRef
    Document: URIRef
    EmulationCampaign: URIRef
    Event: URIRef
    EventTypes: URIRef
    ExtractionRule: URIRef
    HonoraryTitle: URIRef
    Indicator: URIRef
    IndicatorScheme: URIRef
    InitiativeRecognition: URIRef
    Mention: URIRef
    MetricObservation: URIRef
    NationalBodies: URIRef
    Organisation: URIRef
    OrganisationalUnit: URIRef
    Period: URIRef
    Person: URIRef
    PlanTarget: URIRef
    Province: URIRef
    ProvincesBefore2025: URIRef
    ProvincesFrom2025: URIRef
    Qualifiers: URIRef
    RecipientGroup: URIRef
    RecipientKinds: URIRef
    Sentence: URIRef
    YearEndReview: URIRef
    # properties and concepts
    approximately: URIRef
    awardType: URIRef
    centralCity: URIRef
    collective: URIRef
    comparedTo: URIRef
    comparedToPeriod: URIRef
    conferralClass: URIRef
    conferralDate: URIRef
    conferredAt: URIRef
    conferredBy: URIRef
    conflictsWith: URIRef
    contentHash: URIRef
    countNoun: URIRef
    defaultConferrer: URIRef
    defaultUnit: URIRef
    districtTown: URIRef
    estimated: URIRef
    eventType: URIRef
    evidence: URIRef
    exact: URIRef
    growthPercent: URIRef
    growthQualifier: URIRef
    honoraryTitle: URIRef
    indicator: URIRef
    individual: URIRef
    introducesTitle: URIRef
    launchedBy: URIRef
    lineOf: URIRef
    locatedIn: URIRef
    needsRecipientCue: URIRef
    notAfter: URIRef
    onBehalfOf: URIRef
    orgType: URIRef
    over: URIRef
    partOfMetric: URIRef
    participant: URIRef
    period: URIRef
    planAttainmentPercent: URIRef
    presentedBy: URIRef
    province: URIRef
    provincialCity: URIRef
    pushedContentHash: URIRef
    qualifier: URIRef
    range: URIRef
    reason: URIRef
    recipient: URIRef
    recipientCount: URIRef
    recipientKind: URIRef
    recipientsOf: URIRef
    role: URIRef
    rule: URIRef
    ruralDistrict: URIRef
    sentence: URIRef
    sourceBeginIndex: URIRef
    sourceEndIndex: URIRef
    sourcePath: URIRef
    subject: URIRef
    takesTitle: URIRef
    text: URIRef
    titleLabel: URIRef
    titledTrigger: URIRef
    totalFor: URIRef
    under: URIRef
    unitType: URIRef
    upperValue: URIRef
    urbanDistrict: URIRef


class SCHEMA(SDO):
    _fail = True


class TIME(TIME):  # noqa: F811 (rdflib's, made strict)
    _fail = True


class XSD(XSD):  # noqa: F811
    _fail = True


class QUDT(DefinedNamespace):
    _NS = Namespace("http://qudt.org/schema/qudt/")
    _fail = True
    numericValue: URIRef
    unit: URIRef
    Unit: URIRef
    QuantityValue: URIRef


class NIF(DefinedNamespace):
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True
    Context: URIRef
    String: URIRef
    isString: URIRef
    referenceContext: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef


DCT = DCTERMS
# Unit and currency individuals are open sets (a lexicon names them): plain namespaces.
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")

# The IRIs orgkg mints, and the named graphs it writes beside the documents'.
BASE = "https://w3id.org/orgkg/id/"
ONTOLOGY_GRAPH = "https://w3id.org/orgkg/ont"
CONFLICTS_GRAPH = BASE + "graph/conflicts"
# Organisations, people, indicators, periods, instants and extraction rules, stated once for the whole build
# (each document's graph holds its facts and their evidence, and names these entities by IRI).
ENTITIES_GRAPH = BASE + "graph/entities"
ENTITY_KINDS = ("org", "person", "indicator", "period", "instant", "rule")
MANIFEST_GRAPH = BASE + "graph/manifest"

PREFIXES = {
    "okg": str(OKG._NS), "id": BASE, "org": str(ORG._NS), "prov": str(PROV._NS), "skos": str(SKOS._NS),
    "time": str(TIME._NS), "schema": str(SCHEMA._NS), "qb": str(QB._NS), "qudt": str(QUDT._NS),
    "unit": str(UNIT), "cur": str(CUR), "nif": str(NIF._NS), "dct": str(DCT._NS), "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS), "owl": str(OWL._NS), "foaf": str(FOAF._NS),
}

# The XML namespace of SPARQL results documents (a format, not a vocabulary).
SPARQL_RESULTS_XML = "http://www.w3.org/2005/sparql-results#"

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
