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


def load_script(relative: str):
    """A module of scripts/ or bench/ (not a package), imported from its file under its own name."""
    import importlib.util
    import sys

    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
