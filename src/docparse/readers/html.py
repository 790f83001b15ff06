"""Saved web pages: government portal pages and Word's "Save as Web Page" export.

BeautifulSoup (lxml parser) decodes the page by its declared charset (windows-1252 for Word,
with numeric character references for the letters outside it). What is not the document goes:
scripts, styles, forms, navigation, menus, footers, share bars, lists of other news (by tag,
by class/id, and by link density). Tables stay as markdown rows (`| a<br>b | c |`, the form
segment.py reads), paragraphs and line breaks as lines. The page's own date stamp
("Cập nhật: 16/12/2022 15:08") is kept on its own line for the header extractor (`published`).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import Extracted, Limits
from .office import join_lines, table_row

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "select", "button", "nav", "aside")
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|sidebar|banner|social|share|sharing|tools?|"
    r"comments?|related|other|tin-?khac|lien-?ket|links?|login|search|advert|ads|cookie|copyright|"
    r"top-?bar|print|back)(?:$|[\s_-])",
    re.IGNORECASE,
)
# A page stamp: a date with a time ("16/12/2022 15:08"); a boilerplate block holding one stays.
_STAMP = re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\s*(?:-\s*)?\d{1,2}:\d{2}")
_BLOCK = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "ul",
        "center",
    ]
)
_LETTERS = re.compile(r"[\W_]+")  # what link density does not count: spaces, separators
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")


def _error(path: Path, reason: str) -> Exception:
    from ..ingest import IngestError

    return IngestError(path.as_posix(), reason)


def read_html(path: Path, limits: Limits) -> Extracted:
    try:
        from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction
    except ImportError:  # pragma: no cover - a runtime dependency
        raise _error(path, "beautifulsoup4 is missing: pip install beautifulsoup4 lxml") from None
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(path, "binary file (NUL bytes), not an HTML page")
    soup = BeautifulSoup(data, "lxml")
    if soup.find(True) is None:
        raise _error(path, "no HTML elements found")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Doctype | ProcessingInstruction)):
        node.extract()  # Word's <!--[if gte mso 9]> blocks among them
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if tag.find_parent("article") is None and not _STAMP.search(tag.get_text(" ")):
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        marks = " ".join([*tag.get("class", []), tag.get("id", "")])
        if marks.strip() and _BOILERPLATE.search(marks) and not _STAMP.search(tag.get_text(" ")):
            tag.decompose()
    for tag in soup.find_all(["ul", "ol", "div", "p", "td"]):
        if not tag.decomposed and _link_dense(tag):
            tag.decompose()
    lines: list[str] = []
    current = [""]
    _emit(soup.body or soup, lines, current)
    _flush(lines, current)
    cleaned = [ln.strip() for ln in lines]
    text = join_lines(_squeeze_blank(cleaned))
    encoding = (soup.original_encoding or "").lower() or None
    return Extracted(text=text, format="html", encoding=encoding)


def _link_dense(tag) -> bool:
    """A menu or list of links: nearly all of its text is link text."""
    text = _LETTERS.sub("", tag.get_text())
    links = sum(len(_LETTERS.sub("", a.get_text())) for a in tag.find_all("a"))
    return links > 0 and links >= 0.6 * len(text)


def _emit(node, lines: list[str], current: list[str]) -> None:
    """Append the text of `node` to `lines`; `current` holds the line being built."""
    from bs4 import NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            current[0] += _SPACE.sub(" ", str(child))
            continue
        name = child.name
        if name == "br":
            _flush(lines, current)
        elif name == "table":
            _flush(lines, current)
            _emit_table(child, lines)
        elif name in _BLOCK:
            _flush(lines, current)
            if name == "pre":
                lines.extend(child.get_text().split("\n"))
            else:
                _emit(child, lines, current)
                _flush(lines, current)
        else:
            _emit(child, lines, current)


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _emit_table(table, lines: list[str]) -> None:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells_of = [[td for td in tr.find_all(["td", "th"]) if td.find_parent("tr") is tr] for tr in rows]
    # A layout table (one cell a row, or cells holding tables) is read as blocks, not rows.
    data_table = any(len(cells) >= 2 for cells in cells_of) and not table.find("table")
    for cells in cells_of:
        if not data_table:
            for cell in cells:
                current = [""]
                _emit(cell, lines, current)
                _flush(lines, current)
            continue
        paragraphs = []
        for cell in cells:
            inner: list[str] = []
            current = [""]
            _emit(cell, inner, current)
            _flush(inner, current)
            paragraphs.append([p.strip() for p in inner if p.strip()])
        if any(paragraphs):
            lines.append(table_row(paragraphs))


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out
