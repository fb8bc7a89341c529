"""The plain data passed between stages: frozen dataclasses carrying spans.

Every span is a pair of character offsets into a document's normalised text
(``NormText.text``); every fact keeps the spans and sentence it came from.
No stage changes a value it was given: a later stage (merging duplicates,
attaching a ratio to its figure) makes a new one with ``dataclasses.replace``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A source file as read: its path as given, raw decoded text and metadata."""
    path: str
    text: str
    title: str | None = None
    date: str | None = None          # ISO date of publication, when the page gives one
    media_type: str = "text/plain"


@dataclass(frozen=True)
class NormText:
    """Normalised text (NFC, plain spaces) and a same-length twin for matching."""
    text: str
    match: str   # tone placement folded, quotes unified; match[i] stands for text[i]


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    chrome: bool = False      # page furniture: hotlines, counters, timestamps
    headline: bool = False


@dataclass(frozen=True)
class OrgMention:
    """A mention of an organisation; ``nested`` is the organisation a unit belongs to."""
    start: int
    end: int
    surface: str
    kind: str                  # full | short | fixed | unit | anaphora | brand
    head: str = ""
    nested: "OrgMention | None" = None
    acronym: str | None = None
    parent: "OrgMention | None" = None     # "X thuộc Y": Y
    introduced: bool = False               # named after an introducer with no head word ("mạng di động X")


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    name: str
    role: str | None = None
    role_org: OrgMention | None = None


@dataclass(frozen=True)
class Quantity:
    start: int                 # of the qualifier when there is one, else of the number
    end: int
    value: float
    unit: str | None           # unit code (VND, USD, kWh, percent, …) or None for a bare number
    qualifiers: tuple[str, ...] = ()
    number_start: int = 0
    value_max: float | None = None   # the upper bound of a range ("từ 88% đến 91%"); value is the lower


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: its span, sentence and the rule that read it."""
    start: int
    end: int
    sentence: int
    rule: str


@dataclass(frozen=True)
class Metric:
    subject: OrgMention | None
    indicator: str                         # concept code from the indicator scheme, e.g. "revenue"
    indicator_label: str | None            # narrower label as written ("dịch vụ tài chính bưu chính") or None
    value: float | None
    unit: str | None
    qualifiers: tuple[str, ...]
    period: str | None
    evidence: tuple[Evidence, ...]
    plan_percent: float | None = None
    growth_percent: float | None = None
    growth_qualifiers: tuple[str, ...] = ()
    compared_to: str | None = None
    compared_period: str | None = None
    is_target: bool = False
    part_of: "Metric | None" = None
    value_max: float | None = None         # the upper bound when the value is stated as a range


@dataclass(frozen=True)
class Award:
    award_type: str                        # concept code from the award scheme
    title: str | None
    recipient: OrgMention | PersonMention | None
    recipient_count: int | None
    recipient_noun: str | None
    recipient_kind: str | None             # collective | individual
    conferred_by: OrgMention | None
    on_behalf_of: OrgMention | None
    presented_by: OrgMention | PersonMention | None
    period: str | None
    reason: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Campaign:
    name: str
    organiser: OrgMention | None
    participant: OrgMention | None
    period: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Event:
    event_type: str                         # concept code: YearEndReview, Congress, AwardCeremony
    organiser: OrgMention | None
    date: str | None
    label: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document, before resolution."""
    orgs: tuple[OrgMention, ...] = ()
    persons: tuple[PersonMention, ...] = ()
    metrics: tuple[Metric, ...] = ()
    awards: tuple[Award, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    events: tuple[Event, ...] = ()
    report_year: int | None = None
