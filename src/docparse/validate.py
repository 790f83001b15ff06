"""Score extraction against hand-written gold annotations (`NAME.gold.json` beside `NAME.txt`).

Scalar fields score accuracy over the documents whose gold has the field; list fields
(recipients, addressees, references) score precision, recall and F1 over all their items.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest import FORMATS, IngestError, discover
from .models import DocumentRecord
from .readers import READERS

GOLD_SUFFIX = ".gold.json"
SCALAR_FIELDS = (
    "number",
    "symbol",
    "identifier",
    "year",
    "doc_type.code",
    "doc_type.name",
    "issuer.name",
    "issuer.parent",
    "place",
    "issue_date",
    "issue_date_partial",
    "published",
    "subject",
    "signer.authority",
    "signer.title",
    "signer.name",
)
LIST_FIELDS = ("recipients", "addressees", "references")
# Body fields (issue 4), scored by `score_body` from the gold keys named in samples/README.md.
BODY_FIELDS = (
    "citations.full",
    "citations.short",
    "citations.law",
    "citations.role",
    "citations.no_role",
    "dates",
    "agencies",
    "people",
    "tasks.assignees",
    "tasks.partners",
    "tasks.deadline",
)


def canonical(value: Any) -> Any:
    """Comparison form: NFC, whitespace collapsed; dicts and lists compared as such."""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in sorted(value.items())}
    return value


def get_path(data: dict | None, dotted: str) -> tuple[bool, Any]:
    """(present, value) of a dotted key; a null parent makes the child present and null."""
    node: Any = data
    for part in dotted.split("."):
        if node is None:
            return True, None
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


LIST_KEYS: dict[str, Callable[[dict], str]] = {
    "recipients": lambda item: item["text"],
    "addressees": lambda item: item["text"],
    "references": lambda item: item["identifier"],
}


def name_key(text: str | None) -> str:
    """Names compare without case and without punctuation between words."""
    from .extract.agencies import name_key as agency_key

    return agency_key(text or "")


@dataclass
class FieldScore:
    name: str
    kind: str  # "accuracy" or "f1"
    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        if self.kind == "accuracy":
            return self.correct / self.total if self.total else 1.0
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def count(self) -> int:
        return self.total if self.kind == "accuracy" else self.tp + self.fn


@dataclass
class Report:
    documents: int
    scores: dict[str, FieldScore]
    thresholds: dict[str, float]
    errors: list[str]

    def failures(self) -> list[str]:
        return [
            name for name, fs in self.scores.items() if name in self.thresholds and fs.score < self.thresholds[name]
        ]

    @property
    def ok(self) -> bool:
        return not self.failures() and not self.errors


def score_document(record: DocumentRecord, gold: dict, scores: dict[str, FieldScore], doc_name: str) -> None:
    produced = record.model_dump(mode="json")
    for name in SCALAR_FIELDS:
        present, expected = get_path(gold, name)
        if not present:
            continue
        _, actual = get_path(produced, name)
        fs = scores.setdefault(name, FieldScore(name, "accuracy"))
        fs.total += 1
        if canonical(actual) == canonical(expected):
            fs.correct += 1
        else:
            fs.misses.append(f"{doc_name}: expected {expected!r}, got {actual!r}")
    for name in LIST_FIELDS:
        if name not in gold:
            continue
        expected_items = {canonical(x) for x in gold[name]}
        actual_items = {canonical(LIST_KEYS[name](x)) for x in produced[name] if LIST_KEYS[name](x) is not None}
        fs = scores.setdefault(name, FieldScore(name, "f1"))
        fs.tp += len(expected_items & actual_items)
        fs.fp += len(actual_items - expected_items)
        fs.fn += len(expected_items - actual_items)
        for item in sorted(expected_items - actual_items):
            fs.misses.append(f"{doc_name}: missing {item!r}")
        for item in sorted(actual_items - expected_items):
            fs.misses.append(f"{doc_name}: extra {item!r}")


def _multiset_f1(fs: FieldScore, expected: list, actual: list, doc_name: str) -> None:
    from collections import Counter

    exp, act = Counter(expected), Counter(actual)
    tp = sum((exp & act).values())
    fs.tp += tp
    fs.fp += sum(act.values()) - tp
    fs.fn += sum(exp.values()) - tp
    for item in sorted((exp - act).elements(), key=repr):
        fs.misses.append(f"{doc_name}: missing {item!r}")
    for item in sorted((act - exp).elements(), key=repr):
        fs.misses.append(f"{doc_name}: extra {item!r}")


def _citation_key(item: dict) -> tuple:
    form = item.get("form", "full")
    doc_type = item.get("doc_type")
    if isinstance(doc_type, dict):
        doc_type = doc_type.get("name")
    if form == "full":
        return (canonical(item.get("identifier")),)
    if form == "law":
        return (name_key(item.get("name")),)
    return (canonical(doc_type), str(item.get("number") or "").lstrip("0"), canonical(item.get("identifier")))


def score_body(produced: dict, gold: dict, scores: dict[str, FieldScore], doc_name: str) -> None:
    """Scores for references by form and role, dates with role, agencies, people and tasks."""
    if "citations" in gold:
        refs = produced["references"]
        for form, forms in (("full", ("full",)), ("short", ("short", "list")), ("law", ("law",))):
            fs = scores.setdefault(f"citations.{form}", FieldScore(f"citations.{form}", "f1"))
            expected = [_citation_key(c) for c in gold["citations"] if c.get("form", "full") in forms]
            actual = [_citation_key(r) for r in refs if r["form"] in forms]
            _multiset_f1(fs, expected, actual, doc_name)
        fs = scores.setdefault("citations.role", FieldScore("citations.role", "accuracy"))
        produced_roles: dict[tuple, list] = {}
        for r in refs:
            produced_roles.setdefault((r["form"] in ("short", "list"), _citation_key(r)), []).append(r["role"])
        # A role where the gold has none is scored apart: "citations.role" alone cannot see it.
        no_role = scores.setdefault("citations.no_role", FieldScore("citations.no_role", "accuracy"))
        for c in gold["citations"]:
            key = (c.get("form", "full") in ("short", "list"), _citation_key(c))
            role = c.get("role") or None
            if role is None and key not in produced_roles:
                continue  # a missed mention is the F1's to count
            scored = fs if role else no_role
            scored.total += 1
            if role in produced_roles.get(key, []):
                scored.correct += 1
            else:
                scored.misses.append(f"{doc_name}: {c.get('text')!r} expected {role}, got {produced_roles.get(key)}")
    if "dates" in gold:
        fs = scores.setdefault("dates", FieldScore("dates", "f1"))
        expected = [(d["value"], d["role"]) for d in gold["dates"]]
        actual = [(d["value"], d["role"]) for d in produced["dates"]]
        _multiset_f1(fs, expected, actual, doc_name)
    if "agencies" in gold:
        fs = scores.setdefault("agencies", FieldScore("agencies", "f1"))
        _multiset_f1(
            fs,
            sorted({name_key(a) for a in gold["agencies"]}),
            sorted({name_key(a["name"]) for a in produced["agencies"]}),
            doc_name,
        )
    if "people" in gold:
        fs = scores.setdefault("people", FieldScore("people", "f1"))
        expected = sorted({name_key(p["name"]) for p in gold["people"]})
        _multiset_f1(fs, expected, sorted({name_key(p["name"]) for p in produced["people"]}), doc_name)
    if "tasks" in gold:
        fs = scores.setdefault("tasks.assignees", FieldScore("tasks.assignees", "f1"))
        expected_pairs = {(t.get("label"), name_key(a)) for t in gold["tasks"] for a in t.get("assignees", [])}
        # Every produced deadline by (label, assignee): a label may repeat ("1." under two headings,
        # a table's row 1 and an article's item 1), so one key may hold several tasks.
        deadlines: dict[tuple, list[str | None]] = {}
        for t in produced["tasks"]:
            for a in t["assignees"]:
                deadlines.setdefault((t["label"], name_key(a)), []).append(t["deadline"])
        _multiset_f1(fs, sorted(expected_pairs, key=repr), sorted(deadlines, key=repr), doc_name)
        fs = scores.setdefault("tasks.partners", FieldScore("tasks.partners", "f1"))
        _multiset_f1(
            fs,
            sorted({(t.get("label"), name_key(a)) for t in gold["tasks"] for a in t.get("partners", [])}, key=repr),
            sorted({(t["label"], name_key(a)) for t in produced["tasks"] for a in t["partners"]}, key=repr),
            doc_name,
        )
        # A gold task's deadline is right when a produced task of the same key has it, each
        # produced task matched once.
        fs = scores.setdefault("tasks.deadline", FieldScore("tasks.deadline", "accuracy"))
        unmatched = {key: list(values) for key, values in deadlines.items()}
        for t in gold["tasks"]:
            for a in t.get("assignees", []):
                key = (t.get("label"), name_key(a))
                if key not in deadlines:
                    continue
                fs.total += 1
                if t.get("deadline") in unmatched[key]:
                    unmatched[key].remove(t.get("deadline"))
                    fs.correct += 1
                else:
                    got = deadlines[key][0] if len(deadlines[key]) == 1 else deadlines[key]
                    fs.misses.append(f"{doc_name}: {key} expected {t.get('deadline')!r}, got {got!r}")


def validate(directory: str | Path, thresholds_file: str | Path | None = None) -> Report:
    from .pipeline import parse

    directory = Path(directory)
    inputs, _ = discover([directory])
    documents = [p for p in inputs if p.suffix.lower() in FORMATS or p.suffix.lower() in READERS]
    scores: dict[str, FieldScore] = {}
    errors: list[str] = []
    scored = 0
    for path in documents:
        gold_path = path.with_name(path.stem + GOLD_SUFFIX)
        if not gold_path.exists():
            errors.append(f"{path.as_posix()}: no gold file ({gold_path.name})")
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            record = parse(path)
        except (IngestError, json.JSONDecodeError) as exc:
            errors.append(f"{path.as_posix()}: {exc}")
            continue
        score_document(record, gold, scores, path.name)
        score_body(record.model_dump(mode="json"), gold, scores, path.name)
        scored += 1
    thresholds_path = Path(thresholds_file) if thresholds_file else directory / "thresholds.toml"
    thresholds: dict[str, float] = {}
    if thresholds_path.exists():
        thresholds = {k: float(v) for k, v in tomllib.loads(thresholds_path.read_text("utf-8"))["thresholds"].items()}
    ordered = {name: scores[name] for name in (*SCALAR_FIELDS, *LIST_FIELDS, *BODY_FIELDS) if name in scores}
    return Report(documents=scored, scores=ordered, thresholds=thresholds, errors=errors)


def format_report(report: Report, *, show_misses: bool = True) -> str:
    rows = [f"{'field':<20} {'metric':<8} {'n':>4} {'score':>7} {'min':>6}  status"]
    for name, fs in report.scores.items():
        minimum = report.thresholds.get(name)
        status = "-" if minimum is None else ("ok" if fs.score >= minimum else "FAIL")
        min_text = f"{minimum:.2f}" if minimum is not None else "-"
        metric = "acc" if fs.kind == "accuracy" else "F1"
        rows.append(f"{name:<20} {metric:<8} {fs.count:>4} {fs.score:>7.3f} {min_text:>6}  {status}")
    rows.append(f"documents scored: {report.documents}")
    if show_misses:
        for name, fs in report.scores.items():
            for miss in fs.misses:
                rows.append(f"  {name}: {miss}")
    for err in report.errors:
        rows.append(f"error: {err}")
    return "\n".join(rows)
