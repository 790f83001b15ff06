"""bench/bench_scale.py's checks: output comparison, input accounting, and killing a whole process group."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import load_script

pytest.importorskip("psutil")
bs = load_script("bench/bench_scale.py")


def _outputs(root: Path) -> Path:
    (root / "texts").mkdir(parents=True)
    (root / ".docparse").mkdir()
    (root / "parquet").mkdir()
    (root / "a.json").write_text('{\n  "x": 1\n}\n')
    (root / "documents.jsonl").write_text('{"x": 1}\n{"x": 2}\n{"x": 3}\n')
    (root / "documents.csv").write_text("path\na\n")
    (root / "texts" / "a.txt").write_text("văn bản\n")
    (root / ".docparse" / "cache").write_text("anything")
    (root / "parquet" / "documents.parquet").write_bytes(b"PAR1")
    return root


def test_identical_outputs_have_no_difference(tmp_path):
    clean, other = _outputs(tmp_path / "clean"), _outputs(tmp_path / "killed")
    (other / ".docparse" / "cache").write_text("another run's cache")  # not compared
    (other / "parquet" / "documents.parquet").write_bytes(b"PAR1 other")
    assert bs.compare_outputs(clean, other) == []


def test_differences_name_the_file_and_the_first_differing_line(tmp_path):
    clean, other = _outputs(tmp_path / "clean"), _outputs(tmp_path / "killed")
    (other / "documents.jsonl").write_text('{"x": 1}\n{"x": 2}\n{"x": 4}\n')
    (other / "documents.csv").write_text("path\na\nb\n")  # one line more
    (other / "a.json").unlink()
    (other / "b.json").write_text("{}\n")
    (other / "texts" / "a.txt").write_text("văn bản khác\n")
    (other / ".documents.jsonl.x1.tmp").write_text("{")  # left by a killed run
    (clean / "docparse.duckdb").write_bytes(b"one")
    (other / "docparse.duckdb").write_bytes(b"another")  # present in both: its bytes are not compared
    assert bs.compare_outputs(clean, other) == [
        "missing in killed: a.json",
        "only in killed: .documents.jsonl.x1.tmp",
        "only in killed: b.json",
        "differs: documents.csv: line 3: (end of file) | 'b'",
        """differs: documents.jsonl: line 3: '{"x": 3}' | '{"x": 4}'""",
        "differs: texts/a.txt: line 1: 'văn bản' | 'văn bản khác'",
    ]


def test_accounting_finds_lost_inputs_and_unexpected_errors(tmp_path):
    from make_scale_corpus import Corpus, Input

    root = tmp_path / "corpus"
    corpus = Corpus(
        root,
        [
            Input("a/1.txt", "text", "utf-8", "010.txt", "record"),
            Input("a/2.txt", "text", "utf-8", "011.txt", "record"),
            Input("a/x.zip/m/3.txt", "zip-member", "utf-8", "012.txt", "record"),
            Input("b/empty.txt", "bad", "empty", "", "error"),
        ],
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text("{}\n{}\n")
    (out / "errors.jsonl").write_text(
        json.dumps({"path": f"{root}/a/x.zip", "reason": "unsupported", "kind": "ingest"}) + "\n"
    )
    acc = bs.account(out, corpus)
    assert (acc.records, acc.errors, acc.manifest) == (2, 1, None)
    assert acc.problems == [
        "records + errors = 2 + 1 = 3, inputs 4",
        "failed, expected a record: a/x.zip: unsupported",
        "expected to fail, not in errors.jsonl: b/empty.txt",
    ]
    (out / "documents.jsonl").write_text("{}\n{}\n{}\n")
    (out / "errors.jsonl").write_text(json.dumps({"path": f"{root}/b/empty.txt", "reason": "empty file"}) + "\n")
    (out / "manifest.jsonl").write_text("{}\n" * 4)
    assert bs.account(out, corpus).problems == []


def test_kill_after_kills_the_whole_process_group(tmp_path):
    # A parent that starts a grandchild and then waits: both must be gone after the kill.
    marker = tmp_path / "grandchild.pid"
    code = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(marker)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(60)\n"
    )
    run = bs.run_extract([sys.executable, "-c", code], tmp_path / "log", kill_after=1.5, timeout=30)
    assert run.killed and not run.timed_out and run.returncode is None
    assert 1.5 <= run.wall < 5
    assert run.peak_rss > 0
    import psutil

    try:
        status = psutil.Process(int(marker.read_text())).status()
    except psutil.NoSuchProcess:
        status = None
    assert status in (None, psutil.STATUS_ZOMBIE), "the grandchild outlived the kill"


def test_a_run_that_ends_is_not_killed(tmp_path):
    run = bs.run_extract([sys.executable, "-c", "import sys; sys.exit(1)"], tmp_path / "log", kill_after=30)
    assert (run.killed, run.timed_out, run.returncode) == (False, False, 1)
    run = bs.run_extract([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path / "log", timeout=0.5)
    assert (run.killed, run.timed_out, run.returncode) == (False, True, None)
