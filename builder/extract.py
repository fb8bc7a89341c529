"""Extract: a segmented document -> Extraction (mentions and unresolved facts).

Rules run in an order that lets earlier ones claim spans: events (the
opening date), campaigns (quoted names), awards (recipient counts), then
metrics, which skip what is claimed.
"""
from __future__ import annotations

from .rules.awards import extract_awards
from .rules.campaigns import extract_campaigns, with_award_roles
from .context import DocContext
from .rules.events import extract_events
from .rules.metrics import extract_metrics
from .model import Extraction


def extract(ctx: DocContext) -> Extraction:
    orgs, persons = [], []
    for sent in ctx.content():
        orgs.extend(ctx.orgs.get(sent.index, []))
        persons.extend(ctx.persons.get(sent.index, []))
        for p in ctx.persons.get(sent.index, []):
            if p.role_org is not None:
                orgs.append(p.role_org)
    events = extract_events(ctx)
    campaigns = extract_campaigns(ctx)
    awards = extract_awards(ctx)
    campaigns = with_award_roles(ctx, campaigns, awards)
    metrics = extract_metrics(ctx)
    return Extraction(orgs=tuple(orgs), persons=tuple(persons), metrics=tuple(metrics), awards=tuple(awards),
                      campaigns=tuple(campaigns), events=tuple(events), report_year=ctx.report_year)
