from __future__ import annotations

from docparse import parse_text

BODY = "BÁO CÁO\nKết quả\n\n1. Nội dung báo cáo đầy đủ ở đây./.\n\n"

SIGNER_AFTER = (
    BODY
    + """Nơi nhận:
- Sở Y tế (để t/h);
- Lãnh đạo Sở;
- Lưu: VT.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

(Đã ký)

Nguyễn Quang Đông
"""
)

INTERLEAVED = (
    BODY
    + """Nơi nhận:
TM. ỦY BAN NHÂN DÂN
- Bộ Nội vụ;
KT. CHỦ TỊCH
- TT Tỉnh ủy;
PHÓ CHỦ TỊCH
- Lưu: VT, NC.
Trần Văn Tân
"""
)

SAME_LINE = (
    BODY
    + """Nơi nhận:                          KT. GIÁM ĐỐC
- Như trên;                        PHÓ GIÁM ĐỐC
- Lưu: VT, QLNS.

                                   Hồ Thị Mai
"""
)


def test_signer_after_recipients():
    r = parse_text(SIGNER_AFTER)
    assert r.signer and (r.signer.authority, r.signer.title, r.signer.name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Quang Đông",
    )
    assert [x.text for x in r.recipients] == ["Sở Y tế (để t/h)", "Lãnh đạo Sở", "Lưu: VT"]
    assert (r.recipients[0].name, r.recipients[0].note) == ("Sở Y tế", "để t/h")
    for x in r.recipients:
        assert SIGNER_AFTER[x.start : x.end] == x.text


def test_interleaved_columns():
    r = parse_text(INTERLEAVED)
    assert r.signer and r.signer.authority == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    assert (r.signer.title, r.signer.name) == ("PHÓ CHỦ TỊCH", "Trần Văn Tân")
    assert [x.text for x in r.recipients] == ["Bộ Nội vụ", "TT Tỉnh ủy", "Lưu: VT, NC"]


def test_same_line_columns():
    r = parse_text(SAME_LINE)
    assert r.signer and (r.signer.authority, r.signer.title, r.signer.name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Hồ Thị Mai",
    )
    assert [x.text for x in r.recipients] == ["Như trên", "Lưu: VT, QLNS"]


def test_ocr_damaged_title_is_corrected_and_warned():
    r = parse_text(
        BODY + "Nơi nhận:\n- Lưu: VT.\n\n**BAN THƯỜNG VỤ TỈNH ỦY**\n**CHỖ CHỮ TỊCH**\n\n**TRẦN MẠNH DŨNG**\n"
    )
    assert r.signer and r.signer.title == "PHÓ CHỦ TỊCH" and r.signer.name == "TRẦN MẠNH DŨNG"
    assert r.evidence["signer.title"].text == "CHỖ CHỮ TỊCH"  # evidence is the source as given
    assert any(rep.kind == "ocr_anchor_words" for rep in r.repairs)


def test_no_signer_no_recipients():
    r = parse_text(BODY + "Trên đây là báo cáo.\n")
    assert r.signer is None and r.recipients == []
    assert "signer not found" in r.warnings and "recipients not found" in r.warnings


def test_addressee_list():
    text = "Số: 12/UBND-VX\nV/v tăng cường\nKính gửi:\n- Sở Y tế;\n- Sở Giáo dục và Đào tạo;\n- UBND các huyện.\n\nNội dung.\n"
    r = parse_text(text)
    assert [a.text for a in r.addressees] == ["Sở Y tế", "Sở Giáo dục và Đào tạo", "UBND các huyện"]


def test_entries_without_dashes():
    text = "Số:1875/VP-KT\nV/V ĐÔN ĐỐC\nKính gửi:\nSở Tài chính;\nSở Xây dựng;\nUBND các huyện.\n\nNội dung công văn dài ở đây./.\n\nNơi nhận:\nNhư trên;\nLưu: VT, KT.\nTUQ. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nLê Văn Hòa\n"
    r = parse_text(text)
    assert r.identifier == "1875/VP-KT" and r.subject == "V/V ĐÔN ĐỐC"
    assert [a.text for a in r.addressees] == ["Sở Tài chính", "Sở Xây dựng", "UBND các huyện"]
    assert [x.text for x in r.recipients] == ["Như trên", "Lưu: VT, KT"]
    assert r.signer and (r.signer.authority, r.signer.title, r.signer.name) == (
        "TUQ. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Lê Văn Hòa",
    )


def test_inline_addressee_closes_the_list():
    r = parse_text("Số: 5/UBND-VX\nV/v x\nKính gửi: Sở Y tế.\nNgày 12/5, UBND tỉnh nhận được văn bản.\n")
    assert [a.text for a in r.addressees] == ["Sở Y tế"]


TWO_BLOCKS = (
    BODY
    + """Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG BỘ TÀI CHÍNH             KT. BỘ TRƯỞNG BỘ Y TẾ
THỨ TRƯỞNG                             THỨ TRƯỞNG

Trần Văn Hiếu                          Nguyễn Thanh Long
"""
)


def test_two_signer_blocks_side_by_side_take_the_last():
    r = parse_text(TWO_BLOCKS)
    assert r.signer and (r.signer.authority, r.signer.title, r.signer.name) == (
        "KT. BỘ TRƯỞNG BỘ Y TẾ",
        "THỨ TRƯỞNG",
        "Nguyễn Thanh Long",
    )


def test_qualified_title_and_unlisted_family_name():
    r = parse_text(BODY + "Nơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC TRUNG TÂM\n\nK' Mák Sơn\n")
    assert r.signer and (r.signer.title, r.signer.name) == ("GIÁM ĐỐC TRUNG TÂM", "K' Mák Sơn")


def test_rank_is_split_from_the_name():
    r = parse_text(BODY + "Nơi nhận:\n- Lưu: VT.\n\nTL. GIÁM ĐỐC\nTRƯỞNG PHÒNG\n\nThượng tá Lý Minh Triều\n")
    assert r.signer and (r.signer.name, r.signer.rank) == ("Lý Minh Triều", "Thượng tá")
    assert r.evidence["signer.name"].text == "Lý Minh Triều"


def test_recipients_on_one_line_and_annex_table_after_signer():
    text = (
        BODY
        + "Nơi nhận: - Như trên; - Lưu: VT.\nTL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\nLê Thị Hoa\n\n\nPHỤ LỤC\nSTT  Huyện, thị xã,\n     thành phố\n"
    )
    r = parse_text(text)
    assert [x.text for x in r.recipients] == ["Như trên", "Lưu: VT"]
    assert r.signer and r.signer.name == "Lê Thị Hoa"


def test_title_outside_the_lexicon_is_the_capital_line_above_the_name():
    r = parse_text(BODY + "Nơi nhận:\n- Lưu: VT.\n\nTRƯỞNG CÔNG AN HUYỆN\n\nThượng tá Nguyễn Văn Bình\n")
    assert r.signer and (r.signer.title, r.signer.name, r.signer.rank) == (
        "TRƯỞNG CÔNG AN HUYỆN",
        "Nguyễn Văn Bình",
        "Thượng tá",
    )


def test_joint_document_signed_side_by_side_names_both_signers():
    r = parse_text(
        BODY
        + "KT. GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO      KT. GIÁM ĐỐC SỞ Y TẾ\n"
        + "      PHÓ GIÁM ĐỐC                          PHÓ GIÁM ĐỐC\n\n"
        + "     Phạm Đăng Khoa                        Trần Thị Hồng Nhung\n\nNơi nhận:\n- Lưu: VT.\n"
    )
    assert r.signer and r.signer.name == "Trần Thị Hồng Nhung"  # the last block signs
    signers = [(p.name, p.title) for p in r.people if p.source == "signer"]
    assert signers == [("Phạm Đăng Khoa", "Phó giám đốc"), ("Trần Thị Hồng Nhung", "Phó giám đốc")]


def test_an_addressee_entry_wrapped_over_three_lines():
    from docparse.extract.closing import extract_addressees
    from docparse.segment import split_lines

    text = (
        "Kính gửi:\n- Các sở, ngành: Nông nghiệp và Phát triển nông thôn, Tài nguyên và\n"
        "Môi trường, Giáo dục và Đào tạo, Công an\ntỉnh, Bộ Chỉ huy Quân sự tỉnh;\n- Ủy ban nhân dân các huyện.\n"
    )
    items, _ = extract_addressees(split_lines(text), 0, 10)
    assert [i.text for i in items] == [
        "Các sở, ngành: Nông nghiệp và Phát triển nông thôn, Tài nguyên và Môi trường, Giáo dục và Đào tạo, "
        "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh",
        "Ủy ban nhân dân các huyện",
    ]


def test_joint_signers_in_tab_separated_columns_keep_their_own_authority():
    text = (
        "LIÊN MINH HỢP TÁC XÃ - HỘI NÔNG DÂN\nTỈNH SÓC TRĂNG\nSố: 02/CTrPH-LMHTX-HND\n"
        "CHƯƠNG TRÌNH PHỐI HỢP\nHỗ trợ nông dân thành lập hợp tác xã\nNội dung phối hợp.\n\n"
        "TM. BAN THƯỜNG VỤ HỘI NÔNG DÂN TỈNH\tTM. LIÊN MINH HỢP TÁC XÃ TỈNH\n"
        "CHỦ TỊCH\tCHỦ TỊCH\nLâm Văn Thạnh\tTrần Quốc Vinh\n"
    )
    record = parse_text(text)
    # "XÃ" of "HỢP TÁC XÃ" is no level: the place line completes the one joint issuer
    assert (record.issuer.name, record.issuer.parent) == ("LIÊN MINH HỢP TÁC XÃ - HỘI NÔNG DÂN TỈNH SÓC TRĂNG", None)
    assert record.doc_type.name == "Chương trình phối hợp"
    assert (record.signer.authority, record.signer.name) == ("TM. LIÊN MINH HỢP TÁC XÃ TỈNH", "Trần Quốc Vinh")


def test_an_entry_wrapped_on_a_comma_goes_on_in_its_column():
    text = (
        "Nơi nhận:                                   KT. GIÁM ĐỐC\n"
        "- UBND các huyện: Quỳnh Lưu, Nghĩa Đàn,     PHÓ GIÁM ĐỐC\n"
        "  Tân Kỳ, Thanh Chương;\n"
        "- Như trên;                                 Nguyễn Văn An\n"
        "- Lưu: VT.\n"
    )
    r = parse_text(text)
    assert [x.text for x in r.recipients] == [
        "UBND các huyện: Quỳnh Lưu, Nghĩa Đàn, Tân Kỳ, Thanh Chương",
        "Như trên",
        "Lưu: VT",
    ]
    assert r.signer and r.signer.name == "Nguyễn Văn An"
