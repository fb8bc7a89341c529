"""Numbers, dates, normalisation and mentions: examples and properties (hypothesis)."""
import math
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from orgkg.builder.dates import lead_date, period_bounds, periods
from orgkg.builder.model import Document
from orgkg.builder.normalise import fold_tone, normalise
from orgkg.builder.numbers import parse_number, quantities
from orgkg.builder.pipeline import analyse


@pytest.mark.parametrize("text,value,unit,quals", [
    ("1.250 tỷ đồng", 1.25e12, "VND", ()), ("trên 107,226 tỷ đồng", 107226000000, "VND", ("over",)),
    ("1,2 nghìn tỷ đồng", 1.2e12, "VND", ()), ("gần 850 triệu đồng", 850000000, "VND", ("approximately",)),
    ("3,5 triệu USD", 3500000, "USD", ()), ("6,15 tỷ kWh", 6.15e9, "kWh", ()), ("6,15 tỉ kWh", 6.15e9, "kWh", ()),
    ("xấp xỉ 14,3 nghìn tỷ đồng", 14.3e12, "VND", ("approximately",)), ("chưa đến 2 giờ", 2, "hour", ("under",)),
    ("ước đạt 152,5 tỷ đồng", 152.5e9, "VND", ("estimated",)), ("khoảng 3.200", 3200, None, ("approximately",)),
    ("hai nghìn người", 2000, None, ()), ("dưới 3,7%", 3.7, "percent", ("under",)), ("45 ha", 45, "ha", ()),
])
def test_quantities(text, value, unit, quals):
    nt = normalise(text)
    q = quantities(nt.match)
    assert len(q) == 1
    assert math.isclose(q[0].value, value, rel_tol=1e-12) and q[0].unit == unit and q[0].qualifiers == quals


@pytest.mark.parametrize("text", ["0208.3855.247", "08.01.2021", "Covid-19", "4G", "1/3", "123/GP-BTTTT", "19:34, 08/01/2021"])
def test_not_quantities(text):
    nt = normalise(text)
    assert quantities(nt.match) == []


def test_parse_number_vietnamese_way():
    assert parse_number("1.250") == 1250 and parse_number("107,226") == 107.226 and parse_number("12.345") == 12345
    with pytest.raises(ValueError):
        parse_number("1.25")


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_round_trip(n):
    grouped = f"{n:,}".replace(",", ".")
    assert parse_number(grouped) == n


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list("0123456789.,/:% -") + ["tỷ", " đồng", " trên ", "gần ", "nghìn", "triệu", "hai", "%"]),
                max_size=40).map("".join))
def test_quantities_never_crash_and_are_finite(s):
    nt = normalise(s)
    for q in quantities(nt.match):
        assert math.isfinite(q.value) and 0 <= q.start < q.end <= len(s)


def test_dates_and_periods():
    assert lead_date("Ngày 25/12, X", None, 2019)[0] == "2019-12-25"
    assert lead_date("Ngày 8/1, X", None, 2020)[0] == "2021-01-08"
    assert lead_date("sáng 15/1/2021, X", None)[0] == "2021-01-15"
    assert lead_date("ngày 28 tháng 12 năm 2020, X", None)[0] == "2020-12-28"
    assert [p for p, _, _ in periods("giai đoạn 2016 - 2020")] == ["2016-2020"]
    assert [p for p, _, _ in periods("6 tháng đầu năm 2021")] == ["2021-H1"]
    assert [p for p, _, _ in periods("từ năm 2015 đến năm 2019")] == ["2015-2019"]
    assert period_bounds("2021-H1") == ("2021-01-01", "2021-06-30")


@given(st.text(max_size=30))
def test_lead_date_never_crashes(s):
    d, a, b = lead_date(s, 2020, 2020)
    assert d is None or len(d) == 10


def test_normalise_nfd_tone_quotes_spaces():
    nfd = unicodedata.normalize("NFD", "Hợp tác xã Thuý Hoà “Xanh”\u00a0năm")
    nt = normalise(nfd)
    assert nt.text == "Hợp tác xã Thuý Hoà “Xanh” năm"
    assert len(nt.match) == len(nt.text)
    assert fold_tone("hoá") == fold_tone("hóa") and fold_tone("Thuý") == fold_tone("Thúy")
    assert '"Xanh"' in nt.match


ARTICLE = """Công ty Điện lực Sơn Tây: doanh thu vượt kế hoạch

Sáng 15/1/2021, Công ty Điện lực Sơn Tây tổ chức hội nghị tổng kết năm 2020.

Năm 2020, doanh thu của Công ty đạt 1,2 nghìn tỷ đồng, vượt 7,5% kế hoạch, giảm 3,2% so với năm 2019. Lợi nhuận tăng 12% so với cùng kỳ. Sản lượng điện đạt 6,15 tỉ kWh, gấp 1,5 lần năm 2019. Công ty có hai nghìn khách hàng mới. Năm 2021, Công ty phấn đấu đạt doanh thu 1.300 tỷ đồng.

Hưởng ứng phong trào thi đua ‘Thi đua vì người nghèo’ và phong trào "Sáng tạo trẻ" do Tổng công ty Điện lực Hà Nội phát động, Công ty đã ủng hộ 500 triệu đồng.

Thừa ủy quyền của Chủ tịch nước, ông Nguyễn Văn Bình, Chủ tịch UBND thành phố Hà Nội trao Huân chương Lao động hạng Nhì cho Công ty Điện lực Sơn Tây vì đã có thành tích xuất sắc giai đoạn 2016 - 2020. Dịp này, Thủ tướng Chính phủ tặng Bằng khen cho 2 tập thể và 5 cá nhân. Bà Trần Thị Hoa, Phó Giám đốc Công ty được Bộ trưởng Bộ Công Thương tặng Bằng khen.
"""


def test_genre_article_written_for_the_tests():
    nt, sents, ex, r = analyse(Document(path="t.txt", text=ARTICLE))
    assert r.main.name == "Công ty Điện lực Sơn Tây"
    ms = {(m.indicator, m.is_target): m for m in ex.metrics}
    rev = ms[("revenue", False)]
    assert rev.value == 1.2e12 and rev.plan_percent == 107.5 and rev.growth_percent == -3.2 and rev.period == "2020"
    assert ms[("profit", False)].value is None and ms[("profit", False)].growth_percent == 12
    assert ms[("electricitySold", False)].growth_percent == 50 and ms[("electricitySold", False)].unit == "kWh"
    assert ms[("customers", False)].value == 2000
    assert ms[("revenue", True)].value == 1.3e12 and ms[("revenue", True)].period == "2021"
    awards = {(a.award_type, a.recipient_count): a for a in ex.awards}
    hc = awards[("HuanChuongLaoDongSecond", None)]
    assert r.org(hc.conferred_by).name == "Chủ tịch nước" and hc.period == "2016-2020"
    assert r.agent(hc.presented_by).name == "Nguyễn Văn Bình"
    assert r.org(awards[("BangKhen", 2)].conferred_by).name == "Thủ tướng Chính phủ"
    assert awards[("BangKhen", 5)].recipient_kind == "individual"
    person = [a for a in ex.awards if a.recipient_count is None and a.award_type.startswith("BangKhen")][0]
    assert r.agent(person.recipient).name == "Trần Thị Hoa" and r.org(person.conferred_by).name == "Bộ Công Thương"
    assert {c.name for c in ex.campaigns} == {"Sáng tạo trẻ", "Thi đua vì người nghèo"}
    sang_tao = next(c for c in ex.campaigns if c.name == "Sáng tạo trẻ")
    assert r.org(sang_tao.organiser).name == "Tổng công ty Điện lực Hà Nội"
    assert ex.events[0].date == "2021-01-15"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ARTICLE.split(" ")), max_size=80))
def test_extractor_never_crashes_on_mutated_text(words):
    text = " ".join(words)
    nt, sents, ex, r = analyse(Document(path="m.txt", text=text))
    for f in ex.metrics + ex.awards + ex.campaigns + ex.events:
        for ev in f.evidence:
            assert 0 <= ev.start <= ev.end <= len(nt.text)
    for m in ex.metrics:
        assert m.value is None or math.isfinite(m.value)


BANK_ARTICLE = """Ngân hàng Chính sách xã hội tỉnh Yên Bái tổng kết năm 2022

Năm 2022, Ngân hàng Chính sách xã hội tỉnh Yên Bái có 12.345 khách hàng vay vốn, tổng dư nợ đạt hơn 4,1 nghìn tỷ đồng, tăng 9,5% so với năm 2021.

Đơn vị tích cực hưởng ứng phong trào thi đua Vì người nghèo - Không để ai bị bỏ lại phía sau do Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam phát động.

Ngân hàng được Thống đốc Ngân hàng Nhà nước Việt Nam tặng Bằng khen vì đã có thành tích xuất sắc trong công tác giảm nghèo năm 2022.
"""


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_unquoted_campaign_participant_reason_and_counts(form):
    nt, sents, ex, r = analyse(Document(path="b.txt", text=unicodedata.normalize(form, BANK_ARTICLE)))
    bank = "Ngân hàng Chính sách xã hội tỉnh Yên Bái"
    assert r.main.name == bank
    ms = {m.indicator: m for m in ex.metrics}
    assert ms["customers"].value == 12345 and ms["customers"].unit in (None, "count")
    loans = ms["loans"]
    assert loans.value == 4.1e12 and "over" in loans.qualifiers and loans.growth_percent == 9.5 and loans.period == "2022"
    (c,) = ex.campaigns
    assert c.name == "Vì người nghèo - Không để ai bị bỏ lại phía sau"
    assert r.org(c.organiser).name == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam" and r.org(c.participant).name == bank
    (a,) = ex.awards
    assert a.award_type == "BangKhen" and r.agent(a.recipient).name == bank
    assert r.org(a.conferred_by).name == "Ngân hàng Nhà nước Việt Nam"
    assert a.reason.startswith("thành tích xuất sắc trong công tác giảm nghèo")


def test_passive_award_after_a_clause_with_dat_duoc():
    """"đạt được" in an opening clause is not the passive "được" of the award."""
    text = ("Công ty Cấp nước Thử Nghiệm tổng kết năm 2022\n\n"
            "Với những kết quả đạt được, Công ty Cấp nước Thử Nghiệm vinh dự được Chủ tịch Ủy ban nhân dân "
            "tỉnh Thử Nghiệm tặng Cờ thi đua vì đã có thành tích xuất sắc trong công tác năm 2022.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    [award] = ex.awards
    assert award.award_type == "CoThiDua"
    assert r.org(award.recipient).name == "Công ty Cấp nước Thử Nghiệm"
    assert r.org(award.conferred_by).name == "Ủy ban nhân dân tỉnh Thử Nghiệm"


def test_a_clause_that_leaves_out_the_recipient_confers_on_the_subject():
    """"X được A tặng …; B tặng …" and "…, B tặng …": the second award is X's too; with its own "cho …" it is not."""
    text = ("Công ty Cấp nước Thử Nghiệm tổng kết năm 2022\n\n"
            "Công ty Cấp nước Thử Nghiệm vinh dự được Chủ tịch nước tặng Huân chương Lao động hạng Nhì; "
            "Bộ Xây dựng tặng Cờ thi đua xuất sắc. Dịp này, Ủy ban nhân dân tỉnh Thử Nghiệm tặng Bằng khen cho 4 tập thể.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((a.award_type, r.org(a.recipient).name if a.recipient_count is None else a.recipient_count,
                  r.org(a.conferred_by).name) for a in ex.awards)
    assert got == [("BangKhen", 4, "Ủy ban nhân dân tỉnh Thử Nghiệm"),
                   ("CoThiDua", "Công ty Cấp nước Thử Nghiệm", "Bộ Xây dựng"),
                   ("HuanChuongLaoDongSecond", "Công ty Cấp nước Thử Nghiệm", "Chủ tịch nước")]


def test_a_head_inside_the_main_name_and_a_name_without_its_national_ending_resolve():
    """"Chi nhánh" is "Ngân hàng Thử Chi nhánh tỉnh X"; "Ngân hàng Nhà nước" is "Ngân hàng Nhà nước Việt Nam"."""
    text = ("Ngân hàng Thử Chi nhánh tỉnh Thử Nghiệm tổng kết năm 2022\n\n"
            "Thừa ủy quyền của Thống đốc Ngân hàng Nhà nước Việt Nam, lãnh đạo Ngân hàng Nhà nước trao Cờ thi đua của "
            "Ngân hàng Nhà nước cho Ngân hàng Thử Chi nhánh tỉnh Thử Nghiệm. Chi nhánh cũng được Ủy ban nhân dân tỉnh "
            "Thử Nghiệm tặng Bằng khen vì có thành tích xuất sắc năm 2022.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((a.award_type, r.org(a.recipient).name, r.org(a.conferred_by).name) for a in ex.awards)
    assert got == [("BangKhen", "Ngân hàng Thử Chi nhánh tỉnh Thử Nghiệm", "Ủy ban nhân dân tỉnh Thử Nghiệm"),
                   ("CoThiDua", "Ngân hàng Thử Chi nhánh tỉnh Thử Nghiệm", "Ngân hàng Nhà nước Việt Nam")]


def test_an_amount_of_change_is_not_a_figure_and_coordinated_awards_share_the_subject():
    text = ("Hợp tác xã Thử Nghiệm tổng kết năm 2021\n\n"
            "Năm 2021, doanh thu của Hợp tác xã Thử Nghiệm đạt 12 tỷ đồng, bằng 105% so với kế hoạch, "
            "tăng 1,2 tỷ đồng so với năm trước. "
            "Dịp này, Hợp tác xã Thử Nghiệm vinh dự đón nhận Cờ thi đua của Ủy ban nhân dân tỉnh Thử Nghiệm "
            "và danh hiệu Tập thể lao động xuất sắc năm 2021.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.indicator, m.value, m.plan_percent) for m in ex.metrics] == [("revenue", 12e9, 105.0)]
    assert sorted((a.award_type, r.org(a.recipient).name) for a in ex.awards) == [
        ("CoThiDuaTinh", "Hợp tác xã Thử Nghiệm"), ("TapTheLaoDongXuatSac", "Hợp tác xã Thử Nghiệm")]


def test_a_plan_ratio_before_its_figure_and_campaigns_listed_before_their_organiser():
    text = ("Viễn thông Thử Nghiệm tổng kết năm 2019\n\n"
            "Kết thúc năm 2019, Viễn thông Thử Nghiệm hoàn thành 100,5% kế hoạch doanh thu, đạt 520 tỷ đồng. "
            'Đơn vị hưởng ứng các phong trào thi đua "Văn hóa doanh nghiệp" và "Xanh - Sạch - Đẹp" do Tập đoàn '
            "Thử Nghiệm phát động.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.indicator, m.value, m.plan_percent) for m in ex.metrics] == [("revenue", 520e9, 100.5)]
    assert sorted((c.name, r.org(c.organiser).name) for c in ex.campaigns) == [
        ("Văn hóa doanh nghiệp", "Tập đoàn Thử Nghiệm"), ("Xanh - Sạch - Đẹp", "Tập đoàn Thử Nghiệm")]


def test_cubic_metres_and_words_that_only_start_like_a_unit():
    text = ("Công ty Cổ phần Cấp thoát nước Thử Nghiệm tổng kết năm 2020\n\n"
            "Năm 2020, sản lượng nước sạch sản xuất đạt 42,6 triệu m3, tăng 6 % so với năm 2019. "
            "Công ty đã lắp đặt mới 8.250 đồng hồ nước cho khách hàng.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    # "đồng hồ" only starts like the unit "đồng": the meters are a count of their noun, not money
    assert [(m.value, m.unit, m.growth_percent) for m in ex.metrics] == [(42.6e6, "m3", 6.0), (8250, "count", None)]
    assert ex.metrics[1].indicator_label.startswith("đồng hồ nước")
    assert (r.org(ex.metrics[0].subject) or r.main).name == "Công ty Cổ phần Cấp thoát nước Thử Nghiệm"


def test_a_named_recipient_followed_by_counted_groups():
    text = ("Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022\n\n"
            "Thủ tướng Chính phủ tặng Bằng khen cho Bưu điện tỉnh Thử Nghiệm và 2 cá nhân.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((str(r.org(a.recipient).name if a.recipient_count is None else a.recipient_count), a.award_type)
                 for a in ex.awards)
    assert got == [("2", "BangKhen"), ("Bưu điện tỉnh Thử Nghiệm", "BangKhen")]


def test_a_share_of_last_years_figure_is_growth_and_a_share_of_plan_is_not():
    text = ("Ngân hàng Thử Nghiệm tổng kết năm 2021\n\n"
            "Năm 2021, lợi nhuận sau thuế của Ngân hàng Thử Nghiệm đạt 5,6 tỷ đồng, bằng 110% so với cùng kỳ. "
            "Doanh thu đạt 40 tỷ đồng, bằng 97,5% so với kế hoạch.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((m.indicator, m.value, m.plan_percent, m.growth_percent) for m in ex.metrics)
    assert got == [("profit", 5.6e9, None, 10.0), ("revenue", 40e9, 97.5, None)]


def test_coordinated_organisations_stay_apart_and_a_breakdown_by_organisation():
    text = ("Sở Thông tin và Truyền thông tỉnh Thử Nghiệm tổng kết năm 2022\n\n"
            "Năm 2022, tổng doanh thu toàn ngành đạt 3.200 tỷ đồng. Trong đó, Viễn thông Thử Nghiệm đạt doanh thu "
            "650 tỷ đồng; Viettel Thử Nghiệm đạt 1.100 tỷ đồng. Dịp này, Ủy ban nhân dân tỉnh Thử Nghiệm tặng Bằng khen "
            "cho Viễn thông Thử Nghiệm và Bưu điện tỉnh Thử Nghiệm.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    parts = sorted(((r.org(m.subject) or r.main).name, m.value, m.indicator_label) for m in ex.metrics if m.part_of)
    assert parts == [("Viettel Thử Nghiệm", 1100e9, None), ("Viễn thông Thử Nghiệm", 650e9, None)]
    assert sorted(r.org(a.recipient).name for a in ex.awards) == ["Bưu điện tỉnh Thử Nghiệm", "Viễn thông Thử Nghiệm"]
    assert "Sở Thông tin và Truyền thông tỉnh Thử Nghiệm" in {o.name for o in r.orgs.values()}


def test_figures_up_to_a_date_take_its_year_and_a_compared_year_is_not_the_period():
    text = ("Bưu điện tỉnh Thử Nghiệm: 11 tháng đạt 92% kế hoạch doanh thu\n\n"
            "Tính đến hết tháng 11/2023, tổng doanh thu của Bưu điện tỉnh Thử Nghiệm đạt 210 tỷ đồng, bằng 92% kế hoạch "
            "năm, tăng 14% so với cùng kỳ năm 2022.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.value, m.period, m.plan_percent, m.growth_percent) for m in ex.metrics] == [(210e9, "2023", 92.0, 14.0)]


def test_parts_of_a_year_are_the_period_of_their_paragraph():
    text = ("Điện lực Thử Nghiệm sơ kết 6 tháng đầu năm 2024\n\n"
            "6 tháng đầu năm 2024, điện thương phẩm của Công ty Điện lực Thử Nghiệm ước đạt 610 triệu kWh, tăng 9,8% "
            "so với cùng kỳ. Doanh thu đạt 1.200 tỷ đồng. Trong quý II, Công ty đã phát triển mới 3.400 khách hàng.\n\n"
            "Quý I/2024, Công ty đạt lợi nhuận 12 tỷ đồng.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.value, m.period) for m in ex.metrics] == [(610e6, "2024-H1"), (1200e9, "2024-H1"), (3400, "2024"),
                                                         (12e9, "2024-Q1")]


def test_qu_is_a_consonant_when_tones_are_folded():
    assert fold_tone("quý, Quý, thuý, hoá, khoẻ") == "quý, Quý, thúy, hóa, khỏe"


def test_a_role_after_a_dash_and_an_abbreviated_corporation():
    text = ("Bưu điện tỉnh Thử Nghiệm tổng kết năm 2021\n\n"
            "Bưu điện tỉnh Thử Nghiệm được Bộ trưởng Bộ TT&TT tặng Bằng khen; bà Lò Thị Mai - Phó Giám đốc Bưu điện "
            "tỉnh được Tổng Giám đốc TCT Bưu điện Việt Nam tặng Bằng khen.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((r.agent(a.recipient).name, r.org(a.conferred_by).iri.rsplit("/", 1)[1]) for a in ex.awards)
    assert got == [("Bưu điện tỉnh Thử Nghiệm", "bo-thong-tin-va-truyen-thong"),
                   ("Lò Thị Mai", "tong-cong-ty-buu-dien-viet-nam")]


def test_a_state_order_handed_over_by_a_province_is_the_presidents():
    text = ("Viễn thông Thử Nghiệm tổng kết năm 2019\n\n"
            "Thay mặt lãnh đạo tỉnh, ông Lê Văn Cường, Phó Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm trao Huân chương "
            "Lao động hạng Nhì cho Viễn thông Thử Nghiệm. Ủy ban nhân dân tỉnh Thử Nghiệm tặng Bằng khen cho 3 tập thể.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = {a.award_type: (r.org(a.conferred_by).name, r.agent(a.presented_by).name if a.presented_by else None)
           for a in ex.awards}
    assert got == {"HuanChuongLaoDongSecond": ("Chủ tịch nước", "Ủy ban nhân dân tỉnh Thử Nghiệm"),
                   "BangKhen": ("Ủy ban nhân dân tỉnh Thử Nghiệm", None)}


def test_a_growth_rate_stated_with_a_verb_is_growth_not_plan():
    text = ("Ngân hàng Thử Nghiệm tổng kết năm 2022\n\n"
            "Năm 2022, nguồn vốn huy động của Ngân hàng Thử Nghiệm đạt 1.850 tỷ đồng, tăng 152 tỷ đồng so với đầu năm, "
            "tốc độ tăng trưởng đạt 8,9%.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.value, m.plan_percent, m.growth_percent) for m in ex.metrics] == [(1850e9, None, 8.9)]


def test_a_brands_local_unit_belongs_to_the_brand():
    text = ("Agribank chi nhánh tỉnh Thử Nghiệm tổng kết năm 2022\n\n"
            "Năm 2022, nguồn vốn huy động của Agribank chi nhánh tỉnh Thử Nghiệm đạt 1.850 tỷ đồng.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert r.main.name == "Agribank chi nhánh tỉnh Thử Nghiệm" and r.main.part_of.name == "Agribank"


def test_an_event_dated_with_dots_and_named_without_the_full_stop():
    text = ("Bưu điện tỉnh Thử Nghiệm tổng kết năm 2023\n\n"
            "Cập nhật: 15.01.2024 09:30 | Lượt xem: 1.245\n\n"
            "Ngày 12.1.2024, Bưu điện tỉnh Thử Nghiệm tổ chức hội nghị tổng kết năm 2023.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(e.date, e.label) for e in ex.events] == [("2024-01-12", "hội nghị tổng kết năm 2023")]
    assert ex.metrics == ()


def test_a_second_passive_award_keeps_the_sentences_subject():
    text = ("Công ty Môi trường Thử Nghiệm tổng kết năm 2022\n\n"
            "Công ty Môi trường Thử Nghiệm vinh dự được Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm tặng Cờ thi đua năm 2022 "
            "và được Bộ Xây dựng tặng Bằng khen.\n")
    nt, sents, ex, r = analyse(Document(path="t.txt", text=text))
    got = sorted((a.award_type, r.org(a.recipient).name, r.org(a.conferred_by).name) for a in ex.awards)
    assert got == [("BangKhen", "Công ty Môi trường Thử Nghiệm", "Bộ Xây dựng"),
                   ("CoThiDua", "Công ty Môi trường Thử Nghiệm", "Ủy ban nhân dân tỉnh Thử Nghiệm")]


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(VIET + VIET.upper() + "0123456789 .,;:%\"'()-–\n/")), max_size=400))
def test_extractor_never_crashes_on_random_text(text):
    """Random Vietnamese-alphabet text: no exception, finite values, spans inside the document."""
    nt, sents, ex, r = analyse(Document(path="r.txt", text=text))
    for f in ex.metrics + ex.awards + ex.campaigns + ex.events:
        for ev in f.evidence:
            assert 0 <= ev.start <= ev.end <= len(nt.text)
    for m in ex.metrics:
        assert m.value is None or math.isfinite(m.value)
        assert m.plan_percent is None or math.isfinite(m.plan_percent)
        assert m.growth_percent is None or math.isfinite(m.growth_percent)
