"""Make a scale corpus: N documents multiplied from samples/, varied as real archives vary them.

    python scripts/make_scale_corpus.py --count 10000 --out /tmp/corpus [--seed 0] [--list inputs.jsonl]

Most documents are text samples with their number, dates and years (shifted consistently within
a document), signer and people's names, place, the order of bullet items, line wrapping and
whitespace changed; a tenth are saved in another encoding (UTF-8 with BOM, UTF-16, TCVN3, VNI or
Windows-1258 bytes, legacy text shown through Windows-1252). A few percent are copies of the
PDF, Word, RTF and HTML samples (bytes changed only where readers ignore them), a handful are
OCR scans, some live in zip archives (nested folders, one directory entry per folder in the
first), some are exact copies at a second path, and about 1% are bad inputs that must fail with
a reason: empty, whitespace-only, binary junk, truncated PDF and .docx, unsupported or wrong
suffix, a corrupt zip and an empty member inside a good one. Files are spread over
agency/year/month folders. The same count and seed give the same bytes.

`--count` counts inputs as the batch does: each file outside a zip, each file member of a
readable zip, and a corrupt zip as one input.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import sys
import textwrap
import time
import tomllib
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_repair import legacy, tcvn3, utf8_as_cp1252  # noqa: E402

from docparse.encodings import cp1252_byte, encoder  # noqa: E402

SAMPLES = ROOT / "samples"
POOLS_FILE = Path(__file__).resolve().parent / "data" / "scale_corpus.toml"

# samples/README.md: 101-108 are legacy-encoded copies (two of them raw bytes, not UTF-8); they
# are copied with whitespace changes only, since their text cannot be edited as Unicode.
LEGACY_COPY = re.compile(r"^10[1-8]_")
# The scans and the PDF whose last page is a scan under a garbage text layer: read by OCR (slow).
OCR_SAMPLES = re.compile(r"^(152|160|161)_")
BINARY_SUFFIXES = (".pdf", ".docx", ".doc", ".rtf", ".html")


def _surface_bytes(surface: str) -> bytes:
    """Legacy text shown through Windows-1252 back to the bytes an old editor saved."""
    return bytes(cp1252_byte(c) or 0x3F for c in surface)


# How encoded text documents are saved, by variant name.
ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf-16-le": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "tcvn3-bytes": lambda t: _surface_bytes(tcvn3(t)),
    "vni-bytes": lambda t: _surface_bytes(encoder("vni_windows")(t)),
    "cp1258-bytes": lambda t: _surface_bytes(encoder("cp1258")(t)),
    "tcvn3-as-utf8": lambda t: tcvn3(t).encode("utf-8"),
    "viscii-as-utf8": lambda t: legacy("viscii")(t).encode("utf-8"),
    "mojibake-as-utf8": lambda t: utf8_as_cp1252(t).encode("utf-8"),
}
# Bad inputs; the first two are made once per corpus, the others in turn.
BAD_VARIANTS = (
    "corrupt-zip",
    "zip-empty-member",
    "empty",
    "whitespace-only",
    "empty-docx",
    "binary-junk",
    "truncated-pdf",
    "truncated-docx",
    "unsupported-suffix",
    "wrong-suffix",
)

# The document's own number: "Số: 2154/SYT-NVY", indented, in a table cell, or as OCR spells it ("Sð: 3473 /").
NUMBER = re.compile(r"(?m)((?:^|<br>)[ \t*#|]{0,12}(?:Số|SỐ|So|Sô|Sð)[ \t]*:?[ \t]*)(\d+)(?=[ \t]*[/-])")
DATE_WORDS = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+\d{1,2}\s+năm\s+)", re.IGNORECASE)
DATE_DIGITS = re.compile(r"(?<![\d/])(\d{1,2})([/.-]\d{1,2}[/.-](?:19|20)\d\d)(?!\d)")
YEAR = re.compile(r"(?<![\d#&])(19[89]\d|20[0-3]\d)(?!\d)")
BULLET = re.compile(r"^\s*[-+•]\s")


@dataclass(frozen=True)
class Input:
    path: str  # relative to the corpus folder as the batch names it ("x.zip/member/path.txt" inside a zip)
    kind: str  # text | encoded | binary | ocr | zip-member | duplicate | bad
    variant: str  # how it was made: "utf-8", "tcvn3-bytes", "pdf", "truncated-pdf", ...
    source: str  # the sample it was made from ("" for made-up junk)
    expect: str  # "record" or "error"


@dataclass
class Corpus:
    root: Path
    inputs: list[Input] = field(default_factory=list)

    @property
    def expected_errors(self) -> list[Input]:
        return [i for i in self.inputs if i.expect == "error"]

    def counts(self) -> Counter[tuple[str, str]]:
        return Counter((i.kind, i.variant) for i in self.inputs)

    def summary(self) -> str:
        by_kind = Counter(i.kind for i in self.inputs)
        lines = [f"{'kind':<12} {'variant':<20} {'inputs':>7}"]
        for (kind, variant), n in sorted(self.counts().items()):
            lines.append(f"{kind:<12} {variant:<20} {n:>7}")
        lines.append("  ".join(f"{kind}: {n}" for kind, n in sorted(by_kind.items())))
        lines.append(
            f"inputs: {len(self.inputs)}  expected records: {len(self.inputs) - len(self.expected_errors)}"
            f"  expected errors: {len(self.expected_errors)}"
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    gold: dict

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix

    def label(self, number: str | None) -> str:
        """A file name as a clerk gives it: the identifier (with the new number), else the sample's name."""
        symbol = self.gold.get("symbol")
        if symbol and (number or self.gold.get("number")):
            return f"{number or self.gold['number']}-{symbol}".replace("/", "-")
        return Path(self.name).stem.split("_", 1)[-1]


@dataclass(frozen=True)
class Pools:
    texts: list[Sample]
    legacy_copies: list[Sample]
    binaries: list[Sample]
    scans: list[Sample]
    provinces: list[str]
    surnames: list[str]
    names: dict
    folders: dict

    @classmethod
    def load(cls, samples: Path = SAMPLES) -> Pools:
        texts, legacy_copies, binaries, scans = [], [], [], []
        for path in sorted(samples.iterdir()):
            gold_path = path.with_name(path.stem + ".gold.json")
            if not gold_path.exists():  # README, thresholds, the gold files themselves
                continue
            sample = Sample(path.name, path.read_bytes(), json.loads(gold_path.read_text("utf-8")))
            if OCR_SAMPLES.match(path.name):
                scans.append(sample)
            elif LEGACY_COPY.match(path.name):
                legacy_copies.append(sample)
            elif path.suffix in (".txt", ".md"):
                texts.append(sample)
            elif path.suffix in BINARY_SUFFIXES:
                binaries.append(sample)
        data = resources.files("docparse.data")
        places = [ln.split("\t") for ln in data.joinpath("places.tsv").read_text("utf-8").splitlines()]
        provinces = sorted({row[0] for row in places if len(row) > 1 and row[1] == "province"})
        surnames = [ln for ln in data.joinpath("surnames.txt").read_text("utf-8").splitlines() if ln[:1].isalpha()]
        pools = tomllib.loads(POOLS_FILE.read_text("utf-8"))
        return cls(texts, legacy_copies, binaries, scans, provinces, surnames[:40], pools["names"], pools["folders"])

    def person(self, rng: random.Random) -> str:
        female = rng.random() < 0.4
        middle = self.names["female_middle" if female else "male_middle"]
        given = self.names["female_given" if female else "male_given"]
        return f"{rng.choice(self.surnames)} {rng.choice(middle)} {rng.choice(given)}"


# --- Text variations ---------------------------------------------------------------------


@dataclass
class Varied:
    text: str
    number: str | None = None  # the document's new number, when its "Số:" line was found
    year: int | None = None  # the new issue year and month (for the folder), when the gold has them
    month: int | None = None


def vary(text: str, sample: Sample, rng: random.Random, pools: Pools, *, layout: bool = True) -> Varied:
    """The sample's text with its facts changed; `layout` also reorders, rewraps and re-spaces it."""
    out = Varied(text)
    digits = rng.choice((2, 3, 3, 4, 4))
    new_number = str(rng.randrange(1, 10**digits))

    def renumber(m: re.Match[str]) -> str:
        out.number = new_number.zfill(len(m.group(2))) if m.group(2).startswith("0") else new_number
        return m.group(1) + out.number

    number, symbol = sample.gold.get("number"), sample.gold.get("symbol")
    if number and symbol:  # the identifier wherever it stands (a portal's "Số ký hiệu" row too)
        own = re.compile(rf"(?<![\d/])()({re.escape(number)})(?=[ \t]*/[ \t]*(?:(?:19|20)\d\d/)?{re.escape(symbol)})")
        text = own.sub(renumber, text)
    if out.number is None:
        text = NUMBER.sub(renumber, text, count=1)
    # Dates move together: every day of the month by the same step, every year by the same delta.
    day_step, year_delta = rng.randrange(1, 28), rng.choice((-4, -3, -2, -1, 1, 2))

    def new_day(day: str) -> str:
        return str((int(day) - 1 + day_step) % 28 + 1).zfill(len(day))

    text = DATE_WORDS.sub(lambda m: m.group(1) + new_day(m.group(2)) + m.group(3), text)
    text = DATE_DIGITS.sub(lambda m: new_day(m.group(1)) + m.group(2), text)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + year_delta), text)
    partial = sample.gold.get("issue_date_partial") or {}
    if partial.get("year"):
        out.year, out.month = partial["year"] + year_delta, partial.get("month")
    text = _replace_names(text, sample.gold, rng, pools)
    if layout:
        if rng.random() < 0.5:
            text = _shuffle_bullets(text, rng)
        if rng.random() < 0.3:
            text = _rewrap(text, rng.randint(55, 95))
        text = _respace(text, rng)
    out.text = text
    return out


def _replace_names(text: str, gold: dict, rng: random.Random, pools: Pools) -> str:
    """Signer and people (two words or more) get new names, the place a new province, upper case kept."""
    people = {p["name"] for p in gold.get("people") or [] if p.get("name")}
    if (gold.get("signer") or {}).get("name"):
        people.add(gold["signer"]["name"])
    mapping: dict[str, str] = {}
    for old in sorted(people):
        if len(old.split()) >= 2 and old.lower() not in mapping:
            mapping[old.lower()] = pools.person(rng)
    place = gold.get("place")
    if place:
        mapping[place.lower()] = rng.choice(pools.provinces)
    if not mapping:
        return text
    # Longest first, any case: "NGUYỄN VĂN AN" in a signature is the same person as "Nguyễn Văn An".
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)

    def swap(m: re.Match[str]) -> str:
        new = mapping[m.group(1).lower()]
        return new.upper() if m.group(1).isupper() else new

    return pattern.sub(swap, text)


def _shuffle_bullets(text: str, rng: random.Random) -> str:
    """Runs of two or more bullet lines (body items, recipients) in another order."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and BULLET.match(lines[j]):
            j += 1
        if j - i >= 2:
            run = lines[i:j]
            rng.shuffle(run)
            lines[i:j] = run
        i = max(j, i + 1)
    return "\n".join(lines)


def _rewrap(text: str, width: int) -> str:
    """Long prose lines broken at `width`, as a copy from a PDF or a narrow editor has them."""
    lines = []
    for line in text.split("\n"):
        if len(line) > width + 10 and "|" not in line and "\t" not in line and not line.isupper():
            lines.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        else:
            lines.append(line)
    return "\n".join(lines)


def _respace(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:  # trailing spaces on some lines
        text = "\n".join(ln + " " * rng.randint(1, 3) if ln and rng.random() < 0.15 else ln for ln in text.split("\n"))
    if rng.random() < 0.2:
        text = text.replace("\n\n", "\n\n\n")
    if rng.random() < 0.2:
        text = text.replace(": ", ":\u00a0", 2)  # a no-break space after "Số:" and the like, as Word saves it
    text = text.rstrip("\n") + "\n" * rng.choice((0, 1, 1, 2))
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    return text


# --- Binary copies: bytes changed only where the readers ignore them ---------------------


def vary_binary(sample: Sample, rng: random.Random, pools: Pools, serial: int) -> tuple[bytes, Varied]:
    suffix = sample.suffix
    if suffix == ".pdf":  # a comment after %%EOF: readers look for the last startxref, not the end
        return sample.data + f"\n% copy {serial}\n".encode(), Varied("")
    if suffix == ".docx":  # a zip comment: the package's parts stay as they were
        return _rezip(sample.data, f"copy {serial}".encode()), Varied("")
    if suffix == ".rtf":  # line ends after the closing brace
        return sample.data + b"\r\n" * rng.randint(0, 3), Varied("")
    if suffix == ".html":  # text: the facts change as in a text document, not the markup
        codec = "utf-8" if re.search(rb"charset=[\"']?utf-8", sample.data[:2048], re.IGNORECASE) else "cp1252"
        varied = vary(sample.data.decode(codec), sample, rng, pools, layout=False)
        return varied.text.encode(codec, errors="xmlcharrefreplace"), varied
    return sample.data, Varied("")  # .doc: an OLE file, copied as it is (same content at another path)


def _rezip(data: bytes, comment: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.comment = comment
    return buffer.getvalue()


# --- The corpus --------------------------------------------------------------------------


def plan_counts(count: int) -> dict[str, int]:
    """How many inputs of each kind a corpus of `count` has."""
    counts = {
        "bad": max(len(BAD_VARIANTS), count // 100),
        "ocr": min(4, 1 + count // 1000),  # OCR reads about a page a second
        "binary": max(7, count * 3 // 100),
        "zip-member": max(4, count * 3 // 100),
        "duplicate": max(2, count // 200),
        "encoded": max(len(ENCODINGS), count // 10),
    }
    rest = count - sum(counts.values())
    if rest < 1:
        raise ValueError(f"--count {count} is too small: the corpus needs at least {count - rest + 1} documents")
    return {"text": rest, **counts}


class _Builder:
    def __init__(self, root: Path, seed: int, pools: Pools) -> None:
        self.root = root
        self.seed = seed
        self.pools = pools
        self.corpus = Corpus(root)
        self.seen: set[bytes] = set()  # digests of the documents meant to be distinct
        self.plain: list[tuple[str, bytes, str]] = []  # (path, bytes, source) of text files, for duplicates
        self.zips: list[tuple[str, list[tuple[str, bytes]]]] = []

    def rng(self, serial: int) -> random.Random:
        return random.Random(f"{self.seed}/{serial}")  # str seeds hash with sha512: stable across runs

    def folder(self, rng: random.Random, varied: Varied | None = None) -> str:
        year = varied.year if varied and varied.year else rng.randint(2012, 2025)
        month = varied.month if varied and varied.month else rng.randint(1, 12)
        return f"{rng.choice(self.pools.folders['agencies'])}/{year}/{month:02d}"

    def write(self, rel: str, data: bytes, kind: str, variant: str, source: str, expect: str = "record") -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.corpus.inputs.append(Input(rel, kind, variant, source, expect))

    def text_document(self, serial: int, encoding: str | None) -> tuple[str, bytes, Sample, Varied]:
        """A varied text sample: (file name, bytes, sample, facts), distinct from every earlier one."""
        rng = self.rng(serial)
        sample = rng.choice(self.pools.texts)
        varied = vary(sample.data.decode("utf-8"), sample, rng, self.pools)
        save = ENCODINGS[encoding] if encoding else (lambda t: t.encode("utf-8"))
        data = save(varied.text)
        while (digest := hashlib.sha256(data).digest()) in self.seen:
            varied.text += "\n"
            data = save(varied.text)
        self.seen.add(digest)
        name = f"{serial:05d}_{sample.label(varied.number)}{sample.suffix}"
        return name, data, sample, varied

    def add_text(self, serial: int, kind: str, encoding: str | None) -> None:
        name, data, sample, varied = self.text_document(serial, encoding)
        rel = f"{self.folder(self.rng(serial), varied)}/{name}"
        self.write(rel, data, kind, encoding or "utf-8", sample.name)
        if encoding is None:
            self.plain.append((rel, data, sample.name))

    def add_legacy_copy(self, serial: int) -> None:
        rng = self.rng(serial)
        sample = rng.choice(self.pools.legacy_copies)
        data = sample.data.replace(b"\n", b"\r\n") if rng.random() < 0.5 else sample.data
        data = data.rstrip(b"\r\n") + b"\n" * rng.randint(0, 3) + b" " * (serial % 7)
        self.write(
            f"{self.folder(rng)}/{serial:05d}_{sample.label(None)}{sample.suffix}",
            data,
            "encoded",
            "legacy-sample",
            sample.name,
        )

    def add_binary(self, serial: int, kind: str, sample: Sample) -> None:
        rng = self.rng(serial)
        data, varied = vary_binary(sample, rng, self.pools, serial)
        name = f"{serial:05d}_{sample.label(varied.number)}{sample.suffix}"
        self.write(f"{self.folder(rng, varied)}/{name}", data, kind, sample.suffix.lstrip("."), sample.name)

    def add_zip_members(self, serials: list[int], zips: int) -> None:
        archives = self.pools.folders["archives"]
        for z in range(zips):
            rng = self.rng(-1 - z)
            rel = f"{self.folder(rng)}/{archives[z % len(archives)]}-{z + 1}.zip"
            members = []
            for serial in serials[z::zips]:
                encoding = rng.choice(list(ENCODINGS)) if rng.random() < 0.1 else None
                name, data, sample, varied = self.text_document(serial, encoding)
                inner = f"{archives[z % len(archives)]}/{self.folder(self.rng(serial), varied)}/{name}"
                members.append((inner, data))
                self.corpus.inputs.append(
                    Input(f"{rel}/{inner}", "zip-member", encoding or "utf-8", sample.name, "record")
                )
            self.zips.append((rel, members))

    def add_bad(self, serial: int, variant: str) -> None:
        rng = self.rng(serial)
        folder = self.folder(rng)
        text = rng.choice(self.pools.texts)
        pdf = next(s for s in self.pools.binaries if s.suffix == ".pdf")
        docx = next(s for s in self.pools.binaries if s.suffix == ".docx")
        if variant == "zip-empty-member":  # inside the first zip: an error named by its member path
            rel, members = self.zips[0]
            inner = f"{Path(members[0][0]).parent.as_posix()}/{serial:05d}_empty.txt"
            members.append((inner, b""))
            self.corpus.inputs.append(Input(f"{rel}/{inner}", "bad", variant, "", "error"))
            return
        made: dict[str, tuple[str, bytes, str]] = {
            "corrupt-zip": ("zip", _zip([("a/1.txt", text.data), ("a/2.txt", text.data[::-1])])[:300], text.name),
            "empty": ("txt", b"", ""),
            "whitespace-only": ("txt", b" \r\n\t\n" * rng.randint(1, 5), ""),
            "empty-docx": ("docx", b"", ""),
            "binary-junk": ("txt", rng.randbytes(2000) + b"\x00" * 64, ""),
            "truncated-pdf": ("pdf", pdf.data[: len(pdf.data) * rng.randint(20, 90) // 100], pdf.name),
            "truncated-docx": ("docx", docx.data[: len(docx.data) * rng.randint(10, 60) // 100], docx.name),
            "unsupported-suffix": (rng.choice(self.pools.folders["bad_suffixes"]).lstrip("."), text.data, text.name),
            "wrong-suffix": ("pdf", text.data, text.name),  # a text saved under a .pdf name
        }
        suffix, data, source = made[variant]
        name = f"{serial:05d}_{Path(source).stem.split('_', 1)[-1] if source else 'file'}"
        self.write(f"{folder}/{name}{'.' + suffix if suffix else ''}", data, "bad", variant, source, "error")

    def add_duplicate(self, serial: int) -> None:
        """An exact copy of an earlier text file; every other one keeps its file name (output names collide)."""
        rng = self.rng(serial)
        rel, data, source = rng.choice(self.plain)
        name = Path(rel).name if serial % 2 else f"{serial:05d}_copy_{Path(rel).name}"
        self.write(f"{self.folder(rng)}/{name}", data, "duplicate", "same-bytes", source)

    def finish(self) -> None:
        for rel, members in self.zips:
            folders = sorted({p.as_posix() for inner, _ in members for p in Path(inner).parents if p.name})
            # The first archive carries directory entries as Windows' zip writes them; they are not inputs.
            dirs = [f + "/" for f in folders] if rel == self.zips[0][0] else []
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_zip(members, dirs))


def _zip(members: list[tuple[str, bytes]], dirs: Sequence[str] = ()) -> bytes:
    """A zip with fixed timestamps and modes, so the same members give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in dirs:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o40755 << 16 | 0x10
            zf.writestr(info, b"")
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def make_corpus(count: int, out: Path, seed: int = 0, pools: Pools | None = None) -> Corpus:
    """Write `count` inputs under `out` (which must be empty or absent); the same seed, the same bytes."""
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out}: not empty (the corpus is written into an empty folder)")
    counts = plan_counts(count)
    pools = pools or Pools.load()
    builder = _Builder(out, seed, pools)
    master = random.Random(seed)
    slots = [kind for kind, n in counts.items() for _ in range(n)]
    master.shuffle(slots)  # kinds spread over the serial numbers, so over the folders
    by_kind: dict[str, list[int]] = {}
    for serial, kind in enumerate(slots, 1):
        by_kind.setdefault(kind, []).append(serial)

    encodings = list(ENCODINGS)
    for n, serial in enumerate(by_kind["encoded"]):
        # Every encoding at least once, then drawn; a fifth are the legacy samples themselves.
        if n >= len(encodings) and master.random() < 0.2:
            builder.add_legacy_copy(serial)
        else:
            builder.add_text(serial, "encoded", encodings[n] if n < len(encodings) else master.choice(encodings))
    for serial in by_kind["text"]:
        builder.add_text(serial, "text", None)
    for n, serial in enumerate(by_kind["binary"]):
        binaries = pools.binaries
        builder.add_binary(serial, "binary", binaries[n] if n < len(binaries) else master.choice(binaries))
    for n, serial in enumerate(by_kind["ocr"]):
        builder.add_binary(serial, "ocr", pools.scans[n % len(pools.scans)])
    builder.add_zip_members(by_kind["zip-member"], 3 if count >= 5000 else 2)
    for n, serial in enumerate(by_kind["bad"]):
        variant = BAD_VARIANTS[n] if n < 2 else BAD_VARIANTS[2 + (n - 2) % (len(BAD_VARIANTS) - 2)]
        builder.add_bad(serial, variant)
    for serial in by_kind["duplicate"]:
        builder.add_duplicate(serial)
    builder.finish()
    builder.corpus.inputs.sort(key=lambda i: i.path)
    return builder.corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="inputs to make (each zip member counts)")
    parser.add_argument("--out", type=Path, required=True, help="an empty or new folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", type=Path, help="also write every input (path, kind, variant, expect) as JSONL here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        corpus = make_corpus(args.count, args.out, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    if args.list:
        args.list.write_text("".join(json.dumps(asdict(i), ensure_ascii=False) + "\n" for i in corpus.inputs), "utf-8")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(corpus.summary())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
