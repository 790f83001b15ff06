"""Build src/docparse/data/vietnamese_words.txt.gz from underthesea's Viet74K word list.

Viet74K ships inside the underthesea wheel (Apache-2.0) and works offline. We keep a derived
copy — lower case, NFC, letters and single spaces only — so that docparse does not import
underthesea at run time. tests/test_syllables.py checks the copy against the source.

    python scripts/build_wordlist.py
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import unicodedata
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "docparse" / "data" / "vietnamese_words.txt.gz"
_ENTRY = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def source_path() -> Path:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("underthesea is not installed (pip install -e '.[dev]')")
    return Path(spec.submodule_search_locations[0]) / "corpus" / "data" / "Viet74K.txt"


def build_bytes(source: Path) -> bytes:
    entries = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        word = " ".join(unicodedata.normalize("NFC", line).lower().split())
        if _ENTRY.fullmatch(word):
            entries.add(word)
    text = "# Derived from underthesea's Viet74K (Apache-2.0) by scripts/build_wordlist.py\n"
    text += "\n".join(sorted(entries)) + "\n"
    # mtime=0 keeps the file byte-identical between builds.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    TARGET.write_bytes(build_bytes(source_path()))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
