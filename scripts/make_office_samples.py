"""Make the office and web samples (samples/170-174) from Unicode text samples, laid out as the
originals are: the header and the closing as two-column tables, the body as paragraphs.

    python scripts/make_office_samples.py

- 170_docx.docx: a Word document (python-docx) from 034_quyetdinh_chutich.txt;
- 171_doc_tcvn3.doc: a Word 97 .doc in the .VnTime/.VnTimeH fonts (TCVN3) from 024_old_style.txt,
  written as RTF and converted by LibreOffice (`soffice`; skipped with a note when missing);
- 172_rtf_vni.rtf: an RTF in VNI-Times from 036_kehoach_coquan.txt;
- 173_portal.html: a portal page (menus, breadcrumb, date stamp, related news, footer) around
  the document of 123_thongbao_stc_web_portal.txt;
- 174_word_export.html: "Save as Web Page" from Word, windows-1252 with numeric character
  references, from 049_quyetdinh_bo.txt.

The gold is the source's gold: the new files show the same document.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "bench"))

from bench_repair import tcvn3  # noqa: E402

from docparse.encodings import cp1252_byte, encoder  # noqa: E402

_RIGHT = re.compile(r"^(CỘNG H(?:ÒA|OÀ) XÃ HỘI|ĐẢNG CỘNG SẢN|Độc lập)|,\s*ngày\b.*\bnăm\s+\d{4}")
_RULE = re.compile(r"^[-_*=]{3,}$")
_COLUMNS = re.compile(r"\t+| {3,}")


@dataclass
class Layout:
    """A document as Word lays it out: header table (2 rows), body paragraphs, closing table."""

    header: list[tuple[list[str], list[str]]]
    body: list[str]
    closing: tuple[list[str], list[str]]


def layout_of(text: str, header_end: int | None = None) -> Layout:
    lines = text.split("\n")
    if header_end is None:
        header_end = next(i for i, ln in enumerate(lines) if re.search(r",\s*ngày\b.*\bnăm\s+\d{4}", ln)) + 1
    closing_start = next(i for i, ln in enumerate(lines) if ln.strip().startswith("Nơi nhận"))
    left: list[str] = []
    right: list[str] = []
    side = left
    for line in lines[:header_end]:
        for piece in _COLUMNS.split(line.strip()):
            if not piece:
                continue
            side = right if _RIGHT.search(piece) else (side if _RULE.match(piece) else left)
            side.append(piece)
    # Row 1: agency | motto; row 2: number (and V/v) | place and date.
    split_left = next((i for i, p in enumerate(left) if p.startswith("Số")), len(left))
    split_right = next((i for i, p in enumerate(right) if "ngày" in p), len(right))
    header = [(left[:split_left], right[:split_right]), (left[split_left:], right[split_right:])]
    body = [ln.strip() for ln in lines[header_end:closing_start]]
    while body and not body[0]:
        body.pop(0)
    recipients: list[str] = []
    signer: list[str] = []
    for line in lines[closing_start:]:
        pieces = [p for p in _COLUMNS.split(line.strip()) if p]
        indent = len(line) - len(line.lstrip())
        for piece in pieces:
            continuation = len(pieces) == 1 and 0 < indent < 8 and piece[:1].islower()
            if piece.startswith(("-", "Nơi nhận")) or continuation:
                recipients.append(piece)
            else:
                signer.append(piece)
    return Layout(header, body, (recipients, signer))


def source(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def copy_gold(src: str, dest: str) -> None:
    shutil.copyfile(SAMPLES / (Path(src).stem + ".gold.json"), SAMPLES / f"{dest}.gold.json")


# --- .docx -----------------------------------------------------------------------------------


def write_docx(layout: Layout, path: Path) -> None:
    import docx

    document = docx.Document()

    def fill(cell, lines: list[str]) -> None:
        cell.paragraphs[0].text = lines[0] if lines else ""
        for line in lines[1:]:
            cell.add_paragraph(line)

    def two_columns(rows: list[tuple[list[str], list[str]]]) -> None:
        table = document.add_table(rows=len(rows), cols=2)
        for r, (left, right) in enumerate(rows):
            fill(table.cell(r, 0), left)
            fill(table.cell(r, 1), right)

    two_columns(layout.header)
    for line in layout.body:
        document.add_paragraph(line)
    two_columns([layout.closing])
    document.core_properties.author = "docparse samples"
    document.save(str(path))


# --- RTF (for the .doc and the .rtf) ---------------------------------------------------------


def rtf_escape(surface: str) -> str:
    out = []
    for ch in surface:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 0x80:
            out.append(ch)
        elif (b := cp1252_byte(ch)) is not None:
            out.append(f"\\'{b:02x}")
        else:
            out.append(f"\\u{ord(ch)}?")
    return "".join(out)


def write_rtf(layout: Layout, path: Path, fonts: tuple[str, str], encode_line) -> None:
    """RTF as Word writes it for a legacy-font document: font 0 for normal text, font 1 (the
    capital style, .VnTimeH) for lines typed in capitals; each line encoded by `encode_line`,
    which returns (font index, surface text)."""

    def para(line: str, in_table: bool = False) -> str:
        font, surface = encode_line(line)
        return ("\\pard\\intbl" if in_table else "\\pard") + f"\\f{font}\\fs26 {rtf_escape(surface)}"

    def table(rows: list[tuple[list[str], list[str]]]) -> list[str]:
        out = []
        for left, right in rows:
            out.append("\\trowd\\trgaph108\\cellx4300\\cellx9600")
            for cell in (left, right):
                paras = [para(line, True) for line in cell] or ["\\pard\\intbl "]
                out.append("\\par\n".join(paras) + "\\cell")
            out.append("\\row")
        return out

    parts = [
        "{\\rtf1\\ansi\\ansicpg1252\\deff0",
        "{\\fonttbl{\\f0\\froman\\fcharset0 " + fonts[0] + ";}{\\f1\\froman\\fcharset0 " + fonts[1] + ";}}",
        "{\\info{\\author docparse samples}}",
        "\\paperw11906\\paperh16838\\margl1701\\margr1134",
        *table(layout.header),
        *(para(line) + "\\par" for line in layout.body),
        *table([layout.closing]),
        "}",
    ]
    path.write_bytes("\n".join(parts).encode("ascii"))


def tcvn3_line(line: str) -> tuple[int, str]:
    # A capital line with toned letters is typed in .VnTimeH (font 1) with the small letters' codes.
    return (1 if line.isupper() and not line.isascii() else 0), tcvn3(line)


def vni_line(line: str) -> tuple[int, str]:
    return 0, encoder("vni_windows")(line)


def rtf_to_doc(rtf: Path, doc: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"skipped {doc.name}: LibreOffice (soffice) is not installed")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
             "doc:MS Word 97", "--outdir", tmp, str(rtf)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.move(Path(tmp) / (rtf.stem + ".doc"), doc)
    return True


# --- HTML -------------------------------------------------------------------------------------


def html_table(rows: list[tuple[list[str], list[str]]], cell_open: str = "<td>") -> str:
    out = ["<table>"]
    for left, right in rows:
        cells = ["<br>".join(html.escape(x) for x in cell) for cell in (left, right)]
        out.append("<tr>" + "".join(f"{cell_open}{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def portal_page(doc_text: str) -> str:
    layout = layout_of(doc_text)
    body = "\n".join(f"<p>{html.escape(x)}</p>" for x in layout.body if x)
    menu = "Trang chủ|Giới thiệu|Tin tức - Sự kiện|Văn bản chỉ đạo, điều hành|Quản lý ngân sách|" + (
        "Quản lý giá - Công sản|Thủ tục hành chính|Hỏi đáp"
    )
    items = "".join(f'<li><a href="/{i}">{x}</a></li>' for i, x in enumerate(menu.split("|")))
    title = (
        "Thông báo kết luận của Giám đốc Sở Tài chính tại cuộc họp về công tác khóa sổ kế toán, "
        "quyết toán ngân sách năm 2022 và triển khai dự toán năm 2023"
    )
    related = [
        ("Thông báo kết quả thẩm định giá đất cụ thể đợt 3 năm 2022", "09/12/2022"),
        ("Công văn số 5720/STC-QLNS về việc rà soát, báo cáo nguồn cải cách tiền lương năm 2022", "02/12/2022"),
        (
            "Hướng dẫn xây dựng dự toán ngân sách nhà nước năm 2023 và kế hoạch tài chính - ngân sách 03 năm",
            "25/07/2022",
        ),
    ]
    related_items = "".join(
        f'<li><a href="/tin/{i}">{t}</a> <span>({d})</span></li>' for i, (t, d) in enumerate(related)
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title} - Sở Tài chính tỉnh Nghệ An</title>
<link rel="stylesheet" href="/css/site.css">
<style>.menu li {{ display: inline; }} .date {{ color: #777; }}</style>
<script>var _gaq = _gaq || []; _gaq.push(['_trackPageview']); function share() {{ return "Chia sẻ"; }}</script>
</head>
<body>
<div id="top-bar"><a href="/login">Đăng nhập</a> | <a href="/lien-he">Liên hệ</a> |
<a href="/so-do">Sơ đồ cổng</a></div>
<div class="banner"><h1>SỞ TÀI CHÍNH TỈNH NGHỆ AN</h1><p>Cổng thông tin điện tử</p></div>
<nav class="main-menu"><ul class="menu">{items}</ul></nav>
<form class="search" action="/tim-kiem"><input type="text" placeholder="Tìm kiếm..."><button>Tìm</button></form>
<div class="breadcrumb"><a href="/">Trang chủ</a> »
<a href="/vb">Văn bản chỉ đạo, điều hành</a> » <a href="/tb">Thông báo</a></div>
<div class="content">
<article class="news-detail">
<h2 class="title">{title}</h2>
<div class="date">Cập nhật: 16/12/2022 15:08 | Lượt xem: 412</div>
<div class="tools"><a href="javascript:print()">In bài</a> | <a href="mailto:">Gửi email</a> |
<a href="#" onclick="share()">Chia sẻ</a></div>
<div class="news-content">
{html_table(layout.header)}
{body}
{html_table([layout.closing])}
<p>Tệp đính kèm: <a href="/files/TB-5896-STC.pdf">TB 5896-STC.pdf</a> (186 KB)</p>
</div>
<div class="back"><a href="javascript:history.back()">« Quay lại</a> | <a href="#top">Lên đầu trang</a></div>
</article>
<aside class="other-news"><h3>CÁC TIN KHÁC</h3><ul>{related_items}</ul></aside>
</div>
<div class="links"><h3>LIÊN KẾT WEBSITE</h3><select><option>-- Chọn liên kết --</option></select></div>
<footer>
<p>Bản quyền thuộc Sở Tài chính tỉnh Nghệ An</p>
<p>Địa chỉ: Số 2 đường Trường Thi, thành phố Vinh, tỉnh Nghệ An - Điện thoại: 0238.3844.126</p>
<p>Đang truy cập: 35 | Tổng lượt truy cập: 2.145.879</p>
</footer>
<script src="/js/counter.js"></script>
</body>
</html>
"""


def word_html(layout: Layout) -> bytes:
    """Word's "Web Page" export: Office namespaces, conditional comments, MsoNormal paragraphs
    with their source lines wrapped, and windows-1252 with numeric references for the rest."""

    def p(text: str, cls: str = "MsoNormal", bold: bool = False) -> str:
        inner = html.escape(text, quote=False) if text else "&nbsp;"
        inner = (
            f"<b><span lang=VI style='font-size:13.0pt'>{inner}</span></b>"
            if bold
            else (f"<span lang=VI style='font-size:13.0pt'>{inner}</span>")
        )
        return "\n".join(textwrap.wrap(f"<p class={cls} style='text-align:justify'>{inner}<o:p></o:p></p>", 76))

    def table(rows: list[tuple[list[str], list[str]]]) -> str:
        out = ["<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>"]
        for left, right in rows:
            out.append(" <tr>")
            for cell in (left, right):
                out.append("  <td width=302 valign=top style='width:226.5pt;padding:0cm 5.4pt 0cm 5.4pt'>")
                out.extend("  " + p(x, "MsoNormal", bold=x.isupper()) for x in cell or [""])
                out.append("  </td>")
            out.append(" </tr>")
        out.append("</table>")
        return "\n".join(out)

    doc = "\n".join(
        [
            '<html xmlns:v="urn:schemas-microsoft-com:vml"',
            'xmlns:o="urn:schemas-microsoft-com:office:office"',
            'xmlns:w="urn:schemas-microsoft-com:office:word"',
            'xmlns="http://www.w3.org/TR/REC-html40">',
            "<head>",
            '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">',
            "<meta name=ProgId content=Word.Document>",
            '<meta name=Generator content="Microsoft Word 15">',
            "<title>QUYẾT ĐỊNH</title>",
            "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>VT</o:Author>\n"
            " </o:DocumentProperties>\n</xml><![endif]-->",
            '<style>\n<!--\n p.MsoNormal\n\t{margin:0cm;font-size:12.0pt;font-family:"Times New Roman",serif;}\n'
            "@page WordSection1\n\t{size:595.3pt 841.9pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n-->\n</style>",
            "</head>",
            "<body lang=EN-US style='tab-interval:36.0pt'>",
            "<div class=WordSection1>",
            table(layout.header),
            p(""),
            *(p(x, bold=x.isupper()) for x in layout.body),
            table([layout.closing]),
            p(""),
            "</div>",
            "</body>",
            "</html>",
        ]
    )
    return doc.replace("\n", "\r\n").encode("cp1252", errors="xmlcharrefreplace")


def drop_related_news(gold_path: Path) -> None:
    """The reader removes the page's list of other news: the gold loses what only it cited."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["references"] = [r for r in gold["references"] if r != "5720/STC-QLNS"]
    gold["citations"] = [c for c in gold["citations"] if "5720/STC-QLNS" not in json.dumps(c, ensure_ascii=False)]
    gold["dates"] = [d for d in gold["dates"] if d["value"] not in ("2022-07-25", "2022-12-02", "2022-12-09")]
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    made: list[str] = []

    write_docx(layout_of(source("034_quyetdinh_chutich.txt")), SAMPLES / "170_docx.docx")
    copy_gold("034_quyetdinh_chutich.txt", "170_docx")
    made.append("170_docx.docx")

    with tempfile.TemporaryDirectory() as tmp:
        rtf = Path(tmp) / "171_doc_tcvn3.rtf"
        write_rtf(layout_of(source("024_old_style.txt")), rtf, (".VnTime", ".VnTimeH"), tcvn3_line)
        if rtf_to_doc(rtf, SAMPLES / "171_doc_tcvn3.doc"):
            copy_gold("024_old_style.txt", "171_doc_tcvn3")
            made.append("171_doc_tcvn3.doc")

    write_rtf(
        layout_of(source("036_kehoach_coquan.txt")), SAMPLES / "172_rtf_vni.rtf", ("VNI-Times", "VNI-Times"), vni_line
    )
    copy_gold("036_kehoach_coquan.txt", "172_rtf_vni")
    made.append("172_rtf_vni.rtf")

    text = source("123_thongbao_stc_web_portal.txt")
    doc_text = text[text.index("UBND TỈNH NGHỆ AN") : text.index("\nTệp đính kèm")]
    (SAMPLES / "173_portal.html").write_text(portal_page(doc_text), encoding="utf-8")
    copy_gold("123_thongbao_stc_web_portal.txt", "173_portal")
    drop_related_news(SAMPLES / "173_portal.gold.json")
    made.append("173_portal.html")

    (SAMPLES / "174_word_export.html").write_bytes(word_html(layout_of(source("049_quyetdinh_bo.txt"))))
    copy_gold("049_quyetdinh_bo.txt", "174_word_export")
    made.append("174_word_export.html")
    for name in made:
        print(f"wrote samples/{name}")


if __name__ == "__main__":
    main()
