"""scripts/make_scale_corpus.py: the scale corpus is deterministic, counted right, and has its bad inputs."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from docparse.ingest import IngestError, decode_bytes, read_document

from .conftest import load_script

COUNT = 60
msc = load_script("scripts/make_scale_corpus.py")


@pytest.fixture(scope="module")
def pools():
    return msc.Pools.load()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pools):
    return msc.make_corpus(COUNT, tmp_path_factory.mktemp("scale") / "corpus", seed=1, pools=pools)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _inputs_on_disk(root: Path) -> list[str]:
    """Inputs as the batch counts them: files, each file member of a readable zip, a corrupt zip as one."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".zip":
            found.append(rel)
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                found += [f"{rel}/{info.filename}" for info in zf.infolist() if not info.is_dir()]
        except zipfile.BadZipFile:
            found.append(rel)
    return sorted(found)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, corpus, pools):
    again = msc.make_corpus(COUNT, tmp_path / "again", seed=1, pools=pools)
    assert _digests(again.root) == _digests(corpus.root)
    assert again.inputs == corpus.inputs
    other = msc.make_corpus(COUNT, tmp_path / "other", seed=2, pools=pools)
    assert _digests(other.root) != _digests(corpus.root)


def test_counts_match_the_plan_and_the_files(corpus):
    assert len(corpus.inputs) == COUNT
    assert sorted(i.path for i in corpus.inputs) == _inputs_on_disk(corpus.root)
    by_kind = {kind: sum(1 for i in corpus.inputs if i.kind == kind) for kind in msc.plan_counts(COUNT)}
    assert by_kind == msc.plan_counts(COUNT)
    assert {i.variant for i in corpus.inputs if i.kind == "encoded"} >= set(msc.ENCODINGS)
    # A few hundred of 10,000 in zips, about 1% bad, a handful of scans.
    big = msc.plan_counts(10_000)
    assert big["zip-member"] == 300 and big["bad"] == 100 and big["ocr"] == 4 and big["text"] > 8000


def test_every_bad_input_is_present_and_fails(corpus):
    bad = [i for i in corpus.inputs if i.kind == "bad"]
    assert {i.variant for i in bad} == set(msc.BAD_VARIANTS)
    assert {i.path for i in corpus.expected_errors} == {i.path for i in bad}
    for entry in bad:
        if entry.variant == "corrupt-zip":
            with pytest.raises(zipfile.BadZipFile):
                zipfile.ZipFile(corpus.root / entry.path)
        elif entry.variant == "zip-empty-member":
            archive, member = re.match(r"(.+?\.zip)/(.+)", entry.path).groups()
            with zipfile.ZipFile(corpus.root / archive) as zf, pytest.raises(IngestError):
                decode_bytes(zf.read(member), entry.path)
        else:
            with pytest.raises(IngestError):
                read_document(corpus.root / entry.path)


def test_text_inputs_are_distinct_and_readable(corpus):
    texts = [i for i in corpus.inputs if i.kind in ("text", "encoded") and i.variant != "legacy-sample"]
    digests = {hashlib.sha256((corpus.root / i.path).read_bytes()).digest() for i in texts}
    assert len(digests) == len(texts)
    for entry in texts:
        assert read_document(corpus.root / entry.path).text.strip(), entry
    duplicates = [i for i in corpus.inputs if i.kind == "duplicate"]
    for dup in duplicates:
        assert any((corpus.root / dup.path).read_bytes() == (corpus.root / t.path).read_bytes() for t in texts)


def test_vary_changes_the_facts_consistently(pools):
    import random

    sample = next(s for s in pools.texts if s.name.startswith("010_"))
    text = sample.data.decode("utf-8")
    varied = msc.vary(text, sample, random.Random(3), pools, layout=False)
    assert sample.gold["signer"]["name"] not in varied.text
    assert f"Số: {varied.number}/SYT-NVY" in varied.text and varied.number != sample.gold["number"]
    # Every year moved by the same delta, and the folder year is the new issue year.
    before = [int(y) for y in msc.YEAR.findall(text)]
    after = [int(y) for y in msc.YEAR.findall(varied.text)]
    deltas = {b - a for a, b in zip(before, after, strict=True)}
    assert len(deltas) == 1 and deltas != {0}
    assert varied.year == sample.gold["issue_date_partial"]["year"] + deltas.pop()
    assert msc.vary(text, sample, random.Random(3), pools, layout=False).text == varied.text


def test_refuses_a_tiny_count_and_a_used_folder(tmp_path, pools):
    with pytest.raises(ValueError, match="too small"):
        msc.plan_counts(20)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x.txt").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        msc.make_corpus(COUNT, tmp_path / "used", pools=pools)
