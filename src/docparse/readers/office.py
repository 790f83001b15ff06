"""Word documents (.docx, legacy .doc) and RTF: paragraphs and tables in document order.

Tables come out as markdown rows, `| cell | cell |`, with the paragraphs of a cell joined by
`<br>`: the form segment.py reads as table cells (a Word header is a two-column table: agency |
motto, number | place and date). Old files carry TCVN3 (.VnTime) or VNI (VNI-Times) text typed
in a Windows-1252 font: it comes out as Windows-1252 characters, which repair turns back into
Vietnamese; `Extracted.encoding` names the legacy encoding when the fonts say it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from . import Extracted, Limits

_DOCX_INSTALL = "python-docx is missing: pip install python-docx"
_ANTIWORD_INSTALL = "antiword is not installed: apt-get install antiword (or run `make` as root)"


def _error(path: Path, reason: str) -> Exception:
    from ..ingest import IngestError  # readers are imported by ingest: import back lazily

    return IngestError(path.as_posix(), reason)


def table_row(cells: Iterable[list[str]]) -> str:
    """One table row as segment.py reads it: `| a<br>b | c |`."""
    texts = ["<br>".join(p.replace("|", "/") for p in paragraphs if p.strip()) for paragraphs in cells]
    return "| " + " | ".join(texts) + " |"


def join_lines(lines: list[str]) -> str:
    """The text of a document: a table stands apart from the paragraphs around it by a blank
    line, as it does on the page (repair and the extractors read a paragraph start from it)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and line.strip() and line.startswith("| ") != out[-1].startswith("| "):
            out.append("")
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def legacy_font_encoding(font_names: Iterable[str]) -> str | None:
    """The legacy encoding that a document's fonts declare: .VnTime/.VnArial → TCVN3, VNI-Times → VNI."""
    names = [n.strip().lower() for n in font_names]
    if any(n.startswith(".vn") or (n.startswith("vn") and n[2:3] in ("t", "a", "h")) for n in names):
        return "tcvn3"
    if any(n.startswith("vni") for n in names):
        return "vni"
    return None


# --- .docx ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, limits: Limits) -> Extracted:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a runtime dependency
        raise _error(path, _DOCX_INSTALL) from None
    if not zipfile.is_zipfile(path):
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            # An OLE file: an encrypted .docx (Office wraps those in OLE) or a .doc renamed.
            raise _error(path, "not a .docx package (an OLE file: password-protected, or a legacy .doc renamed)")
        raise _error(path, "not a .docx file (not a zip package; truncated or corrupt?)")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise _error(path, f"corrupt .docx ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # lxml errors and other malformed-part failures
        raise _error(path, f"corrupt .docx ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_docx_table(block))
        else:
            lines.extend(_docx_paragraph(block))
    fonts = {v for el in document.element.body.iter(f"{_W}rFonts") for v in el.attrib.values()}
    styles = document.styles.element
    fonts |= {v for el in styles.iter(f"{_W}rFonts") for v in el.attrib.values()}
    text = join_lines(lines)
    return Extracted(text=text, format="docx", encoding=legacy_font_encoding(fonts))


def _docx_paragraph(paragraph) -> list[str]:
    """A paragraph's lines (a manual line break splits it), then the text of any text boxes in it:
    old headers often sit in text boxes."""
    lines = paragraph.text.split("\n")
    for box in paragraph._p.iter(f"{_W}txbxContent"):
        for p in box.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
            if text.strip():
                lines.append(text)
    return lines


def _docx_cell_paragraphs(cell) -> list[str]:
    paragraphs: list[str] = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):  # a nested table: its cells in reading order
            for row in block.rows:
                for inner in _unique_cells(row.cells):
                    paragraphs.extend(_docx_cell_paragraphs(inner))
        else:
            paragraphs.extend(_docx_paragraph(block))
    return paragraphs


def _unique_cells(cells) -> list:
    """A merged cell is returned once per grid column it spans: keep it once."""
    seen: list = []
    for cell in cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return seen


def _docx_table(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [_docx_cell_paragraphs(cell) for cell in _unique_cells(row.cells)]
        if any(p.strip() for cell in cells for p in cell):
            rows.append(table_row(cells))
    return rows


# --- legacy .doc (antiword) ---------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_doc(path: Path, limits: Limits) -> Extracted:
    head = path.read_bytes()[:8]
    # Many ".doc" files in archives are something else saved under that name.
    if head.startswith(b"{\\rtf"):
        return read_rtf(path, limits)
    if head.startswith(b"PK"):
        return read_docx(path, limits)
    if head != _OLE_MAGIC:
        raise _error(path, "not a Word .doc file (no OLE header; truncated or corrupt?)")
    antiword = shutil.which("antiword")
    if antiword is None:
        raise _error(path, _ANTIWORD_INSTALL)
    try:
        # DocBook output keeps the table structure that the text output draws with spaces.
        run = subprocess.run(
            [antiword, "-x", "db", str(path)], capture_output=True, timeout=limits.max_seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise _error(path, f"antiword took longer than {limits.max_seconds:g} s") from None
    message = run.stderr.decode("utf-8", "replace").replace("XML doesn't need a mapping file", "").strip()
    if run.returncode != 0 or not run.stdout.strip():
        reason = message.splitlines()[-1] if message else f"antiword failed (exit {run.returncode})"
        if "encrypt" in reason.lower():
            reason = "password-protected .doc: " + reason
        raise _error(path, f"cannot read .doc ({reason})")
    try:
        root = ElementTree.fromstring(run.stdout)
    except ElementTree.ParseError as exc:
        raise _error(path, f"cannot read .doc (antiword output: {exc})") from None
    lines: list[str] = []
    _docbook_lines(root, lines)
    text = join_lines(lines)
    # antiword drops fonts: the legacy encoding is left to repair, which finds it from the text.
    return Extracted(text=text, format="doc", encoding="cp1252" if _has_legacy_letters(text) else None)


def _docbook_lines(element: ElementTree.Element, lines: list[str]) -> None:
    for child in element:
        if child.tag == "informaltable" or child.tag == "table":
            for row in child.iter("row"):
                cells = [[ln.strip() for ln in "".join(entry.itertext()).split("\n")] for entry in row.iter("entry")]
                if any(p for cell in cells for p in cell):
                    lines.append(table_row(cells))
        elif child.tag in ("para", "title"):
            text = (child.text or "").strip()
            if text or child.tag == "para":
                lines.extend(text.split("\n"))
            _docbook_lines(child, lines)
            tail = (child.tail or "").strip()
            if tail:
                lines.append(tail)
        elif child.tag not in ("bookinfo",):
            _docbook_lines(child, lines)


_LEGACY_LETTERS = re.compile(r"[\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


def _has_legacy_letters(text: str) -> bool:
    return bool(_LEGACY_LETTERS.search(text)) and not re.search(r"[\u0100-\u01b0\u1ea0-\u1ef9]", text)


# --- RTF (striprtf) --------------------------------------------------------------------------

# striprtf writes "|" for a cell end and "\n" for both a paragraph and a row end, which loses
# the rows of a table whose cells hold several paragraphs. Before parsing, the table control
# words become private-use characters (as \uN escapes), and the rows are rebuilt from them.
_CELL, _ROW, _IN_TABLE = "\ue000", "\ue001", "\ue002"
_TABLE_WORDS = re.compile(r"\\(cell|row|intbl|nestcell|nestrow)(?![a-zA-Z])(?:-?\d+)? ?")
_MARK = {"cell": _CELL, "nestcell": _CELL, "row": _ROW, "nestrow": _ROW, "intbl": _IN_TABLE}
_FONT_ENTRY = re.compile(r"\\f(\d+)[^;{}]*?(?:\\fcharset(\d+))?[^;{}]*? ([^;{}\\]+);")
# Bytes that Windows-1252 leaves undefined (VNI uses some): read as the C1 characters, as
# docparse.encodings.sloppy_cp1252 does, instead of failing.
_UNDEFINED_BYTE = re.compile(r"\\'(81|8d|8f|90|9d)", re.IGNORECASE)


def read_rtf(path: Path, limits: Limits) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise _error(path, "not an RTF file (does not start with '{\\rtf')")
    raw = data.decode("latin-1")  # RTF is 7-bit; any 8-bit byte is a character of the code page
    if raw.count("{") - raw.count("}") > 0 and not raw.rstrip().endswith("}"):
        raise _error(path, "truncated RTF (unbalanced braces)")
    fonts = _rtf_fonts(raw)
    encoding = legacy_font_encoding(fonts.values())
    if encoding:
        # Legacy Vietnamese fonts hold their own glyphs at Windows-1252 codes: read every
        # font's bytes as Windows-1252 whatever charset the table declares.
        raw = re.sub(r"\\fcharset\d+", r"\\fcharset0", raw)
        raw = re.sub(r"\\ansicpg\d+", r"\\ansicpg1252", raw)
    raw = _UNDEFINED_BYTE.sub(lambda m: f"\\u{int(m.group(1), 16)}?", raw)
    raw = _TABLE_WORDS.sub(lambda m: f"\\u{ord(_MARK[m.group(1)]) - 0x10000}?", raw)  # RTF's \\uN is signed
    try:
        text = rtf_to_text(raw, errors="replace")
    except Exception as exc:  # striprtf raises plain errors on malformed input
        raise _error(path, f"corrupt RTF ({type(exc).__name__}: {exc})") from None
    lines = _rebuild_rows(text)
    out = join_lines(lines)
    return Extracted(text=out, format="rtf", encoding=encoding or ("cp1252" if _has_legacy_letters(out) else None))


def _rtf_fonts(raw: str) -> dict[str, str]:
    start = raw.find("\\fonttbl")
    if start < 0:
        return {}
    depth, end = 0, start
    for end in range(start - 1, min(len(raw), start + 200_000)):
        depth += {"{": 1, "}": -1}.get(raw[end], 0)
        if depth == 0:
            break
    return {m.group(1): m.group(3).strip() for m in _FONT_ENTRY.finditer(raw[start:end])}


def _rebuild_rows(text: str) -> list[str]:
    """Lines from striprtf's text with the table marks: a row's cells, each with its paragraphs."""
    lines: list[str] = []
    cells: list[list[str]] = []
    current: list[str] = []
    buffer = ""
    in_table = False
    for ch in text:
        if ch == _IN_TABLE:
            if not in_table and buffer.strip():
                lines.extend(buffer.rstrip("\n").split("\n"))
                buffer = ""
            elif not in_table:
                buffer = ""
            in_table = True
        elif ch == _CELL:
            current.append(buffer)
            cells.append([p.strip() for part in current for p in part.split("\n")])
            current, buffer = [], ""
        elif ch == _ROW:
            if any(p for cell in cells for p in cell):
                lines.append(table_row(cells))
            cells, current, buffer, in_table = [], [], "", False
        elif ch == "\n" and in_table:
            current.append(buffer)
            buffer = ""
        else:
            buffer += ch
    if buffer.strip():
        lines.extend(buffer.rstrip("\n").split("\n"))
    return lines
