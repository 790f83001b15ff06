"""Whole-document regression: each sample's full record equals its golden file."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, sample_files
from .make_golden import golden_record


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_golden_record(path):
    golden = ROOT / "tests" / "golden" / (path.stem + ".json")
    assert golden.exists(), f"no golden file for {path.name}: run `make golden`"
    assert golden_record(path) == json.loads(golden.read_text(encoding="utf-8"))
