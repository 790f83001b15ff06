from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from docparse import parse_text
from docparse.cli import app
from docparse.corpus import build_database, table_counts
from docparse.export import write_outputs
from docparse.graph import CorpusError, CorpusIndex, JsonlRecords, write_graph

README = Path(__file__).resolve().parent.parent / "README.md"

PLAN = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 12/KH-UBND
Khánh Hòa, ngày 05 tháng 5 năm 2021

KẾ HOẠCH
Triển khai tiêm chủng vắc xin phòng COVID-19

Thực hiện Nghị quyết số 21/NQ-CP ngày 26/02/2021 của Chính phủ về mua và sử dụng vắc xin phòng COVID-19, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

1. Sở Y tế chủ trì tổ chức tiêm chủng cho người dân, hoàn thành trước ngày 30/6/2021.
2. Sở Tài chính chủ trì, phối hợp với Sở Y tế bố trí kinh phí, hoàn thành trong tháng 7/2021.
3. Sở Thông tin và Truyền thông chủ trì tuyên truyền về tiêm chủng.
"""
REPORT = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 45/BC-UBND
Khánh Hòa, ngày 15 tháng 8 năm 2021

BÁO CÁO
Kết quả hỗ trợ người lao động

Căn cứ Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ về một số chính sách hỗ trợ người lao động gặp khó khăn do đại dịch COVID-19;
Căn cứ Kế hoạch số 12/KH-UBND ngày 05/5/2021 của UBND tỉnh;

1. Sở Lao động - Thương binh và Xã hội chủ trì rà soát đối tượng được hỗ trợ theo Nghị quyết số 68/NQ-CP, hoàn thành trước ngày 15/9/2021.
2. Sở Y tế chủ trì báo cáo kết quả tiêm chủng trước ngày 25/6/2021.
"""


def make_out(out: Path, *, graph: bool = True, excel: bool = False) -> Path:
    records = [parse_text(PLAN, path="plan.txt"), parse_text(REPORT, path="report.txt")]
    errors = [{"path": "scan.pdf", "reason": "corrupt or truncated PDF", "kind": "ingest"}]
    write_outputs(out, records, errors, excel=excel)
    if graph:
        records = JsonlRecords(out / "documents.jsonl")
        write_graph(out, CorpusIndex.build(records), records)
    return out


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    return build_database(make_out(tmp_path_factory.mktemp("corpus") / "out"))


def readme_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Corpus database\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.DOTALL)


def test_every_readme_example_runs(database):
    queries = readme_queries()
    assert len(queries) >= 5
    with duckdb.connect(str(database), read_only=True) as con:
        results = [con.execute(query).fetchall() for query in queries]
    assert all(results), "every example finds something in the test corpus"
    cite, assigned, per_month, agencies, most_cited = results[:5]
    assert cite == [("report.txt", "45/BC-UBND", date(2021, 8, 15), 2, "basis")]
    assert [(path, label, deadline) for path, _id, label, deadline, _text in assigned] == [
        ("report.txt", "2", "2021-06-25"),
        ("plan.txt", "1", "2021-06-30"),
    ]
    assert per_month == [(2021, 5, "Kế hoạch", 1), (2021, 8, "Báo cáo", 1)]
    assert agencies[0] == ("Sở Y tế", 2, 1)
    assert most_cited[:2] == [("12/KH-UBND", 1, "plan.txt"), ("21/NQ-CP", 1, None)]


def test_columns_are_typed(database):
    with duckdb.connect(str(database), read_only=True) as con:
        types = {
            (table, column): kind
            for table, column, kind in con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
            ).fetchall()
        }
        assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 1
        assert con.execute("SELECT cited_path, count FROM edges").fetchall() == [("plan.txt", 1)]
        assert con.execute(
            "SELECT deadline, deadline_from, deadline_to FROM tasks WHERE deadline = '2021-07'"
        ).fetchall()
    expected = {
        ("documents", "issue_date"): "DATE",
        ("documents", "issue_year"): "INTEGER",
        ("documents", "references"): "INTEGER",
        ("references", "date"): "DATE",
        ("references", "resolved"): "BOOLEAN",
        ("references", "end"): "INTEGER",
        ("dates", "value"): "VARCHAR",
        ("dates", "date"): "DATE",
        ("dates", "date_from"): "DATE",
        ("agencies", "in_gazetteer"): "BOOLEAN",
        ("tasks", "assignees"): "VARCHAR[]",
        ("tasks", "deadline_to"): "DATE",
        ("recipients", "index"): "INTEGER",
        ("edges", "count"): "INTEGER",
    }
    assert {k: types[k] for k in expected} == expected
    # every table has the path that joins it to documents
    tables = {table for table, _column in types}
    assert tables == {
        "documents",
        "references",
        "dates",
        "agencies",
        "people",
        "tasks",
        "recipients",
        "errors",
        "edges",
    }
    assert all((table, "path") in types for table in tables - {"edges"})


def test_date_values_span_their_days(tmp_path):
    out = make_out(tmp_path / "out", graph=False)
    dates = out / "dates.csv"
    header, *rows = dates.read_text(encoding="utf-8").splitlines()
    extra = [f"x.txt,{value},{kind},event,False,t,0,1," for value, kind in VALUES]
    dates.write_text("\n".join([header, *rows, *extra]) + "\n", encoding="utf-8")
    with duckdb.connect(str(build_database(out)), read_only=True) as con:
        got = con.execute(
            "SELECT value, date::VARCHAR, date_from::VARCHAR, date_to::VARCHAR FROM dates WHERE path = 'x.txt'"
        )
        assert got.fetchall() == [(value, *spans) for (value, _kind), spans in zip(VALUES, SPANS, strict=True)]


VALUES = [
    ("2021-06-30", "date"),
    ("2020-07-29T14:00", "time"),
    ("2021-02", "month"),
    ("2021-Q3", "quarter"),
    ("2021-07-01/2021-07-15", "range"),
    ("2023-04/2023-05", "range"),
]
SPANS = [
    ("2021-06-30", "2021-06-30", "2021-06-30"),
    ("2020-07-29", "2020-07-29", "2020-07-29"),
    (None, "2021-02-01", "2021-02-28"),
    (None, "2021-07-01", "2021-09-30"),
    (None, "2021-07-01", "2021-07-15"),
    (None, "2023-04-01", "2023-05-31"),
]


def test_parquet_is_deterministic_and_nothing_is_left_half_written(tmp_path):
    out = make_out(tmp_path / "out", excel=True)  # the CSV files with a BOM read the same
    build_database(out)
    first = {p.name: p.read_bytes() for p in (out / "parquet").iterdir()}
    assert sorted(first) == sorted(
        f"{t}.parquet"
        for t in ("documents", "references", "dates", "agencies", "people", "tasks", "recipients", "errors", "edges")
    )
    database = build_database(out)
    assert {p.name: p.read_bytes() for p in (out / "parquet").iterdir()} == first
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute(
            "SELECT identifier FROM read_parquet(?) ORDER BY 1", [str(out / "parquet" / "documents.parquet")]
        ).fetchall() == [
            ("12/KH-UBND",),
            ("45/BC-UBND",),
        ]
    # A build that fails half-way leaves the previous database and no temporary file.
    before = database.read_bytes()
    dates = out / "dates.csv"
    dates.write_text(dates.read_text(encoding="utf-8-sig") + "x.txt,2021-13-45,date,event,False,t,0,1,\n", "utf-8")
    with pytest.raises(CorpusError, match=r"dates\.csv: .*2021-13-45"):
        build_database(out)
    assert database.read_bytes() == before
    assert [p.name for p in out.rglob(".*")] == []


def test_missing_outputs_are_named(tmp_path):
    out = make_out(tmp_path / "out", graph=False)
    (out / "tasks.csv").unlink()
    with pytest.raises(CorpusError, match=r"tasks\.csv: no such file"):
        build_database(out)
    with pytest.raises(CorpusError, match="not a folder"):
        build_database(tmp_path / "nowhere")


def test_cli_db(tmp_path):
    out = make_out(tmp_path / "out", graph=False)
    result = CliRunner().invoke(app, ["db", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents: 2  references: 4" in result.output and "errors: 1" in result.output
    assert "no citation edges: run `docparse graph" in result.output
    assert table_counts(out / "docparse.duckdb")[-1] == ("errors", 1)
    result = CliRunner().invoke(app, ["db", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "not a folder" in result.output


def test_texts_with_carriage_returns_load_as_printed(tmp_path):
    """DuckDB's CSV reader fails on a quoted field ending in "\r"; the build reads a copy."""
    from docparse.batch import run_batch
    from docparse.corpus import build_database

    archive = tmp_path / "in"
    archive.mkdir()
    (archive / "a.txt").write_text(
        "SỞ Y TẾ\nSố: 5/KH-SYT\nHuế, ngày 01 tháng 02 năm 2020\nKẾ HOẠCH\nPhòng dịch\n\nGiao Sở Y tế thực hiện.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run_batch([archive], out)
    agencies = out / "agencies.csv"
    rows = list(csv.reader(agencies.open(encoding="utf-8", newline="")))
    text_at = rows[0].index("text")
    rows[1][text_at] = "Sở Y tế\r"  # as a CR-only line end leaves it
    with agencies.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build_database(out)
    with duckdb.connect(str(out / "docparse.duckdb"), read_only=True) as db:
        assert db.execute("select text from agencies").fetchall()[0] == ("Sở Y tế\r",)
    assert not list(out.glob(".docparse-db-*"))
