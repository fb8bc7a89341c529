"""The kinds of phrasing of real news pages (issue 17, items 1-11), each on invented sentences.

Every organisation, person, figure and title here is invented for the test.
"""
import pytest

from orgkg.builder.model import Document
from orgkg.builder.pipeline import analyse, process_document


def run(body: str, headline: str = "Công ty Thử Nghiệm tổng kết năm 2022"):
    return analyse(Document(path="t.txt", text=f"{headline}\n\n{body}\n"))


def awards(ex, r):
    out = []
    for a in ex.awards:
        rec = r.agent(a.recipient) if a.recipient_count is None else None
        out.append((a.award_type, a.title, rec.name if rec else (a.recipient_count, a.recipient_noun),
                    r.org(a.conferred_by).name if r.org(a.conferred_by) else None))
    return out


def metrics(ex, r):
    return [(m.indicator, m.indicator_label, m.value, m.unit, (r.org(m.subject) or r.main).name if (r.org(m.subject) or r.main) else None)
            for m in ex.metrics]


# 1. a flag with a title in quotes, or a title with the body after "của"
def test_kind1_a_flag_named_by_its_title():
    nt, s, ex, r = run("Ngày 10/1, Bộ Thử Thách trao Cờ “Đơn vị dẫn đầu phong trào thi đua năm 2022” cho Công ty Thử Nghiệm. "
                       "Công ty cũng nhận Cờ đơn vị xuất sắc trong phong trào thi đua của Tổng công ty Mẫu Hình.")
    assert awards(ex, r) == [
        ("CoThiDua", "Đơn vị dẫn đầu phong trào thi đua năm 2022", "Công ty Thử Nghiệm", "Bộ Thử Thách"),
        ("CoThiDua", "đơn vị xuất sắc trong phong trào thi đua", "Công ty Thử Nghiệm", "Tổng công ty Mẫu Hình")]


# 2. presenter, award, conferrer and recipients in one clause
def test_kind2_a_presenter_hands_over_another_bodys_award():
    nt, s, ex, r = run("Ông Lê Văn Minh, Phó Chủ tịch UBND tỉnh Thử Nghiệm, trao Bằng khen của Thủ tướng Chính phủ cho 4 tập thể "
                       "và 9 cá nhân của Công ty Thử Nghiệm.")
    got = [(a.recipient_count, r.org(a.conferred_by).name, r.agent(a.presented_by).name) for a in ex.awards]
    assert got == [(4, "Thủ tướng Chính phủ", "Lê Văn Minh"), (9, "Thủ tướng Chính phủ", "Lê Văn Minh")]


# 3. the recipient carried over, and an award with no recipient in an article about one organisation
def test_kind3_the_recipient_is_carried_over_or_is_the_article_s_organisation():
    nt, s, ex, r = run("Bưu điện tỉnh Thử Nghiệm vinh dự nhận Cờ thi đua của Bộ Thử Thách; UBND tỉnh Thử Nghiệm cũng tặng Bằng khen.",
                       headline="Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022")
    assert awards(ex, r) == [("CoThiDuaBo", None, "Bưu điện tỉnh Thử Nghiệm", "Bộ Thử Thách"),
                             ("BangKhen", None, "Bưu điện tỉnh Thử Nghiệm", "UBND tỉnh Thử Nghiệm")]
    nt, s, ex, r = run("Sáng 5/3, Công ty Thử Nghiệm tổ chức lễ kỷ niệm 30 năm thành lập. Tại buổi lễ, vinh dự đón nhận Huân chương "
                       "Lao động hạng Ba của Nhà nước.")
    assert awards(ex, r) == [("HuanChuongLaoDongThird", None, "Công ty Thử Nghiệm", "Chủ tịch nước")]


# 4. a state honour described, not conferred with a verb: the President's by law, stated once
def test_kind4_a_state_honour_said_twice_is_one_conferral_of_the_president():
    nt, s, ex, r = run("Huyện Thử Nghiệm được Đảng và Nhà nước tặng thưởng Huân chương Lao động hạng Nhì. Huân chương Lao động "
                       "hạng Nhì là phần thưởng cao quý của Đảng, Nhà nước. Huyện Thử Nghiệm vinh dự đón nhận Huân chương Lao "
                       "động hạng Nhì.", headline="Huyện Thử Nghiệm đón nhận Huân chương Lao động hạng Nhì")
    assert awards(ex, r) == [("HuanChuongLaoDongSecond", None, "Huyện Thử Nghiệm", "Chủ tịch nước")]


# 5. more award forms: a list with one conferrer, prizes, titles, commemorative medals, groups
def test_kind5_more_award_forms():
    nt, s, ex, r = run("Công ty Thử Nghiệm được tặng Cờ thi đua, Bằng khen và Giấy khen của Tổng công ty Mẫu Hình. "
                       "Nhân dịp này, 12 cán bộ nhận Kỷ niệm chương Vì sự nghiệp ngành Thử. Tại hội thi, công nhân Trần Văn "
                       "Bình đoạt giải Nhất. 3 tập thể và 5 cá nhân được công nhận là Chiến sĩ thi đua cơ sở.")
    got = awards(ex, r)
    assert got[:3] == [(code, None, "Công ty Thử Nghiệm", "Tổng công ty Mẫu Hình") for code in ("CoThiDua", "BangKhen", "GiayKhen")]
    assert ("KyNiemChuong", None, (12, "cán bộ"), None) in got
    assert ("GiaiNhat", None, "Trần Văn Bình", None) in got
    assert ("ChienSiThiDuaCoSo", "Chiến sĩ thi đua cơ sở", (3, "tập thể"), None) in got
    assert ("ChienSiThiDuaCoSo", "Chiến sĩ thi đua cơ sở", (5, "cá nhân"), None) in got


# 6. the subject of a figure: the main organisation even when the page never names its province,
#    never the place of the meeting; names keep their lower-case words
def test_kind6_the_subject_is_the_organisation_the_page_is_about():
    nt, s, ex, r = run("(TN) - Ngày 10/1, Bưu điện tỉnh tổ chức hội nghị tổng kết năm 2022 tại Trung tâm Hội nghị Thử Nghiệm. "
                       "Năm 2022, Bưu điện tỉnh đạt tổng doanh thu 96 tỷ đồng.", headline=".")
    assert r.main.name == "Bưu điện tỉnh" and metrics(ex, r) == [("revenue", None, 96e9, "VND", "Bưu điện tỉnh")]
    other = run("(TN) - Ngày 10/1, Bưu điện tỉnh tổ chức hội nghị.", headline=".")[3]
    assert other.main.iri != r.main.iri     # an incomplete name is the document's own organisation
    nt, s, ex, r = run("Hợp tác xã Nông nghiệp và Dịch vụ tổng hợp Thử Nghiệm có 320 thành viên.")
    assert metrics(ex, r) == [("members", None, 320, "count", "Hợp tác xã Nông nghiệp và Dịch vụ tổng hợp Thử Nghiệm")]


# 7. numbers: compound scales, no thousands dot, units glued to the number, counts of any noun
def test_kind7_numbers_of_real_pages():
    nt, s, ex, r = run("Năm 2022, doanh thu đạt 2 triệu tỷ đồng; sản lượng điện đạt 2.345,6 triệu kWh; công suất 45.000m3/ngày đêm; "
                       "có 1534 khách hàng; xây mới 48 lối đi và 12 căn nhà tình nghĩa.")
    got = [(m.indicator, m.indicator_label, m.value, m.unit) for m in ex.metrics]
    assert got == [("revenue", None, 2e15, "VND"), ("electricitySold", None, 2.3456e9, "kWh"), ("other", "công suất", 45000, "m3"),
                   ("customers", None, 1534, "count"), ("count", "lối đi", 48, "count"),
                   ("count", "căn nhà tình nghĩa", 12, "count")]


def test_kind7_a_count_out_of_a_total_and_a_fraction_that_is_not():
    nt, s, ex, r = run("Năm 2022, 8/10 xã đạt chuẩn nông thôn mới; ngày 8/10 khai trương cửa hàng; chưa đến 1/3 diện tích được tưới.")
    assert [(m.value, m.unit) for m in ex.metrics] == [(8, "count")]
    assert ex.metrics[0].evidence[0].start == nt.text.index("8/10 xã")


def test_kind7_a_count_is_not_a_time_a_name_or_an_award_s_recipients():
    nt, s, ex, r = run("Sau 5 năm, Trung đoàn 952 và Quân khu 9 có 3 tập thể được tặng Bằng khen; cơn bão số 9 gây thiệt hại.")
    assert [m.value for m in ex.metrics] == []
    nt, s, ex, r = run("Công ty có 1 Đội xe và 02 Tổ bảo trì được nhận Cờ nhất, cùng 41 huân chương các loại; mỗi suất học bổng "
                       "800 nghìn đồng. Ước đến cuối năm, công ty sẽ vượt kế hoạch sản lượng khoảng 6%.")
    assert [m.value for m in ex.metrics if not m.is_target] == []


# 8. ratios: a share, growth against a year, a share of plan
def test_kind8_ratios():
    nt, s, ex, r = run("Năm 2022, nợ xấu chiếm 0,8% tổng dư nợ. Doanh thu tăng 45% so với năm 2012. Lợi nhuận thực hiện bằng "
                       "104% kế hoạch.", headline="Ngân hàng Thử Nghiệm tổng kết năm 2022")
    got = [(m.indicator, m.value, m.plan_percent, m.growth_percent, m.compared_period) for m in ex.metrics]
    assert got == [("nplRatio", 0.8, None, None, None), ("revenue", None, None, 45, "2012"), ("profit", None, 104, None, None)]


def test_kind8_a_growth_in_a_clause_of_its_own_is_not_the_figure_before():
    nt, s, ex, r = run("Năm 2022, giá trị sản xuất ngành thủy sản đạt 2.350 tỷ đồng; ngành công nghiệp - xây dựng có mức tăng "
                       "trưởng bình quân 11,2%/năm; quy mô lưới điện tăng gấp 17 lần so với năm 1981.")
    got = [(m.value, m.growth_percent, m.compared_period) for m in ex.metrics]
    assert got == [(2350e9, None, None), (None, 11.2, None), (None, 1600, "1981")]


# 9. periods: cumulative figures take the span, a range that opens a sentence is its period
def test_kind9_periods_of_spans():
    nt, s, ex, r = run("Lũy kế 15 năm, Công ty Thử Nghiệm đã lắp đặt 5.000 km đường ống. Giai đoạn 2016-2020, doanh thu đạt 800 tỷ "
                       "đồng. Đến cuối năm 2023, công ty có 320 lao động.", headline="Công ty Thử Nghiệm tổng kết năm 2023")
    assert [(m.value, m.period) for m in ex.metrics] == [(5000, "2009-2023"), (800e9, "2016-2020"), (320, "2023")]


# 10. campaigns without quotes; a slogan in quotes is no campaign
def test_kind10_campaigns_without_quotes():
    nt, s, ex, r = run("Công ty Thử Nghiệm phát động thi đua 100 ngày đêm về đích trước kế hoạch năm 2023. Công ty hưởng ứng Tháng "
                       "hành động vì an toàn lao động. Trong phong trào thi đua lao động sáng tạo, tiết kiệm vật tư, công ty có "
                       "40 sáng kiến. Công ty giữ vững khẩu hiệu “Khách hàng là trên hết”.")
    assert [c.name for c in ex.campaigns] == ["100 ngày đêm về đích trước kế hoạch năm 2023",
                                              "Tháng hành động vì an toàn lao động", "lao động sáng tạo, tiết kiệm vật tư"]
    assert r.org(ex.campaigns[0].organiser).name == "Công ty Thử Nghiệm"


def test_kind10_an_abbreviated_name_in_the_headline_is_the_campaign_of_the_body():
    nt, s, ex, r = run("Ngày 12/3, Công ty Thử Nghiệm kiểm tra phong trào Kỷ cương – Trách nhiệm – An toàn tại các ga.",
                       headline="Lãnh đạo kiểm tra phong trào KC-TN-AT và thăm hỏi công nhân")
    assert [(c.name, len(c.evidence)) for c in ex.campaigns] == [("Kỷ cương – Trách nhiệm – An toàn", 2)]


# 11. page furniture: a lead printed twice, a caption that repeats it, an image widget, a headline in capitals
def test_kind11_page_furniture_gives_one_fact_and_none_of_its_own():
    text = ("CONG TY THU NGHIEM DAT DOANH THU 120 TY DONG\n\n"
            "Năm 2022, Công ty Thử Nghiệm đạt doanh thu 120 tỷ đồng.\n\n"
            "Năm 2022, Công ty Thử Nghiệm đạt doanh thu 120 tỷ đồng.\n\n"
            "Ảnh: Công ty Thử Nghiệm đạt doanh thu 77 tỷ đồng\n\n"
            "![](/file/0a1b2c/2023/20251118094402.jpg?width=400)\n")
    nt, s, ex, r = analyse(Document(path="t.txt", text=text))
    assert [(m.value, len(m.evidence)) for m in ex.metrics] == [(120e9, 2)]
    nq = process_document(Document(path="t.txt", text=text)).nquads.decode()
    assert nq.count("MetricObservation>") == 1


def test_kind6_a_name_after_a_role_ends_before_the_person():
    from orgkg.builder.normalise import normalise
    from orgkg.builder.orgs import org_mentions
    for text, name in (("Phó Chủ tịch UBND tỉnh Thử Nghiệm Trần Văn Mẫu phát biểu.", "UBND tỉnh Thử Nghiệm"),
                       ("Chủ tịch Tổng công ty Mẫu Hình Vũ Quang Thử kiểm tra.", "Tổng công ty Mẫu Hình"),
                       ("Trường Trung học Lê Văn Mẫu đạt chuẩn.", "Trường Trung học Lê Văn Mẫu"),
                       ("Trung đoàn 123 hoàn thành nhiệm vụ.", "Trung đoàn 123")):
        nt = normalise(text)
        assert [o.surface for o in org_mentions(nt.match, 0, len(text), nt.text)] == [name]


def test_kind6_a_name_without_its_head_is_the_same_organisation():
    nt, s, ex, r = run("Tại đại hội, Công ty Than Mỏ Mẫu vinh dự nhận nhiều phần thưởng. Than Mỏ Mẫu được Tập đoàn Thử Nghiệm "
                       "tặng Cờ thi đua.")
    assert awards(ex, r) == [("CoThiDua", None, "Công ty Than Mỏ Mẫu", "Tập đoàn Thử Nghiệm")]


def test_kind5_a_counted_group_then_the_list_of_its_members():
    nt, s, ex, r = run("Liên minh Hợp tác xã tỉnh Thử Nghiệm trao Cờ thi đua của UBND tỉnh Thử Nghiệm cho hai tập thể dẫn đầu, "
                       "gồm Hợp tác xã Mẫu Một và Hợp tác xã Mẫu Hai.")
    assert [(x[2], x[3]) for x in awards(ex, r)] == [("Hợp tác xã Mẫu Một", "UBND tỉnh Thử Nghiệm"),
                                                     ("Hợp tác xã Mẫu Hai", "UBND tỉnh Thử Nghiệm")]


def test_kind9_a_page_without_the_word_nam_takes_the_year_its_dates_give():
    nt, s, ex, r = run("Ngày 2.3.2021, Hội Thử Nghiệm tổng kết đợt tình nguyện mùa đông 2021 (so với 2020) và thu hút 1.200 đoàn viên.",
                       headline="Hội Thử Nghiệm tổng kết đợt tình nguyện")
    assert [(m.value, m.period) for m in ex.metrics] == [(1200, "2021")]
    nt, s, ex, r = run("Hội Thử Nghiệm tổng kết giai đoạn (2006-2010): 300 hộ tham gia.", headline="Hội Thử Nghiệm tổng kết")
    assert ex.report_year == 2010


# 8. a change of an amount stated alone is a figure that says it is a change; after its level it is not one
def test_kind8_a_change_of_an_amount_with_no_level_is_kept_as_a_change():
    nt, s, ex, r = run("Giá trị sản xuất đạt 900 tỷ đồng; tổng thu ngân sách tăng hơn 58 tỷ đồng so với năm 2015.")
    assert [(m.indicator_label, m.value, m.qualifiers) for m in ex.metrics][1:] == [("tổng thu ngân sách tăng", 58e9, ("over",))]
    nt, s, ex, r = run("Doanh thu đạt 12 tỷ đồng, tăng 1,2 tỷ đồng so với năm trước.")
    assert [m.value for m in ex.metrics] == [12e9]


# 8. a share named by the noun after it ("hơn 90% xã"), and a rate's level after "tỷ lệ … đạt" (not a share of plan)
def test_kind8_a_share_of_a_noun_and_the_level_of_a_rate():
    nt, s, ex, r = run("Công ty nhận hơn 12.600 đơn hàng, trong đó khoảng 45% đơn hàng trực tuyến. Có trên 97% nữ công nhân đạt "
                       "danh hiệu thợ giỏi. Tỷ lệ khách hàng hài lòng đạt 99,71%.")
    assert [(m.indicator_label, m.value, m.unit) for m in ex.metrics] == [
        (None, 12600, "count"), ("đơn hàng trực tuyến", 45, "percent"), ("nữ công nhân", 97, "percent"),
        ("Tỷ lệ khách hàng hài lòng", 99.71, "percent")]
    nt, s, ex, r = run("Doanh thu đạt 50 tỷ đồng, đạt 101% kế hoạch.")
    assert [(m.value, m.plan_percent) for m in ex.metrics] == [(50e9, 101)]


# 6. a national body that opens the lead and acts on its own is the page's subject; one that confers is not
def test_kind6_a_national_body_that_organises_is_the_subject_one_that_confers_is_not():
    nt, s, ex, r = run("Tối 15-10, tại TP HCM, Bộ Tài chính tổ chức lễ trao giải cuộc thi Kho bạc mẫu mực. Cuộc thi do Cục Quản lý "
                       "Mẫu, chữa bệnh phối hợp triển khai, thu hút gần 1.500 cơ sở y tế. Bộ Tài chính cảm ơn các đơn vị.",
                       headline="Trao giải cuộc thi Kho bạc mẫu mực")
    assert r.main.name == "Bộ Tài chính"
    nt, s, ex, r = run("Tối 14/5, Thủ tướng Chính phủ trao Huân chương Lao động hạng Nhì cho Công ty Thử Nghiệm.",
                       headline="Lễ kỷ niệm 40 năm thành lập")
    assert r.main.name == "Công ty Thử Nghiệm"


# 5. a list of honours: a bulleted line "- Bằng khen của A, B, C và D" gives one award from each body, to the page's organisation
def test_kind5_one_award_from_each_body_of_a_list_of_conferrers():
    nt, s, ex, r = run("Công ty Thử Nghiệm tạo việc làm cho 64 lao động. - Bằng khen của UBND tỉnh, Bộ Tài chính, "
                       "Liên minh Hợp tác xã Việt Nam và UBND huyện.")
    assert sorted(awards(ex, r), key=lambda a: a[3]) == [
        ("BangKhen", None, "Công ty Thử Nghiệm", "Bộ Tài chính"), ("BangKhen", None, "Công ty Thử Nghiệm", "Liên minh Hợp tác xã Việt Nam"),
        ("BangKhen", None, "Công ty Thử Nghiệm", "UBND huyện"), ("BangKhenTinh", None, "Công ty Thử Nghiệm", "UBND tỉnh")]
    assert [m.value for m in ex.metrics] == [64]


# 6. a body written in lower case with its level ("lực lượng công an tỉnh") is the page's body, named in full later
def test_kind6_a_lower_case_body_opens_the_page():
    nt, s, ex, r = run("Hưởng ứng phong trào, lực lượng công an tỉnh đã cảm hóa gần 300 người lầm lỗi. Quần chúng đã cung cấp hơn "
                       "1.600 tin báo.\n\nÔng Lê Văn Minh, Phó Chủ tịch UBND tỉnh Thử Nghiệm, nhấn mạnh: Công an tỉnh Thử Nghiệm "
                       "đã được Nhà nước trao tặng huân chương Chiến công hạng Nhất.", headline="Tổng kết phong trào toàn dân")
    assert r.main.name == "Công an tỉnh Thử Nghiệm"
    assert {x[4] for x in metrics(ex, r)} == {"Công an tỉnh Thử Nghiệm"}
    nt, s, ex, r = run("Đại hội Hội Nông dân tỉnh Thử Nghiệm bầu ban chấp hành.")
    assert not any(o.kind == "short" and o.surface.islower() for o in ex.orgs)


def test_kind6_an_emulation_bloc_is_a_body():
    nt, s, ex, r = run("Sáng 24/2, Khối thi đua VII gồm 11 đơn vị tổ chức tổng kết. Cụm thi đua các trường phổ thông ký giao ước.")
    assert {o.surface for o in ex.orgs if o.kind == "full"} >= {"Khối thi đua VII"}


# 6. names keep lower-case sector words after their head; a page without a headline is about the company its "công ty" means
def test_kind6_lower_case_words_after_the_head_and_the_company_of_a_page_without_headline():
    text = ("Đại diện lãnh đạo Bộ Xây dựng cùng lãnh đạo UBND tỉnh Thử Nghiệm đã tới dự. Ông Lê Văn Minh, Giám đốc Công ty TNHH "
            "một thành viên cấp nước Thử Nghiệm cho biết: công ty mỗi năm cung ứng gần 24 triệu m3 nước sạch. Hiện nay, công ty "
            "vận hành 7 nhà máy nước. Phó Chủ tịch UBND tỉnh Thử Nghiệm trao Huân chương Lao động hạng Nhì tặng công ty.\n")
    nt, s, ex, r = analyse(Document(path="t.txt", text=text))
    assert "Công ty TNHH một thành viên cấp nước Thử Nghiệm" in {o.surface for o in ex.orgs}
    assert r.main.name == "Công ty TNHH một thành viên cấp nước Thử Nghiệm"


# 5. prizes listed after "là" with each one's group and place; a national body that holds the ceremony gives them
def test_kind5_listed_prize_winners_of_a_contest_a_national_body_holds():
    nt, s, ex, r = run("Tối 15-10, Bộ Tài chính tổ chức lễ trao giải cuộc thi Kho bạc mẫu mực. Có 4 đơn vị giành giải nhất là Kho bạc "
                       "Alpha (nhóm trung ương), Kho bạc Beta, tỉnh Gamma (nhóm tỉnh), Trạm Y tế Zeta, phường Tân Mai, tỉnh Nghệ "
                       "An (nhóm cơ sở) và Kho bạc Delta (nhóm ngoài công lập).", headline="Trao giải cuộc thi Kho bạc mẫu mực")
    assert sorted(awards(ex, r)) == [("GiaiNhat", None, x, "Bộ Tài chính") for x in
                                     ("Kho bạc Alpha", "Kho bạc Beta", "Kho bạc Delta", "Trạm Y tế Zeta")]


# 7. a range keeps both bounds: the lower as the value, the upper apart, with the qualifier "range"
def test_kind7_a_range_keeps_both_bounds():
    nt, s, ex, r = run("Thu nhập bình quân từ 4-5,5 triệu đồng/tháng. Tỷ lệ học sinh khá giỏi đạt từ 88% đến 91%. Năm học 2021-2022 có 300 "
                       "học sinh.")
    assert [(m.value, m.value_max, m.unit, m.qualifiers) for m in ex.metrics] == [
        (4e6, 5.5e6, "VND", ("range",)), (88, 91, "percent", ("range",)), (300, None, "person", ("exact",))]
    out = process_document(Document(path="t.txt", text="Công ty Thử Nghiệm tổng kết năm 2022\n\nThu nhập bình quân từ 4-5,5 "
                                                       "triệu đồng/tháng.\n")).nquads.decode()
    assert "upperValue> \"5500000" in out and "ont#range>" in out


# 8/9. "Sau hơn 3 thập kỷ phấn đấu": effort behind, not a target; a decade is no count; "gấp N lần" is growth
def test_kind8_growth_after_decades_of_effort_is_achieved_not_a_target():
    nt, s, ex, r = run("Sau hơn 3 thập kỷ phấn đấu không ngừng, quy mô lưới điện do công ty quản lý đã tăng gấp 17 lần so với năm "
                       "1981. Năm 2023, công ty phấn đấu đạt 500 tỷ đồng doanh thu.")
    assert [(m.value, m.growth_percent, m.is_target) for m in ex.metrics] == [(None, 1600, False), (500e9, None, True)]


def test_kind10_an_adverb_after_phong_trao_is_no_name():
    nt, s, ex, r = run("Bộ Tài chính ghi nhận phong trào thi đua rộng khắp nhằm cải thiện dịch vụ. Công ty phát động phong trào thi "
                       "đua Lao động giỏi năm 2022.")
    assert [c.name for c in ex.campaigns] == ["Lao động giỏi năm 2022"]


# 2. a person's role after a dash ends before "thay mặt": the unit the person stands for receives the award
def test_kind2_a_person_after_a_dash_receives_on_behalf_of_the_unit():
    nt, s, ex, r = run("Anh Nguyễn Văn Khoa - Phó Bí thư Tỉnh Đoàn Thử Nghiệm thay mặt đơn vị nhận Bằng khen của Trung ương Đoàn.")
    assert awards(ex, r) == [("BangKhen", None, "Tỉnh Đoàn Thử Nghiệm", "Trung ương Đoàn")]


# 5/7. a count of achievers reaching a title is a figure as well as an award, unless they are a kind of recipient
def test_kind7_a_count_of_households_reaching_a_title_is_also_a_figure():
    nt, s, ex, r = run("Năm 2022 có 2.710 hộ nông dân đạt danh hiệu sản xuất kinh doanh giỏi. Có 19 cá nhân đạt danh hiệu lao động giỏi.")
    assert [(m.value, m.indicator_label) for m in ex.metrics] == [(2710, "hộ nông dân")]
    assert sorted((a.recipient_count, a.recipient_noun) for a in ex.awards) == [(19, "cá nhân"), (2710, "hộ")]


# 6. a subsidiary named without a head word ("mạng di động Metfone") is an organisation, and the subject of its figures
def test_kind6_a_subsidiary_without_a_head_word_is_the_subject_of_its_figures():
    nt, s, ex, r = run("Theo Tập đoàn Thử Nghiệm, mạng di động Zetafone, công ty con của tập đoàn tại Lào, đã được vinh danh. Chỉ sau "
                       "5 năm khai trương, Zetafone đã vượt lên dẫn đầu thị trường Lào, chiếm 47% thị phần.",
                       headline="Tập đoàn Thử Nghiệm nhận giải")
    assert [(m.value, x) for m, x in zip(ex.metrics, [row[4] for row in metrics(ex, r)])] == [(47, "Zetafone")]


# 7. an amount per person whose indicator is named before a body word ("toàn đơn vị") keeps that name
def test_kind7_an_amount_per_person_named_before_the_body_word():
    nt, s, ex, r = run("Năng suất lao động bình quân toàn đơn vị đạt 352 triệu đồng doanh thu/người/năm.")
    assert [(m.indicator_label, m.value, m.unit) for m in ex.metrics] == [("Năng suất lao động bình quân", 352e6, "VND")]


# 9. a plan word is its own clause's: a figure in another clause after ";" is achieved; "Cảng X" is a body
def test_kind9_a_plan_word_belongs_to_its_clause():
    nt, s, ex, r = run("Hiện nay, Cảng Thử Nghiệm có hơn 1.100 lao động, là cảng tổng hợp lớn nhất khu vực; năm 2023, sản lượng hàng "
                       "hóa thông qua cảng dự kiến đạt khoảng 7,5 triệu tấn.", headline="Cảng Thử Nghiệm kỷ niệm 40 năm thành lập")
    assert [(m.value, m.is_target) for m in ex.metrics] == [(1100, False), (7.5e6, True)]
    assert r.main.name == "Cảng Thử Nghiệm"


# 5. "theo quyết định của Đoàn Chủ tịch …": the presidium (a unit head) confers
def test_kind5_a_presidium_confers_by_decision():
    nt, s, ex, r = run("Dịp này, 25 hội viên của Hội LHPN T.X Thử Nghiệm vinh dự được tặng Kỷ niệm chương theo quyết định của Đoàn Chủ "
                       "tịch Trung ương Hội LHPN Việt Nam.")
    assert [(a.award_type, a.recipient_count, r.org(a.conferred_by).name.startswith("Đoàn Chủ tịch")) for a in ex.awards] == [
        ("KyNiemChuong", 25, True)]


# 5. recipients without an honorific: a family name and capitalised words after a cue, and the next of a list
def test_kind5_prize_winners_named_without_an_honorific():
    nt, s, ex, r = run("Giải ba thuộc về Nguyễn Thị Thu Trang (Nông trường 3). Hai giải khuyến khích được trao cho công nhân Võ Thị Kim "
                       "Liên (Nông trường Alpha) và Trương Thị Hoa (Nông trường Beta).")
    assert [(a.award_type, r.agent(a.recipient).name) for a in ex.awards] == [
        ("GiaiBa", "Nguyễn Thị Thu Trang"), ("GiaiKhuyenKhich", "Võ Thị Kim Liên"), ("GiaiKhuyenKhich", "Trương Thị Hoa")]


# ------------------------------------------------------------------ round 3 of issue 17: metrics
def facts(ex, r):
    return [(m.indicator, m.value, m.unit, m.period, m.plan_percent, m.growth_percent, m.is_target,
             (r.org(m.subject) or r.main).name if (r.org(m.subject) or r.main) else None) for m in ex.metrics]


# 9. each clause its own period: a year glued to its verb, a part of "năm nay" (the page's year), a year per clause
def test_kind9_each_clause_of_a_list_of_periods_has_its_own():
    nt, s, ex, r = run("Sáng 12/10/2016, Công ty Thử Nghiệm tổ chức lễ kỷ niệm 20 năm thành lập. Năm 2013, doanh thu đạt 120 tỷ "
                       "đồng, năm 2014đạt 145 tỷ đồng và 9 tháng đầu năm nay đạt 98 tỷ đồng.",
                       headline="Công ty Thử Nghiệm đón nhận Huân chương Lao động hạng Ba")
    assert [(m.indicator, m.value, m.period) for m in ex.metrics] == [
        ("revenue", 120e9, "2013"), ("revenue", 145e9, "2014"), ("revenue", 98e9, "2016-M9")]


# 9. "hiện nay", "hiện có": a stock at the time of writing (the page's year), or at the close of the year a review reviews
def test_kind9_a_stock_now_is_at_the_page_s_year_or_the_reviewed_year_s_end():
    nt, s, ex, r = run("Sáng 20/1, Bưu điện tỉnh Thử Nghiệm tôn vinh các điển hình 5 năm 2011-2015. Năm 2015, doanh thu đạt 80 tỷ đồng. "
                       "Hiện nay, toàn tỉnh có 120 điểm giao dịch.", headline="Bưu điện tỉnh Thử Nghiệm tôn vinh điển hình tiên tiến")
    assert [(m.value, m.period) for m in ex.metrics] == [(80e9, "2015"), (120, "2016")]
    nt, s, ex, r = run("Sáng 10/1/2023, Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022. Mạng lưới hiện có 31 bưu cục.",
                       headline="Bưu điện tỉnh Thử Nghiệm tổng kết năm 2022")
    assert [(m.value, m.period) for m in ex.metrics] == [(31, "2022")]


# 7. per-unit figures: the unit per person, per month or year, per hectare; a plain "/tháng" keeps the currency
def test_kind7_per_unit_figures_have_a_compound_unit():
    nt, s, ex, r = run("Thu nhập bình quân đầu người đạt 58 triệu đồng/người/năm. Tiền lương bình quân đạt 7,2 triệu đồng/người tháng. "
                       "Năng suất vườn cây đạt 1,95 tấn/ha. Thu nhập của xã viên từ 3 triệu đồng/tháng.")
    assert [(m.value, m.unit) for m in ex.metrics] == [
        (58e6, "VND per person per year"), (7.2e6, "VND per person per month"), (1.95, "tonne per ha"), (3e6, "VND")]


# 7. a count of people is in persons, of households or visits in items, by the noun it opens with
def test_kind7_people_are_persons_households_and_visits_are_counted():
    nt, s, ex, r = run("Năm 2022, toàn ngành có 320 giáo viên, 45 hộ nghèo được hỗ trợ và 1.200 lượt hội viên được vay vốn.")
    assert [(m.value, m.unit) for m in ex.metrics] == [(320, "person"), (45, "count"), (1200, "count")]


# 8. "tăng gấp 250 %": ambiguous (x2.5 or +250%), the number is kept as written; "gấp 3 lần" is +200%
def test_kind8_a_multiple_written_as_a_percentage_keeps_its_number():
    nt, s, ex, r = run("Năm 2022, sản lượng chuyển phát tăng gấp 250 %, doanh thu tăng gấp 3 lần so với năm 2015.")
    assert [(m.value, m.growth_percent) for m in ex.metrics] == [(None, 250), (None, 200)]


# 8. "vượt 0,5% so với kế hoạch" after a growth rate: points above the planned rate, not 100.5% of a plan
def test_kind8_points_above_a_planned_rate_are_no_ratio_to_plan():
    nt, s, ex, r = run("Kinh tế tăng trưởng bình quân 9,5%/năm, vượt 0,5% so với kế hoạch. Doanh thu đạt 40 tỷ đồng, vượt 5% kế hoạch.")
    assert [(m.value, m.plan_percent, m.growth_percent) for m in ex.metrics] == [(None, None, 9.5), (40e9, 105, None)]


# 8. a ratio to plan with no figure, when its clause names the indicator; a share of those reaching a grade
def test_kind8_a_ratio_to_plan_alone_and_a_share_reaching_a_grade():
    nt, s, ex, r = run("Dẫn đầu là Bảo hiểm xã hội huyện Thử Nghiệm với số thu đạt 96,4%. Kết quả kiểm tra đạt 100% yêu cầu, trong đó từ "
                       "70% đến 75% đạt khá, giỏi.", headline="Bảo hiểm xã hội tỉnh Thử Nghiệm tổng kết năm 2022")
    got = [(m.indicator, m.value, m.value_max, m.plan_percent, r.org(m.subject).name if r.org(m.subject) else None)
           for m in ex.metrics]
    assert got[0] == ("collections", None, None, 96.4, "Bảo hiểm xã hội huyện Thử Nghiệm")
    assert [(m.value, m.value_max, m.indicator_label) for m in ex.metrics[1:]] == [(100, None, "yêu cầu"), (70, 75, "đạt khá")]


# 9. a target word after "so với" is the comparison point: the figure before it is achieved
def test_kind9_a_target_word_after_a_comparison_link_makes_no_target():
    nt, s, ex, r = run("Vốn đầu tư toàn xã hội huy động trong giai đoạn đạt hơn 2,5 nghìn tỷ đồng, vượt 300 tỷ đồng so với mục tiêu "
                       "Nghị quyết. Năm tới, doanh thu phấn đấu đạt 50 tỷ đồng.")
    assert [(m.value, m.is_target) for m in ex.metrics][:1] == [(2.5e12, False)]
    assert (50e9, True) in [(m.value, m.is_target) for m in ex.metrics]


# 7 and 11. no count of a view counter, a position on a line, a number that ends a name, an award's winners,
# a proper name after a row number, a bloc's size, or a noun the page is cut in
def test_kind7_numbers_that_count_nothing():
    nt, s, ex, r = run("Lượt xem: 18/09/2022 - 15:07:42 - 236 lượt xem. Đoàn kiểm tra đường gom tại km 12+300 – km 14+900 đoạn qua "
                       "thị trấn. Công ty CP xây dựng công trình 512 đón nhận Huân chương Lao động hạng Ba. Ban tổ chức trao giấy "
                       "chứng nhận cho 9 đơn vị đoạt giải. 21 Hà Giang Dịch vụ Thương mại - HTX có 40 thành viên. Phòng dẫn đầu cụm "
                       "thi đua 7 huyện miền núi. Bình quân mỗi lao động nộp ngân sách khoảng 180 tr")
    assert [(m.value, m.indicator) for m in ex.metrics] == [(40, "members")]


# 7. the noun after an aside in brackets; a percentage per month is a rate named before it; horsepower
def test_kind7_a_count_after_an_aside_a_rate_per_month_and_horsepower():
    nt, s, ex, r = run("Năm 2021, đoàn viên hoàn thành hơn 9.300 (tăng 5,1% so với năm 2020) công trình thanh niên. Năm 2020, lãi chia "
                       "cho thành viên 1,2 %/ tháng/1 đơn vị vốn góp. HTX có 17 chiếc tàu, tổng công suất 8.400CV.")
    assert [(m.indicator_label, m.value, m.unit, m.growth_percent) for m in ex.metrics] == [
        ("công trình thanh niên", 9300, "count", 5.1), ("lãi chia cho thành viên", 1.2, "percent", None),
        ("chiếc tàu", 17, "count", None), ("tổng công suất", 8400, "hp", None)]


# 6. a clause that names no organisation is the named one's before it in its sentence; "thông qua X" is no subject
def test_kind6_the_named_subject_carries_over_its_sentence():
    nt, s, ex, r = run("Năm 2022, chiến dịch của Tổng công ty Mẫu Hình đã thu hút 5.000 khách hàng mới; hoàn thành 300 công trình, tổng "
                       "giá trị đạt 40 tỷ đồng. "
                       "Thông qua Ngân hàng Thử Thách, công ty tạo điều kiện cho 900 hộ vay vốn.")
    assert [(m.value, (r.org(m.subject) or r.main).name) for m in ex.metrics] == [
        (5000, "Tổng công ty Mẫu Hình"), (300, "Tổng công ty Mẫu Hình"), (40e9, "Tổng công ty Mẫu Hình"), (900, "Công ty Thử Nghiệm")]


# 9. a paragraph that opens with a span of years: its sentences with no year of their own are in that span
def test_kind9_a_span_that_opens_a_paragraph_is_its_sentences_period():
    nt, s, ex, r = run("Giai đoạn 2017-2021, Ban Chỉ huy Trung đoàn 915 luôn xác định thi đua là động lực. Hằng năm, kết quả kiểm tra "
                       "đạt 100% yêu cầu. Năm 2021, đơn vị có 15 sáng kiến.", headline="Trung đoàn 915 tổng kết phong trào thi đua")
    assert [(m.value, m.period) for m in ex.metrics] == [(100, "2017-2021"), (15, "2021")]


# 7. a unit that names what it counts ("ngày công"); a count after the copula, after a verb of honour, or before its
# grade is none; "các cấp Hội X" is the page's body, not X as named
def test_kind7_workdays_and_counts_that_describe_or_honour():
    nt, s, ex, r = run("Trong 5 năm, các cấp Hội đã vận động trên 6 tỷ đồng, 21.400 ngày công. Hai huyện Alpha và Beta là 2 địa phương "
                       "dẫn đầu. Tôn vinh 48 điển hình tiên tiến. Trong số đó, nhiều thợ giỏi đạt 2 điểm 10 tuyệt đối.",
                       headline="Hội Nông dân tỉnh Thử Nghiệm tổng kết 5 năm")
    assert [(m.value, m.unit, r.org(m.subject).name if r.org(m.subject) else r.main.name) for m in ex.metrics] == [
        (6e9, "VND", "Hội Nông dân tỉnh Thử Nghiệm"), (21400, "workday", "Hội Nông dân tỉnh Thử Nghiệm")]


# 7. a list after "trong đó": one figure per item, each a part of the figure before in its unit and of its indicator
def test_kind7_a_list_after_trong_do_gives_one_part_per_item():
    nt, s, ex, r = run("Năm 2022, hợp tác xã sản xuất trên diện tích 210 ha, trong đó 130 ha lúa, 60 ha rau màu và 7,5 ha thủy sản.")
    got = [(m.indicator, m.indicator_label, m.value, m.part_of.value if m.part_of else None) for m in ex.metrics]
    assert got == [("area", None, 210, None), ("area", "lúa", 130, 210), ("area", "rau màu", 60, 210), ("area", "thủy sản", 7.5, 210)]


# 9. "sau/qua N năm" counts the years since a start, "trong/lũy kế N năm" the calendar years; in a span, a level
# "từ A lên B" has A at the span's start and B at its end
def test_kind9_spans_since_a_start_and_counted_years_and_a_level_from_to():
    nt, s, ex, r = run("Sau 20 năm xây dựng, công ty đã đưa tổng vốn chủ sở hữu từ 300 tỷ đồng lên 4.100 tỷ đồng, đào tạo 2.500 kỹ sư. "
                       "Trong 5 năm, các cấp Hội đã vận động trên 6 tỷ đồng.", headline="Công ty Thử Nghiệm tổng kết năm 2022")
    assert [(m.value, m.period) for m in ex.metrics] == [(300e9, "2002"), (4.1e12, "2022"), (2500, "2002-2022"),
                                                          (6e9, "2018-2022")]


# 8. "vượt 1.500 tấn" right after a figure in that unit is its excess over plan, and the ratio to plan after it is the figure's
def test_kind8_an_absolute_excess_after_a_figure_is_no_figure_of_its_own():
    nt, s, ex, r = run("Năm 2022, công ty khai thác 21.000 tấn mủ quy khô, vượt 1.500 tấn, đạt 108% kế hoạch tập đoàn giao.")
    assert [(m.value, m.unit, m.plan_percent) for m in ex.metrics] == [(21000, "tonne", 108)]


# 8. "tăng 61.200 triệu đồng (6,7 %)": a change as an amount with its rate in brackets is the rate of the figure before
def test_kind8_a_change_amount_with_its_rate_in_brackets():
    nt, s, ex, r = run("Tính đến 30/11/2022, tổng thu trên địa bàn tỉnh đạt 980.400 triệu đồng (bằng 91,2% kế hoạch), tăng 61.200 triệu "
                       "đồng (6,7 %) so với tháng 10/2022.")
    assert [(m.value, m.plan_percent, m.growth_percent) for m in ex.metrics] == [(980.4e9, 91.2, 6.7)]


# 8. "ước đạt: 2.100 tỷ đồng": an estimate with a colon between its verb and the figure
def test_kind8_an_estimate_before_a_colon():
    nt, s, ex, r = run("Năm 2021, lợi nhuận trước thuế ước đạt: 2.100 tỷ đồng.")
    assert [(m.indicator, m.indicator_label, m.value, m.qualifiers) for m in ex.metrics] == [("profit", None, 2.1e12, ("estimated",))]


# 9. "sau 20 năm" inside a sentence, "từ tháng 11-2021" up to the page's year; a share held is at a span's end;
# the same figure stated above without its words of time takes the period the body names
def test_kind9_spans_inside_a_sentence_and_a_figure_restated_without_them():
    nt, s, ex, r = run("Gần 900 cơ sở dự thi năm đầu tiên.\n\nLà trường đầu tiên của vùng, sau 20 năm, trường đã đào tạo hơn 1.200 "
                       "thạc sĩ. Cuộc thi triển khai từ tháng 11-2021, đã thu hút gần 900 cơ sở khám, chữa bệnh. Chỉ sau 5 năm, công ty "
                       "đã chiếm 40% thị phần.", headline="Trường Đại học Thử Nghiệm tổng kết năm 2022")
    # the two statements of 900 are one fact, with the body's period
    assert [(m.value, m.period) for m in ex.metrics] == [(900, "2021-2022"), (1200, "2002-2022"), (40, "2022")]


# 8. two shares of the same value of different things are two facts; the same share said twice is one
def test_kind8_two_shares_of_one_value_are_told_apart_by_their_words():
    nt, s, ex, r = run("Năm 2022, kết quả kiểm tra chính trị đạt 100% yêu cầu. Kết quả kiểm tra bắn súng các năm đều 100% đạt yêu cầu. "
                       "Kết quả kiểm tra chính trị đạt 100% yêu cầu.")
    assert [(m.value, m.indicator_label) for m in ex.metrics] == [(100, "yêu cầu"), (100, "đạt yêu cầu")]


# 9. the period an award recognises: the sentence's own span, the span of the occasion the lead reports,
#    the year of a contest, two joined periods; a January meeting's awards are for the year before
def test_kind9_the_period_of_an_award():
    def periods(body, headline="Huyện Thử Nghiệm: một năm nhìn lại"):
        return [a.period for a in run(body, headline)[2].awards]

    # the occasion's span (at most ten years; a longer one is an anniversary) for an award with no period of its own
    assert periods("Sáng 9-6, huyện Thử Nghiệm khai mạc Đại hội điển hình tiên tiến lần thứ II (2012 - 2017), chào mừng "
                   "45 năm ngày giải phóng (1972 - 2017). Tại đại hội, 6 tập thể nhận Bằng khen của UBND tỉnh Mẫu Hình.") == ["2012-2017"]
    # the contest's year in the lead, not the year of the figures the page reports further down
    assert periods("Trong hai ngày 14 và 15/7, Công ty Thử Nghiệm mở Hội thi thợ hàn giỏi năm 2021 ở Xưởng Mẫu Hình để "
                   "chọn người dự thi cấp ngành. Sau phần thi thực hành, công nhân Trần Văn Bình đoạt giải nhất.\nNăm 2020, "
                   "công ty làm ra 4.100 tấn sản phẩm. Năm 2021, công ty đặt chỉ tiêu 4.500 tấn.") == ["2021"]
    # a period stated once in the sentence is every clause's
    assert periods("Tại buổi lễ, Bộ Thử Thách tặng Bằng khen cho 3 cá nhân; UBND huyện Thử Nghiệm tặng Giấy khen cho 2 "
                   "tập thể; các giáo viên dạy giỏi của năm học 2020 - 2021 cũng được biểu dương.")[:2] == ["2020-2021"] * 2
    # two joined periods: the achievement spans both
    assert periods("Vì đã hoàn thành xuất sắc nhiệm vụ năm 2020 và quý I năm 2021, Công ty Thử Nghiệm nhận Bằng khen của UBND "
                   "tỉnh Mẫu Hình.") == ["2020-2021"]
    # a meeting in January reviews the year before: the report year stands
    assert periods("Sáng 20-2, Công ty Thử Nghiệm họp Hội nghị cán bộ, công nhân viên chức năm 2022 để bàn kế hoạch mới.\n"
                   "Năm 2021, công ty vượt mọi chỉ tiêu được giao.\nBộ Thử Thách tặng Bằng khen cho 2 cá nhân của công ty.") \
        == ["2021"]


# 3. no default recipient when the award names one that is not read ("cho các gương điển hình …"), and "đơn vị thuộc …"
#    is some unit of a group, not the page's organisation
def test_kind3_a_recipient_named_but_not_read_is_no_default():
    nt, s, ex, r = run("Công ty Thử Nghiệm tổ chức hội thi tay nghề năm 2022. Ông Lê Văn Minh, Giám đốc công ty, trao Giấy khen "
                       "cho những người thợ xuất sắc của hội thi. Phó Giám đốc Sở Mẫu Hình trao giải nhì cho đơn vị thuộc khối sản xuất.")
    assert awards(ex, r) == []


# 5. honours recalled without a count ("đã nhiều lần được … tặng …", "cùng nhiều giải thưởng") are no conferrals
def test_kind5_uncounted_honours_of_the_past_are_no_awards():
    nt, s, ex, r = run("Suốt chặng đường 40 năm, Công ty Thử Nghiệm đã nhiều lần nhận Cờ thi đua, Bằng khen của Chính phủ và các "
                       "bộ. Công ty còn giành nhiều giải thưởng về chất lượng sản phẩm. Năm 2022, công ty được UBND tỉnh Mẫu "
                       "Hình tặng Cờ thi đua.")
    assert awards(ex, r) == [("CoThiDua", None, "Công ty Thử Nghiệm", "UBND tỉnh Mẫu Hình")]


# 10. who launched a campaign: the body that oversees it ("kiểm tra việc thực hiện phong trào"), kept for a later
#     "Đoàn cũng kiểm tra …"; a launch verb in another part of the sentence is not said of the campaign
def test_kind10_the_organiser_of_a_campaign():
    nt, s, ex, r = run("Ngày 5/4/2022, Tổng công ty Mẫu Hình chỉ đạo các đơn vị đẩy mạnh phong trào Sạch – Xanh – An toàn tại "
                       "các kho hàng. Đoàn công tác còn kiểm tra việc triển khai phong trào “Bến gọn – kho sạch” ở Công ty "
                       "Thử Nghiệm.")
    assert [(c.name, r.org(c.organiser).name if c.organiser else None) for c in ex.campaigns] == [
        ("Sạch – Xanh – An toàn", "Tổng công ty Mẫu Hình"), ("Bến gọn – kho sạch", "Tổng công ty Mẫu Hình")]
    nt, s, ex, r = run("Sáng 2-12, Hội Nông dân huyện Thử Nghiệm tổ chức hội nghị chào mừng ngày truyền thống, đồng thời sơ kết "
                       "phong trào thi đua Nông dân giúp nhau thoát nghèo năm 2022.")
    assert [(c.name, c.organiser) for c in ex.campaigns] == [("Nông dân giúp nhau thoát nghèo năm 2022", None)]


# 5. a role alone names the body the page names with it ("Bằng khen của Tổng Giám đốc" after "Tổng Giám đốc TMH"); the
#    conferrer after one award of a list that goes on ("Cờ nhất, Bằng khen của X và Cờ ba") is that award's alone;
# 10. a campaign named before an award of its sentence was launched by the award's conferrer
def test_kind5_a_role_alone_and_a_conferrer_inside_a_list():
    nt, s, ex, r = run("Tổng công ty Mẫu Hình (TMH) tổ chức Đại hội thi đua năm 2022. Công ty Thử Nghiệm được tặng Cờ ba cùng "
                       "Bằng khen của Tổng Giám đốc TMH. Trong phong trào thi đua lao động giỏi, lao động sáng tạo năm 2022, "
                       "Công ty Thử Nghiệm được nhận Cờ nhất, Bằng khen của Tổng Giám đốc và Cờ ba.")
    got = awards(ex, r)
    assert ("BangKhen", None, "Công ty Thử Nghiệm", "Tổng công ty Mẫu Hình") in got
    assert sorted((x[0], x[3]) for x in got if x[0] in ("CoNhat", "CoBa")) == [("CoBa", None), ("CoNhat", None)]
    assert [(c.name, r.org(c.organiser).name, r.org(c.participant).name) for c in ex.campaigns] == [
        ("lao động giỏi, lao động sáng tạo năm 2022", "Tổng công ty Mẫu Hình", "Công ty Thử Nghiệm")]


# 5. a count of awards before the award given to groups: "31 Huân chương … tặng tập thể và cá nhân"
def test_kind5_a_count_of_awards_given_to_groups():
    nt, s, ex, r = run("Qua 30 năm, Công ty Thử Nghiệm đã được Nhà nước trao tặng Huân chương Lao động hạng Ba và 31 Huân chương "
                       "Chiến công (các hạng) tặng tập thể và cá nhân.")
    assert awards(ex, r) == [("HuanChuongLaoDongThird", None, "Công ty Thử Nghiệm", "Chủ tịch nước"),
                             ("HuanChuongChienCong", None, (31, "tập thể và cá nhân"), "Chủ tịch nước")]


# 6. names whose head has lower-case words: a people's credit fund, a special-case team, an organising committee
def test_kind6_bodies_whose_head_is_in_lower_case():
    nt, s, ex, r = run("Cũng tại buổi lễ, UBND tỉnh Mẫu Hình trao Cờ thi đua cho Quỹ tín dụng nhân dân Đồi Thông. Cùng dịp, Công an "
                       "tỉnh Mẫu Hình tặng Bằng khen cho Ban chuyên án.")
    assert awards(ex, r) == [("CoThiDua", None, "Quỹ tín dụng nhân dân Đồi Thông", "UBND tỉnh Mẫu Hình"),
                             ("BangKhen", None, "Ban chuyên án", "Công an tỉnh Mẫu Hình")]


# 5. named prizes: the capitalised title after "giải thưởng" or "hạng mục", its year; a prize for a kind of body goes to
#    the body its receiver speaks for; the anaphoric subject is the organisation the clause named before it
def test_kind5_named_prizes_and_their_categories():
    nt, s, ex, r = run("Bà Lê Thị Hoa, Phó Giám đốc Công ty Thử Nghiệm nhận giải thưởng Doanh nghiệp có trách nhiệm xã hội "
                       "2021. Ở lễ trao Giải thưởng Công nghệ Đông Nam Á 2022, mạng di động Sao Mai, công ty con của Công ty "
                       "Thử Nghiệm, được xướng tên ở hạng mục Nhà mạng đổi mới nhất khu vực. Tuy mạng Bình Minh chỉ mới ra "
                       "mắt năm 2020, công ty đã được chọn ở hạng mục Nhà mạng vì cộng đồng.")
    got = [(a.award_type, a.title, r.agent(a.recipient).name, a.period) for a in ex.awards]
    assert got == [("GiaiThuong", "Doanh nghiệp có trách nhiệm xã hội 2021", "Công ty Thử Nghiệm", "2021"),
                   ("GiaiThuong", "Nhà mạng đổi mới nhất khu vực", "Sao Mai", "2022"),
                   ("GiaiThuong", "Nhà mạng vì cộng đồng", "Bình Minh", "2020")]


# 5. a list of counted groups, each with its award: the groups after the award before
def test_kind5_each_counted_group_with_its_own_award():
    nt, s, ex, r = run("Trong nhiệm kỳ, Công ty Thử Nghiệm có 4 tập thể nhận Huân chương lao động hạng ba của Chủ tịch nước, 6 "
                       "đơn vị được Bằng khen của Thủ tướng Chính phủ, 7 lượt tập thể được Bộ Thử Thách tặng cờ thi đua.")
    assert [(a.award_type, a.recipient_count) for a in ex.awards] == [
        ("HuanChuongLaoDongThird", 4), ("BangKhenThuTuong", 6), ("CoThiDua", 7)]


# 2. a person named without an honorific after the body of their role ("Chủ tịch Hội đồng trường Đại học X Nguyễn Văn A
#    vinh dự được nhận …") receives the award, not the body
def test_kind2_a_person_after_the_body_of_their_role_receives():
    nt, s, ex, r = run("Nhân dịp này, cá nhân Chủ tịch Hội đồng trường Đại học Thử Nghiệm Trần Văn Bình vinh dự được nhận Huân "
                       "chương Lao động hạng Ba.")
    assert [(a.award_type, r.agent(a.recipient).name) for a in ex.awards] == [("HuanChuongLaoDongThird", "Trần Văn Bình")]


# 2. organisations given as examples ("như A, B") are not the subject; "do X phối hợp … tổ chức" names the conferrer;
#    "Hội" names a body only with a name after it; a campaign in a reason opener gets no launcher from the award
def test_kind2_examples_are_not_the_subject_and_do_x_names_the_conferrer():
    nt, s, ex, r = run("Nhờ kết quả thực hiện phong trào xây dựng bệnh viện xanh - sạch - đẹp, Bệnh viện Đa khoa Thử Nghiệm "
                       "cùng các bệnh viện lớn như Bệnh viện Mẫu Hình, Bệnh viện Đồi Thông được trao danh hiệu “Bệnh viện "
                       "Xanh năm 2022” do Hội Tư vấn phát triển y tế Việt Nam tổ chức bình chọn. Hội nghị đã bế mạc.")
    assert [(a.title, r.agent(a.recipient).name, r.org(a.conferred_by).name) for a in ex.awards] == [
        ("Bệnh viện Xanh năm 2022", "Bệnh viện Đa khoa Thử Nghiệm", "Hội Tư vấn")]
    assert [c.organiser for c in ex.campaigns] == [None]
    assert "Hội nghị" not in [o.surface for o in ex.orgs]
    from orgkg.builder.orgs import org_mentions
    t = "Hội Nghị Tổng Kết Năm 2022 Của Hội Khuyến học Mẫu Hình"
    assert [o.surface for o in org_mentions(t, 0, len(t))] == ["Hội Khuyến học Mẫu Hình"]


# 5. "N hộ đăng ký …, trong đó M hộ được công nhận danh hiệu …": the part reaches the title, not the whole
def test_kind5_the_part_after_trong_do_reaches_the_title():
    nt, s, ex, r = run("Năm nay có khoảng 12 ngàn hộ hội viên ký cam kết thi đua, trong đó 5.120 hộ được công nhận danh hiệu "
                       "nông dân sản xuất giỏi các cấp.")
    assert [(a.recipient_count, a.recipient_noun) for a in ex.awards] == [(5120, "hộ")]


# 11. a caption that shows a person receiving the award the page gives to the body of their role repeats that award
def test_kind11_a_caption_of_the_receiver_repeats_the_body_s_award():
    nt, s, ex, r = run("Ông Trần Văn Bình - Giám đốc Bưu điện tỉnh (bên phải) nhận Bằng khen của Chủ tịch tỉnh Mẫu Hình\n\n"
                       "Năm 2022, Bưu điện tỉnh Mẫu Hình được Chủ tịch UBND tỉnh Mẫu Hình tặng Bằng khen vì thành tích phục "
                       "vụ người dân.", headline="Bưu điện tỉnh Mẫu Hình nhận Bằng khen")
    assert [(a.award_type, r.agent(a.recipient).name) for a in ex.awards] == [("BangKhen", "Bưu điện tỉnh Mẫu Hình")]


# 10. "phong trào CCB năm 2022" after "Hội Cựu chiến binh (CCB)": the body's movement, no campaign name
def test_kind10_a_body_s_acronym_is_no_campaign_name():
    nt, s, ex, r = run("Hội Cựu chiến binh (CCB) huyện Thử Nghiệm tổng kết phong trào thi đua CCB làm kinh tế giỏi năm 2022. "
                       "Dịp này, 5 tập thể được tặng giấy khen vì có nhiều đóng góp cho phong trào CCB năm 2022.")
    assert [c.name for c in ex.campaigns] == ["CCB làm kinh tế giỏi năm 2022"]


# 6. a sector named by its capitalised name is a body ("ngành Ngân hàng"); 10. "những phong trào mà X phát động, như …"
def test_kind10_campaigns_a_sector_launched():
    nt, s, ex, r = run("Các thành viên đã triển khai những phong trào mà ngành Ngân hàng và tỉnh phát động, tiêu biểu như: "
                       "“Chung tay vì người nghèo”, “Phong trào thi đua phục vụ khách hàng”, “Văn minh nơi công sở”.")
    assert [(c.name, r.org(c.organiser).name if c.organiser else None) for c in ex.campaigns] == [
        ("Chung tay vì người nghèo", "ngành Ngân hàng"), ("Phong trào thi đua phục vụ khách hàng", "ngành Ngân hàng"),
        ("Văn minh nơi công sở", "ngành Ngân hàng")]


# 5. "lựa chọn N đơn vị … để tuyên dương, khen thưởng": a commendation of the groups chosen, by the body that chose them
def test_kind5_groups_chosen_to_be_commended():
    nt, s, ex, r = run("Sau đợt thi đua, Bảo hiểm xã hội tỉnh Mẫu Hình chọn ra 05 đơn vị dẫn đầu để biểu dương, khen thưởng. "
                       "Công tác thi đua, khen thưởng được chú trọng.")
    assert awards(ex, r) == [("KhenThuong", None, (5, "đơn vị"), "Bảo hiểm xã hội tỉnh Mẫu Hình")]


# 4. a state honour is the President's when the sentence names the State as its giver; with no giver named, none
#    (the gold convention, shared/corpus/README.md); "ngân sách nhà nước" names no giver
def test_kind4_a_state_honour_with_no_giver_named_has_no_conferrer():
    nt, s, ex, r = run("Công ty Thử Nghiệm vinh dự đón nhận Huân chương Lao động hạng Nhì. Năm 2022, công ty nộp ngân sách nhà nước "
                       "12 tỷ đồng; 1 cá nhân được nhận Danh hiệu vinh dự nhà nước “Nhà giáo ưu tú”.",
                       headline="Công ty Thử Nghiệm đón nhận Huân chương Lao động hạng Nhì")
    got = awards(ex, r)
    assert ("HuanChuongLaoDongSecond", None, "Công ty Thử Nghiệm", None) in got
    assert [x[3] for x in got if x[0] != "HuanChuongLaoDongSecond"] == ["Chủ tịch nước"]


# 5. the giver of the clause before goes on to an active "…; công nhận N …", not to a passive "…; N X được công nhận là …"
def test_kind5_the_giver_goes_on_only_to_an_active_clause():
    nt, s, ex, r = run("UBND huyện Thử Nghiệm đã trao giấy khen cho 8 tập thể; công nhận 5 tập thể Lao động tiên tiến.")
    assert [x[3] for x in awards(ex, r)] == ["UBND huyện Thử Nghiệm", "UBND huyện Thử Nghiệm"]
    nt, s, ex, r = run("12 tập thể được Tổng công ty Mẫu Hình tặng bằng khen; 2 cá nhân được công nhận là Chiến sĩ thi đua toàn quốc.")
    assert [x[3] for x in awards(ex, r)] == ["Tổng công ty Mẫu Hình", None]


# 6. "trao tặng bằng khen … cho nông trường về đích sớm": a head in lower case names the organisation of that head the
#    page names; "lãnh đạo công ty" on a page that names "Công ty X" is that company, even when the page is the farm's
def test_kind6_bodies_named_by_a_lower_case_head():
    nt, s, ex, r = run("Công ty TNHH Cao su Thử Nghiệm vừa biểu dương Nông trường Đồi Thông, đơn vị dẫn đầu về năng suất.\n\n"
                       "Lãnh đạo công ty trao bằng khen và 30 triệu đồng cho nông trường dẫn đầu",
                       headline="Nông trường Đồi Thông dẫn đầu năng suất")
    assert awards(ex, r) == [("BangKhen", None, "Nông trường Đồi Thông", "Công ty TNHH Cao su Thử Nghiệm")]


# 10. a campaign said of an award before it in its clause takes no launcher from an award of another clause
def test_kind10_a_campaign_in_an_award_s_reason_gets_no_launcher_from_the_next_clause():
    nt, s, ex, r = run("Nhân dịp này, Công đoàn Mẫu Hình tặng bằng khen cho Công đoàn Công ty Thử Nghiệm đã có thành tích trong phong "
                       "trào thi đua lao động giỏi năm 2022; Công ty Thử Nghiệm khen thưởng cho 12 cá nhân.")
    assert [(c.name, c.organiser) for c in ex.campaigns] == [("lao động giỏi năm 2022", None)]


# 4. "X cũng đã vinh dự nhận danh hiệu cao quý này": the title named before, for X; "phần thưởng cao quý này được trao để
#    ghi nhận …" says more of the award before, and is no second one
def test_kind4_this_noble_title_is_the_one_named_before():
    nt, s, ex, r = run("Công ty Thử Nghiệm được phong tặng danh hiệu Anh hùng Lao động. Năm 2015, Tổng công ty Mẫu Hình đã "
                       "nhận danh hiệu này. Phần thưởng cao quý này ghi nhận công sức của nhiều thế hệ.",
                       headline="Công ty Thử Nghiệm: một chặng đường")
    assert [(a.title, r.agent(a.recipient).name) for a in ex.awards] == [
        ("Anh hùng Lao động", "Công ty Thử Nghiệm"), ("Anh hùng Lao động", "Tổng công ty Mẫu Hình")]


# 5. "X đạt danh hiệu Y": who reaches a title holds it; "Cờ thi đua của Chính phủ và Huân chương …": the body's name
#    ends before the next award
def test_kind5_a_title_reached_and_two_awards_joined_after_a_body():
    nt, s, ex, r = run("Nhiều năm liền, Trường THPT Thử Nghiệm đạt danh hiệu Tập thể lao động xuất sắc. Công ty Mẫu Hình vinh dự "
                       "đón nhận Cờ thi đua của Chính phủ và Huân chương Lao động hạng Nhất do Chủ tịch nước trao tặng.",
                       headline="Tin tổng hợp")
    assert awards(ex, r) == [("TapTheLaoDongXuatSac", "Tập thể lao động xuất sắc", "Trường THPT Thử Nghiệm", None),
                             ("CoThiDuaChinhPhu", None, "Công ty Mẫu Hình", "Chính phủ"),
                             ("HuanChuongLaoDongFirst", None, "Công ty Mẫu Hình", "Chủ tịch nước")]


# 2. "trao Huân chương … của Chủ tịch nước tặng Công ty X": "tặng" names the recipient; counted unions are recipients;
#    "phong trào thi đua khối …" is a bloc's emulation, no campaign name
def test_kind2_tang_names_the_recipient_and_union_groups_are_recipients():
    nt, s, ex, r = run("Tại buổi lễ, ông Nguyễn Văn Bình, Chủ tịch UBND tỉnh Mẫu Hình đã trao Huân chương Lao động hạng Nhì của Chủ "
                       "tịch nước tặng Công ty Thử Nghiệm. Liên đoàn Lao động tỉnh Mẫu Hình khen thưởng 20 công đoàn cơ sở có thành "
                       "tích xuất sắc. Năm 2022, công ty được công nhận là đơn vị dẫn đầu phong trào thi đua khối sản xuất.",
                       headline="Tin tổng hợp")
    assert awards(ex, r)[:2] == [("HuanChuongLaoDongSecond", None, "Công ty Thử Nghiệm", "Chủ tịch nước"),
                                 ("KhenThuong", None, (20, "công đoàn cơ sở"), "Liên đoàn Lao động tỉnh Mẫu Hình")]
    assert ex.campaigns == ()


# 6. a name without its legal form or sector words is the same organisation ("Công ty cấp nước X" and "Công ty TNHH một
#    thành viên cấp nước X" on one page)
def test_kind6_a_name_without_its_legal_form_is_the_same_body():
    nt, s, ex, r = run("Công ty TNHH một thành viên cấp nước Thử Nghiệm tổ chức lễ kỷ niệm 40 năm thành lập.\n\nPhó Chủ tịch UBND "
                       "tỉnh Mẫu Hình trao Huân chương Lao động hạng Nhì tặng Công ty cấp nước Thử Nghiệm",
                       headline="Kỷ niệm 40 năm thành lập")
    assert [r.agent(a.recipient).iri for a in ex.awards] == [r.main.iri]
    assert r.main.name == "Công ty TNHH một thành viên cấp nước Thử Nghiệm"


# 9. a campaign's period: the year its name ends with; else a span of years its clause names after it
def test_kind9_the_period_of_a_campaign():
    nt, s, ex, r = run("Ngày 2-6, Công đoàn Công ty Thử Nghiệm tổng kết phong trào thi đua “Giỏi nghề, vững tay” trong công nhân "
                       "kỹ thuật giai đoạn 2017 - 2021. Công ty phát động phong trào thi đua lao động sáng tạo năm 2021; 15 cá "
                       "nhân được khen thưởng giai đoạn 2016 - 2021.")
    assert [(c.name, c.period) for c in ex.campaigns] == [("Giỏi nghề, vững tay", "2017-2021"),
                                                          ("lao động sáng tạo năm 2021", "2021")]


# 6. an acronym in brackets inside a name, and the acronym for the words, give one organisation's key
def test_kind6_an_acronym_inside_a_name_is_the_same_body():
    from orgkg.builder.orgs import org_key
    assert org_key("Hội Liên hiệp Phụ nữ (LHPN) huyện Thử Nghiệm") == org_key("Hội LHPN huyện Thử Nghiệm") \
        == org_key("Hội Liên hiệp Phụ nữ huyện Thử Nghiệm")
    assert org_key("Công ty Thử Nghiệm (TNC)") != org_key("Công ty Thử Nghiệm Mẫu Hình")


# 6. a name without its legal form, sector or branch words is the page's longer name, when exactly one longer name is
def test_kind6_names_without_legal_form_or_branch_words():
    from orgkg.builder.orgs import org_key
    from orgkg.builder.resolve import _shortened_names
    names = ["Ngân hàng Thử Nghiệm chi nhánh tỉnh Mẫu Hình", "Ngân hàng Thử Nghiệm Mẫu Hình",
             "Công ty TNHH một thành viên cấp nước Đồi Thông", "Công ty Đồi Thông", "Bưu điện tỉnh Mẫu Hình",
             "Bưu điện thành phố Mẫu Hình"]
    got = _shortened_names({org_key(n) for n in names})
    assert got == {org_key(names[1]): org_key(names[0]), org_key(names[3]): org_key(names[2])}


# 5. a prize's title without quotes ends before a word that goes on to its recipient or reason
def test_kind5_a_prize_title_ends_before_cho():
    nt, s, ex, r = run("Công ty Thử Nghiệm nhận giải thưởng Sao Mai cho sản phẩm nước sạch năm 2022.", headline="Tin vắn")
    assert [(a.award_type, a.title) for a in ex.awards] == [("GiaiThuong", "Sao Mai")]


# 6. a union of a sector ("Công đoàn ngành Y tế tỉnh X") is a unit of that sector; "Ngành Y tế X" opens a headline
def test_kind6_a_union_of_a_sector():
    from orgkg.builder.orgs import org_mentions
    t = "Ngành Y tế Mẫu Hình: Công đoàn ngành Y tế Mẫu Hình tặng Giấy khen cho 12 cá nhân."
    got = [(o.surface, o.kind, o.nested.surface if o.nested else None) for o in org_mentions(t, 0, len(t))]
    assert got == [("Ngành Y tế Mẫu Hình", "full", None), ("Công đoàn ngành Y tế Mẫu Hình", "unit", "ngành Y tế Mẫu Hình")]


# 9. an anniversary page: the founding in the lead and the years since give the year of its awards, not the founding
def test_kind9_an_anniversary_gives_the_year_of_the_awards():
    nt, s, ex, r = run("Ra đời ngày 3-9-1988, Công ty Điện lực Thử Nghiệm có nhiệm vụ cấp điện cho ba huyện miền núi.\nTrong 30 "
                       "năm xây dựng và trưởng thành, công ty đã đưa điện về mọi xã.",
                       headline="Công ty Điện lực Thử Nghiệm đón nhận Huân chương Lao động hạng Ba")
    assert [(a.award_type, a.period) for a in ex.awards] == [("HuanChuongLaoDongThird", "2018")]
