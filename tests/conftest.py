from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


def sample_files() -> list[Path]:
    """Every sample document: text, and the formats of the readers (docparse.readers.READERS)."""
    from docparse.readers import READERS

    suffixes = {".txt", ".md", *READERS}
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in suffixes and p.name != "README.md")
