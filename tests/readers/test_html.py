from __future__ import annotations

import pytest

from docparse.ingest import IngestError, read_document

PORTAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>
<script>var x = "Trang chủ";</script><style>p { color: red }</style></head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tb">Thông báo</a></div>
<article><div class="date tools">Cập nhật: 16/12/2022 15:08 | Lượt xem: 412</div>
<table><tr><td>UBND TỈNH<br>SỞ TÀI CHÍNH</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table>
<p>Ngày 13/12/2022,
tại trụ sở Sở Tài chính</p></article>
<aside><h3>CÁC TIN KHÁC</h3><ul><li><a href="/1">Thông báo khác</a> (09/12/2022)</li></ul></aside>
<footer><p>Bản quyền thuộc Sở Tài chính</p></footer></body></html>"""


def test_portal_page_keeps_document_stamp_and_rows(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PORTAL, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert doc.text.splitlines() == [
        "Cập nhật: 16/12/2022 15:08 | Lượt xem: 412",
        "",
        "| UBND TỈNH<br>SỞ TÀI CHÍNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
        "",
        "Ngày 13/12/2022, tại trụ sở Sở Tài chính",
    ]


def test_word_export_in_windows_1252_with_character_references(tmp_path):
    body = "<p class=MsoNormal>S&#7902; Y T&#7870;<o:p></o:p></p>\r\n<p class=MsoNormal>Kính g&#7917;i:\r\nanh</p>"
    page = (
        '<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">'
        "<!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]-->"
        f"</head><body><div class=WordSection1>{body}</div></body></html>"
    )
    path = tmp_path / "export.htm"
    path.write_bytes(page.encode("cp1252"))
    doc = read_document(path)
    assert doc.encoding == "windows-1252"
    assert doc.text.splitlines() == ["SỞ Y TẾ", "Kính gửi: anh"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02\x03" * 50, "binary file"),
        (b"<html><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>", "no text found"),
    ],
)
def test_bad_html_names_file_and_reason(tmp_path, data, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.path.endswith("bad.html") and reason in err.value.reason
