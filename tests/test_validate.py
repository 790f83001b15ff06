"""Scoring against gold: what counts as right for each field."""

from __future__ import annotations

import json

from docparse.validate import FieldScore, score_body, validate


def _task(label, assignee, deadline, partners=()):
    return {"label": label, "assignees": [assignee], "partners": list(partners), "deadline": deadline}


def _scores(gold_tasks, produced_tasks) -> dict[str, FieldScore]:
    scores: dict[str, FieldScore] = {}
    score_body({"tasks": produced_tasks}, {"tasks": gold_tasks}, scores, "doc")
    return scores


def test_tasks_sharing_a_label_are_each_matched_once():
    gold = [_task("1", "Sở Y tế", "2024-01"), _task("1", "Sở Y tế", None)]  # row 1 of a table, item 1 of an article
    right = _scores(gold, [_task("1", "Sở Y tế", None), _task("1", "SỞ Y TẾ", "2024-01")])
    assert (right["tasks.deadline"].correct, right["tasks.deadline"].total) == (2, 2)
    assert right["tasks.assignees"].score == 1.0  # (label, assignee) pairs, without case
    wrong = _scores(gold, [_task("1", "Sở Y tế", "2024-02")])
    assert (wrong["tasks.deadline"].correct, wrong["tasks.deadline"].total) == (0, 2)
    assert wrong["tasks.deadline"].misses[0] == "doc: ('1', 'sở y tế') expected '2024-01', got '2024-02'"


def test_a_task_not_found_counts_against_assignees_not_deadlines():
    scores = _scores([_task("2", "Sở Nội vụ", "2024-03-01", partners=["Sở Tài chính"])], [])
    assert scores["tasks.assignees"].fn == 1 and scores["tasks.partners"].fn == 1
    assert scores["tasks.deadline"].total == 0


def test_a_role_where_the_gold_has_none_counts_against_no_role_only():
    def cite(number, role):
        return {"form": "full", "identifier": f"{number}/QĐ-UBND", "role": role, "text": f"Quyết định số {number}"}

    gold = {"citations": [cite(1, "basis"), cite(2, None), cite(3, None)]}
    produced = {"references": [cite(1, "basis"), cite(2, "basis")]}  # 3 not found: the F1 counts it
    scores: dict[str, FieldScore] = {}
    score_body(produced, gold, scores, "doc")
    assert (scores["citations.role"].correct, scores["citations.role"].total) == (1, 1)
    assert (scores["citations.no_role"].correct, scores["citations.no_role"].total) == (0, 1)


def test_validate_reports_a_document_without_gold_and_a_field_below_its_floor(tmp_path):
    text = "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 12/QĐ-UBND\nKhánh Hòa, ngày 05 tháng 8 năm 2021\nQUYẾT ĐỊNH\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps({"number": "13", "issue_date": "2021-08-05"}), encoding="utf-8")
    (tmp_path / "thresholds.toml").write_text("[thresholds]\nnumber = 0.9\nissue_date = 0.9\n", encoding="utf-8")
    report = validate(tmp_path)
    assert report.documents == 1
    assert report.errors == [f"{(tmp_path / 'b.txt').as_posix()}: no gold file (b.gold.json)"]
    assert report.failures() == ["number"] and not report.ok
