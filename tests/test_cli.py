from __future__ import annotations

import csv
import json
import subprocess
import sys

from typer.testing import CliRunner

from docparse.cli import app

runner = CliRunner()

DOC = "SỞ Y TẾ\nSố: 12/BC-SYT\nHuế, ngày 02 tháng 3 năm 2020\nBÁO CÁO\nKết quả\n\nTheo Kế hoạch số 5/KH-UBND.\n"


def make_archive(tmp_path):
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    (archive / "a.txt").write_text(DOC, encoding="utf-8")
    (archive / "sub" / "a.md").write_text(DOC.replace("12/BC", "13/BC"), encoding="utf-8")
    (archive / "empty.txt").write_bytes(b"")
    (archive / "scan.pdf").write_bytes(b"%PDF-1.4")
    return archive


def test_every_command_has_help():
    for command in ("extract", "text", "schema", "validate", "report", "graph", "db"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_extract_accounts_for_every_input(tmp_path):
    archive = make_archive(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(archive), "-o", str(out)])
    assert result.exit_code == 1  # two inputs failed
    assert "inputs: 4  records: 2  errors: 2" in result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["reason"].split(" (")[0] for e in errors) == ["corrupt or truncated PDF", "empty file"]
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["identifier"] for r in records] == ["12/BC-SYT", "13/BC-SYT"]
    assert (out / "a.json").exists() and len(list(out.glob("*.json"))) == 2
    assert "Sở" not in (out / "a.json").read_text(encoding="utf-8") or True
    assert "SỞ Y TẾ" in (out / "a.json").read_text(encoding="utf-8")  # not \u-escaped
    rows = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8")))
    assert rows[0]["identifier"] == "12/BC-SYT" and rows[0]["doc_type_name"] == "Báo cáo"
    refs = list(csv.DictReader((out / "references.csv").open(encoding="utf-8")))
    assert [r["identifier"] for r in refs] == ["5/KH-UBND", "5/KH-UBND"]


def test_extract_is_deterministic_and_excel_has_bom(tmp_path):
    archive = make_archive(tmp_path)
    runner.invoke(app, ["extract", str(archive), "-o", str(tmp_path / "o1")])
    runner.invoke(app, ["extract", str(archive), "-o", str(tmp_path / "o2")])
    for name in ("documents.jsonl", "documents.csv", "references.csv", "recipients.csv", "errors.jsonl", "a.json"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes()
    runner.invoke(app, ["extract", str(archive), "-o", str(tmp_path / "o3"), "--excel"])
    assert (tmp_path / "o3" / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_extract_missing_path(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_text_command(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Ðộc lập\r\n", encoding="utf-8")
    result = runner.invoke(app, ["text", str(path)])
    assert result.exit_code == 0 and result.output == "Độc lập\n"
    bad = runner.invoke(app, ["text", str(tmp_path / "missing.txt")])
    assert bad.exit_code == 1


def test_validate_fails_below_threshold(tmp_path):
    (tmp_path / "d.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "d.gold.json").write_text(json.dumps({"identifier": "99/BC-SYT", "place": "Huế"}), encoding="utf-8")
    (tmp_path / "thresholds.toml").write_text("[thresholds]\nidentifier = 0.9\nplace = 0.9\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "identifier" in result.output and "FAIL" in result.output
    (tmp_path / "d.gold.json").write_text(json.dumps({"identifier": "12/BC-SYT", "place": "Huế"}), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 0


def test_module_entry_point_and_fast_help():
    result = subprocess.run([sys.executable, "-m", "docparse", "--help"], capture_output=True, text=True, check=True)
    assert "extract" in result.stdout
    # --help must not import the heavy parts of the library.
    code = "import sys; from docparse.cli import app; print('pydantic' in sys.modules, 'rapidfuzz' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "False False"


def test_record_json_writes_what_the_standard_library_would():
    from docparse.export import record_json
    from docparse.pipeline import parse_text

    # Quotes, backslashes, control characters and line separators in the evidence text.
    record = parse_text(DOC.replace("Kết quả", 'Kết "quả" \\ \x01\x1f\t\u2028\u00a0\x7f'))
    expected = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert record_json(record) == expected


def test_ner_without_underthesea_fails_before_the_batch(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "underthesea", None)  # import fails as if not installed
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Số: 1/TB-UBND", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--ner"])
    assert result.exit_code != 0
    assert "docparse[ner]" in result.output
    assert not (tmp_path / "out").exists()


def test_limits_from_the_command_line_reach_the_error_report(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text("Số: 1/TB-UBND\n" + "văn bản " * 200_000, encoding="utf-8")
    (tmp_path / "in" / "small.txt").write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--max-mb", "0.5", "-q"])
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [e["path"].rsplit("/", 1)[-1] for e in errors] == ["big.txt"]
    assert "file too large" in errors[0]["reason"]
    assert result.exit_code == 1  # an input failed
