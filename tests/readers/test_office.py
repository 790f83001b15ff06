from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docparse.encodings import cp1252_byte, encoder
from docparse.ingest import IngestError, read_document
from docparse.repair import repair_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].text = "UBND TỈNH KHÁNH HÒA"
    table.cell(0, 0).add_paragraph("SỞ Y TẾ")
    table.cell(0, 1).paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("BÁO CÁO")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Nơi nhận:"
    merged.cell(0, 2).text = "GIÁM ĐỐC"
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    doc = read_document(_docx(tmp_path / "a.docx"))
    assert doc.format == "docx" and doc.encoding is None
    assert doc.text.splitlines() == [
        "| UBND TỈNH KHÁNH HÒA<br>SỞ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
        "",
        "BÁO CÁO",
        "",
        "| Nơi nhận: | GIÁM ĐỐC |",  # a merged cell once
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 truncated zip", "not a .docx file"),
        (b"plain text, not a package", "not a .docx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
    ],
)
def test_bad_docx_names_file_and_reason(tmp_path, data, reason):
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.path.endswith("bad.docx") and reason in err.value.reason


def test_docx_zip_without_document_is_corrupt(tmp_path):
    import zipfile

    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(IngestError, match=r"corrupt \.docx"):
        read_document(path)


def _rtf(lines: list[str], font: str, table: tuple[list[str], list[str]] | None = None) -> bytes:
    def esc(text: str) -> str:
        return "".join(f"\\'{cp1252_byte(c):02x}" if ord(c) > 127 else c for c in encoder("vni_windows")(text))

    parts = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fcharset0 " + font + ";}}"]
    if table:
        parts.append("\\trowd\\cellx4000\\cellx9000")
        for cell in table:
            parts.append("\\par ".join(f"\\pard\\intbl {esc(x)}" for x in cell) + "\\cell")
        parts.append("\\row")
    parts.extend(f"\\pard {esc(x)}\\par" for x in lines)
    parts.append("}")
    return "\n".join(parts).encode("ascii")


def test_rtf_in_vni_font_keeps_rows_and_names_its_encoding(tmp_path):
    path = tmp_path / "a.rtf"
    path.write_bytes(_rtf(["Kính gửi: Sở Y tế"], "VNI-Times", (["UBND TỈNH", "SỞ Y TẾ"], ["Số: 12/BC-SYT"])))
    doc = read_document(path)
    assert doc.format == "rtf" and doc.encoding == "vni"
    assert repair_text(doc.text).text.splitlines() == [
        "| UBND TỈNH<br>SỞ Y TẾ | Số: 12/BC-SYT |",
        "",
        "Kính gửi: Sở Y tế",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"{\\rtf1\\ansi {\\b unclosed", "truncated RTF"), (b"hello", "not an RTF file")],
)
def test_bad_rtf_names_file_and_reason(tmp_path, data, reason):
    path = tmp_path / "bad.rtf"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.path.endswith("bad.rtf") and reason in err.value.reason


needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword not installed (make deps-apt)")


@needs_antiword
def test_legacy_doc_in_tcvn3_is_repaired():
    doc = read_document(SAMPLES / "171_doc_tcvn3.doc")
    assert doc.format == "doc" and doc.encoding == "cp1252"
    text = repair_text(doc.text).text
    assert text.startswith("| BỘ TÀI CHÍNH | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>")
    assert "KT/ BỘ TRƯỞNG BỘ TÀI CHÍNH<br>THỨ TRƯỞNG" in text


@needs_antiword
def test_corrupt_doc_is_an_error(tmp_path):
    path = tmp_path / "bad.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 2000)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.path.endswith("bad.doc") and "cannot read .doc" in err.value.reason


def test_doc_that_is_rtf_or_not_word(tmp_path):
    rtf = tmp_path / "saved-as.doc"
    rtf.write_bytes(_rtf(["Kính gửi: Sở Y tế"], "VNI-Times"))
    assert read_document(rtf).format == "rtf"
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"garbage" * 10)
    with pytest.raises(IngestError, match=r"not a Word \.doc"):
        read_document(junk)


def test_missing_antiword_says_how_to_install(tmp_path, monkeypatch):
    path = tmp_path / "a.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError, match="apt-get install antiword"):
        read_document(path)
