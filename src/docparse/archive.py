"""Zip archives as inputs: their members are documents, read from memory, never unpacked to disk.

Archives come from outside, so every member is checked before a byte of it is used: a name that
would escape a folder (absolute, `..`, a drive letter), encryption, a size over the limit, and a
compression ratio no document has (a zip bomb) each make that member an error, not a crash.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath

# A text document compresses about 4:1 and a scan barely at all; 100:1 means padding built to explode.
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1 << 20  # small members may compress well without being dangerous
MAX_MEMBERS = 200_000
SKIPPED_FOLDERS = ("__MACOSX/",)  # resource forks macOS adds to every zip it makes


@dataclass(frozen=True)
class Member:
    """A member worth reading, or the reason it is not (`problem`)."""

    name: str  # the name inside the archive, '/'-separated
    shown: str  # how the batch names it: archive path + '/' + member name
    size: int
    problem: str | None = None


class ArchiveError(Exception):
    """The archive itself cannot be read (corrupt, truncated, not a zip)."""


def is_archive(path: PurePath) -> bool:
    return path.suffix.lower() == ".zip"


def list_members(path: Path, max_bytes: int) -> list[Member]:
    """Members in name order, directories, hidden files and resource forks left out."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"corrupt or unreadable zip archive ({type(exc).__name__}: {exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"zip archive has {len(infos)} members (limit {MAX_MEMBERS})")
    members = []
    base = path.as_posix()
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename.replace("\\", "/")
        if info.is_dir() or name.startswith(SKIPPED_FOLDERS) or PurePosixPath(name).name.startswith("."):
            continue
        problem = _member_problem(info, name, max_bytes)
        members.append(
            Member(name=info.filename, shown=f"{base}/{name.lstrip('/')}", size=info.file_size, problem=problem)
        )
    return members


def _member_problem(info: zipfile.ZipInfo, name: str, max_bytes: int) -> str | None:
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (parts and len(parts[0]) == 2 and parts[0][1] == ":"):
        return "unsafe member name in zip archive (absolute or '..' path); not read"
    if info.flag_bits & 0x1:
        return "encrypted zip member; not read"
    if info.file_size > max_bytes:
        return f"zip member too large ({info.file_size} bytes, limit {max_bytes})"
    if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"zip member compression ratio {ratio}:1 is over the limit {MAX_RATIO}:1 (a zip bomb?); not read"
    if is_archive(PurePosixPath(name)):
        return "zip archive inside a zip archive; unpack it to read its documents"
    return None


def read_member(path: Path, name: str, max_bytes: int) -> bytes:
    """The member's bytes, stopping at `max_bytes` whatever its header claims. Raises ArchiveError."""
    try:
        with _open_archive(path).open(name) as handle:
            data = handle.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, RuntimeError) as exc:
        # A bad CRC, damaged deflate data, or a password-protected member: an error for that member only.
        raise ArchiveError(f"cannot read zip member ({type(exc).__name__}: {exc})") from None
    if len(data) > max_bytes:
        raise ArchiveError(f"zip member larger than its header says and over the limit ({max_bytes} bytes)")
    return data


_OPEN: dict[Path, zipfile.ZipFile] = {}


def _open_archive(path: Path) -> zipfile.ZipFile:
    """The archive, opened once for all its members: opening reads the whole central directory,
    so opening it per member would cost the square of the member count. Members of one archive
    are read one after another (inputs go in path order): the last archive alone stays open."""
    if path not in _OPEN:
        close_archives()
        _OPEN[path] = zipfile.ZipFile(path)
    return _OPEN[path]


def close_archives() -> None:
    """Close the archive kept open (a batch does at its end: the file may change before the next)."""
    for archive in _OPEN.values():
        archive.close()
    _OPEN.clear()
