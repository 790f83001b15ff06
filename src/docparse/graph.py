"""Citation graph of a corpus: each reference resolved to the corpus document it cites.

`CorpusIndex.build` reads the records in corpus order and keeps only what resolution needs: each
document's path, identifier key, years, issue date and issuer. A second pass (or, for a one-shot
iterator, the references held from the first) resolves each cited document, the mentions of one
`ref_id` in a citing document taken together, and keeps the resolved citations:
- candidates are the corpus documents with the same number and symbol (leading zeros, spaces,
  case, the separator and OCR-damaged type codes do not matter: `identifier.parse_identifier`),
  never the citing document itself;
- a candidate is ruled out when the year the reference gives (in its symbol or its date) is not
  the document's year, when its full date is not the document's issue date, when the issuer it
  names is clearly another agency (compared by gazetteer entry and place, `agencies.find_agencies`),
  or when it was issued after the citing document;
- the remaining candidates are scored by what agrees (full date 2, year 1, issuer 1); the single
  best one is the target, a tie is ambiguous and gives no link.
`link` then fills a record's `references[*].target` and `cited_by`; `write_graph` writes
`graph/edges.csv` and `graph/citations.graphml` from a second pass over the records.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .export import atomic_open
from .extract.agencies import find_agencies, name_key
from .extract.identifier import parse_identifier
from .lexicon import fold
from .models import SCHEMA_VERSION

EDGE_COLUMNS = ("citing_path", "cited_path", "identifier", "role", "ref_id", "count")
# One role per edge when a document's mentions of another differ: the role most of them state (a
# decree that amends another and repeals one clause of it amends it); on a tie, what it does to the
# cited document ("sửa đổi") says more than that it rests on it ("Căn cứ").
_ROLE_RANK = {"repeals": 0, "replaces": 1, "amends": 2, "basis": 3, "attached": 4}
# Characters XML 1.0 cannot hold, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class CorpusError(ValueError):
    """A corpus output folder or file that cannot be read; the message names the file and the reason."""


@dataclass(frozen=True)
class Edge:
    """A resolved citation: one per citing document and ref_id."""

    citing: str  # source.path of the citing document
    cited: str  # source.path of the cited document
    identifier: str  # as the citing document gives it
    role: str | None
    ref_id: str | None
    count: int  # mentions of the cited document under this ref_id


@dataclass
class GraphStats:
    """Counts of reference mentions: references = resolved + ambiguous + unresolved."""

    references: int = 0
    resolved: int = 0
    ambiguous: int = 0
    unresolved: int = 0
    without_identifier: int = 0  # of the unresolved: laws by name, short forms not resolved in their document
    ruled_out: int = 0  # of the unresolved: the identifier is in the corpus, but year, issuer or date rule it out

    def summary(self) -> str:
        return (
            f"references: {self.references}  resolved: {self.resolved}  ambiguous: {self.ambiguous}  "
            f"unresolved: {self.unresolved} (without identifier: {self.without_identifier}, "
            f"ruled out by year, issuer or date: {self.ruled_out})"
        )


@dataclass(slots=True)
class _Group:
    """The mentions of one cited document in one citing document (one ref_id), facts merged."""

    key: str  # identifier key
    identifier: str
    ref_id: str | None
    year: int | None = None
    date: str | None = None
    issuer: str | None = None
    doc_type: str | None = None
    roles: list[str] = field(default_factory=list)
    count: int = 0

    @property
    def role(self) -> str | None:
        return min(self.roles, key=lambda r: (-self.roles.count(r), _ROLE_RANK[r])) if self.roles else None


@dataclass(frozen=True, slots=True)
class _Doc:
    """What resolution needs of a corpus document (a few fields: one is kept per document)."""

    symbol_year: int | None  # of "30/2020/NĐ-CP"
    year: int | None  # issue year
    date: str | None  # full ISO issue date
    issuer: tuple[tuple[str, str | None], ...]  # shared between documents of one issuer (cached)
    province: str | None = None  # where a provincial issuer or its parent is ("lâm đồng")

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(y for y in (self.symbol_year, self.year) if y)


class CorpusIndex:
    """Corpus documents by identifier, and the resolved citations between them."""

    def __init__(self) -> None:
        self.stats = GraphStats()
        self._paths: list[str] = []
        self._position: dict[str, int] = {}
        self._identifiers: list[str | None] = []
        self._docs: list[_Doc] = []
        self._by_key: dict[str, list[int]] = {}
        self._edges: list[tuple[int, int, str, str | None, str | None, int]] = []
        self._targets: dict[tuple[int, str | None, str], int] = {}  # (citing, ref_id, key) -> cited
        self._cited_by: dict[int, list[int]] = {}  # cited -> edge positions
        self._ambiguous: set[tuple[int, str | None, str]] = set()

    @classmethod
    def build(cls, documents: Iterable[dict]) -> CorpusIndex:
        """Index record dicts (`model_dump(mode="json")`) in corpus order, then resolve their references.

        Given records that can be iterated again (a list, `JsonlRecords`), the references are read in a
        second pass and only the resolved citations are kept: memory holds a few light fields per
        document. A one-shot iterator is read once and its references are held until the end."""
        index = cls()
        one_shot = isinstance(documents, Iterator)
        pending: list[tuple[int, _Group]] = []
        for position, record in enumerate(documents):
            index._add(position, record)
            groups, without = _groups(record)
            index.stats.references += sum(g.count for g in groups) + without
            index.stats.unresolved += without
            index.stats.without_identifier += without
            if one_shot:
                pending.extend((position, g) for g in groups)
        for citing, group in pending if one_shot else index._groups_again(documents):
            index._resolve(citing, group)
        return index

    def _add(self, position: int, record: dict) -> None:
        path = _path_of(record, position)
        if path in self._position:
            raise CorpusError(
                f"{path}: appears twice in the corpus (documents {self._position[path] + 1} and {position + 1})"
            )
        self._position[path] = position
        self._paths.append(path)
        self._identifiers.append(record.get("identifier"))
        self._docs.append(_doc_facts(record))  # every document: a citing one's date bounds its targets
        key = _key(record.get("identifier"))
        if key is not None:
            self._by_key.setdefault(key, []).append(position)

    def _groups_again(self, documents: Iterable[dict]) -> Iterator[tuple[int, _Group]]:
        """The second pass: each document's cited documents, the records checked against the first."""
        seen = 0
        for position, record in enumerate(documents):
            self._check_position(position, record)
            seen += 1
            for group in _groups(record)[0]:
                yield position, group
        self._check_count(seen)

    def _check_position(self, position: int, record: dict) -> None:
        path = _path_of(record, position)
        if position >= len(self._paths) or self._paths[position] != path:
            raise CorpusError(f"{path}: not the document the corpus index has at position {position + 1}")

    def _check_count(self, seen: int) -> None:
        if seen != len(self._paths):
            raise CorpusError(f"{seen} documents given for a corpus index of {len(self._paths)}")

    def _resolve(self, citing: int, group: _Group) -> None:
        candidates = [p for p in self._by_key.get(group.key, ()) if p != citing]
        scored = [(s, p) for p in candidates if (s := _score(group, self._docs[p], self._docs[citing])) is not None]
        best = max((s for s, _ in scored), default=None)
        winners = [p for s, p in scored if s == best]
        if len(winners) == 1:
            cited = winners[0]
            self._targets[(citing, group.ref_id, group.key)] = cited
            self._cited_by.setdefault(cited, []).append(len(self._edges))
            self._edges.append((citing, cited, group.identifier, group.role, group.ref_id, group.count))
            self.stats.resolved += group.count
        elif winners:
            self._ambiguous.add((citing, group.ref_id, group.key))
            self.stats.ambiguous += group.count
        else:
            self.stats.unresolved += group.count
            if candidates:
                self.stats.ruled_out += group.count

    def edges(self) -> Iterator[Edge]:
        """Resolved citations: citing documents in corpus order, then the order of first mention."""
        for citing, cited, identifier, role, ref_id, count in self._edges:
            yield Edge(self._paths[citing], self._paths[cited], identifier, role, ref_id, count)

    def __len__(self) -> int:
        return len(self._paths)

    def _position_of(self, record: dict) -> int:
        path = (record.get("source") or {}).get("path")
        if path not in self._position:
            raise CorpusError(f"{path}: not a document of this corpus index")
        return self._position[path]

    def link(self, record: dict) -> dict:
        """The same record dict with `references[*].target` and `cited_by` filled in."""
        position = self._position_of(record)
        references = []
        for ref in record.get("references") or ():
            key = _key(ref.get("identifier"))
            cited = self._targets.get((position, ref.get("ref_id"), key)) if key else None
            references.append({**ref, "target": self._paths[cited] if cited is not None else None})
        cited_by = []
        for edge in self._cited_by.get(position, ()):
            citing, _cited, _identifier, role, ref_id, _count = self._edges[edge]
            cited_by.append(
                {"path": self._paths[citing], "identifier": self._identifiers[citing], "ref_id": ref_id, "role": role}
            )
        # The record now carries this version's fields, whatever version it was read as.
        return {**record, "schema_version": SCHEMA_VERSION, "references": references, "cited_by": cited_by}

    def _cited_groups(self, position: int, record: dict) -> Iterator[tuple[_Group, str | None]]:
        """The record's cited documents (one per ref_id) with their target path, or None for a
        document outside the corpus; ambiguous ones are left out."""
        self._check_position(position, record)
        for group in _groups(record)[0]:
            handle = (position, group.ref_id, group.key)
            if handle in self._ambiguous:
                continue
            cited = self._targets.get(handle)
            yield group, self._paths[cited] if cited is not None else None


def _path_of(record: dict, position: int) -> str:
    path = (record.get("source") or {}).get("path") if isinstance(record, dict) else None
    if not path:
        raise CorpusError(f"document {position + 1} in corpus order has no source.path")
    return path


@lru_cache(maxsize=65536)
def _key(identifier: str | None) -> str | None:
    """Comparison key of a numbered identifier: number without leading zeros, folded symbol.
    The year of `30/2020/NĐ-CP` is left out of the key and checked as a fact, so that a citation
    that drops it (`30/NĐ-CP`) still finds the document."""
    if not identifier:
        return None
    parsed = parse_identifier(identifier, require_number=True)
    if parsed is None or parsed.end != len(identifier):
        return None  # a blank number ("/BC-SNV") names no single document
    return f"{parsed.number.lstrip('0') or '0'}|{fold(parsed.symbol)}"


@lru_cache(maxsize=65536)
def _identifier_year(identifier: str) -> int | None:
    parsed = parse_identifier(identifier, require_number=True)
    return parsed.year if parsed else None


@lru_cache(maxsize=65536)
def _agencies(text: str | None) -> tuple[tuple[str, str | None], ...]:
    """Gazetteer entries a name gives, with their places: "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" and
    "UBND tỉnh" both give ("ủy ban nhân dân tỉnh", ...)."""
    if not text:
        return ()
    return tuple((name_key(a.name), name_key(a.place) if a.place else None) for a in find_agencies(text))


def _doc_facts(record: dict) -> _Doc:
    partial = record.get("issue_date_partial") or {}
    issuer = record.get("issuer") or {}
    agencies = _agencies(issuer.get("name"))
    parent = _agencies(issuer.get("parent"))
    parent_place = next((place for _name, place in parent if place), None)
    if parent_place:  # "SỞ NỘI VỤ" under "UBND TỈNH BẮC GIANG" is Bắc Giang's
        agencies = tuple((name, place or parent_place) for name, place in agencies)
    province = next((place for name, place in (*agencies, *parent) if place and name.endswith(" tỉnh")), None)
    return _Doc(record.get("year"), partial.get("year"), record.get("issue_date"), agencies, province)


def _full_date(value: str | None) -> str | None:
    return value if value and len(value) == 10 else None


def _groups(record: dict) -> tuple[list[_Group], int]:
    """The record's references with an identifier, grouped by ref_id in order of first mention;
    and the count of mentions without one."""
    groups: dict[tuple[str | None, str], _Group] = {}
    without = 0
    for ref in record.get("references") or ():
        identifier = ref.get("identifier")
        key = _key(identifier)
        if key is None:
            without += 1
            continue
        group = groups.get((ref.get("ref_id"), key))
        if group is None:
            group = groups[(ref.get("ref_id"), key)] = _Group(key, identifier, ref.get("ref_id"))
        group.count += 1
        date = _full_date(ref.get("date"))
        year = ref.get("year") or _identifier_year(identifier) or (int(ref["date"][:4]) if ref.get("date") else None)
        group.year = group.year or year
        group.date = group.date or date
        group.issuer = group.issuer or ref.get("issuer")
        group.doc_type = group.doc_type or (ref.get("doc_type") or {}).get("name")
        if ref.get("role") in _ROLE_RANK:
            group.roles.append(ref["role"])
    return list(groups.values()), without


def _issuer_fits(cited: tuple[tuple[str, str | None], ...], named: tuple[tuple[str, str | None], ...]) -> bool | None:
    """Whether the issuer a reference names is the document's issuer; None when either is unknown.
    Entries fit when one contains the other word for word ("Chính phủ" in "Thủ tướng Chính phủ",
    "Tỉnh ủy" in "Ban Thường vụ Tỉnh ủy") and their places, where both are given, agree."""
    if not cited or not named:
        return None
    return any(
        (f" {a} " in f" {b} " or f" {b} " in f" {a} ") and (pa is None or pb is None or pa == pb)
        for a, pa in named
        for b, pb in cited
    )


def _score(group: _Group, doc: _Doc, citing: _Doc) -> int | None:
    """How well a candidate fits the reference; None when a known fact rules it out."""
    score = 0
    years = doc.years
    if group.year and years:
        if group.year not in years:
            return None
        score += 1
    if group.date and doc.date:
        if group.date != doc.date:
            return None  # "Kế hoạch 112/KH-UBND ngày 20/8/2025" is not the 112/KH-UBND of 18/9/2025
        score += 2
    # "các Quyết định số 318/QĐ-UBND ... của UBND huyện" in a letter of UBND huyện Hà Trung: a
    # body named without its place is the citing document's own, when that is the same body
    # ("Nghị quyết số 45/NQ-HĐND ... của HĐND tỉnh" in a Lâm Đồng paper: a province's body is
    # the citing province's, whoever there cites it)
    named = tuple(
        (
            name,
            place
            or next((p for n, p in citing.issuer if n == name and p), None)
            or (citing.province if name.endswith(" tỉnh") or name in _BARE_UNIT_BODIES else None),
        )
        for name, place in _agencies(group.issuer)
    )
    fits = _issuer_fits(doc.issuer, named)
    if fits is False:
        return None
    score += bool(fits)
    if _issued_after(doc, citing):
        return None  # a document cannot cite one issued after it
    return score


# A People's Committee or Council printed without its level ("của UBND tinh", the mark lost to OCR)
# is taken to be in the citing province too.
_BARE_UNIT_BODIES = frozenset({"ủy ban nhân dân", "hội đồng nhân dân"})


def _issued_after(doc: _Doc, citing: _Doc) -> bool:
    if doc.date and citing.date:
        return doc.date > citing.date
    return doc.year is not None and citing.year is not None and doc.year > citing.year


class JsonlRecords:
    """The record dicts of a documents.jsonl, read one line at a time (never the whole file in
    memory); iterable again, so that `CorpusIndex.build` and `write_graph` can each pass over it."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise CorpusError(f"{path}: no such file (run `docparse extract ... -o {path.parent}` first)")
        self.path = path

    def __iter__(self) -> Iterator[dict]:
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(f"{self.path}:{number}: not a JSON record ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise CorpusError(f"{self.path}:{number}: not a JSON record (a {type(record).__name__})")
                yield record


def write_graph(out_dir: Path, index: CorpusIndex, documents: Iterable[dict]) -> list[Path]:
    """OUT/graph/edges.csv (resolved citations) and OUT/graph/citations.graphml (corpus documents,
    cited documents outside the corpus marked external, citations with their role).

    `documents` are the same records as the index was built from, in the same order. The XML is
    written here, streamed: networkx would hold the whole graph in memory for a million documents."""
    return [write_edges(out_dir, index), write_graphml(out_dir, index, documents)]


def write_edges(out_dir: Path, index: CorpusIndex) -> Path:
    edges_path = out_dir / "graph" / "edges.csv"
    with atomic_open(edges_path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        writer.writerows(
            (e.citing, e.cited, e.identifier, e.role or "", e.ref_id or "", e.count) for e in index.edges()
        )
    return edges_path


def write_graphml(out_dir: Path, index: CorpusIndex, documents: Iterable[dict]) -> Path:
    graphml_path = out_dir / "graph" / "citations.graphml"
    with atomic_open(graphml_path) as handle:
        _write_graphml(handle, index, documents)
    return graphml_path


_NODE_KEYS = ("identifier", "doc_type", "issuer", "date")
_EDGE_KEYS = (("role", "string"), ("ref_id", "string"), ("identifier", "string"), ("count", "int"))


def _write_graphml(handle: TextIO, index: CorpusIndex, documents: Iterable[dict]) -> None:
    handle.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for name in _NODE_KEYS:
        handle.write(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="string"/>\n')
    handle.write(
        '  <key id="external" for="node" attr.name="external" attr.type="boolean"><default>false</default></key>\n'
    )
    for name, kind in _EDGE_KEYS:
        handle.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    handle.write('  <graph id="citations" edgedefault="directed">\n')
    external: set[str] = set()
    seen = 0
    for position, record in enumerate(documents):
        seen += 1
        path = _path_of(record, position)
        handle.write(_node(path, _node_data(record)))
        for group, cited in index._cited_groups(position, record):
            target = cited or _external_id(group)
            if cited is None and target not in external:
                external.add(target)
                date = group.date or (str(group.year) if group.year else None)
                node = {
                    "identifier": group.identifier,
                    "doc_type": group.doc_type,
                    "issuer": group.issuer,
                    "date": date,
                }
                handle.write(_node(target, node, external=True))
            data = {
                "role": group.role,
                "ref_id": group.ref_id,
                "identifier": group.identifier,
                "count": str(group.count),
            }
            handle.write(_element("edge", f"source={_attr(path)} target={_attr(target)}", data, "e_"))
    index._check_count(seen)
    handle.write("  </graph>\n</graphml>\n")


def _node_data(record: dict) -> dict[str, str | None]:
    partial = record.get("issue_date_partial") or {}
    date = record.get("issue_date") or (str(partial["year"]) if partial.get("year") else None)
    return {
        "identifier": record.get("identifier"),
        "doc_type": (record.get("doc_type") or {}).get("name"),
        "issuer": (record.get("issuer") or {}).get("name"),
        "date": date,
    }


def _external_id(group: _Group) -> str:
    """Node id of a cited document outside the corpus: its identifier, and its year where the
    identifier does not carry it (every year has its own "38/KH-UBND")."""
    year = group.year if group.year and str(group.year) not in group.identifier else None
    return f"external:{group.identifier}" + (f"@{year}" if year else "")


def _clean(value: str) -> str:
    return _XML_INVALID.sub("", value)


def _attr(value: str) -> str:
    return quoteattr(_clean(value))


def _node(node_id: str, data: dict[str, str | None], *, external: bool = False) -> str:
    data = {**data, "external": "true" if external else "false"}  # explicit: readers need not know the default
    return _element("node", f"id={_attr(node_id)}", data, "")


def _element(tag: str, attributes: str, data: dict[str, str | None], prefix: str) -> str:
    lines = [f"    <{tag} {attributes}>\n"]
    lines.extend(
        f'      <data key="{prefix}{name}">{escape(_clean(value))}</data>\n' for name, value in data.items() if value
    )
    lines.append(f"    </{tag}>\n")
    return "".join(lines)
