"""Regenerate tests/golden/*.json from the samples (`make golden`); review the diff before committing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import sample_files  # noqa: E402
from docparse import parse  # noqa: E402


def golden_record(path: Path) -> dict:
    record = parse(path).model_dump(mode="json")
    record["source"]["path"] = path.name  # independent of where the checkout lives
    return record


def main() -> None:
    golden = ROOT / "tests" / "golden"
    golden.mkdir(exist_ok=True)
    for path in sample_files():
        record = golden_record(path)
        if record["source"]["ocr_pages"]:
            continue  # OCR text depends on the Tesseract build: validate scores these, not golden files
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        (golden / (path.stem + ".json")).write_text(text, encoding="utf-8")
        print(f"wrote golden/{path.stem}.json")


if __name__ == "__main__":
    main()
