from __future__ import annotations

import pytest

from docparse.ingest import IngestError, decode_bytes, discover, read_document


def test_reads_utf8_with_and_without_bom(tmp_path):
    (tmp_path / "a.txt").write_bytes("Số: 01/BC-UBND".encode())
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + "Số: 01/BC-UBND".encode())
    a = read_document(tmp_path / "a.txt")
    b = read_document(tmp_path / "b.txt")
    assert a.text == b.text == "Số: 01/BC-UBND"
    assert (a.encoding, b.encoding) == ("utf-8", "utf-8-sig")
    assert a.format == "text" and len(a.sha256) == 64


def test_reads_utf16_with_bom(tmp_path):
    (tmp_path / "c.md").write_bytes("Kính gửi: Sở Y tế".encode("utf-16"))
    doc = read_document(tmp_path / "c.md")
    assert doc.text == "Kính gửi: Sở Y tế" and doc.format == "markdown"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n", "empty file"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 10, "binary"),
        ("controls.txt", bytes(range(1, 32)) * 20 + b"\xff", "binary"),
        ("data.bin", b"%PDF-1.4", "unsupported format '.bin'"),
    ],
)
def test_bad_inputs_raise_with_file_and_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert reason in info.value.reason
    assert info.value.path.endswith(name)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(IngestError, match="file not found"):
        read_document(tmp_path / "missing.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="directory"):
        read_document(folder)


def test_decode_bytes_rejects_nul_in_utf8():
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(b"abc\x00def")


def test_discover_recurses_sorts_and_honours_ignore_file(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.gold.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".docparseignore").write_text("# gold\n*.gold.json\n")
    inputs, ignored = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in inputs] == ["a.txt", "b/z.txt"]
    assert [p.name for p in ignored] == ["a.gold.json"]


def test_legacy_bytes_are_read_and_repaired(tmp_path):
    from docparse import parse
    from docparse.encodings import cp1252_byte, encoder

    sentence = "Cộng hòa xã hội chủ nghĩa Việt Nam\nSở Y tế tỉnh Khánh Hòa báo cáo kết quả thực hiện"

    def legacy_bytes(name: str) -> bytes:
        return bytes(cp1252_byte(c) or 0x3F for c in encoder(name)(sentence))

    (tmp_path / "tcvn3.txt").write_bytes(legacy_bytes("tcvn3"))
    (tmp_path / "cp1258.txt").write_bytes(legacy_bytes("cp1258"))
    tcvn3 = read_document(tmp_path / "tcvn3.txt")
    assert tcvn3.encoding == "cp1252"
    record = parse(tmp_path / "tcvn3.txt")
    assert any(r.kind == "tcvn3" for r in record.repairs)
    windows = read_document(tmp_path / "cp1258.txt")
    assert windows.encoding == "cp1258"
    from docparse.repair import repair_text

    assert repair_text(windows.text).text == sentence


def _fake_reader(path, limits):
    from docparse.readers import Extracted

    text = path.read_text(encoding="utf-8")
    return Extracted(text=text, format="fake", page_starts=(0, text.index("\f") + 1), warnings=("read by fake",))


def test_a_registered_reader_reads_its_suffix_with_pages(tmp_path, monkeypatch):
    from docparse import readers

    monkeypatch.setitem(readers.READERS, ".fake", "tests.test_ingest:_fake_reader")
    f = tmp_path / "a.fake"
    f.write_text("trang một\ftrang hai", encoding="utf-8")
    doc = read_document(f)
    assert (doc.format, doc.page_starts, doc.warnings) == ("fake", (0, 10), ("read by fake",))
    assert doc.sha256 and doc.text.startswith("trang một")
    # A hash the caller already has is taken, not computed again by reading the file.
    import docparse.ingest as ingest

    monkeypatch.setattr(ingest, "file_sha256", lambda p: pytest.fail("the file was hashed again"))
    assert read_document(f, sha256=doc.sha256).sha256 == doc.sha256


def test_a_reader_that_finds_no_text_is_an_error(tmp_path, monkeypatch):
    from docparse import readers

    monkeypatch.setitem(readers.READERS, ".fake", "tests.test_ingest:_fake_reader")
    f = tmp_path / "blank.fake"
    f.write_text(" \f ", encoding="utf-8")
    with pytest.raises(IngestError, match="no text found"):
        read_document(f)


def _hanging_reader(path, limits):
    import time

    time.sleep(60)


def _crashing_reader(path, limits):
    import os

    os._exit(3)


def _failing_reader(path, limits):
    raise ValueError("bad table structure")


def test_a_reader_that_hangs_crashes_or_fails_gives_an_error_for_its_file(tmp_path, monkeypatch):
    from docparse import readers
    from docparse.readers import Limits

    f = tmp_path / "x.fake"
    f.write_text("văn bản", encoding="utf-8")
    monkeypatch.setitem(readers.READERS, ".fake", "tests.test_ingest:_hanging_reader")
    with pytest.raises(IngestError, match=r"took longer than 0\.5 s; the reader was stopped"):
        read_document(f, Limits(max_seconds=0.5))
    monkeypatch.setitem(readers.READERS, ".fake", "tests.test_ingest:_crashing_reader")
    with pytest.raises(IngestError, match="crashed"):
        read_document(f)
    monkeypatch.setitem(readers.READERS, ".fake", "tests.test_ingest:_failing_reader")
    with pytest.raises(IngestError, match="ValueError: bad table structure"):
        read_document(f)


def test_utf16_without_bom_is_text(tmp_path):
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BC-UBND\n"
    for codec in ("utf-16-le", "utf-16-be"):
        f = tmp_path / f"{codec}.txt"
        f.write_bytes(text.encode(codec))
        doc = read_document(f)
        assert (doc.text, doc.encoding) == (text, codec)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="binary"):
        read_document(binary)
