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


def write_texts(out_dir: Path, paths) -> None:
    """OUT/texts/<sha256>.txt for each document, as the batch will write them: the text evidence offsets point into."""
    from docparse.export import write_atomic
    from docparse.ingest import read_document

    for path in paths:
        doc = read_document(path)
        write_atomic(Path(out_dir) / "texts" / f"{doc.sha256}.txt", doc.text)
