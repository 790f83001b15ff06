"""A tiny PDF writer for test fixtures: lines of text at given positions in named fonts,
without a font file (simple fonts, text bytes in Windows-1252 or a legacy encoding's bytes)."""

from __future__ import annotations

from collections.abc import Sequence

# (x, y from the bottom, text, font name); text is written as its cp1252 bytes.
Placed = tuple[float, float, str, str]


def pdf_bytes(pages: Sequence[Sequence[Placed]], *, size: float = 11.0, invisible: bool = False) -> bytes:
    fonts = sorted({font for page in pages for *_, font in page}) or ["Helvetica"]
    font_ids = {name: f"F{i}" for i, name in enumerate(fonts)}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_refs = {}
    for name in fonts:
        if name == "Helvetica":
            body = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        else:  # a font the reader has no metrics for: widths given, as Word's PDFs give them
            widths = b" ".join(b"500" for _ in range(224))
            descriptor = add(
                b"<< /Type /FontDescriptor /FontName /" + name.encode() + b" /Flags 32 /FontBBox [-100 -250 1000 900]"
                b" /ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 >>"
            )
            body = (
                b"<< /Type /Font /Subtype /TrueType /BaseFont /" + name.encode() + b" /FirstChar 32 /LastChar 255"
                b" /Widths [" + widths + b"] /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>" % descriptor
            )
        font_refs[name] = add(body)
    resources = b"<< /Font << " + b" ".join(f"/{font_ids[n]} {font_refs[n]} 0 R".encode() for n in fonts) + b" >> >>"
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for page in pages:
        ops = [b"BT", b"3 Tr" if invisible else b"0 Tr"]
        for x, y, text, font in page:
            raw = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(f"/{font_ids[font]} {size} Tf 1 0 0 1 {x} {y} Tm".encode() + b" (" + raw + b") Tj")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources " % pages_id
                + resources
                + b" /Contents %d 0 R >>" % content
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
