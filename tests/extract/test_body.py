"""Body extraction: references by form and role, dates with roles, agencies, people, tasks."""

from __future__ import annotations

import docparse
from docparse.extract.agencies import find_agencies
from docparse.extract.dates import find_dates
from docparse.extract.references import find_references, resolve


def _names(text: str) -> list[str]:
    """The canonical names of the agencies found in `text`, in text order."""
    return [a.name for a in find_agencies(text)]


def _refs(text: str):
    found = find_references(text)
    resolve(found.citations)
    return found


def test_short_form_resolves_to_full_citation_and_shares_ref_id():
    found = _refs("Thực hiện Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ. Theo Nghị quyết 68, các sở ...")
    full, short = found.citations
    assert (full.form, short.form) == ("full", "short")
    assert short.identifier == "68/NQ-CP" and short.ref_id == full.ref_id
    assert full.role == "basis" and full.date == "2021-07-01"


def test_unresolved_short_form_keeps_type_and_number():
    (cite,) = _refs("triển khai Công điện 4168 của Thủ tướng Chính phủ").citations
    assert cite.form == "short" and cite.identifier is None
    assert cite.doc_type.name == "Công điện" and cite.number == "4168"


def test_list_expands_to_one_reference_each_with_shared_type_and_issuer():
    found = _refs("Bãi bỏ các Quyết định số 86, 87 và 88 của Ban Chỉ đạo tỉnh.")
    assert [c.number for c in found.citations] == ["86", "87", "88"]
    assert {c.form for c in found.citations} == {"list"}
    assert {c.issuer for c in found.citations} == {"Ban Chỉ đạo tỉnh"}
    assert {c.role for c in found.citations} == {"repeals"}


def test_laws_by_name_self_references_and_amending_law():
    text = (
        "Căn cứ Luật Phòng, chống bệnh truyền nhiễm số 03/2007/QH12; Luật sửa đổi, bổ sung một số điều "
        "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019; "
        "Quyết định này có hiệu lực."
    )
    found = _refs(text)
    laws = [c for c in found.citations if c.form == "law"]
    assert [c.name for c in laws] == [
        "Luật Phòng, chống bệnh truyền nhiễm",
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
    ]
    assert laws[0].identifier == "03/2007/QH12"
    assert {c.role for c in laws} == {"basis"}
    assert [s.text for s in found.self_references] == ["Quyết định này"]


def test_amending_and_attached_roles():
    amends = _refs("Sửa đổi, bổ sung Điều 3 Quyết định số 12/2020/QĐ-UBND ngày 05/3/2020.").citations[0]
    attached = _refs("Quy chế ban hành kèm theo Quyết định số 45/QĐ-UBND.").citations[0]
    assert (amends.role, attached.role) == ("amends", "attached")


def test_dates_normalised_with_deadline_role():
    text = (
        "báo cáo trước ngày 24/8; từ ngày 01/7 đến ngày 15/7/2021; họp lúc 14 giờ 00 ngày 29/7/2020; "
        "Quý III/2021; tháng 02 năm 2021; trong tháng 9"
    )
    found = [(d.value, d.role) for d in find_dates(text, year=2021)]
    assert found == [
        ("2021-08-24", "deadline"),
        ("2021-07-01/2021-07-15", "event"),
        ("2020-07-29T14:00", "event"),
        ("2021-Q3", "event"),
        ("2021-02", "event"),
        ("2021-09", "event"),
    ]


def test_dates_skip_bare_years_and_durations():
    assert find_dates("Kế hoạch năm 2021, 6 tháng đầu năm", year=2021) == []


def test_agency_lists_expand_and_link_to_the_gazetteer():
    text = "tại các sở: Tư pháp, Nội vụ, Thanh tra; UBND các huyện, thị xã, thành phố và CDC Khánh Hòa"
    found = find_agencies(text)
    assert [a.name for a in found] == [
        "Sở Tư pháp",
        "Sở Nội vụ",
        "Thanh tra tỉnh",
        "Ủy ban nhân dân cấp huyện",
        "Trung tâm Kiểm soát bệnh tật tỉnh",
    ]
    assert found[-1].place == "Khánh Hòa"


def test_agencies_fuzzy_field_and_institutions():
    found = find_agencies("Sở Lao động Thương binh và xã hội phối hợp với Hiệp hội Du lịch")
    assert [a.name for a in found] == ["Sở Lao động - Thương binh và Xã hội", "Hiệp hội Du lịch"]
    assert not find_agencies("cán bộ, toàn bộ công chức")


DOCUMENT = """ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA
Số: 12/TB-UBND
Khánh Hòa, ngày 05 tháng 8 năm 2021
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh Nguyễn Lưu Trung
Thực hiện Kế hoạch số 35/KH-UBND ngày 15/7/2021 của UBND tỉnh, đồng chí Nguyễn Lưu Trung kết luận:
1. Sở Y tế chủ trì, phối hợp với Sở Tài chính tham mưu phương án, báo cáo trước ngày 20/8/2021.
2. Giao Công an tỉnh kiểm tra các chốt.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Lưu Trung
"""


def test_whole_document_body_fields():
    record = docparse.parse_text(DOCUMENT)
    assert [(d.value, d.role) for d in record.dates] == [
        ("2021-08-05", "issue"),
        ("2021-07-15", "reference"),
        ("2021-08-20", "deadline"),
    ]
    assert [(t.label, t.assignees, t.partners, t.deadline) for t in record.tasks] == [
        ("1", ["Sở Y tế"], ["Sở Tài chính"], "2021-08-20"),
        ("2", ["Công an tỉnh"], [], None),
    ]
    assert {p.name for p in record.people} == {"Nguyễn Lưu Trung"}
    assert any(p.title == "Phó Chủ tịch UBND tỉnh" for p in record.people)
    for item in [*record.dates, *record.agencies, *record.people, *record.tasks, *record.references]:
        assert DOCUMENT[item.start : item.end].split()[:1] == item.text.split()[:1] or isinstance(item.text, str)
    for item in [*record.dates, *record.agencies, *record.people, *record.references]:
        assert DOCUMENT[item.start : item.end] == item.text


def test_dates_month_ranges_emphasis_and_plan_lines():
    text = (
        "Thời gian thực hiện: tháng 8 - tháng 9/2023.\nChậm nhất là ngày **04/6/2021**.\n"
        "Thời gian: 14 giờ 00 ngày 08/5/2019.\nTừ tháng 12/2023 đến tháng 5/2024."
    )
    assert [(d.value, d.role) for d in find_dates(text, year=2023)] == [
        ("2023-08/2023-09", "deadline"),
        ("2021-06-04", "deadline"),
        ("2019-05-08T14:00", "event"),  # a meeting's "Thời gian:" is no deadline
        ("2023-12/2024-05", "event"),
    ]


def test_party_organs_of_bodies_and_committee_units():
    found = find_agencies("Ban cán sự đảng UBND tỉnh, Đảng đoàn HĐND tỉnh và đảng ủy xã, phường, thị trấn")
    assert [a.name for a in found] == [
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "Đảng đoàn Hội đồng nhân dân tỉnh",
        "Đảng ủy cấp xã",
    ]
    assert not find_agencies("các huyện ủy và đảng ủy trực thuộc")[1:]  # a bare "đảng ủy" is any committee


def _tasks(body: str) -> list[tuple]:
    record = docparse.parse_text(HEAD + body + TAIL)
    return [(t.label, t.assignees, t.lead is not None) for t in record.tasks]


def _task_rows(body: str, *fields: str) -> list[tuple]:
    """The named fields of each task of a letter with `body`."""
    record = docparse.parse_text(HEAD + body + TAIL)
    return [tuple(getattr(t, f) for f in fields) for t in record.tasks]


def _assignees(body: str) -> list[tuple]:
    return [(label, names) for label, names, _ in _tasks(body)]


HEAD = """SỞ Y TẾ TỈNH NGHỆ AN
Số: 15/SYT-NVY
Nghệ An, ngày 03 tháng 9 năm 2019
V/v phòng, chống dịch sốt xuất huyết
Kính gửi: Trung tâm Kiểm soát bệnh tật tỉnh.
"""
TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Nguyễn Văn An
"""


def test_items_inherit_the_lead_in_sentence():
    body = (
        "Sở Y tế đề nghị Trung tâm Kiểm soát bệnh tật tỉnh triển khai các nội dung sau:\n"
        "1. Tăng cường giám sát tại cộng đồng.\n"
        "2. Bảo đảm đủ hóa chất, báo cáo trước ngày 10/9/2019.\n"
    )
    # The lead-in only passes its list on: no task of its own.
    assert _tasks(body) == [
        ("1", ["Trung tâm Kiểm soát bệnh tật tỉnh"], True),
        ("2", ["Trung tâm Kiểm soát bệnh tật tỉnh"], True),
    ]


def test_a_lead_in_in_an_items_own_paragraph_keeps_the_items_task():
    body = (
        "2. Tình hình còn phức tạp, Thường trực Tỉnh ủy đề nghị Thành ủy tập trung chỉ đạo các nhiệm vụ sau:\n"
        "2.1. Siết chặt kỷ luật.\n"
        "2.2. Huy động toàn hệ thống chính trị.\n"
    )
    assert [(label, names) for label, names, _ in _tasks(body)] == [
        ("2", ["Thành ủy"]),
        ("2.1", ["Thành ủy"]),
        ("2.2", ["Thành ủy"]),
    ]


def test_a_heading_item_gives_its_assignees_to_its_children():
    body = "1. Bộ Y tế\na) Chủ trì tổng kết.\nb) Hướng dẫn bổ sung danh mục.\n2. Sở Tài chính: cân đối kinh phí.\n"
    assert _tasks(body) == [("a", ["Bộ Y tế"], True), ("b", ["Bộ Y tế"], True), ("2", ["Sở Tài chính"], False)]


def test_dash_bullets_under_a_head_that_only_names_its_assignees_are_tasks_each():
    body = (
        "1. Đề nghị UBND các huyện, thành phố:\n"
        "- Chỉ đạo rà soát số ca bệnh, báo cáo chậm nhất ngày 15/9/2019;\n"
        "- Bố trí kinh phí phun hóa chất, hoàn thành trong tháng 10/2019.\n"
        "2. Sở Tài chính chủ trì kiểm tra tại các điểm sau:\n"
        "- Chợ đầu mối Vinh, trước ngày 20/9/2019;\n"
        "- Bến xe Bắc Vinh.\n"
    )
    record = docparse.parse_text(HEAD + body + TAIL)
    tasks = [(t.label, t.assignees, t.deadline, t.text[:9]) for t in record.tasks]
    assert tasks == [
        ("1", ["Ủy ban nhân dân cấp huyện"], "2019-09-15", "- Chỉ đạo"),
        ("1", ["Ủy ban nhân dân cấp huyện"], "2019-10", "- Bố trí "),
        # a head with a verb is one task: its bullets are what it covers
        ("2", ["Sở Tài chính"], "2019-09-20", "2. Sở Tài"),
    ]
    assert record.tasks[1].lead.text == "1. Đề nghị UBND các huyện, thành phố:"


def test_a_bold_head_without_colon_over_word_export_bullets():
    body = (
        "**2. Các huyện đoàn, Đoàn Khối các cơ quan tỉnh**\n\n"
        "\\- Xây dựng kế hoạch, gửi về Tỉnh đoàn trước ngày 28/5/2024.\n\n"
        "\\- Báo cáo kết quả trước ngày 25/8/2024.\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("2", ["Huyện đoàn", "Đoàn Khối các cơ quan tỉnh"], "2024-05-28"),
        ("2", ["Huyện đoàn", "Đoàn Khối các cơ quan tỉnh"], "2024-08-25"),
    ]


def test_bodies_of_each_area_and_a_village_programme_board():
    assert _names(
        "Hạt Kiểm lâm các khu vực, Chi cục Thuế các khu vực và Ban Quản lý xây dựng nông thôn mới xã chủ trì."
    ) == ["Hạt Kiểm lâm khu vực", "Chi cục Thuế khu vực", "Ban Quản lý xây dựng nông thôn mới xã"]


def test_a_national_board_named_with_the_disease_it_fights():
    assert _names(
        "Bộ thành lập Ban Chỉ đạo quốc gia phòng, chống bệnh Dịch tả lợn châu Phi do Bộ trưởng làm Trưởng ban; "
        "theo hướng dẫn của Ban Chỉ đạo Quốc gia về khai báo y tế."
    ) == [
        "Ban Chỉ đạo quốc gia phòng, chống bệnh Dịch tả lợn châu Phi",
        "Ban Chỉ đạo quốc gia phòng, chống dịch Covid-19",
    ]


def test_the_office_of_a_provincial_body_named_by_its_province():
    assert _names("Văn phòng KBNN Quảng Nam, Văn phòng Bộ Y tế") == [
        "Văn phòng Kho bạc Nhà nước tỉnh",
        "Văn phòng Bộ Y tế",
    ]


def test_a_bare_office_heading_an_item_is_the_issuers():
    text = (
        "HỘI NÔNG DÂN TỈNH THANH HÓA\nSố: 12/KH-HND\nThanh Hóa, ngày 5 tháng 3 năm 2019\nKẾ HOẠCH\nTổ chức hội thi\n"
        "1. Ban Kinh tế - Xã hội: chủ trì tổ chức hội thi.\n2. Văn phòng: bảo đảm kinh phí.\n" + TAIL
    )
    tasks = docparse.parse_text(text).tasks
    assert [(t.label, t.assignees) for t in tasks] == [
        ("1", ["Ban Kinh tế - Xã hội Hội Nông dân tỉnh"]),
        ("2", ["Văn phòng Hội Nông dân tỉnh"]),
    ]


def test_a_name_does_not_run_over_a_comma_after_its_unit_word():
    assert _names("UBND tỉnh, Đoàn Khối Doanh nghiệp tỉnh; Công đoàn Khối Doanh nghiệp tỉnh") == [
        "Ủy ban nhân dân tỉnh",
        "Đoàn Khối Doanh nghiệp tỉnh",
        "Công đoàn Khối Doanh nghiệp tỉnh",
    ]


def test_partners_named_later_in_the_item_or_sentence():
    body = (
        "1. Sở Công Thương xây dựng phương án cung ứng hàng hóa; trường hợp cần thiết, chủ động phối hợp "
        "với Công an tỉnh. Đề nghị Cục Quản lý thị trường tỉnh phối hợp với Sở Y tế kiểm tra.\n"
    )
    assert _task_rows(body, "assignees", "partners") == [
        (["Sở Công Thương"], ["Công an tỉnh"]),  # not Sở Y tế: that sentence is another task's
        (["Cục Quản lý thị trường tỉnh"], ["Sở Y tế"]),
    ]


def test_assignments_read_through_markdown_emphasis():
    body = (
        "1. **Phòng Y tế** chủ trì, phối hợp với **Trung tâm Y tế huyện** rà soát số ca bệnh.\n"
        "2. Đề nghị **UBND các xã, phường** chỉ đạo tuyên truyền.\n"
    )
    assert _task_rows(body, "label", "assignees", "partners") == [
        ("1", ["Phòng Y tế"], ["Trung tâm Y tế huyện"]),
        ("2", ["Ủy ban nhân dân cấp xã"], []),
    ]


def test_items_under_a_head_take_its_partners():
    body = "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh:\na) Kiểm tra cơ sở;\nb) Xử lý vi phạm, phối hợp với Sở Công Thương.\n"
    assert _task_rows(body, "label", "assignees", "partners") == [
        ("a", ["Sở Y tế"], ["Công an tỉnh"]),
        ("b", ["Sở Y tế"], ["Sở Công Thương", "Công an tỉnh"]),
    ]


def test_plan_fields_run_together_on_one_line():
    body = (
        "1. Tuyên truyền về chương trình\n"
        "Đơn vị chủ trì: Sở Y tế. Đơn vị phối hợp: Báo Nghệ An, Sở Tư pháp. Thời gian: Quý II/2019.\n"
    )
    record = docparse.parse_text(HEAD + body + TAIL)
    assert [(t.label, t.assignees, t.partners, t.deadline) for t in record.tasks] == [
        ("1", ["Sở Y tế"], ["Báo Nghệ An", "Sở Tư pháp"], "2019-Q2")
    ]
    assert [(d.value, d.role) for d in record.dates if d.value == "2019-Q2"] == [("2019-Q2", "deadline")]


def test_a_person_heading_an_item_is_its_assignee():
    body = (
        "1. Ông Bùi Văn Thành, Chủ tịch UBND xã:\na) Lãnh đạo toàn diện hoạt động của Ủy ban nhân dân xã;\n"
        "b) Trực tiếp phụ trách lĩnh vực nội vụ.\n"
        "2. Bà Xa Thị Lan, Trưởng phòng Văn hóa - Xã hội: tham mưu công tác nội vụ, hoàn thành trước ngày 31/7/2025.\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("a", ["Bùi Văn Thành"], None),
        ("b", ["Bùi Văn Thành"], None),
        ("2", ["Xa Thị Lan"], "2025-07-31"),
    ]


def test_a_letter_to_one_agency_assigns_its_items_to_it():
    body = "Sở Y tế đề nghị Quý cơ quan thực hiện một số nội dung sau:\n1. Rà soát số ca bệnh.\n"
    assert _tasks(body) == [("1", ["Trung tâm Kiểm soát bệnh tật tỉnh"], True)]


def test_an_executing_article_lists_every_body_of_its_subject():
    body = (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Y tế, Tài chính; Chủ tịch UBND các huyện và "
        "Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.\n"
    )
    assert _tasks(body) == [
        (
            "Điều 3",
            ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Y tế", "Sở Tài chính", "Ủy ban nhân dân cấp huyện"],
            False,
        )
    ]


def test_reports_of_past_work_are_no_tasks():
    assert _tasks("1. Sở Y tế đã triển khai giám sát tại cộng đồng.\n") == []


def test_publication_time_and_issued_on_reference():
    text = (
        "UBND TỈNH KHÁNH HÒA\n25/07/2021 22:23 | Lượt xem: 10\nSố: 12/TB-UBND\n"
        "Khánh Hòa, ngày 25 tháng 7 năm 2021\nTHÔNG BÁO\nVề việc phòng dịch\n"
        "Ngày 01/7/2021, Chính phủ ban hành Nghị quyết số 68/NQ-CP về hỗ trợ.\n"
    )
    record = docparse.parse_text(text)
    assert [(d.value, d.role) for d in record.dates] == [
        ("2021-07-25T22:23", "publication"),
        ("2021-07-25", "issue"),
        ("2021-07-01", "reference"),
    ]


def test_tasks_in_an_annex_after_the_signer():
    text = (
        "ỦY BAN NHÂN DÂN\nPHƯỜNG TRẤN BIÊN\nSố: 312/QĐ-UBND\nTrấn Biên, ngày 22 tháng 9 năm 2025\n"
        "QUYẾT ĐỊNH\nBan hành Quy chế phối hợp\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn An\n\n"
        "QUY CHẾ\nPhối hợp giải quyết thủ tục hành chính\n"
        "Điều 5. Trách nhiệm cụ thể\n1. Công an phường: phối hợp với Văn phòng HĐND và UBND phường.\n"
        "2. Phòng Văn hóa - Xã hội chủ trì tuyên truyền.\n"
    )
    record = docparse.parse_text(text)
    assert [(t.label, t.assignees) for t in record.tasks] == [
        ("1", ["Công an phường"]),
        ("2", ["Phòng Văn hóa - Xã hội"]),
    ]
    assert [o.label for o in record.outline] == ["Điều 1", "Điều 2", "Điều 5", "1", "2"]


def test_units_of_the_issuing_department_are_named_in_full():
    text = (
        "UBND TỈNH THÁI BÌNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 12/SGDĐT-VP\nThái Bình, ngày 02 tháng 5 năm 2019\n"
        "V/v tuyển sinh\nKính gửi: Các trường.\n1. Văn phòng Sở tổng hợp kết quả, báo cáo trước ngày 10/6/2019.\n"
        "2. Thanh tra Sở kiểm tra công tác coi thi.\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nTrần Văn Bình\n"
    )
    record = docparse.parse_text(text)
    assert [(t.label, t.assignees, t.deadline) for t in record.tasks] == [
        ("1", ["Văn phòng Sở Giáo dục và Đào tạo"], "2019-06-10"),
        ("2", ["Thanh tra Sở Giáo dục và Đào tạo"], None),
    ]


def test_a_unit_asked_to_act_and_collectives_before_a_subject():
    body = (
        "1. Đề nghị thành phố tăng cường lực lượng kiểm tra.\n"
        "2. Các chủ đầu tư, UBND các huyện, thị xã, thành phố khẩn trương giải ngân vốn.\n"
    )
    assert _assignees(body) == [
        ("1", ["Ủy ban nhân dân thành phố"]),
        ("2", ["Ủy ban nhân dân cấp huyện"]),
    ]


def test_elliptical_committee_lists_and_bare_organs():
    found = find_agencies("Ban Tuyên giáo các huyện, thị, thành ủy; Ban Thường vụ Huyện ủy (qua Ban Tuyên giáo)")
    assert [a.name for a in found] == [
        "Ban Tuyên giáo Huyện ủy",
        "Ban Tuyên giáo Thị ủy",
        "Ban Tuyên giáo Thành ủy",
        "Ban Thường vụ Huyện ủy",
        "Ban Tuyên giáo Huyện ủy",
    ]


def test_ranges_with_times_and_next_year_deadlines():
    text = "từ 0 giờ ngày 23/8/2021 đến hết ngày 05/9/2021; Từ ngày 02/02 đến 17h00 ngày 06/02/2026"
    assert [d.value for d in find_dates(text, year=2025)] == [
        "2021-08-23T00:00/2021-09-05",
        "2026-02-02/2026-02-06T17:00",
    ]
    letter = (
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 12/SLĐTBXH-NCC\nThái Bình, ngày 07 tháng 12 năm 2018\n"
        "V/v quà Tết\nKính gửi: Phòng Lao động - Thương binh và Xã hội các huyện.\n"
        "Báo cáo kết quả chậm nhất ngày 05/01.\n"
    )
    assert [(d.value, d.role) for d in docparse.parse_text(letter).dates][-1] == ("2019-01-05", "deadline")


def test_plan_table_time_column_gives_deadlines_tab_separated():
    body = (
        "Sở Y tế ban hành kế hoạch cải cách hành chính năm 2023 như sau.\n"
        "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
        "I\tCông tác chỉ đạo\n"
        "1\tBan hành kế hoạch kiểm tra\tPhòng Nội vụ\tPhòng Tư pháp\tQuý I/2023\n"
        "Các đơn vị báo cáo kết quả về Sở Y tế để tổng hợp.\n"
    )
    record = docparse.parse_text(HEAD.replace("2019", "2023") + body + TAIL)
    assert [(t.label, t.assignees, t.partners, t.deadline) for t in record.tasks] == [
        ("1", ["Phòng Nội vụ"], ["Phòng Tư pháp"], "2023-Q1")
    ]
    assert ("2023-Q1", "deadline") in [(d.value, d.role) for d in record.dates]


def test_a_person_assigned_work_and_passive_assignment():
    body = (
        "1. Giao đồng chí Nguyễn Văn Hòa, Phó Bí thư Thường trực Đảng ủy xã chỉ đạo tổng kết.\n"
        "2. Các Bộ: Y tế, Xây dựng được giao chủ trì dự án có trách nhiệm báo cáo.\n"
    )
    assert _assignees(body) == [
        ("1", ["Nguyễn Văn Hòa"]),
        ("2", ["Bộ Y tế", "Bộ Xây dựng"]),
    ]


def test_four_word_names_after_an_address_word_and_a_title_after_a_name():
    from docparse.extract.people import find_people

    text = "2. Bà Trần Thị Kim Loan, Trưởng phòng Y tế huyện; 3. Ông Nguyễn Văn An Phó Chủ tịch UBND xã."
    found = [(p.name, text[p.start : p.end]) for p in find_people(text, 0, len(text))]
    assert found == [("Trần Thị Kim Loan", "Trần Thị Kim Loan"), ("Nguyễn Văn An", "Nguyễn Văn An")]


def test_a_team_the_document_sets_up_is_an_agency_and_its_heading_gives_it_the_items():
    r = docparse.parse_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nSố: 12/QĐ-UBND\nChâu Thành, ngày 02 tháng 01 năm 2014\nQUYẾT ĐỊNH\n"
        "Về việc thành lập Đoàn kiểm tra liên ngành\n\n"
        "Điều 1. Thành lập Đoàn kiểm tra liên ngành về an toàn thực phẩm.\n"
        "Điều 2. Nhiệm vụ của Đoàn kiểm tra\n1. Kiểm tra các cơ sở sản xuất.\n2. Báo cáo kết quả.\n"
    )
    assert {a.name for a in r.agencies} >= {"Đoàn kiểm tra liên ngành"}
    assert [(t.label, t.assignees) for t in r.tasks if t.label in ("1", "2")] == [
        ("1", ["Đoàn kiểm tra liên ngành"]),
        ("2", ["Đoàn kiểm tra liên ngành"]),
    ]
    plain = docparse.parse_text("Các đoàn kiểm tra của tỉnh đã làm việc với Đoàn kiểm tra của Bộ.\n")
    assert not any("kiểm tra" in a.name for a in plain.agencies)  # no team set up here


def test_kind_words_inside_person_names_and_crop_seasons_are_no_bodies():
    assert find_agencies("đồng chí Đoàn Văn Phúc, Bí thư Đoàn Thanh niên xã") == [
        a for a in find_agencies("đồng chí Đoàn Văn Phúc, Bí thư Đoàn Thanh niên xã") if a.name != "Đoàn Văn Phúc"
    ]
    assert [a.name for a in find_agencies("Đoàn Thanh niên xã")] == ["Đoàn Thanh niên Cộng sản Hồ Chí Minh xã"]
    assert find_agencies("     Phạm Đăng Khoa      Trần Thị Hồng Nhung") == []
    assert [a.name for a in find_agencies("phối hợp với Khoa Dược")] == ["Khoa Dược"]
    assert find_agencies("Sản xuất vụ Đông Xuân năm 2017 đạt kết quả tốt") == []


def test_places_after_a_unit_title_and_names_with_an_unlisted_family_name():
    from docparse.extract.people import find_people

    text = (
        "Chủ tịch UBND các xã Thạch Hải, Thạch Khê báo cáo. Chủ tịch UBND xã Thạch Đỉnh dự họp. "
        "Phó Chủ tịch UBND tỉnh Nguyễn Lưu Trung chủ trì. Liên hệ bà Ka Thị Hoa, Trưởng phòng Y tế."
    )
    assert [p.name for p in find_people(text, 0, len(text))] == ["Nguyễn Lưu Trung", "Ka Thị Hoa"]


def test_due_cues_and_a_month_closing_a_task_clause():
    text = (
        "trình UBND tỉnh trong tháng 4/2025; di dời xong trong Quý III/2018; bàn giao truoc ngày 30/6/2018; "
        "hạng mục công trình vi phạm, dự kiến trong tháng 5/2019."
    )
    assert [(d.value, d.role) for d in find_dates(text)] == [
        ("2025-04", "deadline"),
        ("2018-Q3", "deadline"),
        ("2018-06-30", "deadline"),
        ("2019-05", "event"),  # "công trình" is no "trình"; an expected time is no deadline
    ]
    body = (
        "1. Phòng Y tế chủ trì lấy mẫu rau tại các vùng chuyên canh trong tháng 10/2019.\n"
        "2. Trong tháng 10/2019, Phòng Y tế đã lấy 30 mẫu.\n"
    )
    record = docparse.parse_text(HEAD + body + TAIL)
    assert [(t.label, t.deadline) for t in record.tasks] == [("1", "2019-10")]
    assert [(d.value, d.role) for d in record.dates if d.value == "2019-10"] == [
        ("2019-10", "deadline"),
        ("2019-10", "event"),
    ]


def test_a_capitalised_body_after_a_unit_is_no_second_unit():
    assert [a.name for a in find_agencies("UBND tỉnh, Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh, Tỉnh đoàn")] == [
        "Ủy ban nhân dân tỉnh",
        "Tỉnh ủy",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Tỉnh đoàn",
    ]
    assert [a.name for a in find_agencies("UBND các xã, phường, thị trấn")] == ["Ủy ban nhân dân cấp xã"]


def test_a_new_subject_after_a_semicolon_inside_an_item():
    body = (
        "6. Sở Tài chính bảo đảm kinh phí; Sở Thông tin và Truyền thông, Báo Nghệ An đẩy mạnh tuyên truyền.\n"
        "7. Sở Nội vụ thẩm định hồ sơ. Sở Nội vụ thông báo để các đơn vị biết.\n"
    )
    assert _assignees(body) == [
        ("6", ["Sở Tài chính"]),
        ("6", ["Sở Thông tin và Truyền thông", "Báo Nghệ An"]),
        ("7", ["Sở Nội vụ"]),
    ]


def test_a_collective_naming_the_list_after_it_joins_co_leads():
    body = "7. Đề nghị Ủy ban MTTQ tỉnh và các đoàn thể: Hội Nông dân tỉnh, Tỉnh đoàn vận động hội viên.\n"
    assert _assignees(body) == [
        ("7", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Hội Nông dân tỉnh", "Tỉnh đoàn"]),
    ]


def test_generic_bodies_of_a_unit_before_the_named_lead():
    body = "2. Các sở, ban, ngành tỉnh, UBND các huyện, thành phố căn cứ nhiệm vụ xây dựng kế hoạch chi tiết.\n"
    assert _assignees(body) == [("2", ["Ủy ban nhân dân cấp huyện"])]


def test_bodies_of_named_units_are_of_that_unit_not_a_level():
    assert [a.name for a in find_agencies("UBND các huyện Tân Biên, Tân Châu; UBND các xã liên quan")] == [
        "Ủy ban nhân dân huyện",
        "Ủy ban nhân dân cấp xã",
    ]


def test_a_request_made_before_is_no_task():
    body = "4. Giao Phòng Y tế kiểm tra các cơ sở. Sở Y tế đã đề nghị Bộ Công an, Bộ Y tế hỗ trợ lực lượng.\n"
    assert _assignees(body) == [("4", ["Phòng Y tế"])]


def test_names_of_the_central_highlands_peoples():
    from docparse.extract.people import find_people

    text = "bà Rmah H'Yên, Chủ tịch UBND huyện Mang Yang; đồng chí Ksor Phước Hà, Phó Chủ tịch UBND tỉnh"
    assert [p.name for p in find_people(text, 0, len(text))] == ["Rmah H'Yên", "Ksor Phước Hà"]


def test_a_time_limit_past_at_issue_is_an_event_unless_someone_was_required_to_meet_it():
    report = (
        "UBND XÃ HÒA BÌNH\nSố: 15/BC-UBND\nCà Mau, ngày 10 tháng 3 năm 2026\nBÁO CÁO\nTình hình hạn mặn\n"
        "Vụ lúa xuống giống 4.820 ha, hoàn thành trước ngày 20/12/2025. Đất nuôi trồng giao trước ngày 01/7/2004.\n"
        "Ngày 20/02/2026, UBND huyện yêu cầu các xã báo cáo trước ngày 28/02/2026. "
        "Đề nghị các xã nộp chậm nhất đến ngày 31/3/2026.\n"
    )
    roles = [(d.value, d.role) for d in docparse.parse_text(report).dates if d.role in ("event", "deadline")]
    assert roles == [
        ("2025-12-20", "event"),
        ("2004-07-01", "event"),
        ("2026-02-20", "event"),
        ("2026-02-28", "deadline"),
        ("2026-03-31", "deadline"),
    ]


def test_standing_boards_bloc_committees_and_a_unit_closing_a_named_list():
    assert _names("Phó Trưởng ban Thường trực Ban Chỉ huy PCTT và TKCN tỉnh; Ban Chỉ huy Phòng thủ dân sự xã") == [
        "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh",
        "Ban Chỉ huy Phòng thủ dân sự xã",
    ]
    assert _names("đồng chí Lê Văn Hùng, Phó Bí thư Thường trực Đảng ủy Khối Doanh nghiệp tỉnh") == [
        "Đảng ủy Khối doanh nghiệp tỉnh"
    ]
    assert _names("Ủy ban kiểm tra các huyện ủy, Đảng ủy Khối Doanh nghiệp tỉnh") == [
        "Ủy ban Kiểm tra Huyện ủy",
        "Ủy ban Kiểm tra Đảng ủy Khối doanh nghiệp tỉnh",
    ]
    assert _names("UBND các huyện Đak Pơ, Mang Yang và thị xã An Khê:") == [
        "Ủy ban nhân dân huyện",
        "Ủy ban nhân dân thị xã",
    ]
    assert _names("- Chánh, PCVP UBND tỉnh;") == ["Văn phòng Ủy ban nhân dân tỉnh"]
    text = "Các huyện ủy Đông Hải, Hòa Bình và Thành ủy Bạc Liêu:"
    assert [text[a.start : a.end] for a in find_agencies(text)] == ["huyện ủy Đông Hải, Hòa Bình", "Thành ủy Bạc Liêu"]


def test_a_deadline_after_another_bodys_task_inside_a_task_is_that_bodys():
    body = (
        "7. Giao đồng chí Lâm Văn Tấn, Phó Chủ tịch UBND tỉnh trực tiếp chỉ đạo, đôn đốc; Trung tâm Kiểm soát bệnh tật tỉnh theo dõi, "
        "tổng hợp, báo cáo Sở Y tế trước ngày 15/12/2019.\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("7", ["Lâm Văn Tấn"], None),
        ("7", ["Trung tâm Kiểm soát bệnh tật tỉnh"], "2019-12-15"),
    ]


def test_an_item_asking_a_body_to_direct_another_passes_its_items_on_and_mountain_family_names():
    body = (
        "3. Đề nghị UBND tỉnh chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh thực hiện các nội dung sau:\n"
        "a) Rà soát các ổ dịch cũ.\nb) Báo cáo kết quả trước ngày 30/9/2019.\n"
        "4. Giao đồng chí Lầu Bá Dế, Trưởng phòng Nghiệp vụ Y chỉ đạo kiểm tra.\n"
        "5. Giao ông Y Thuyên Niê, Phó Chủ tịch UBND xã, Trưởng Ban Chỉ đạo trực tiếp chỉ đạo.\n"
    )
    assert _assignees(body) == [
        ("a", ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
        ("b", ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
        ("4", ["Lầu Bá Dế"]),
        ("5", ["Y Thuyên Niê"]),
    ]


def test_funds_numbered_areas_border_guard_committees_and_the_merged_broadcaster():
    assert _names("Kho bạc Nhà nước khu vực XV, Chi cục Thuế khu vực II") == [
        "Kho bạc Nhà nước khu vực XV",
        "Chi cục Thuế khu vực II",
    ]
    assert _names("Quỹ Bảo trợ trẻ em Việt Nam khám sàng lọc") == ["Quỹ Bảo trợ trẻ em Việt Nam"]
    assert _names("Đảng ủy BĐBP tỉnh; Báo và Phát thanh, Truyền hình Thái Nguyên") == [
        "Đảng ủy Bộ đội Biên phòng tỉnh",
        "Báo và Phát thanh, Truyền hình tỉnh",
    ]


def test_dash_bullets_under_a_heading_and_leaders_each_with_their_area():
    body = (
        "I. CÁC NHIỆM VỤ CẤP BÁCH\n"
        "- Trung tâm Kiểm soát bệnh tật tỉnh cắt cử cán bộ trực dịch 24/24 giờ.\n"
        "II. PHÂN CÔNG LÃNH ĐẠO\n"
        "- Đồng chí Lê Quang Tiến, Phó Giám đốc Sở Y tế: trực tiếp chỉ đạo tại các xã vùng lũ.\n"
    )
    assert _assignees(body) == [("I", ["Trung tâm Kiểm soát bệnh tật tỉnh"]), ("II", ["Lê Quang Tiến"])]


def test_what_the_main_clause_after_a_basis_clause_cites_has_no_role():
    text = (
        "Thực hiện Kế hoạch số 12-KH/TU ngày 05/5/2023 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân huyện đã ban "
        "hành Quyết định số 1352/QĐ-UBND ngày 10/6/2023. Căn cứ Luật Đầu tư công, Nghị định số 40/2020/NĐ-CP;"
    )
    assert [(r.identifier or r.name, r.role) for r in _refs(text).citations] == [
        ("12-KH/TU", "basis"),
        ("1352/QĐ-UBND", None),
        ("Luật Đầu tư công", "basis"),
        ("40/2020/NĐ-CP", "basis"),
    ]


def test_a_change_cue_in_an_earlier_mentions_title_changes_none_of_the_later_ones():
    text = (
        "hướng dẫn các xã thực hiện đúng Nghị định số 38/2023/NĐ-CP ngày 24/6/2023 của Chính phủ sửa đổi, "
        "bổ sung một số điều của Nghị định 27 và Luật Đầu tư công; Quyết định này bãi bỏ Quyết định số 12/QĐ-UBND."
    )
    assert [(r.identifier or r.name or r.number, r.role) for r in _refs(text).citations] == [
        ("38/2023/NĐ-CP", None),
        ("27", None),
        ("Luật Đầu tư công", None),
        ("12/QĐ-UBND", "repeals"),
    ]


def test_courts_mass_organisations_and_named_units_of_each_kind_listed_after_a_colon():
    assert _names("Tòa án nhân dân tối cao; TAND tỉnh Lâm Đồng; Viện kiểm sát nhân dân các huyện, thành phố") == [
        "Tòa án nhân dân tối cao",
        "Tòa án nhân dân tỉnh",
        "Viện kiểm sát nhân dân cấp huyện",
    ]
    assert _names("Hội Nông dân các huyện, thị xã; Kho bạc Nhà nước huyện; BCH BĐBP tỉnh") == [
        "Hội Nông dân cấp huyện",
        "Kho bạc Nhà nước huyện",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    ]
    assert _names("Chủ tịch UBND các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế, Đà Nẵng") == [
        "Ủy ban nhân dân tỉnh",
        "Ủy ban nhân dân thành phố",
    ]


def test_a_subject_that_hands_its_work_on_gives_the_task_to_whom_it_names():
    body = (
        "4. Sở Y tế giao Trung tâm Kiểm soát bệnh tật tỉnh lấy mẫu giám sát tại các hộ.\n"
        "5. Đề nghị UBND tỉnh giao Sở Tài chính bố trí kinh phí.\n"
    )
    assert _assignees(body) == [("4", ["Trung tâm Kiểm soát bệnh tật tỉnh"]), ("5", ["Ủy ban nhân dân tỉnh"])]


def test_rivers_numbered_areas_and_run_on_places_are_no_people():
    from docparse.extract.people import find_people

    text = "nạo vét sông Ninh Cơ; các khu công nghiệp Đồng Xoài I; Xã Ninh Quới xã Ninh; đồng chí Ninh Văn Cường"
    assert [p.name for p in find_people(text, 0, len(text))] == ["Ninh Văn Cường"]


def test_a_numbered_part_of_a_programme_is_no_citation_unless_the_text_cites_it():
    body = (
        "1. Triển khai Chương trình 135 và Dự án 3 của Chương trình; thực hiện Đề án 06.\n"
        "2. Thực hiện Chương trình số 05-CTr/TU ngày 10/01/2019 của Tỉnh ủy; Chương trình 05 đạt kết quả.\n"
    )
    record = docparse.parse_text(HEAD + body + TAIL)
    assert [(r.form, r.doc_type.name, r.number or r.identifier) for r in record.references] == [
        ("short", "Đề án", "06"),
        ("full", "Chương trình", "05"),
        ("short", "Chương trình", "05"),
    ]


def test_a_year_like_number_that_a_full_citation_carries_is_a_number():
    body = (
        "Thực hiện Quyết định số 1956/QĐ-TTg ngày 27/11/2009 của Thủ tướng Chính phủ (Đề án 1956); "
        "Kế hoạch 2021 của tỉnh; tổng kết Đề án 1956.\n"
    )
    record = docparse.parse_text(HEAD + body + TAIL)
    assert [(r.form, r.doc_type.name, r.number) for r in record.references] == [
        ("full", "Quyết định", "1956"),
        ("short", "Đề án", "1956"),
        ("short", "Đề án", "1956"),
    ]


def test_a_citations_date_read_through_ocr_letters_for_digits():
    found = find_references(
        "Thực hiện Chỉ thị số 18-CT/TW, ngày 1O/01/2018 của Ban Bí thư; Tờ trình số 245/TTr-SNN ngày l5/8/2017"
    )
    assert [c.date for c in found.citations] == ["2018-01-10", "2017-08-15"]


def test_a_recurring_deadline_keeps_the_issue_year():
    body = "1. Sở Y tế gửi báo cáo trước ngày 30/4 hằng năm.\n2. Sở Y tế nộp hồ sơ trước ngày 30/4.\n"
    record = docparse.parse_text(HEAD + body + TAIL)  # issued 3 September 2019
    assert [(d.value, d.role) for d in record.dates if d.role == "deadline"] == [
        ("2019-04-30", "deadline"),
        ("2020-04-30", "deadline"),
    ]


def test_bodies_of_every_unit_and_a_steering_committee_named_by_its_topic():
    text = (
        "đề nghị UBND các huyện chỉ đạo Ban Chỉ đạo Điều tra dân số và nhà ở giữa kỳ\ncấp huyện, "
        "Chi cục Thống kê các huyện, thị xã, thành phố, Phòng Nội vụ các huyện, thành phố và "
        "Trường THCS các xã Tân An, Tân Bình phối hợp; Ban Chỉ huy Phòng thủ khu vực 4, Ban CHPTKV 4."
    )
    spans = {a.name: text[a.start : a.end] for a in find_agencies(text)}
    assert spans == {
        "Ủy ban nhân dân cấp huyện": "UBND các huyện",
        "Ban Chỉ đạo": "Ban Chỉ đạo Điều tra dân số và nhà ở giữa kỳ\ncấp huyện",
        "Chi cục Thống kê cấp huyện": "Chi cục Thống kê các huyện, thị xã, thành phố",
        "Phòng Nội vụ": "Phòng Nội vụ các huyện, thành phố",
        "Trường Trung học cơ sở": "Trường THCS",  # units named after "các xã" are places
        "Ban Chỉ huy Phòng thủ khu vực 4": "Ban CHPTKV 4",  # the last of two mentions
    }


def test_names_end_at_a_place_before_and_and_religious_bodies_and_titles():
    from docparse.extract.people import find_people

    text = (
        "phối hợp với Viettel Phú Thọ, VNPT Phú Thọ và Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam; "
        "Tòa Giám mục Hưng Hóa, Thiền viện Trúc Lâm Tây Thiên; Mục sư A Thái, Trung tá Lê Văn Quý."
    )
    assert _names(text) == [
        "Viettel Phú Thọ",
        "VNPT Phú Thọ",
        "Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam",
        "Tòa Giám mục Hưng Hóa",
        "Thiền viện Trúc Lâm Tây Thiên",
    ]
    bodies = [(a.start, a.end) for a in find_agencies(text)]  # as the pipeline blocks them
    assert [p.name for p in find_people(text, 0, len(text), blocked=bodies)] == ["A Thái", "Lê Văn Quý"]


def test_an_enacting_body_heading_is_no_subject_and_authorising_hands_work_on():
    body = (
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "1. Chủ tịch Ủy ban nhân dân tỉnh ủy quyền Giám đốc Sở Khoa học và Công nghệ thành lập Hội đồng.\n"
    )
    assert _assignees(body) == [("1", ["Sở Khoa học và Công nghệ"])]


def test_police_units_are_named_with_their_command_and_handing_over_is_no_assignment():
    text = "phối hợp với Phòng Cảnh sát kinh tế Công an tỉnh, Phòng Cảnh sát PCCC và CNCH Công an tỉnh."
    assert _names(text) == [
        "Phòng Cảnh sát kinh tế Công an tỉnh",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh",
    ]
    body = "Đề nghị Sở Y tế thực hiện các nội dung sau:\n1. Kiểm tra phiếu, bàn giao cho Trung tâm Y tế huyện.\n"
    assert _assignees(body) == [("1", ["Sở Y tế"])]


def test_numbered_bodies_and_an_issuer_printed_in_capitals_owns_its_units():
    text = (
        "Các Cục Quản lý đường bộ I, II, III, IV; Công ty TNHH MTV Quản lý và sửa chữa đường bộ 242 bố trí; "
        "Trường Tiểu học Kim Đồng 2 lớp."
    )
    assert _names(text) == [
        "Cục Quản lý đường bộ I",
        "Cục Quản lý đường bộ II",
        "Cục Quản lý đường bộ III",
        "Cục Quản lý đường bộ IV",
        "Công ty TNHH MTV Quản lý và sửa chữa đường bộ 242",
        "Trường Tiểu học Kim Đồng",  # "2 lớp" counts classes
    ]
    letter = (
        "BỘ GIAO THÔNG VẬN TẢI\nTỔNG CỤC ĐƯỜNG BỘ VIỆT NAM\nSố: 2986/TCĐBVN-QLBTĐB\n"
        "V/v bảo trì đường bộ mùa mưa lũ\nKính gửi: Các Cục Quản lý đường bộ.\n"
        "5. Văn phòng Tổng cục tổ chức trực ban.\n"
    )
    assert [t.assignees for t in docparse.parse_text(letter + TAIL).tasks] == [["Văn phòng Tổng cục Đường bộ Việt Nam"]]


def test_a_period_closing_a_later_leads_clause_is_that_leads_deadline():
    body = (
        "4. Ủy ban Kiểm tra Huyện ủy chủ trì, phối hợp với Ban Tổ chức Huyện ủy kiểm tra việc thực hiện; "
        "Văn phòng Huyện ủy theo dõi, tổng hợp, tham mưu sơ kết vào Quý IV/2019.\n"
    )
    assert _task_rows(body, "assignees", "deadline") == [
        (["Ủy ban Kiểm tra Huyện ủy"], None),
        (["Văn phòng Huyện ủy"], "2019-Q4"),
    ]


def test_units_under_the_centre_head_their_bullets():
    body = (
        "6. Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:\n"
        "- Bố trí đủ kinh phí trước ngày 31/12/2019;\n"
        "- Báo cáo tình hình dịch bệnh hằng tháng.\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("6", ["Ủy ban nhân dân cấp tỉnh"], "2019-12-31"),
        ("6", ["Ủy ban nhân dân cấp tỉnh"], None),
    ]


def test_a_quarter_before_a_purpose_still_closes_the_work():
    body = "3. Đề nghị Sở Tài chính bố trí kinh phí trong Quý IV/2019 để Công ty chi trả lương.\n"
    assert _task_rows(body, "assignees", "deadline") == [(["Sở Tài chính"], "2019-Q4")]


def test_a_bare_kind_after_a_unit_and_the_parent_after_a_dash():
    assert _names("Giao Phòng Thanh tra Cục chủ trì, phối hợp với Cục Quản lý xuất nhập cảnh - Bộ Công an.") == [
        "Phòng Thanh tra Cục",  # the issuing Cục's (pipeline names it in full)
        "Cục Quản lý xuất nhập cảnh",
        "Bộ Công an",
    ]
    dates = find_dates("gửi danh sách về Cục trước ngày 3l/8/2015.", year=2015)
    assert [(d.value, d.role) for d in dates] == [("2015-08-31", "deadline")]


def test_a_company_keeps_its_numbered_district_and_abbreviations_expand():
    text = "Công ty TNHH MTV Dịch vụ công ích quận 1 thu gom; Tổng cục TDTT và Cục Quản lý XNC phối hợp."
    assert _names(text) == [
        "Công ty TNHH MTV Dịch vụ công ích quận 1",
        "Tổng cục Thể dục thể thao",
        "Cục Quản lý xuất nhập cảnh",
    ]


def test_social_insurance_by_unit_a_head_standing_for_the_body_and_a_titled_person_assigned():
    assert _names("BHXH huyện Yên Thế, Bảo hiểm xã hội các tỉnh, thành phố; đóng bảo hiểm xã hội") == [
        "Bảo hiểm xã hội huyện",
        "Bảo hiểm xã hội cấp tỉnh",
    ]
    body = (
        "Sở Y tế yêu cầu Giám đốc Trung tâm Y tế huyện thực hiện các nội dung sau:\n"
        "1. Rà soát danh sách.\n"
        "2. Giao Phó Chủ tịch Ủy ban nhân dân tỉnh Lê Thị Thu Trang trực tiếp chỉ đạo.\n"
    )
    assert _assignees(body) == [("1", ["Trung tâm Y tế huyện"]), ("2", ["Lê Thị Thu Trang"])]


def test_a_tab_table_with_an_implementing_unit_column_and_a_place_named_like_a_body():
    body = (
        "Các mốc thời gian tiếp theo:\n"
        "TT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"
        "1\tTổng hợp số liệu kiểm kê\tSở Tài chính\tTừ ngày 21/10 đến ngày 05/11/2019\n"
        "Văn phòng Sở tham mưu sơ kết vào Quý IV/2019.\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("1", ["Sở Tài chính"], "2019-10-21/2019-11-05"),
        (None, ["Văn phòng Sở Y tế"], "2019-Q4"),
    ]
    assert _names("mỏ đá tại xã Đội Cấn, thành phố Hội An") == []


def test_a_name_ends_after_a_number_and_an_issuer_abbreviated_in_capitals_owns_its_office():
    assert _names(
        "Chi cục Kiểm dịch thực vật vùng IX rút ngắn thời gian; Phòng Kế hoạch - Tài chính tạm hoãn thu."
    ) == [
        "Chi cục Kiểm dịch thực vật vùng IX",
        "Phòng Kế hoạch - Tài chính",
    ]
    letter = (
        "LIÊN MINH HTX TỈNH ĐỒNG THÁP\nSố: 58/KH-LMHTX\nKẾ HOẠCH\nPhát triển thương mại điện tử\n"
        "1. Văn phòng Liên minh chủ trì theo dõi việc thực hiện.\n"
    )
    assert [t.assignees for t in docparse.parse_text(letter + TAIL).tasks] == [["Văn phòng Liên minh Hợp tác xã tỉnh"]]


def test_agencies_of_a_numbered_range_are_one_kind_and_a_generic_central_body_is_none():
    assert _names("phối hợp với Viện Thú y, Cơ quan Thú y vùng I - VII; Cơ quan Trung ương của các đoàn thể") == [
        "Viện Thú y",
        "Cơ quan Thú y vùng",
    ]


def test_a_request_that_is_the_content_of_a_document_is_no_assignment():
    body = (
        "2. Sở Công Thương chủ trì thông tin các quy định mới; tham mưu UBND tỉnh văn bản đề nghị "
        "Bộ Công Thương làm việc với phía Trung Quốc, trình trước ngày 31/10/2019.\n"
    )
    assert _task_rows(body, "assignees", "deadline") == [(["Sở Công Thương"], "2019-10-31")]


def test_ocr_numbers_old_state_symbols_party_thong_tri_and_a_place_named_like_a_body():
    found = find_references("Căn cứ Nghị định số l6/2015/NĐ-CP ngày 14/02/2015; Chỉ thị số 364-CT ngày 06/11/1991")
    assert [(c.ident.identifier, c.doc_type.name) for c in found.citations] == [
        ("16/2015/NĐ-CP", "Nghị định"),
        ("364-CT", "Chỉ thị"),
    ]
    assert [c.doc_type.name for c in find_references("theo Thông tri số 07-TT/TU").citations] == ["Thông tri"]
    assert _names("Giao Công ty Cổ phần Công trình công cộng Hội An thu gom rác tại Hội An.") == [
        "Công ty Cổ phần Công trình công cộng Hội An"
    ]
    assert docparse.repair_text("báo cáo Lãnh đạo Bộ trong Quý IV/2019").text == "báo cáo Lãnh đạo Bộ trong Quý IV/2019"


def test_councils_named_in_lower_case():
    assert _names(
        "Hội đồng tuyển dụng huyện tổ chức; Hội đồng bồi thường, hỗ trợ và tái định cư cấp huyện chi trả"
    ) == [
        "Hội đồng tuyển dụng huyện",
        "Hội đồng bồi thường, hỗ trợ và tái định cư cấp huyện",
    ]


def test_a_directing_head_passes_its_bullets_on_and_own_units_of_a_company():
    body = (
        "1. Đề nghị UBND các tỉnh thực hiện các nội dung sau:\n"
        "a) Bố trí kinh phí mua vắc xin.\n"
        "b) Chỉ đạo Sở Nông nghiệp và Phát triển nông thôn thực hiện các nội dung sau:\n"
        "- Tổ chức giám sát chủ động;\n"
        "- Cập nhật thông tin ổ dịch.\n"
    )
    assert _assignees(body) == [
        ("a", ["Ủy ban nhân dân cấp tỉnh"]),
        ("b", ["Sở Nông nghiệp và Phát triển nông thôn"]),
        ("b", ["Sở Nông nghiệp và Phát triển nông thôn"]),
    ]
    record = docparse.parse_text(
        "CÔNG TY THAN NAM MẪU - TKV\nSố: 12/QĐ-TNM\nUông Bí, ngày 28 tháng 4 năm 2017\nQUYẾT ĐỊNH\nVề việc X\n"
        "Căn cứ Điều lệ của Công ty Than Nam Mẫu - TKV;\nĐiều 1. Văn phòng Công ty chuẩn bị lương thực.\n"
    )
    assert "Văn phòng Công ty Than Nam Mẫu - TKV" in [a.name for a in record.agencies]


def test_a_title_after_a_name_ends_with_the_body_it_names():
    record = docparse.parse_text(
        HEAD + "Giao đồng chí Rah Lan Chung, Phó Chủ tịch UBND huyện chỉ đạo thực hiện.\n" + TAIL
    )
    assert [(p.name, p.title) for p in record.people if p.name == "Rah Lan Chung"] == [
        ("Rah Lan Chung", "Phó Chủ tịch UBND huyện")
    ]


def test_web_portals_named_in_the_text_and_the_one_that_published_the_page():
    assert _names("đăng trên Cổng thông tin điện tử huyện và Cổng TTĐT Bộ Y tế") == [
        "Cổng Thông tin điện tử huyện",
        "Cổng Thông tin điện tử Bộ Y tế",
    ]
    page = (
        "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH THÁI BÌNH\nTrang chủ | Tin tức\n\n"
        + HEAD
        + "Đề nghị Trung tâm Kiểm soát bệnh tật tỉnh triển khai.\n"
        + TAIL
        + "\nFile đính kèm: Tải về\n\nTin liên quan\nHội nghị sơ kết 6 tháng (14/07/2021)\nLiên kết web\n"
        + "Cổng Thông tin điện tử Chính phủ\nBản quyền thuộc về Cổng thông tin điện tử tỉnh Thái Bình\n"
    )
    names = [a.name for a in docparse.parse_text(page).agencies]
    assert names.count("Cổng Thông tin điện tử tỉnh") == 2  # the banner and the copyright line
    assert "Cổng Thông tin điện tử Chính phủ" not in names  # a link is no mention


def test_an_associations_boards_printed_bare_are_its_own():
    record = docparse.parse_text(
        "HỘI NÔNG DÂN TỈNH HƯNG YÊN\nBAN THƯỜNG VỤ\nSố: 186-BC/HNDT\nHưng Yên, ngày 12 tháng 6 năm 2018\n"
        "BÁO CÁO\nKết quả 6 tháng\n"
        "2. Ban Kinh tế - Xã hội chủ trì hướng dẫn; báo cáo Ban Thường vụ trước ngày 30/6/2018.\n"
        "3. Ban Tuyên giáo phối hợp tuyên truyền.\n"
    )
    names = [a.name for a in record.agencies]
    assert "Ban Kinh tế - Xã hội Hội Nông dân tỉnh" in names
    assert "Ban Thường vụ Hội Nông dân tỉnh" in names
    assert "Ban Tuyên giáo Hội Nông dân tỉnh" in names and "Ban Tuyên giáo Tỉnh ủy" not in names


def test_names_listed_after_a_place_word_are_places():
    text = (
        "Tại các xã Vĩnh Phước, Lương An Trà, Vĩnh Gia thiếu nước. Khu vực phố Tô Hiệu, Nguyễn Công Trứ lấn "
        "chiếm. Giao đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh, ông Lê Văn Bình, Trần Thị Cúc thực hiện."
    )
    assert [p.name for p in docparse.parse_text(text).people] == ["Nguyễn Văn An", "Lê Văn Bình", "Trần Thị Cúc"]


def test_lower_case_fields_closing_a_units_name():
    assert _names(
        "Phòng Quản lý hộ kinh doanh, cá nhân và thu khác chủ trì, phối hợp với Phòng Quản lý vận tải, "
        "phương tiện và người lái; Phòng Kinh tế, các xã và thị trấn thực hiện."
    ) == [
        "Phòng Quản lý hộ kinh doanh, cá nhân và thu khác",
        "Phòng Quản lý vận tải, phương tiện và người lái",
        "Phòng Kinh tế",
    ]


def test_a_leaders_duties_under_a_head_naming_them():
    body = (
        "I. ÔNG PHAN VĂN TRÍ - CHỦ TỊCH UBND PHƯỜNG\n"
        "1. Lãnh đạo, điều hành toàn diện công việc của Ủy ban nhân dân phường.\n"
        "2. Trực tiếp chỉ đạo Công an phường.\n"
        "II. Tổ chức thực hiện\n"
        "1. Đồng chí Lê Thị Thu Hương - Phó Chủ tịch UBND phường:\n"
        "- Giúp Chủ tịch phụ trách lĩnh vực giáo dục, y tế;\n"
        "- Chỉ đạo phổ cập giáo dục mầm non trong Quý IV/2019.\n"
        "2. Ông Lê Đức Thịnh, Phó Trưởng phòng Cảnh sát môi trường - Thành viên;\n"
    )
    assert _task_rows(body, "label", "assignees", "deadline") == [
        ("1", ["Phan Văn Trí"], None),
        ("2", ["Phan Văn Trí"], None),
        ("1", ["Lê Thị Thu Hương"], None),
        ("1", ["Lê Thị Thu Hương"], "2019-Q4"),
    ]


def test_a_month_in_brackets_closes_the_work_unless_planned():
    body = (
        "4. Ông Phạm Ngọc Sơn: chỉ đạo các trường vệ sinh trường lớp, hoàn thành trước khai giảng (trong tháng 8/2019).\n"
        "5. Sở Xây dựng báo cáo tổng kết khi công trình hoàn thành, đưa vào khai thác (dự kiến trong Quý II/2020).\n"
    )
    assert _task_rows(body, "label", "deadline") == [("4", "2019-08"), ("5", None)]


def test_a_kinds_colon_before_lower_case_work_lists_nothing():
    assert _names("5. Thanh tra Sở: xây dựng kế hoạch thanh tra. Các sở: Tư pháp, Nội vụ chủ trì.") == [
        "Thanh tra Sở",
        "Sở Tư pháp",
        "Sở Nội vụ",
    ]


def test_a_provincial_body_followed_by_thanh_pho_is_a_city_run_by_the_centre():
    assert _names(
        "Trung tâm Kiểm soát bệnh tật thành phố chủ trì; CDC Cần Thơ, Trung tâm Kiểm soát bệnh tật tỉnh."
    ) == [
        "Trung tâm Kiểm soát bệnh tật thành phố",
        "Trung tâm Kiểm soát bệnh tật thành phố",
        "Trung tâm Kiểm soát bệnh tật tỉnh",
    ]


def test_a_name_closed_by_an_abbreviated_city():
    assert _names("Gửi mẫu về Viện Pasteur TP. Hồ Chí Minh và Viện Pasteur TP.HCM để xét nghiệm.") == [
        "Viện Pasteur Thành phố Hồ Chí Minh",
        "Viện Pasteur Thành phố Hồ Chí Minh",
    ]


def test_a_person_named_right_after_the_place_of_their_title():
    text = (
        "Sau khi nghe ý kiến của Chủ tịch Ủy ban nhân dân tỉnh Thái Bình Đặng Trọng Thăng, Phó Chủ tịch Ủy ban "
        "nhân dân tỉnh Hà Nam Nguyễn Văn Sửu. Giao đồng chí Khuất Việt Hùng chủ trì; tại xã Hà Nam Ninh Bình."
    )
    assert [p.name for p in docparse.parse_text(text).people] == [
        "Đặng Trọng Thăng",
        "Nguyễn Văn Sửu",
        "Khuất Việt Hùng",
    ]
