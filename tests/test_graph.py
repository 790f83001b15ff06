from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from docparse import parse_text
from docparse.cli import app
from docparse.graph import CorpusError, CorpusIndex, JsonlRecords, write_graph
from docparse.models import DocumentRecord

GOLDEN = Path(__file__).parent / "golden"

PLAN = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 12/KH-UBND
Khánh Hòa, ngày 05 tháng 3 năm 2021

KẾ HOẠCH
Phòng, chống dịch COVID-19

1. Sở Y tế chủ trì tổ chức tiêm chủng, hoàn thành trước ngày 30/6/2021.
"""
DECISION = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 07/QĐ-UBND
Khánh Hòa, ngày 10 tháng 1 năm 2021

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác

Điều 1. Thành lập Tổ công tác.
"""
HEALTH_REPORT = """SỞ Y TẾ
Số: 30/BC-SYT
Nha Trang, ngày 02 tháng 4 năm 2021

BÁO CÁO
Tình hình tiêm chủng

Đã tiêm 1.000 liều.
"""
# Cites the plan (full form, then a short form), the decision with the wrong year, one of two
# health reports of the same number and year without saying which, and itself ("045" for "45").
CITING = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 45/BC-UBND
Khánh Hòa, ngày 15 tháng 5 năm 2021

BÁO CÁO
Kết quả thực hiện Kế hoạch phòng, chống dịch

Căn cứ Kế hoạch số 12/KH-UBND ngày 05/3/2021 của UBND tỉnh về phòng, chống dịch COVID-19;
Căn cứ Quyết định số 7/QĐ-UBND ngày 01/02/2019 của UBND tỉnh;
Theo Báo cáo số 30/BC-SYT của Sở Y tế;
Thực hiện Báo cáo số 045/BC-UBND của UBND tỉnh;

Kết quả thực hiện Kế hoạch 12 như sau: đã hoàn thành.
"""


def record(text: str, path: str) -> dict:
    return parse_text(text, path=path).model_dump(mode="json")


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    second_report = HEALTH_REPORT.replace("ngày 02 tháng 4", "ngày 20 tháng 4").replace("1.000", "2.000")
    return [
        record(PLAN, "plan.txt"),
        record(CITING, "citing.txt"),
        record(DECISION, "decision.txt"),
        record(HEALTH_REPORT, "report-a.txt"),
        record(second_report, "report-b.txt"),
    ]


def test_references_resolve_to_corpus_documents(corpus):
    index = CorpusIndex.build(iter(corpus))  # a one-pass iterator is enough
    citing = index.link(corpus[1])
    # the plan, by its full form and by the short form resolved inside the document; not the decision
    # (wrong year), not the reports (two fit equally), not the document itself
    assert [(r["identifier"], r["form"], r["target"]) for r in citing["references"]] == [
        ("12/KH-UBND", "full", "plan.txt"),
        ("7/QĐ-UBND", "full", None),
        ("30/BC-SYT", "full", None),
        ("045/BC-UBND", "full", None),
        ("12/KH-UBND", "short", "plan.txt"),
    ]
    assert citing["cited_by"] == []
    plan = index.link(corpus[0])
    assert plan["cited_by"] == [{"path": "citing.txt", "identifier": "45/BC-UBND", "ref_id": "r1", "role": "basis"}]
    assert [e.__dict__ for e in index.edges()] == [
        {
            "citing": "citing.txt",
            "cited": "plan.txt",
            "identifier": "12/KH-UBND",
            "role": "basis",
            "ref_id": "r1",
            "count": 2,
        }
    ]
    stats = index.stats
    assert (stats.references, stats.resolved, stats.ambiguous, stats.unresolved) == (5, 2, 1, 2)
    assert (stats.ruled_out, stats.without_identifier) == (1, 0)  # the wrong year; the self-citation had no candidate
    for linked in (citing, plan):
        assert DocumentRecord.model_validate(linked).schema_version == "1.3"


def test_year_date_issuer_and_chronology_decide(corpus):
    text = CITING.replace("ngày 01/02/2019", "ngày 10/01/2021")  # now the decision's own date (07 printed as 7)
    text = text.replace(
        "Báo cáo số 30/BC-SYT của", "Báo cáo số 30/BC-SYT ngày 20/4/2021 của"
    )  # the date breaks the tie
    text = text.replace("ngày 05/3/2021 của UBND tỉnh", "của UBND huyện Cam Lâm")  # another issuer
    early = CITING.replace("ngày 15 tháng 5 năm 2021", "ngày 15 tháng 02 năm 2021").replace(" ngày 05/3/2021", "")
    early = early.replace("Số: 45/BC-UBND", "Số: 46/BC-UBND")
    docs = [*corpus[:1], record(text, "citing.txt"), *corpus[2:], record(early, "early.txt")]
    index = CorpusIndex.build(docs)
    targets = [(r["identifier"], r["target"]) for r in index.link(docs[1])["references"]]
    assert targets == [
        ("12/KH-UBND", None),  # a district's plan, not the province's
        ("7/QĐ-UBND", "decision.txt"),
        ("30/BC-SYT", "report-b.txt"),
        ("045/BC-UBND", None),
        ("12/KH-UBND", None),
    ]
    # Issued in February, the early report cannot cite the March plan, nor the May report 45.
    early_targets = {r["identifier"]: r["target"] for r in index.link(docs[-1])["references"]}
    assert early_targets["12/KH-UBND"] is None and early_targets["045/BC-UBND"] is None
    assert early_targets["7/QĐ-UBND"] is None  # still the wrong year
    # Another day of the same year: another decision 7 of that agency, not the one in the corpus.
    other_day = [*docs[:1], record(text.replace("ngày 10/01/2021", "ngày 11/01/2021"), "citing.txt"), *docs[2:]]
    index = CorpusIndex.build(other_day)
    assert {r["identifier"]: r["target"] for r in index.link(other_day[1])["references"]}["7/QĐ-UBND"] is None


def write(tmp_path: Path, docs: list[dict]) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "documents.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    return out


def test_write_graph_is_deterministic_and_loads_in_networkx(tmp_path, corpus):
    out = write(tmp_path, corpus)
    records = JsonlRecords(out / "documents.jsonl")
    written = write_graph(out, CorpusIndex.build(records), records)
    first = [p.read_bytes() for p in written]
    write_graph(out, CorpusIndex.build(records), records)
    assert [p.read_bytes() for p in written] == first
    assert not list((out / "graph").glob(".*.tmp"))
    rows = list(csv.DictReader((out / "graph" / "edges.csv").open(encoding="utf-8")))
    assert rows == [
        {
            "citing_path": "citing.txt",
            "cited_path": "plan.txt",
            "identifier": "12/KH-UBND",
            "role": "basis",
            "ref_id": "r1",
            "count": "2",
        }
    ]
    graph = nx.read_graphml(out / "graph" / "citations.graphml")
    corpus_nodes = [n for n, data in graph.nodes(data=True) if not data["external"]]
    assert corpus_nodes == ["plan.txt", "citing.txt", "decision.txt", "report-a.txt", "report-b.txt"]
    assert graph.nodes["plan.txt"] == {
        "identifier": "12/KH-UBND",
        "doc_type": "Kế hoạch",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "date": "2021-03-05",
        "external": False,
    }
    assert graph.edges["citing.txt", "plan.txt"] == {
        "role": "basis",
        "ref_id": "r1",
        "identifier": "12/KH-UBND",
        "count": 2,
    }
    # outside the corpus: the decision of 2019 and the document itself under another number form;
    # the ambiguous report gets no edge at all
    external = {n: data for n, data in graph.nodes(data=True) if data["external"]}
    assert sorted(external) == ["external:045/BC-UBND", "external:7/QĐ-UBND@2019"]
    assert external["external:7/QĐ-UBND@2019"]["date"] == "2019-02-01"
    assert sorted(graph.successors("citing.txt")) == ["external:045/BC-UBND", "external:7/QĐ-UBND@2019", "plan.txt"]


def test_one_pass_and_two_passes_agree(corpus):
    """A list is read twice (references in the second pass, only resolved ones kept); a one-shot
    iterator once, its references held: both resolve the same."""
    once, twice = CorpusIndex.build(iter(corpus)), CorpusIndex.build(corpus)
    assert list(once.edges()) == list(twice.edges()) and once.stats == twice.stats
    assert [once.link(r) for r in corpus] == [twice.link(r) for r in corpus]


class Changing:
    """Records that are not the same on the second pass."""

    def __init__(self, passes):
        self.passes = iter(passes)

    def __iter__(self):
        return iter(next(self.passes))


def test_write_graph_needs_the_documents_of_the_index(tmp_path, corpus):
    with pytest.raises(CorpusError, match=r"decision\.txt: not the document the corpus index has at position 2"):
        CorpusIndex.build(Changing([corpus[:2], [corpus[0], corpus[2]]]))
    with pytest.raises(CorpusError, match=r"1 documents given for a corpus index of 2"):
        CorpusIndex.build(Changing([corpus[:2], corpus[:1]]))
    index = CorpusIndex.build(corpus)
    with pytest.raises(CorpusError, match=r"decision\.txt: not the document the corpus index has at position 2"):
        write_graph(tmp_path, index, [corpus[0], corpus[2]])
    with pytest.raises(CorpusError, match=r"2 documents given for a corpus index of 5"):
        write_graph(tmp_path, index, corpus[:2])


def test_bad_corpora_are_named(tmp_path, corpus):
    with pytest.raises(CorpusError, match=r"plan\.txt: appears twice in the corpus"):
        CorpusIndex.build([corpus[0], corpus[0]])
    with pytest.raises(CorpusError, match=r"document 2 in corpus order has no source\.path"):
        CorpusIndex.build([corpus[0], {"source": {}}])
    with pytest.raises(CorpusError, match=r"other\.txt: not a document of this corpus index"):
        CorpusIndex.build(corpus[:1]).link({**corpus[1], "source": {"path": "other.txt"}})
    jsonl = tmp_path / "documents.jsonl"
    jsonl.write_text(json.dumps(corpus[0]) + "\n\n[1]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"documents\.jsonl:3: not a JSON record \(a list\)"):
        list(JsonlRecords(jsonl))
    jsonl.write_text('{"source": \n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"documents\.jsonl:1: not a JSON record"):
        list(JsonlRecords(jsonl))


def test_cli_graph(tmp_path, corpus):
    out = write(tmp_path, corpus)
    result = CliRunner().invoke(app, ["graph", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents: 5  links: 1" in result.output
    assert "references: 5  resolved: 2  ambiguous: 1  unresolved: 2" in result.output
    assert (out / "graph" / "citations.graphml").is_file()
    result = CliRunner().invoke(app, ["graph", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "documents.jsonl: no such file" in result.output


def test_samples_cite_each_other_rarely():
    """The golden records of the samples: one real link (a decree amending another), and the
    numbers that recur across years and agencies ruled out."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
    index = CorpusIndex.build(docs)
    edges = [(e.citing, e.cited, e.identifier, e.role, e.count) for e in index.edges()]
    assert edges == [
        ("092_nghidinh_sua_doi.txt", "015_nghidinh_nam.txt", "15/2021/NĐ-CP", "amends", 5),
        # two invented documents that share number, date, issuer and province: nothing tells them apart
        (
            "522_kehoach_snnmt_tuyenquang_channuoi_taidan_2026_word.md",
            "1128_kehoach_ubnd_tuyenquang_cchc_2026_word.md",
            "09/KH-UBND",
            "basis",
            1,
        ),
    ]
    assert index.stats.ruled_out >= 8 and index.stats.ambiguous == 0


def test_a_local_body_named_without_its_place_is_the_citing_documents_own():
    district = """ỦY BAN NHÂN DÂN
HUYỆN MƯỜNG LA
Số: 318/QĐ-UBND
Mường La, ngày 12 tháng 5 năm 2015

QUYẾT ĐỊNH
Về việc giao kế hoạch trồng rừng

Điều 1. Giao kế hoạch.
"""
    citing = """ỦY BAN NHÂN DÂN
HUYỆN HÀ TRUNG
Số: 812/UBND-TNMT
Hà Trung, ngày 14 tháng 5 năm 2020

Kính gửi: Ủy ban nhân dân các xã.

Đã chi trả theo các Quyết định số 318/QĐ-UBND, 319/QĐ-UBND ngày 20/4/2020 của UBND huyện.
"""
    docs = [record(district, "muongla.txt"), record(citing, "hatrung.txt")]
    refs = docs[1]["references"]
    assert [(r["identifier"], r["issuer"]) for r in refs] == [
        ("318/QĐ-UBND", "UBND huyện"),
        ("319/QĐ-UBND", "UBND huyện"),
    ]
    # Hà Trung's own People's Committee: no decision of Mường La's
    assert [r["target"] for r in CorpusIndex.build(docs).link(docs[1])["references"]] == [None, None]


def test_a_provinces_body_named_without_its_place_is_the_citing_provinces():
    office = record(
        "HĐND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\nSố: 120/GM-VPHĐND\nLâm Đồng, ngày 10 tháng 5 năm 2017\nGIẤY MỜI\nDự giám sát\n"
        "Căn cứ Nghị quyết số 45/NQ-HĐND ngày 08/12/2016 của HĐND tỉnh về chương trình giám sát;\n",
        "office.txt",
    )
    council = record(
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 45/NQ-HĐND\nHòa Bình, ngày 08 tháng 12 năm 2016\nNGHỊ QUYẾT\nVề phí\n",
        "council.txt",
    )
    assert list(CorpusIndex.build([office, council]).edges()) == []
    # ... and so is a People's Committee whose level OCR damaged ("của UBND tinh")
    department = record(
        "UBND TỈNH AN GIANG\nSỞ TƯ PHÁP\nSố: 86/STP\nAn Giang, ngày 14 tháng 01 năm 2026\nV/v kiểm tra\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 08/01/2026 của UBND tinh về công tác kiểm tra;\n",
        "department.txt",
    )
    ward = record(
        "ỦY BAN NHÂN DÂN\nPHƯỜNG VŨNG TÀU\nSố: 12/KH-UBND\nVũng Tàu, ngày 08 tháng 01 năm 2026\nKẾ HOẠCH\nKinh tế\n",
        "ward.txt",
    )
    assert list(CorpusIndex.build([department, ward]).edges()) == []
