"""Whole-document regression: each sample's full record equals its golden file."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, sample_files
from .make_golden import golden_record


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_golden_record(path):
    golden = ROOT / "tests" / "golden" / (path.stem + ".json")
    record = golden_record(path)
    if record["source"]["ocr_pages"]:
        pytest.skip("OCR text depends on the Tesseract build; `docparse validate` scores this sample")
    assert golden.exists(), f"no golden file for {path.name}: run `make golden`"
    assert record == json.loads(golden.read_text(encoding="utf-8"))
