"""The stages pass frozen values forward; resolution is complete before mapping."""
import dataclasses

import pytest

from orgkg.builder.model import Document
from orgkg.builder.pipeline import analyse, process_document

# invented: the short "Bưu điện tỉnh" is named only as the organiser of a campaign
ARTICLE = ("Bưu điện tỉnh Thử Nghiệm tổng kết năm 2023\n\n"
           "Năm 2023, Bưu điện tỉnh Thử Nghiệm đạt doanh thu 120 tỷ đồng, bằng 104% kế hoạch.\n\n"
           "Các bưu cục hưởng ứng phong trào thi đua \"Ngày hội giao dịch xanh\" do Bưu điện tỉnh phát động.\n")


def test_facts_and_entities_are_frozen():
    nt, sents, ex, res = analyse(Document(path="t.txt", text=ARTICLE))
    mt = ex.metrics[0]
    assert mt.value == 120e9 and mt.plan_percent == 104
    for value, attr in ((ex, "metrics"), (mt, "value"), (ex.campaigns[0], "organiser"), (res.main, "aliases")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, attr, None)
    assert isinstance(ex.metrics, tuple) and isinstance(mt.evidence, tuple)


def test_an_alias_met_only_as_a_campaign_organiser_reaches_the_graph():
    nt, sents, ex, res = analyse(Document(path="t.txt", text=ARTICLE))
    (c,) = ex.campaigns
    assert res.org(c.organiser) is res.main and "Bưu điện tỉnh" in res.main.aliases
    nq = process_document(Document(path="t.txt", text=ARTICLE)).entities.decode()
    assert '<http://www.w3.org/2004/02/skos/core#altLabel> "Bưu điện tỉnh"@vi' in nq


def test_the_resolution_only_reads():
    from orgkg.builder.model import OrgMention
    nt, sents, ex, res = analyse(Document(path="t.txt", text=ARTICLE))
    with pytest.raises(KeyError, match="not resolved before mapping"):
        res.org(OrgMention(start=0, end=3, surface="Sở Mới", kind="full"))
