"""Extract: a segmented document -> Extraction (mentions and unresolved facts).

Rules run in an order that lets earlier ones claim spans: events (the
opening date), campaigns (quoted names), awards (recipient counts), then
metrics, which skip what is claimed.
"""
from __future__ import annotations

from .awards import extract_awards
from .campaigns import extract_campaigns
from .context import DocContext
from .events import extract_events
from .metrics import extract_metrics
from .model import Extraction


def extract(ctx: DocContext) -> Extraction:
    ex = Extraction(report_year=ctx.report_year)
    for sent in ctx.content():
        ex.orgs.extend(ctx.orgs.get(sent.index, []))
        ex.persons.extend(ctx.persons.get(sent.index, []))
        for p in ctx.persons.get(sent.index, []):
            if p.role_org is not None:
                ex.orgs.append(p.role_org)
    ex.events = extract_events(ctx)
    ex.campaigns = extract_campaigns(ctx)
    ex.awards = extract_awards(ctx)
    ex.metrics = extract_metrics(ctx)
    return ex
