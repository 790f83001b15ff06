from __future__ import annotations

import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docparse.cli import app
from docparse.models import DocumentRecord, Evidence, Reference, Source, Task
from docparse.report import (
    KINDS,
    Corpus,
    DocumentText,
    PageLinks,
    Span,
    build_report,
    document_page,
    escape_text,
    load_text,
    record_spans,
    render_marked,
)

runner = CliRunner()
LINKS = PageLinks("index.html#d1", None, None)
DOC = (
    "SỞ Y TẾ\nSố: 12/BC-SYT\nHuế, ngày 02 tháng 3 năm 2020\nBÁO CÁO\nKết quả <thí điểm> & bài học\n\n"
    "Theo Kế hoạch số 5/KH-UBND ngày 01/02/2020.\n1. Sở Y tế chủ trì, hoàn thành trước ngày 30/6/2020.\n"
)


class Marks(HTMLParser):
    """Reads rendered text back: the characters, and for each span anchor the offsets its fragments cover."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.stack: list[str] = []
        self.covered: dict[str, list[int]] = {}
        self.breaks: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span":
            self.breaks[a["id"]] = len(self.text)
            return
        assert tag == "mark"
        self.stack.append(a.get("id") or a["data-s"])
        assert ("id" in a) == ("data-l" in a) == (" c" not in a["class"])  # labels on first fragments only

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        for anchor in self.stack:
            self.covered.setdefault(anchor, []).extend(range(len(self.text), len(self.text) + len(data)))
        self.text += data


def read_back(rendered: str) -> Marks:
    parser = Marks()
    parser.feed(rendered)
    parser.close()
    assert parser.stack == []  # every mark closed: well nested
    return parser


def test_crossing_spans_are_split_into_nested_fragments():
    spans = [
        Span(0, 6, "task", "task 1", "t", "task-0"),
        Span(2, 4, "agency", "agency", "a", "agency-0"),
        Span(3, 8, "date", "deadline", "d", "date-0", "deadline"),
    ]
    assert render_marked("abcdefghij", spans) == (
        '<mark class="k-task" id="task-0" data-l="task 1" title="t">ab'
        '<mark class="k-agency" id="agency-0" data-l="agency" title="a">c'
        '<mark class="k-date v-deadline" id="date-0" data-l="deadline" title="d">d</mark></mark>'
        '<mark class="k-date v-deadline c" data-s="date-0" title="d">ef</mark></mark>'
        '<mark class="k-date v-deadline c" data-s="date-0" title="d">gh</mark>ij'
    )


def test_equal_spans_nest_by_kind_and_longer_spans_go_outside():
    spans = [Span(0, 4, "person", "person", "", "person-0"), Span(0, 4, "ev", "signer.name", "", "ev-signer.name")]
    assert render_marked("Vinh", spans).startswith('<mark class="k-ev" id="ev-signer.name"')
    spans = [Span(0, 2, "task", "", "", "task-0"), Span(0, 4, "date", "", "", "date-0")]
    assert render_marked("abcd", spans).startswith('<mark class="k-date" id="date-0"')


def test_everything_is_escaped():
    text = "<script>alert('x')</script> & \"Co\""
    spans = [Span(0, 8, "ref", 'a"><b>label', "<img src=x onerror=alert(1)>", "ref-0", 'x" onclick="y')]
    rendered = render_marked(text, spans)
    assert "<script" not in rendered and "<b>" not in rendered and "<img" not in rendered
    assert 'onclick="' not in rendered
    assert "&lt;script&gt;" in rendered and "&amp;" in rendered
    assert read_back(rendered).text == text
    assert escape_text("a\x00b\x0cc\x7f\r\n") == "a\u2400b\x0cc\u2421\r\n"  # controls made visible, spaces kept


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab <&>\"'\n\rĐ", max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20), st.sampled_from(KINDS)), max_size=12),
    pages=st.lists(st.integers(0, 40), max_size=3),
)
def test_any_spans_render_well_nested_and_cover_exactly_their_text(text, raw, pages):
    spans = [
        Span(start, min(start + length, len(text)), kind, kind, kind, f"{kind}-{i}")
        for i, (start, length, kind) in enumerate(raw)
        if start < len(text)
    ]
    breaks = {p: (f"page-{i}", f"page {i}") for i, p in enumerate(sorted(set(pages)), 1) if p <= len(text)}
    back = read_back(render_marked(text, spans, breaks))
    assert back.text == text
    for span in spans:
        assert back.covered[span.anchor] == list(range(span.start, span.end))
    assert back.breaks == {anchor: pos for pos, (anchor, _) in breaks.items()}


def small_record(text: str) -> DocumentRecord:
    number = text.index("12")
    ref = text.index("Kế hoạch số 5/KH-UBND")
    task = text.index("1. Sở Y tế")
    return DocumentRecord(
        source=Source(path="a.txt", sha256="0" * 64),
        number="12",
        identifier="12/BC-SYT",
        evidence={
            "number": Evidence(start=number, end=number + 2, text="12"),
            "identifier": Evidence(start=number, end=number + 9, text="12/BC-SYT"),
        },
        references=[
            Reference(identifier="5/KH-UBND", text="Kế hoạch số 5/KH-UBND", start=ref, end=ref + 21, ref_id="r1")
        ],
        tasks=[Task(label="1", text="...", assignees=["Sở Y tế"], deadline="2020-06-30", start=task, end=len(text))],
    )


def test_document_page_marks_every_value_beside_the_record():
    record = small_record(DOC)
    page = document_page(record, DocumentText(DOC), LINKS)
    for anchor in ("ev-number", "ev-identifier", "ref-0", "task-0"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page
    assert 'data-l="task 1 · Sở Y tế · ≤ 2020-06-30"' in page
    assert 'data-l="full · r1"' in page
    assert "Kết quả &lt;thí điểm&gt; &amp; bài học" in page
    assert 'class="note"' not in page


def test_missing_text_shows_the_record_with_a_note(tmp_path):
    record = small_record(DOC)
    text = load_text(tmp_path, record)
    assert text.text is None and "is missing" in text.note
    page = document_page(record, text, LINKS)
    assert '<p class="note">Text not found' in page and "<mark" not in page
    assert "12/BC-SYT" in page and 'class="undrawn"' in page  # the record is shown, its values unlinked


def test_values_that_do_not_fit_the_text_are_listed_not_marked():
    record = small_record(DOC)
    short = DOC[: DOC.index("Theo")]  # the reference and the task lie past its end
    page = document_page(record, DocumentText(short), LINKS)
    assert "2 of 4 values do not fit this text" in page
    assert 'id="ev-number"' in page and 'id="ref-0"' not in page
    stale = DOC.replace("12/BC-SYT", "13/BC-SYT")  # same length, other text: the evidence no longer matches
    assert "2 of 4 values do not fit" in document_page(record, DocumentText(stale), LINKS)


def test_a_text_is_found_only_by_a_real_sha256(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    record = DocumentRecord(source=Source(sha256="../secret"))
    assert load_text(tmp_path, record).text is None
    sha = "ab" * 32
    (tmp_path / "texts" / f"{sha}.txt").write_bytes("dòng 1\r\ndòng 2".encode())
    assert load_text(tmp_path, DocumentRecord(source=Source(sha256=sha))).text == "dòng 1\r\ndòng 2"  # \r\n kept
    (tmp_path / "texts" / f"{sha}.txt").write_bytes(b"\xff\xfe")
    assert "not UTF-8" in load_text(tmp_path, DocumentRecord(source=Source(sha256=sha))).note


def test_record_spans_cover_each_list():
    record = DocumentRecord.model_validate_json(
        (Path(__file__).parent / "golden" / "012_ketluan_dang.json").read_text(encoding="utf-8")
    )
    kinds = {s.kind for s in record_spans(record)}
    assert kinds == {"ev", "ref", "date", "agency", "person", "task", "recipient", "self"}


def make_out(tmp_path: Path, *, texts: bool = True) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text(DOC, encoding="utf-8")
    (archive / "b.txt").write_text(DOC.replace("12/BC", "13/BC").replace("SỞ Y TẾ", "SỞ NỘI VỤ"), encoding="utf-8")
    (archive / "c.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(archive), "-o", str(out), "-q"])
    if texts:  # b.txt's text taken away on purpose
        (out / "texts" / f"{hashlib.sha256((archive / 'b.txt').read_bytes()).hexdigest()}.txt").unlink()
    else:
        shutil.rmtree(out / "texts")
    return out


def test_report_builds_overview_and_pages(tmp_path):
    out = make_out(tmp_path)
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents: 2  errors: 1  without text: 1" in result.output
    site = out / "report"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('<svg class="chart"') == 4
    assert "corrupt or truncated PDF" in index  # the error table
    assert 'href="docs/a.html"' in index and 'href="docs/b.html"' in index
    assert '<span class="tag">no text</span>' in index
    a = (site / "docs" / "a.html").read_text(encoding="utf-8")
    assert 'id="ev-identifier"' in a and 'href="b.html" rel="next"' in a
    b = (site / "docs" / "b.html").read_text(encoding="utf-8")
    assert "Text not found" in b and "13/BC-SYT" in b and 'href="a.html" rel="prev"' in b
    assert (site / "assets" / "report.css").is_file() and (site / "assets" / "report.js").is_file()


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_input_gives_same_bytes(tmp_path):
    out = make_out(tmp_path)
    build_report(out, tmp_path / "r1")
    build_report(out, tmp_path / "r2")
    first = site_bytes(tmp_path / "r1")
    assert len(first) >= 6 and first == site_bytes(tmp_path / "r2")


def test_tables_are_paged_and_stale_pages_removed(tmp_path):
    out = make_out(tmp_path, texts=False)
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for i in range(3):  # five records, named apart
        records.append({**records[i % 2], "source": {**records[i % 2]["source"], "path": f"more/x{i}.txt"}})
    (out / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    site = tmp_path / "site"
    build_report(out, site, page_rows=2)
    assert sorted(p.name for p in site.glob("*.html")) == ["documents-2.html", "documents-3.html", "index.html"]
    last = (site / "documents-3.html").read_text(encoding="utf-8")
    assert 'id="d5"' in last and 'href="index.html#documents"' in last and "<strong>3</strong>" in last
    x2 = (site / "docs" / "x2.html").read_text(encoding="utf-8")
    assert 'href="../documents-3.html#d5"' in x2
    (out / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:3]), encoding="utf-8")
    build_report(out, site, page_rows=2)
    assert sorted(p.name for p in site.glob("*.html")) == ["documents-2.html", "index.html"]
    assert sorted(p.name for p in (site / "docs").glob("*.html")) == ["a.html", "b.html", "x0.html"]


def test_bad_input_lines_are_reported_and_shown(tmp_path):
    out = make_out(tmp_path)
    with (out / "documents.jsonl").open("ab") as handle:
        handle.write(b'{"source": {"path": 3}}\n\xff\n')
    with (out / "errors.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    result = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "documents.jsonl line 3: not a record (source.path:" in result.output
    assert "documents.jsonl line 4: not UTF-8" in result.output
    assert "errors.jsonl line 2: not an error entry" in result.output
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="bad"' in index and "Input problems" in index


def test_report_needs_an_extract_folder(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "not a folder" in result.output
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "documents.jsonl: not found" in result.output


def test_corpus_counts_what_the_charts_draw():
    corpus = Corpus()
    full = small_record(DOC)
    corpus.add(full)
    corpus.add(DocumentRecord(source=Source(format="pdf", ocr_pages=[1, 2])))
    assert corpus.documents == 2 and corpus.by_format == {"text": 1, "pdf": 1}
    assert (corpus.ocr_pages, corpus.ocr_documents) == (2, 1)
    assert corpus.missing["number"] == 1 and corpus.missing["signer"] == 2
    assert corpus.deadlines == {"Sở Y tế": 1} and (corpus.tasks, corpus.deadline_tasks) == (1, 1)
    assert corpus.no_month == 2 and corpus.no_issuer == 2
