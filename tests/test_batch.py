from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from docparse import archive, batch, engines
from docparse.batch import OutputLocked, run_batch

DOC = "SỞ Y TẾ\nSố: {n}/BC-SYT\nHuế, ngày 02 tháng 3 năm 2020\nBÁO CÁO\nKết quả\n\nTheo Kế hoạch số 5/KH-UBND.\n"
OUTPUTS = ("documents.jsonl", "documents.csv", "references.csv", "tasks.csv", "errors.jsonl", "manifest.jsonl")


def make_corpus(root: Path, count: int = 6) -> Path:
    for i in range(count):
        folder = root / f"y{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"d{i}.txt").write_text(DOC.format(n=i + 1), encoding="utf-8")
    (root / "y0" / "empty.txt").write_bytes(b"")
    return root


def tree(out: Path) -> dict[str, bytes]:
    """Every output file but the internal state, by name. The DuckDB file holds run-specific block
    headers; its tables are compared through their Parquet exports, which are byte-deterministic."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith(".docparse/") and p.name != "docparse.duckdb"
    }


def test_every_input_is_a_record_or_an_error(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    result = run_batch([corpus], tmp_path / "out")
    assert (result.inputs, result.records, len(result.errors)) == (7, 6, 1)
    manifest = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    assert [m["path"] for m in manifest] == sorted(m["path"] for m in manifest)
    assert [m["status"] for m in manifest].count("error") == 1
    assert all(len(m["sha256"]) == 64 for m in manifest)


def test_rerun_reuses_results_and_redoes_what_changed(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    first = run_batch([corpus], out)
    assert (first.computed, first.reused) == (7, 0)
    again = run_batch([corpus], out)
    assert (again.computed, again.reused) == (0, 7)
    (corpus / "y1" / "d1.txt").write_text(DOC.format(n=99), encoding="utf-8")
    changed = run_batch([corpus], out)
    assert (changed.computed, changed.reused) == (1, 6)
    assert "99/BC-SYT" in (out / "d1.json").read_text(encoding="utf-8")
    assert tree(out) == tree(_clean_run(corpus, tmp_path / "clean"))


def _clean_run(corpus: Path, out: Path) -> Path:
    run_batch([corpus], out)
    return out


def test_run_interrupted_mid_way_then_resumed_writes_what_one_run_writes(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", count=10)
    out = tmp_path / "out"
    real = engines.compute
    calls = {"n": 0}

    def dies_after_four(job, options):
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt
        return real(job, options)

    monkeypatch.setattr(engines, "compute", dies_after_four)
    with pytest.raises(KeyboardInterrupt):
        run_batch([corpus], out)
    assert not (out / "documents.jsonl").exists()  # outputs are written only by a finished run
    monkeypatch.setattr(engines, "compute", real)
    resumed = run_batch([corpus], out)
    assert resumed.reused == 4 and resumed.computed == 7
    assert tree(out) == tree(_clean_run(corpus, tmp_path / "clean"))


def test_leftovers_of_a_killed_run_are_cleared(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_batch([corpus], out)
    (out / ".documents.jsonl.abc.tmp").write_text("half")
    (out / ".docparse" / "tmp").mkdir(exist_ok=True)
    (out / ".docparse" / "tmp" / "x.json.1.tmp").write_text("half")
    run_batch([corpus], out)
    assert not list(out.glob(".*.tmp")) and not (out / ".docparse" / "tmp").exists()


def test_outputs_of_removed_inputs_are_removed(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_batch([corpus], out)
    assert (out / "d3.json").exists()
    (corpus / "y1" / "d3.txt").unlink()
    run_batch([corpus], out)
    assert not (out / "d3.json").exists()
    assert tree(out) == tree(_clean_run(corpus, tmp_path / "clean"))


def test_same_bytes_under_two_names_extracted_once_recorded_twice(tmp_path):
    corpus = make_corpus(tmp_path / "in", count=2)
    (corpus / "copy.txt").write_bytes((corpus / "y0" / "d0.txt").read_bytes())
    result = run_batch([corpus], tmp_path / "out")
    assert result.records == 3 and result.computed == 3  # d0, d1, empty; the copy reuses d0
    copy = json.loads((tmp_path / "out" / "copy.json").read_text(encoding="utf-8"))
    assert copy["source"]["path"].endswith("in/copy.txt")


def test_two_workers_write_the_same_bytes_as_one(tmp_path):
    corpus = make_corpus(tmp_path / "in", count=12)
    run_batch([corpus], tmp_path / "one", workers=1)
    run_batch([corpus], tmp_path / "two", workers=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


REAL_COMPUTE = engines.compute


def crashes_on_poison(job, options):  # module level: pickled by name into the pool
    if job.shown.endswith("poison.txt"):
        os._exit(9)  # as a segfault or the OOM killer would
    return REAL_COMPUTE(job, options)


def test_a_file_that_kills_its_worker_is_an_error_the_rest_go_on(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", count=6)
    (corpus / "y0" / "poison.txt").write_text(DOC.format(n=666), encoding="utf-8")
    monkeypatch.setattr(engines, "compute", crashes_on_poison)  # workers are forked: they see the patch
    result = run_batch([corpus], tmp_path / "out", workers=2)
    assert result.records == 6
    reasons = {e["path"].rsplit("/", 1)[1]: e["reason"] for e in result.errors}
    assert reasons["poison.txt"] == "the worker process died while extracting this file"
    assert set(reasons) == {"poison.txt", "empty.txt"}
    monkeypatch.setattr(engines, "compute", REAL_COMPUTE)  # not cached: the next run tries it again
    assert run_batch([corpus], tmp_path / "out").computed == 1


def test_zip_members_are_inputs_and_bad_members_errors(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    with zipfile.ZipFile(corpus / "box.zip", "w", zipfile.ZIP_DEFLATED) as box:
        box.writestr("2020/a.txt", DOC.format(n=1))
        box.writestr("2020/b.md", DOC.format(n=2))
        box.writestr("../evil.txt", DOC.format(n=3))
        box.writestr("inner.zip", b"PK")
        box.writestr("__MACOSX/._a.txt", b"junk")
        box.writestr("bomb.txt", b" " * (3 << 20))
    (corpus / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    result = run_batch([corpus], tmp_path / "out")
    assert result.records == 2 and result.inputs == 6
    reasons = {e["path"].split("in/", 1)[1]: e["reason"] for e in result.errors}
    assert reasons["box.zip/../evil.txt"].startswith("unsafe member name")
    assert reasons["box.zip/inner.zip"].startswith("zip archive inside a zip archive")
    assert "compression ratio" in reasons["box.zip/bomb.txt"]
    assert reasons["broken.zip"].startswith("corrupt or unreadable zip archive")
    record = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert record["source"]["path"].endswith("in/box.zip/2020/a.txt") and record["identifier"] == "1/BC-SYT"


def test_texts_hold_what_evidence_points_into(tmp_path):
    corpus = make_corpus(tmp_path / "in", count=1)
    run_batch([corpus], tmp_path / "out")
    record = json.loads((tmp_path / "out" / "d0.json").read_text(encoding="utf-8"))
    text = (tmp_path / "out" / "texts" / f"{record['source']['sha256']}.txt").read_text(encoding="utf-8")
    ev = record["evidence"]["identifier"]
    assert text[ev["start"] : ev["end"]] == ev["text"]


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    corpus = make_corpus(tmp_path / "in", count=1)
    out = tmp_path / "out"
    ctx = multiprocessing.get_context("fork")
    locked, release = ctx.Event(), ctx.Event()

    def hold_lock():
        with batch._locked(out):
            locked.set()
            release.wait(30)

    holder = ctx.Process(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(30)
        with pytest.raises(OutputLocked):
            run_batch([corpus], out)
    finally:
        release.set()
        holder.join(30)
    assert run_batch([corpus], out).records == 1  # free again once the other run ends


def test_dask_engine_writes_what_a_local_run_writes(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = make_corpus(tmp_path / "in", count=8)
    with zipfile.ZipFile(corpus / "box.zip", "w") as box:
        box.writestr("z.txt", DOC.format(n=42))
    run_batch([corpus], tmp_path / "local", workers=2)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = run_batch([corpus], tmp_path / "dask", engine="dask", scheduler=client)
    assert result.records == 9
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")


def test_encrypted_zip_members_are_not_read():
    encrypted = zipfile.ZipInfo("secret.txt")
    encrypted.flag_bits |= 0x1  # zipfile cannot write encrypted members; the check reads this bit
    assert archive._member_problem(encrypted, "secret.txt", 1 << 20).startswith("encrypted")


def test_killed_with_sigkill_twice_then_resumed_writes_what_one_run_writes(tmp_path):
    corpus = make_corpus(tmp_path / "in", count=80)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docparse", "extract", str(corpus), "-o", str(out), "-q", "--workers", "2"]
    cache = out / ".docparse" / "cache"
    for wanted in (5, 30):  # kill once early, once further on
        run = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 60
        while run.poll() is None and len(list(cache.glob("*/*/*.json"))) < wanted and time.monotonic() < deadline:
            time.sleep(0.005)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert not (out / "documents.jsonl").exists() or len(list(cache.glob("*/*/*.json"))) >= 30
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 1, finished.stderr  # the empty file is an error
    assert tree(out) == tree(_clean_run(corpus, tmp_path / "clean"))


def test_citations_between_inputs_are_linked_and_the_database_built(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    corpus = make_corpus(tmp_path / "in", count=2)
    plan = "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\nSố: 5/KH-UBND\nHuế, ngày 01 tháng 02 năm 2020\nKẾ HOẠCH\nPhòng dịch\n"
    (corpus / "plan.txt").write_text(plan, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([corpus], out)
    cited = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert sorted(c["identifier"] for c in cited["cited_by"]) == ["1/BC-SYT", "2/BC-SYT"]
    citing = json.loads((out / "d0.json").read_text(encoding="utf-8"))
    assert {r["target"] for r in citing["references"]} == {cited["source"]["path"]}
    assert len((out / "graph" / "edges.csv").read_text(encoding="utf-8").splitlines()) == 3
    with duckdb.connect(str(out / "docparse.duckdb"), read_only=True) as db:
        assert db.execute("select count(*) from documents").fetchone() == (3,)
        assert db.execute("select max(cited_by) from documents").fetchone() == (2,)
