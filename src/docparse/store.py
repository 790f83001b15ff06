"""The results of finished inputs, kept between runs so that a batch can resume.

OUT/.docparse/cache/FINGERPRINT/ab/KEY.json holds a record or an error per input content, and
OUT/texts/SHA256.txt the text a record's offsets point into. Each file is written under a
temporary name and renamed, the text first: a cache entry on disk means its text is there too.
Worker processes write here themselves, so the store is a plain picklable value.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ResultStore:
    cache_dir: Path
    texts_dir: Path
    tmp_dir: Path

    def _path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, key: str, body: str, text: str | None, sha256: str | None) -> None:
        if text is not None and sha256:
            self._atomic(self.texts_dir / f"{sha256}.txt", text.encode("utf-8", "surrogatepass"))
        self._atomic(self._path(key), body.encode("utf-8"))

    def get(self, key: str) -> dict:
        return json.loads(self._path(key).read_bytes())

    def text(self, sha256: str) -> str | None:
        try:
            return (self.texts_dir / f"{sha256}.txt").read_bytes().decode("utf-8", "surrogatepass")
        except FileNotFoundError:
            return None

    def _atomic(self, path: Path, data: bytes) -> None:
        # The temporary file goes to tmp_dir, which a killed run's leftovers are cleared from.
        write_renamed(path, data, self.tmp_dir / f"{path.name}.{os.getpid()}.tmp")

    def prune(self, keys: set[str], shas: set[str]) -> None:
        """Forget results of inputs no longer in the corpus, and of other code or options."""
        if not self.cache_dir.parent.exists():
            return
        for other in self.cache_dir.parent.iterdir():
            if other != self.cache_dir:
                shutil.rmtree(other, ignore_errors=True)
        if self.cache_dir.exists():
            for entry in self.cache_dir.glob("*/*.json"):
                if entry.stem not in keys:
                    entry.unlink(missing_ok=True)
        if self.texts_dir.exists():
            for text in self.texts_dir.glob("*.txt"):
                if text.stem not in shas:
                    text.unlink(missing_ok=True)


def write_renamed(path: Path, data: bytes, tmp: Path) -> None:
    """Write `data` to `tmp`, then rename it to `path`: a reader never sees half a file.

    One file is created per write (not mkstemp's empty file reopened): on some hosts creating a
    file costs more than writing it, and creations do not run in parallel. Folders are made on
    first use; a failed write leaves no temporary file. `tmp` must be unique to the writer (one
    writer per process and path: the pid in its name does it)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        fd = os.open(tmp, flags, 0o644)
    except FileNotFoundError:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.replace(tmp, path)
        except FileNotFoundError:  # the first entry of its folder
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
