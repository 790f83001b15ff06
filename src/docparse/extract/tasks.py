"""Tasks: who must do what, with whom, by when.

Sources, each a small strategy over the body:
- an outline item led by its assignees: "2. Sở Du lịch phối hợp với Hiệp hội Du lịch: Tiếp
  tục ...", "a) Sở Y tế chủ trì, phối hợp với ...";
- a sentence with an assigning cue: "Giao X ...", "Đề nghị X ...", "Yêu cầu X ...", "X chủ
  trì, phối hợp với Y ...", "X có trách nhiệm ...";
- plan blocks and tables: "Cơ quan chủ trì: X" / "Cơ quan phối hợp: Y" / "Thời gian thực
  hiện: ..." lines, or table columns with those headings.
Assignees and partners are agency mentions (linked to the gazetteer) found beforehand; the
deadline is the first deadline date inside the task's span.

An item without a lead of its own ("a) Tổ chức sơ tán ...", "1. Chỉ đạo các trường ...") takes
the assignees of what introduces it: its parent item's task, the lead-in sentence that ends in
a colon before its list ("Sở Y tế đề nghị Trung tâm ... các nội dung sau:"), or, in a letter
with a single addressee, that addressee ("đề nghị Quý cơ quan thực hiện một số nội dung sau:").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from ..segment import Line
from .agencies import AgencyMatch, unit_name
from .dates import DateMention
from .outline import Item


@dataclass
class TaskMatch:
    label: str | None
    start: int
    end: int
    assignees: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deadline: DateMention | None = None
    action: str | None = None
    lead: tuple[int, int] | None = None  # where inherited assignees were read
    # "đề nghị UBND các tỉnh chỉ đạo Sở GD&ĐT thực hiện các nội dung sau:": the items are the
    # directed body's to do
    delegates: list[str] = field(default_factory=list)
    # A clause's deadline may stand in the next clause of its sentence ("X tổ chức quán triệt ...;
    # báo cáo kết quả ... trước ngày 15/12.")
    deadline_end: int | None = None
    text: str | None = None  # what the task says, when not its span's text (a table row's content cell)


# The verb may follow on the next line, not after a blank one ("CHỦ TỊCH UBND TỈNH\n\nCăn cứ ...").
_ONE_BREAK = r"[^\S\n]*(?:\n[^\S\n]*)?"
_LEAD_AFTER = re.compile(
    _ONE_BREAK
    + r"(?:\(|,)?[^\S\n]*(?:(?:phải|cần)\s+)?(?:chủ trì|có trách nhiệm|chịu trách nhiệm|khẩn trương|tiếp tục|tham mưu|"
    r"thực hiện|triển khai|hướng dẫn|tổ chức|theo dõi|rà soát|phối hợp|chỉ đạo|căn cứ|"
    r"xây dựng|báo cáo|nghiên cứu|kiểm tra|đôn đốc|bố trí|đảm bảo|bảo đảm|chuẩn bị|tăng cường|tập trung)\b",
    re.IGNORECASE,
)
# "- Về kiến nghị của huyện Bác Ái: Ủy ban nhân dân tỉnh chỉ đạo ...": a topic, then the subject.
_DASH_BULLET = re.compile(r"[-–+•][ \t]+")
# A person's title up to the colon that opens their work.
_PERSON_TITLE_HEAD = re.compile(r",[^:\n.;]{3,160}:[ \t]*(?=\S)")
# ("Nhiệm vụ trong thời gian tới, UBND huyện ... tập trung": a topic before the subject's comma)
_TOPIC = re.compile(r"\W*(?:(?:Về|Đối với)\b[^:\n]{0,300}:|Nhiệm vụ (?:trong )?thời gian tới\s*,)\s*")
_ITEM_PREFIX = re.compile(r"\W*(?:\d+|[a-zđ])?[.)]?\s*")
_RESPONSIBLE = re.compile(_ONE_BREAK + r"(?:\(|,)?[^\S\n]*(?:chủ trì|có trách nhiệm|chịu trách nhiệm)\b", re.IGNORECASE)
_PARTNER_CUE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?(?:\s+các)?\s*:?\s*$", re.IGNORECASE)
# Titles that name a body's head stand for the body ("Giám đốc Sở Y tế", "Chủ tịch UBND các huyện").
_HEAD_TITLES = (
    r"(?:Phó\s+)?(?:Chủ tịch|Giám đốc|Thủ trưởng|Trưởng(?: ban)?|Bộ trưởng|Chánh(?: Văn phòng| Thanh tra)?|Bí thư|"
    r"Cục trưởng|Vụ trưởng|Chỉ huy trưởng|Hiệu trưởng|Tổng Giám đốc|Tổng cục trưởng|Chi cục trưởng|Viện trưởng|"
    r"Chánh án|Chủ nhiệm|Tư lệnh|Trưởng phòng)(?:\s+các)?"
)
# "Bộ đã đề nghị Bộ Công an ...": a request made before is reported, not made here.
_PURPOSE = re.compile(r"\bđể\b[^.;:\n]{0,40}$")
_LOWER_WORD = "[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]+"
_CUE_BEFORE = re.compile(
    # ("bàn giao cho X" hands something over to X, "chuyển giao" transfers; "văn bản đề nghị X",
    # "tờ trình đề nghị X" name a document's content: no assignment)
    r"(?:^|[\s(])(?<!đã )(?<!Đã )(?<!bàn )(?<!chuyển )(?<!bản )(?<!văn )(?<!trình )(?<!sơ )"
    r"(?:[Gg]iao(?:\s+cho)?|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công)"
    # ("yêu cầu Giám đốc BHXH tỉnh ...": the head stands for the body)
    # ("yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện": the collective first)
    rf"\s*:?\s*(?:(?:Thủ trưởng|Lãnh đạo|người đứng đầu)\s+các(?:[\s,]+{_LOWER_WORD})+[\s,]*,\s*)?"
    rf"(?:các\s+|(?:đồng chí|đ/c|ông|bà)\s+|{_HEAD_TITLES}\s+)?$"
)
# Between two co-leads: a comma, "và", a head's title, or a collective naming the list after it
# ("Ủy ban MTTQ tỉnh và các đoàn thể: Hội Nông dân tỉnh, ...").
_CONNECTOR = re.compile(
    rf"^[\s,;]*(?:và|cùng|,|các|;)?[\s,]*(?:{_HEAD_TITLES}\s*:?\s*)?(?:các\s+)?"
    r"(?:(?:đoàn thể|tổ chức chính trị - xã hội|cơ quan|đơn vị|sở|ban|ngành|hội)(?:[\s,]+(?:đoàn thể|ngành|liên quan))*"
    r"\s*:\s*)?$",
    re.IGNORECASE,
)
# "Các chủ đầu tư, UBND các huyện ...", "Các cơ quan chuyên môn, UBND các xã ...": collectives
# before the named bodies of a subject.
# ("6. Riêng Trường A, Trường B: ..." — "Đối với X" is a title gap already, in items and sentences alike)
_SET_APART = re.compile(r"[\s*_]*Riêng\s+")
_GENERIC_LEAD = re.compile(
    r"\W*(?:(?:các|những)\s+(?:cơ quan|đơn vị|chủ đầu tư|địa phương|sở|ban|ngành|doanh nghiệp|tổ chức)"
    r"(?:[\s,]+(?:chuyên môn|liên quan|có liên quan|cơ quan|đơn vị|sở|ban|ngành|trực thuộc|tỉnh|huyện|thành phố))*"
    r"\s*[,;]\s*(?:và\s+)?)+",
    re.IGNORECASE,
)
# Before the assignee: a cue, an address, a head's title, or a heading's "Nhiệm vụ của ...".
_TITLE_GAP = re.compile(
    r"^\W*(?:(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu|Đối với|"
    r"(?:Nhiệm vụ|Trách nhiệm)(?:,?\s+(?:và\s+)?quyền hạn)?\s+của)\s+)?"
    rf"(?:(?:đồng chí|ông|bà)\s+)?(?:{_HEAD_TITLES}\s*)?(?:các\s+)?:?\s*$",
    re.IGNORECASE,
)
# Possessive: a run that ends on "." before a digit ("1.000") cannot end earlier either, and
# giving it back one character at a time made the scan quadratic in the clause.
_CLAUSE = re.compile(r"[^.;\n]++(?:[.;](?!\d)|\n|$)")
_HEADING_COLON = re.compile(r"(?P<head>[^:\n]{3,260}?)\s*:\s")
_COLON_ON_LINE = re.compile(r"[^:\n]{0,260}?:\s")
# The rest of an item's head after its agencies: a group of others ("và các doanh nghiệp khác").
_OTHERS_IN_HEAD = re.compile(r"\s*,?\s*(?:và|cùng)\s+(?:các|những)\s+[^\d:;.()]{2,60}")


# Markdown emphasis hugging a word ("Đề nghị **UBND các xã** chỉ đạo ..."); a "* " bullet stays.
_EMPHASIS = re.compile(r"(?<=\S)(?:\*{1,3}|_{2,3})|(?:\*{1,3}|_{2,3})(?=\S)")


def without_emphasis(text: str) -> str:
    """`text` with markdown emphasis marks turned to spaces (same length): the cues and the
    subjects of assignments are read between them."""
    if "*" not in text and "__" not in text:
        return text
    return _EMPHASIS.sub(lambda m: " " * len(m.group(0)), text)


def find_tasks(
    text: str,
    body_start: int,
    body_end: int,
    items: list[Item],
    agencies: list[AgencyMatch],
    dates: list[DateMention],
    lines: list[Line],
    addressees: list[AgencyMatch] | None = None,
) -> list[TaskMatch]:
    """Tasks in the body, in text order; agencies, dates and items are the document's own,
    `addressees` the agencies of its "Kính gửi" block."""
    body_agencies = [a for a in agencies if body_start <= a.start < body_end]
    body_agencies = sorted(
        [*body_agencies, *_polities(text, body_start, body_end, body_agencies)], key=lambda a: a.start
    )
    tasks: list[TaskMatch] = []
    covered: list[TaskMatch] = []
    own: dict[int, TaskMatch] = {}
    for k, item in enumerate(items):
        task = _item_task(text, item, _own_end(item, items), body_agencies)
        if task:
            own[k] = task
            covered.append(task)
    for task in _plan_lines(text, items, lines, body_start, body_end, body_agencies):
        tasks.append(task)
    for task in _table_tasks(text, lines, body_start, body_end, body_agencies):
        tasks.append(task)
    clauses = _sentences(text, body_start, body_end)
    sentence_tasks: list[TaskMatch] = []
    executing = [t for t in _executing(text, clauses, body_agencies) if not _in_lead_sentence(text, t.start, covered)]
    tasks.extend(executing)
    for s, e in clauses:
        if (sentence_tasks and s < sentence_tasks[-1].end) or any(t.start <= s < t.end for t in executing):
            continue
        holder = next((c for c in covered if c.start <= s < c.end), None)
        if holder is not None and s < _sentence_end(text, holder.start, holder.end):
            continue  # the item's own lead sentence
        # After ";" inside an item, a new subject with any verb is the next assignment.
        after_semicolon = holder is not None and text[holder.start : s].rstrip().endswith(";")
        any_verb = after_semicolon or _DASH_BULLET.match(text, s, e) is not None
        task = _sentence_task(text, s, e, body_agencies, body_end, any_verb=any_verb) or _addressed_lead(
            text, s, e, addressees or []
        )
        if task and holder is not None and set(task.assignees) <= set(holder.assignees):
            continue  # "Sở Y tế: ... Sở Y tế chủ trì ..." restates the item's lead
        if task:
            sentence_tasks.append(task)
    inherited = _inherited(text, items, own, sentence_tasks, body_start, body_agencies)
    # A lead-in paragraph ("IV. KIẾN NGHỊ" / "Sở KH&ĐT kính đề nghị UBND tỉnh:") only passes its
    # list on, as a head that only names the assignees does; a lead-in in an item's own paragraph
    # ("2. ... đề nghị Thành ủy tập trung ... các nhiệm vụ sau:") keeps the item's task.
    passed_on = {
        t.lead
        for t in inherited
        if t.lead is not None and not any(i.start <= t.lead[0] and "\n" not in text[i.start : t.lead[0]] for i in items)
    }
    tasks.extend(t for t in sentence_tasks if t.lead is None and (t.start, t.end) not in passed_on)
    tasks.extend(inherited)
    tasks = [t for t in tasks if not _reports_done(text, t, items)]
    tasks = _split_bullets(text, tasks, body_agencies)
    _sentence_partners(text, tasks, body_agencies)
    item_starts = {i.start for i in items}
    sentences = sorted((t for t in tasks if t.assignees and t.start not in item_starts), key=_task_start)
    for task in tasks:
        task.label = task.label or _label_at(items, task.start)
        # "Giao đồng chí A chỉ đạo; Văn phòng theo dõi, báo cáo trước ngày X": another body's task
        # met inside this one (after ";", in a later sentence) owns the deadlines from where it begins.
        due_end = task.deadline_end or task.end
        later = islice(sentences, bisect_right(sentences, task.start, key=_task_start), None)
        inner = next((t.start for t in later if not set(t.assignees) <= set(task.assignees)), due_end)
        task.deadline_end = due_end = min(due_end, inner)  # (and the periods closing its clauses: pipeline)
        task.deadline = task.deadline or next(
            (d for d in dates if task.start <= d.start < due_end and d.role == "deadline"),
            None,
        )
    tasks.sort(key=lambda t: t.start)
    return tasks


# "Đề nghị thành phố tăng cường ...": a unit asked to act is its People's Committee.
# The cue's first letter is one class (a scan skips to it in C); a look-behind picks the cue.
_POLITY_AFTER_CUE = re.compile(
    r"[ĐđYyGg](?:(?<=[Đđ])ề nghị|(?<=[Yy])êu cầu|(?<=[Gg])iao(?:\s+cho)?)\s+(?P<plural>các\s+)?"
    r"(?P<unit>thành phố|thị xã|huyện|quận|xã|phường|tỉnh)(?![^\W\d_])(?!\s+ủy)"
)


def _polities(text: str, start: int, end: int, agencies: list[AgencyMatch]) -> list[AgencyMatch]:
    out = []
    for m in _POLITY_AFTER_CUE.finditer(text, start, end):
        if any(a.start <= m.start("unit") < a.end for a in agencies):
            continue
        unit = unit_name(m.group("plural") + m.group("unit") if m.group("plural") else m.group("unit"))
        out.append(AgencyMatch(f"Ủy ban nhân dân {unit}", None, m.start("unit"), m.end("unit")))
    return out


def _in_lead_sentence(text: str, pos: int, covered: list[TaskMatch]) -> bool:
    holder = next((c for c in covered if c.start <= pos < c.end), None)
    return holder is not None and pos < _sentence_end(text, holder.start, holder.end)


# "X, Y và Z chịu trách nhiệm thi hành Quyết định này": every body named before the verb leads.
_EXECUTES = re.compile(
    r"(?:chịu|có)\s+trách\s+nhiệm\s+(?:thi\s+hành|tổ\s+chức\s+thực\s+hiện|thực\s+hiện|tổ\s+chức\s+triển\s+khai)",
    re.IGNORECASE,
)


def _executing(text: str, clauses: list[tuple[int, int]], agencies: list[AgencyMatch]) -> list[TaskMatch]:
    """The executing clause of a decision or circular; its subject may run over clauses ending
    in ";" ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở ...; Chủ tịch UBND các huyện ...; ...")."""
    out: list[TaskMatch] = []
    for i, (s, e) in enumerate(clauses):
        verb = _EXECUTES.search(text, s, e)
        if not verb:
            continue
        first = i
        while (
            first > 0
            and text[clauses[first - 1][0] : clauses[first - 1][1]].rstrip().endswith(";")
            and _opens_subject(text, clauses[first - 1], agencies)
        ):
            first -= 1
        start = clauses[first][0]
        names = _unique(
            [
                a
                for a in agencies
                if start <= a.start < verb.start() and not _QUALIFIES.search(text, max(start, a.start - 40), a.start)
            ]
        )
        if names:
            out.append(TaskMatch(label=None, start=start, end=e, assignees=[a.name for a in names]))
    return out


# "cơ quan thuộc Chính phủ", "cơ quan ngang Bộ": the body qualifies a collective, it leads nothing.
_QUALIFIES = re.compile(r"(?:thuộc|ngang|trực thuộc)\s+$", re.IGNORECASE)


def _opens_subject(text: str, clause: tuple[int, int], agencies: list[AgencyMatch]) -> bool:
    """A clause of a subject list: it begins with a body or a title over one."""
    s, e = clause
    first = next((a for a in agencies if s <= a.start < e), None)
    return first is not None and bool(_TITLE_GAP.match(text[s : first.start]))


def _inherited(
    text: str,
    items: list[Item],
    own: dict[int, TaskMatch],
    sentence_tasks: list[TaskMatch],
    body_start: int,
    agencies: list[AgencyMatch],
) -> list[TaskMatch]:
    """Items' own tasks, and a task for each item without a lead under one that has it.

    An item's lead is its parent's task or the lead-in sentence (ending in a colon) right before
    the first item of its list. A parent that only names the assignees ("1. Bộ Y tế:") gives
    them to its children and makes no task of its own."""
    parents = _parents(items)
    list_starts = _list_starts(items, parents)
    lead_ins: dict[int, TaskMatch | None] = {}  # by the first item of a list
    leads: dict[int, TaskMatch] = {}
    out: list[TaskMatch] = []
    for k, item in enumerate(items):
        first = list_starts[k]
        if first not in lead_ins:
            lead_ins[first] = _lead_in(text, items, parents[k], first, sentence_tasks, body_start)
        lead = lead_ins[first]
        parent = parents[k]
        if parent is not None and parent in leads and lead is None:
            lead = leads[parent]
        task = own.get(k)
        label_end = _label_end(text, item)
        opening = next((t for t in sentence_tasks if t.lead is None and label_end <= t.start <= label_end + 2), None)
        if task is not None:
            leads[k] = task
        elif opening is not None:
            leads[k] = opening  # "2.5. Đề nghị thành phố ...": the item names its own lead
        elif lead is not None:
            leads[k] = lead
            task = TaskMatch(
                label=item.label,
                start=item.start,
                end=_own_end(item, items),
                assignees=list(lead.delegates or lead.assignees),
                lead=lead.lead or (lead.start, lead.end),
            )
            task.action = _action(text, label_end, task.end)
            # "a) Chủ trì, phối hợp với Trung tâm Y tế các huyện ...": the item names its partners
            inside = agencies[
                bisect_left(agencies, label_end, key=_start) : bisect_left(agencies, task.end, key=_start)
            ]
            task.partners = _partners(text, inside, label_end, _sentence_end(text, label_end, task.end), task.assignees)
            # "3. Sở NN&PTNT chủ trì, phối hợp với Sở Y tế ...:" over "a) ...": the head's partners join
            task.partners += [p for p in lead.partners if p not in task.partners and not lead.delegates]
            # "3. Chỉ đạo Sở Y tế thực hiện các nội dung sau:" over "a) ...": the item is its lead's
            # task, its children Sở Y tế's
            if _DIRECTS_HEAD.match(text, label_end) and text[label_end : task.end].rstrip(_LAYOUT).endswith(":"):
                task.delegates = _delegates(text, inside, label_end, task.end)
                leads[k] = task if task.delegates else lead
        if task is None:
            continue
        has_children = k + 1 < len(items) and parents[k + 1] == k
        if has_children and (task.action is None or (task is not own.get(k) and task.action.isupper())):
            continue  # "1. Bộ Y tế:", "1. GIÁO DỤC THỂ CHẤT" only introduce their children's tasks
        out.append(task)
    return out


def _sentence_partners(text: str, tasks: list[TaskMatch], agencies: list[AgencyMatch]) -> None:
    """Partners named anywhere in a task's own text, and in the rest of its sentence as its
    deadline may be ("X xây dựng phương án ...; trường hợp cần thiết, chủ động phối hợp với Công
    an tỉnh ..."); the text of other tasks inside it is theirs."""
    spans = sorted((t.start, t.end) for t in tasks)
    for task in tasks:
        if task.text is not None:
            continue  # a table row: its partners are its cell's
        end = max(task.end, task.deadline_end or 0)
        pos = task.start
        for s, e in islice(spans, bisect_left(spans, (task.start + 1, 0)), None):  # no copy of the rest
            if s >= end:
                break
            _add_partners(text, task, agencies, pos, s)
            pos = max(pos, e)
        _add_partners(text, task, agencies, pos, end)


def _add_partners(text: str, task: TaskMatch, agencies: list[AgencyMatch], start: int, end: int) -> None:
    if start < end:
        for name in _partners(text, _between(agencies, start, end), start, end, task.assignees):
            if name not in task.partners:
                task.partners.append(name)


# A dash bullet opening a line; and what may follow the assignees in a head that only names them
# ("UBND huyện Bảo Thắng thực hiện các nội dung sau:", "UBND các tỉnh, thành phố trực thuộc Trung ương:").
_BULLET_LINE = re.compile(r"\n[^\S\n]*\\?[-–+•][^\S\n]+(?=\S)")  # ("\\- " in a Word export)
_NAMES_ONLY_TAIL = re.compile(
    r"[\s*_]*(?:trực thuộc\s+(?:Trung ương|tỉnh|thành phố)\s*)?(?:(?:tập trung\s+)?(?:thực hiện|triển khai)\s*)?"
    r"(?:(?:một số|các|những)\s+)?(?:nội dung|nhiệm vụ|việc|công việc)?"
    r"(?:\s+(?:chủ yếu|trọng tâm|cụ thể))?(?:\s+(?:như\s+)?sau)?[\s*_]*",
    re.IGNORECASE,
)


def _split_bullets(text: str, tasks: list[TaskMatch], agencies: list[AgencyMatch]) -> list[TaskMatch]:
    """ "3. Đề nghị UBND các huyện:" over "- Chỉ đạo ...;" "- Tổ chức ...": a head that only names
    the assignees makes no task of its own; each dash bullet under it is one (with its own
    deadline), labelled with the item's label."""
    starts = sorted(t.start for t in tasks)
    out: list[TaskMatch] = []
    for task in tasks:
        split = _bullet_spans(text, task, agencies)
        # A bullet that already holds a task of its own ("- Sở Y tế chủ trì ...") is left as it is.
        if split is None or bisect_left(starts, task.start + 1) < bisect_left(starts, task.end):
            out.append(task)
            continue
        head_end, bullets, directed = split
        assignees = directed or task.assignees
        for start, content, end in bullets:
            inside = _between(agencies, content, end)
            out.append(
                TaskMatch(
                    label=task.label,
                    start=start,
                    end=end,
                    assignees=list(assignees),
                    partners=[*([] if directed else task.partners), *_partners(text, inside, content, end, assignees)],
                    action=_action(text, content, end),
                    lead=task.lead or (task.start, head_end),
                )
            )
    return out


_BULLET_BLOCK = re.compile(r"(?:\s*\n[^\S\n]*[-–+•][^\S\n]+[^\n]*)+")


def _bullets_end(text: str, pos: int, limit: int) -> int:
    """The end of the dash bullets right after `pos` (blank lines between them allowed), or `pos`."""
    block = _BULLET_BLOCK.match(text, pos, limit)
    return block.end() if block else pos


def _bullet_spans(
    text: str, task: TaskMatch, agencies: list[AgencyMatch]
) -> tuple[int, list[tuple[int, int, int]], list[str]] | None:
    """Where the head ends (after its colon), the dash bullets (dash, content, end) of a task
    whose head is only its assignees, and the bodies a head directs ("c) Chỉ đạo Sở Y tế thực
    hiện các nội dung sau:" passes its bullets on to Sở Y tế); else None."""
    if task.text is not None or not task.assignees or task.deadline is not None:
        return None  # a table row, or a task whose deadline was read with it
    colon = text.find(":", task.start, task.end)
    first = _BULLET_LINE.search(text, task.start, task.end)
    if first is not None and not task.start <= colon < first.start():
        colon = first.start()  # "**6. Các huyện, thị, thành đoàn**" over its bullets: no colon
    bullets = list(_BULLET_LINE.finditer(text, colon, task.end)) if colon >= 0 else []
    if len(bullets) < 2 or text[colon + 1 : bullets[0].start()].strip(" *_\t\n"):
        return None
    inside = _between(agencies, task.start, colon)
    if not inside:
        return None
    head = text[task.start : inside[0].start]
    if task.label and (m := _label_re(task.label).match(head)):
        head = head[m.end() :]
    directs = _DIRECTS_HEAD.fullmatch(head) is not None
    if head.strip(" -+•*_\t\n") and not _TITLE_GAP.match(head) and not directs:
        return None
    group, after = _agency_run(text, inside, 0)
    titled = _titled_person_head(text, group, group[0].end, colon)  # (the title may name the body)
    after = _subject_end(text, after, colon)
    if not titled and (len(group) < len(_unique(inside)) or not _NAMES_ONLY_TAIL.fullmatch(text, after, colon)):
        return None
    ends = [b.start() for b in bullets[1:]] + [task.end]
    spans = [(b.end() - len(b.group(0).lstrip()), b.end(), end) for b, end in zip(bullets, ends, strict=True)]
    return colon + 1, spans, [g.name for g in group] if directs else []


_DIRECTS_HEAD = re.compile(r"[\s*_-]*chỉ đạo\s+(?:các\s+)?", re.IGNORECASE)


# A report's section on what was done ("II. KẾT QUẢ THỰC HIỆN", "I. TÌNH HÌNH ..."): a body and
# its verb there tell a fact ("Công an tỉnh phối hợp với ... triển khai 27 tổ công tác").
_DONE_SECTION = re.compile(r"(?:KẾT QUẢ|TÌNH HÌNH|THỰC TRẠNG)\b(?!.*(?:NHIỆM VỤ|GIẢI PHÁP|KIẾN NGHỊ|ĐỀ XUẤT))")


def _reports_done(text: str, task: TaskMatch, items: list[Item]) -> bool:
    """A task read from a subject and its verb inside a report's section on results, not asked
    for by a cue ("Giao", "Đề nghị") or a plan table."""
    if task.text is not None or task.lead is not None:
        return False
    section = next(
        (i for i in items if i.start <= task.start < i.end and i.heading.isupper() and _DONE_SECTION.match(i.heading)),
        None,
    )
    return section is not None and _CUE_BEFORE.search(" " + text[task.start : task.start + 60]) is None


def _parents(items: list[Item]) -> list[int | None]:
    parents: list[int | None] = []
    stack: list[int] = []
    for k, item in enumerate(items):
        while stack and not (items[stack[-1]].level < item.level and item.start < items[stack[-1]].end):
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(k)
    return parents


def _lead_in(
    text: str,
    items: list[Item],
    parent: int | None,
    first: int,
    sentence_tasks: list[TaskMatch],
    body_start: int,
) -> TaskMatch | None:
    """The lead-in sentence before the list that opens with item `first`, when it assigns and ends in ":"."""
    zone_start = _label_end(text, items[parent]) if parent is not None else body_start
    zone_end = items[first].start
    for task in reversed(sentence_tasks):
        inside = zone_start <= task.start and task.end <= zone_end
        introduces = text[task.start : task.end].rstrip(_LAYOUT).endswith(":")
        if inside and introduces and not text[task.end : zone_end].strip(_LAYOUT):
            return task
    return None


_LAYOUT = " \t\n*_#>"  # spaces and markdown emphasis between a lead-in and its list


def _list_starts(items: list[Item], parents: list[int | None]) -> list[int]:
    """For each item, the first item of its list: siblings of one parent in an unbroken run of one style."""
    starts: list[int] = []
    last_child: dict[int | None, int] = {}
    for k, item in enumerate(items):
        previous = last_child.get(parents[k])
        same_list = previous is not None and items[previous].style == item.style
        starts.append(starts[previous] if same_list else k)
        last_child[parents[k]] = k
    return starts


# ("Bộ GDĐT hướng dẫn các sở GDĐT triển khai ... như sau:": guidance to the addressee)
_ADDRESSED = re.compile(
    r"(?:(?:[Đđ]ề nghị|[Yy]êu cầu)\s+(?:Quý\s+)?(?:cơ quan|đơn vị|địa phương|Sở|Ủy ban|UBND|Anh|Chị|đồng chí)?"
    r"|hướng dẫn\s+(?:các\s+)?(?:Quý\s+)?(?:cơ quan|đơn vị|địa phương|[Ss]ở|Ủy ban|UBND)\b)[^:]*:\s*$"
)


def _addressed_lead(text: str, s: int, e: int, addressees: list[AgencyMatch]) -> TaskMatch | None:
    """ "... đề nghị Quý cơ quan thực hiện một số nội dung sau:" in a letter to one agency."""
    names = _unique(addressees)
    if len(names) != 1 or not _ADDRESSED.search(text, s, e):
        return None
    return TaskMatch(label=None, start=s, end=e, assignees=[names[0].name], lead=(names[0].start, names[0].end))


def _own_end(item: Item, items: list[Item]) -> int:
    """Where an item's own text ends: at its first child, or its end."""
    for other in items:
        if item.start < other.start < item.end:
            return other.start
    return item.end


def _item_task(text: str, item: Item, own_end: int, agencies: list[AgencyMatch]) -> TaskMatch | None:
    """An item led by agencies: "Sở Du lịch phối hợp với Hiệp hội Du lịch: Tiếp tục ..."."""
    label_end = _label_end(text, item)
    head_m = _HEADING_COLON.match(text, label_end, own_end)
    inside = _between(agencies, label_end, own_end)
    if not inside:
        return None
    first = inside[0]
    lead_gap = text[label_end : first.start]
    cue = _CUE_BEFORE.search(" " + lead_gap)
    cued = cue is not None and not _PURPOSE.search(" " + lead_gap, 0, cue.start())
    set_apart = _SET_APART.fullmatch(lead_gap) is not None
    if (
        lead_gap.strip()
        and not cued
        and not set_apart
        and not _TITLE_GAP.match(lead_gap)
        and not _GENERIC_LEAD.fullmatch(lead_gap)
    ):
        return None
    head_end = head_m.end() if head_m else None
    group, after = _agency_run(text, inside, 0)
    named = _person_after(text, inside, group) if cued else None
    if named is not None:  # "1. Giao Phó Chủ tịch UBND tỉnh Lê Thị Thu Trang ...": the person leads
        group, after = [named], named.end
    after = _subject_end(text, after, own_end)
    if not cued:  # "Đề nghị UBND tỉnh giao Sở Tài chính ...": the one asked is the assignee
        group, after = _handed_on(text, inside, group, after, own_end)
    colon = _COLON_ON_LINE.match(text, after, own_end) if head_m and head_m.end("head") < after else None
    if colon:  # "1. Các sở: Xây dựng, Công Thương ... được giao:": the kind's colon is in the subject
        head_m, head_end = None, colon.end()
    if head_m and _OTHERS_IN_HEAD.fullmatch(text, after, head_m.end("head")):
        after = head_m.end("head")  # "A, B và các thương nhân đầu mối khác: ...": others like them join
    line_end = text.find("\n", after, own_end)
    if line_end >= 0 and not text[after:line_end].strip(" *_#:.\t"):
        head_end = line_end  # "**1. Bộ Y tế**" on its own line heads what follows
    elif (
        line_end >= 0
        and _titled_person_head(text, group, after, line_end)
        # a heading: in capitals, or closed by a colon (a member line "Ông A, Phó Chi cục trưởng - Tổ phó;" is none)
        and (text[label_end:line_end].isupper() or text[after:line_end].rstrip(" *_\t").endswith(":"))
    ):
        head_end = line_end  # "I. ÔNG PHAN VĂN TRÍ - CHỦ TỊCH UBND PHƯỜNG" over his items
    rest = text[after : min(own_end, after + 80)]
    if head_end is None and not cued and not (_LEAD_AFTER.match(rest) or _VERB_NEXT.match(rest)):
        return None
    if not cued and _REPORTED.match(rest):
        return None  # "Sở Y tế đã triển khai ...": a report of what was done, not an assignment
    task = TaskMatch(label=item.label, start=item.start, end=own_end, assignees=[a.name for a in group])
    if head_end is not None and "phối hợp" in text[after:head_end].lower():
        partner_zone_end = head_end  # "X phối hợp với Y: ..." names the partners in its head
    else:  # "X: Chủ trì, phối hợp với Y ..." in its first sentence
        partner_zone_end = _sentence_end(text, head_end or after, own_end)
    task.partners = _partners(text, inside, after, partner_zone_end, task.assignees)
    task.action = _action(text, head_end or after, own_end)
    # "3. Đề nghị UBND tỉnh chỉ đạo Sở X thực hiện các nội dung sau:" passes its items on to Sở X
    task.delegates = _delegates(text, inside, after, _sentence_end(text, after, own_end))
    return task


# A person's title after their name in a head that only names them ("Đồng chí Lê Thị Thu Hương -
# Phó Chủ tịch UBND huyện:", "ÔNG PHAN VĂN TRÍ - CHỦ TỊCH UBND PHƯỜNG").
_PERSON_TITLE_TAIL = re.compile(r"[ \t]*[-–,][ \t]*[^\n:;.]{2,100}?[ \t*_]*:?[ \t*_]*")


def _titled_person_head(text: str, group: list[AgencyMatch], start: int, end: int) -> bool:
    return len(group) == 1 and group[0].level == "person" and _PERSON_TITLE_TAIL.fullmatch(text, start, end) is not None


# Between a subject's agencies and its verb: the places they serve, the collectives joining them
# ("Sở Công Thương các tỉnh, thành phố chủ trì", "... và Thủ trưởng các cơ quan, đơn vị liên quan").
_UNIT_WORDS = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|địa phương)"
_COLLECTIVE_WORDS = (
    r"(?:có tên (?:tại|ở) Điều \d+|cơ quan|đơn vị|tổ chức|cá nhân|địa phương|sở|ban|ngành|đoàn thể|đảng ủy|"
    r"chính trị|xã hội|hội|có|liên quan|trực thuộc|thành viên|tỉnh|huyện|Tỉnh ủy|Trung ương|chủ rừng|"
    r"doanh nghiệp|trường|-|ông(?:\s*\(bà\))?|bà|cán bộ|công chức)"
)
_COLLECTIVE = (
    rf"(?:(?:Thủ trưởng|Lãnh đạo|người đứng đầu|Chủ tịch|Giám đốc)\s+)?(?:các|những)\s+"
    rf"{_COLLECTIVE_WORDS}(?:[\s,]+{_COLLECTIVE_WORDS})*"
)
_PARTY_BRANCHES = r"(?:các\s+)?đảng ủy trực thuộc(?:\s+(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Trung ương))?"
_SUBJECT_TAIL = re.compile(
    rf"(?:\s*(?:của\s+)?các\s+{_UNIT_WORDS}(?:\s*,\s*{_UNIT_WORDS})*(?:\s+trực thuộc(?:\s+Trung ương)?)?)?"
    rf"(?:\s*[,;]?\s*(?:và|cùng)?\s*(?:{_COLLECTIVE}|{_PARTY_BRANCHES}))*"
    r"(?:\s*\([^()\n]{1,80}\))?",  # "Sở Y tế (cơ quan thường trực) chủ trì ..."
    re.IGNORECASE,
)
# A lower-case word after the subject is its verb ("Ủy ban Kiểm tra Tỉnh ủy đưa nội dung ...").
# "Sở Nội vụ báo cáo ... như sau:" introduces the document's own content and assigns nothing.
_OWN_ACT = re.compile(r"\s*(?:báo cáo|xây dựng|ban hành|thông báo|hướng dẫn|trân trọng|kính)\b", re.IGNORECASE)
_VERB_NEXT = re.compile(r"\s*(?:sẽ\s+)?[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]{2,}\b")
# "- Viện A, Viện B: cử cán bộ ...": a bullet's subjects, a colon, their work.
_COLON_VERB = re.compile(rf"[^\S\n]*:{_VERB_NEXT.pattern}")
_REPORTED = re.compile(
    r"\s*(?:đã|đang|vừa|được(?!\s+giao)|bị|chưa|cũng đã|gồm|với|của|tại|trong|về|năm|thì|và|là đơn vị đã)\b",
    re.IGNORECASE,
)


def _subject_end(text: str, pos: int, limit: int) -> int:
    m = _SUBJECT_TAIL.match(text, pos, limit)
    return m.end() if m else pos


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses ending at ".", ";" or a line break (soft breaks are spaces by now: see wraps.py)."""
    return [
        (m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()) for m in _CLAUSE.finditer(text, start, end)
    ]


def _start(a: AgencyMatch) -> int:
    return a.start


def _task_start(t: TaskMatch) -> int:
    return t.start


def _heading_line(text: str, a: AgencyMatch) -> bool:
    line_end = text.find("\n", a.end)
    rest = text[a.end : len(text) if line_end == -1 else line_end]
    return text[a.start : a.end].isupper() and not rest.strip()


def _between(agencies: list[AgencyMatch], start: int, end: int) -> list[AgencyMatch]:
    """The agencies (in text order) that start in [start, end)."""
    return agencies[bisect_left(agencies, start, key=_start) : bisect_left(agencies, end, key=_start)]


def _sentence_task(
    text: str, s: int, e: int, agencies: list[AgencyMatch], limit: int, any_verb: bool = False
) -> TaskMatch | None:
    """A sentence that assigns; its subject may run over ";" ("Chánh Văn phòng UBND tỉnh; Giám đốc
    các Sở: ...; Chủ tịch UBND các huyện chịu trách nhiệm thi hành"), so the task may end after e.
    With `any_verb` (a clause inside an item that assigns) any lower-case verb after the subject
    will do ("...; Sở Thông tin và Truyền thông, Báo tỉnh đẩy mạnh tuyên truyền ...")."""
    first = bisect_left(agencies, s, key=_start)
    if first == len(agencies) or agencies[first].start >= e:
        return None  # no agency in the sentence (most of them): no list to cut
    inside = _between(agencies, s, limit)
    for k, a in enumerate(inside):
        if a.start >= e:
            break
        before = text[max(s, a.start - 40) : a.start]
        group, after = _agency_run(text, inside, k)
        after = _subject_end(text, after, limit)
        cue = _CUE_BEFORE.search(before)
        # ("gửi về Sở ... để tổng hợp, đề nghị Ban Cơ yếu Chính phủ cấp": the writer's purpose)
        cued = cue is not None and not _PURPOSE.search(text, max(s, a.start - 120), a.start - len(before) + cue.start())
        named = _person_after(text, inside, group) if cued else None
        if named is not None:  # "Giao Phó Chủ tịch UBND tỉnh Lê Thị Thu Trang ...": the person leads
            group, after = [named], _subject_end(text, named.end, limit)
        if not cued:
            group, after = _handed_on(text, inside, group, after, limit)
        titled = _PERSON_TITLE_HEAD.match(text, after, limit) if a.level == "person" else None
        if titled:  # "- Đồng chí A, Phó Chủ tịch UBND tỉnh: trực tiếp chỉ đạo ...": the person's work follows
            after = titled.end()
        lead_gap = text[s : a.start]
        leading = (
            not lead_gap.strip(" -+•*\t")
            or _ITEM_PREFIX.fullmatch(lead_gap)
            or _TITLE_GAP.match(lead_gap)
            or _TOPIC.fullmatch(lead_gap)
            or _GENERIC_LEAD.fullmatch(lead_gap)
        )
        # "Sở Tài chính thẩm định ...": a subject and its verb. A body in capitals on a line of
        # its own is a heading (a decision's enacting "ỦY BAN NHÂN DÂN TỈNH" before "Căn cứ").
        subject_led = (
            leading
            and not _heading_line(text, a)
            and (
                titled is not None
                or _RESPONSIBLE.match(text, after, limit)
                or (
                    (
                        _LEAD_AFTER.match(text, after, limit)
                        or (
                            any_verb
                            and (_VERB_NEXT.match(text, after, limit) or _COLON_VERB.match(text, after, limit))
                            and not _OWN_ACT.match(text, after, limit)
                        )
                    )
                    and not _REPORTED.match(text, after, limit)
                    and not (text[s:e].rstrip().endswith(":") and _OWN_ACT.match(text, after, limit))
                )
            )
        )
        if cued or subject_led:
            end = e if after <= e else _sentence_end(text, after, limit)
            # "UBND thành phố tập trung thực hiện các nhiệm vụ sau:" over dash bullets: they are its
            # (a bullet's own lead-in keeps its sub-bullets as they are)
            if text[s:end].rstrip().endswith(":") and not _DASH_BULLET.match(text, s):
                end = _bullets_end(text, end, limit)
            task = TaskMatch(label=None, start=s, end=end, assignees=[g.name for g in group])
            task.partners = _partners(text, inside, after, end, task.assignees)
            task.action = _action(text, after, end)
            task.delegates = _delegates(text, inside, after, end)
            # Directed bodies are no assignees ("X chỉ đạo Y ..." is X's task); a lead-in passes items on to them.
            full_stop = _FULL_STOP.search(text, end - 1, limit)
            task.deadline_end = full_stop.end() if full_stop else limit
            return task
    return None


# "Sở Nông nghiệp và PTNT giao Chi cục Chăn nuôi và Thú y phối hợp ...": the work is handed on.
# "A giao B", "Chủ tịch UBND tỉnh ủy quyền Giám đốc Sở X ...": the head of B stands for B.
_GIVES = re.compile(
    r"[^\S\n]+(?:giao|[uủ]y quyền)(?:[^\S\n]+cho)?[^\S\n]+"
    r"(?:(?:Giám đốc|Chủ tịch|Thủ trưởng|Trưởng|Chánh Văn phòng|Cục trưởng)[^\S\n]+)?"
)


def _person_after(text: str, agencies: list[AgencyMatch], group: list[AgencyMatch]) -> AgencyMatch | None:
    """The person named right after a body, their title's ("Phó Chủ tịch UBND tỉnh Lê Thị Thu Trang")."""
    body = group[0]
    k = bisect_left(agencies, body.end, key=_start)
    if k < len(agencies) and agencies[k].level == "person" and not text[body.end : agencies[k].start].strip():
        return agencies[k]
    return None


def _handed_on(
    text: str, agencies: list[AgencyMatch], group: list[AgencyMatch], after: int, limit: int
) -> tuple[list[AgencyMatch], int]:
    """The bodies a subject gives its work to ("A giao B ..."), else the subject itself."""
    gives = _GIVES.match(text, after)
    if gives is None:
        return group, after
    k = bisect_left(agencies, gives.end(), key=_start)
    if k == len(agencies) or agencies[k].start != gives.end():
        return group, after
    given, end = _agency_run(text, agencies, k)
    return given, _subject_end(text, end, limit)


_DIRECTS = re.compile(r"\bchỉ đạo\s+(?:các\s+)?$", re.IGNORECASE)


def _delegates(text: str, agencies: list[AgencyMatch], after: int, end: int) -> list[str]:
    for k, a in enumerate(agencies):
        if after <= a.start < end and _DIRECTS.search(text, max(after, a.start - 20), a.start):
            return [g.name for g in _agency_run(text, agencies, k)[0]]
    return []


def _agency_run(text: str, agencies: list[AgencyMatch], k: int) -> tuple[list[AgencyMatch], int]:
    """Agencies k, k+1, ... joined only by commas and "và": one group of co-leads."""
    group = [agencies[k]]
    end = agencies[k].end
    if agencies[k].level == "person":  # "đồng chí A, Phó Bí thư Đảng ủy xã": what follows is A's title
        return group, end
    for nxt in islice(agencies, k + 1, None):  # no copy of the rest: the run mostly stops at once
        if _CONNECTOR.match(text[end : nxt.start]):
            group.append(nxt)
            end = nxt.end
        else:
            break
    return _unique(group), end


def _partners(text: str, agencies: list[AgencyMatch], after: int, zone_end: int, leads: list[str]) -> list[str]:
    out: list[str] = []
    for k, a in enumerate(agencies):
        if not (after <= a.start < zone_end):
            continue
        if _PARTNER_CUE.search(text[max(after, a.start - 30) : a.start]):
            group, _ = _agency_run(text, agencies, k)
            out.extend(g.name for g in group if g.name not in leads and g.name not in out)
    return out


# The fields of a plan block, on lines of their own or run together on one ("Đơn vị chủ trì: Sở
# Tài chính. Đơn vị phối hợp: Sở Y tế. Thời gian: Quý II/2019.").
_FIELD_NAME = (
    r"[^\w\n]*(?:(?:cơ quan|đơn vị|bộ phận)\s+)?"
    r"(?P<field>chủ trì|thực hiện|đầu mối|phối hợp|thời gian[^:：\n]{0,30}|thời hạn)\s*[:：]"
)
_PLAN_FIELD_OPENING = re.compile(_FIELD_NAME, re.IGNORECASE)
_PLAN_FIELD_AFTER = re.compile(r"(?<=[.;]\s)" + _FIELD_NAME, re.IGNORECASE)


def _plan_fields(text: str, line: Line) -> list[tuple[str, int, int]]:
    """(role, start, end) of the plan fields on a line: lead, partner or time; [] for other lines."""
    raw = text[line.start : line.end]
    if ":" not in raw and "：" not in raw:
        return []  # every field ends on a colon: most lines are rejected without a regex
    first = _PLAN_FIELD_OPENING.match(text, line.start, line.end)
    if first is None:
        return []  # the first field opens the line
    found = [first, *_PLAN_FIELD_AFTER.finditer(text, first.end(), line.end)]
    fields = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        word = m.group("field").lower()
        role = "partner" if word == "phối hợp" else "time" if word.startswith("thời") else "lead"
        fields.append((role, m.end(), nxt.start() if nxt else line.end))
    return fields


_TIME_WORDS = re.compile(r"thời (?:gian|hạn)", re.IGNORECASE)


def plan_field_times(text: str, lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the time fields of plan blocks ("Thời gian: Quý II/2019" after "Đơn vị chủ trì:
    ..."): their dates are deadlines, as a plan table's time cells are. A bare "Thời gian:" counts
    only on a line, or right after lines, that name a lead or partners."""
    spans: list[tuple[int, int]] = []
    if not _TIME_WORDS.search(text, start, end):
        return spans  # most documents have no time field: one scan in C rather than one per line
    seen_plan = -10
    for k, line in enumerate(lines):
        if not (start <= line.start < end) or line.is_table:
            continue
        fields = _plan_fields(text, line)
        if any(role != "time" for role, *_ in fields):
            seen_plan = k
        if k - seen_plan <= 2:
            spans.extend((s, e) for role, s, e in fields if role == "time")
    return spans


def _plan_lines(
    text: str, items: list[Item], lines: list[Line], body_start: int, body_end: int, agencies: list[AgencyMatch]
) -> list[TaskMatch]:
    """ "Cơ quan chủ trì: X" / "Cơ quan phối hợp: Y" fields, one task per outline item."""
    by_item: dict[int, TaskMatch] = {}
    for line in lines:
        if not (body_start <= line.start < body_end) or line.is_table:
            continue
        for role, start, end in _plan_fields(text, line):
            if role == "time":
                continue
            names = _unique(_between(agencies, start, end))
            holder = _innermost(items, line.start)
            key = holder.start if holder else line.start
            task = by_item.get(key)
            if task is None:
                task_start = holder.start if holder else line.start
                task_end = holder.end if holder else line.end
                task = by_item[key] = TaskMatch(label=holder.label if holder else None, start=task_start, end=task_end)
            target = task.assignees if role == "lead" else task.partners
            target.extend(a.name for a in names if a.name not in target)
    return [t for t in by_item.values() if t.assignees]


def _table_tasks(
    text: str, lines: list[Line], body_start: int, body_end: int, agencies: list[AgencyMatch]
) -> list[TaskMatch]:
    """Rows of a plan table whose heading row names "chủ trì" / "phối hợp" / "thời gian" columns."""
    tasks: list[TaskMatch] = []
    for line, cells, columns in _plan_rows(lines, body_start, body_end):
        if len(cells) <= columns["lead"]:
            continue
        lead_cell = cells[columns["lead"]]
        names = _unique([a for a in agencies if lead_cell.start <= a.start < lead_cell.end])
        if not names:
            continue
        task = TaskMatch(label=_row_label(cells), start=line.start, end=line.end, assignees=[a.name for a in names])
        if "partner" in columns and len(cells) > columns["partner"]:
            cell = cells[columns["partner"]]
            task.partners = [a.name for a in _unique([a for a in agencies if cell.start <= a.start < cell.end])]
        tasks.append(task)
    return tasks


def plan_time_cells(lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the "Thời gian (hoàn thành)" cells of plan tables: their dates are deadlines."""
    return [
        (cells[columns["time"]].start, cells[columns["time"]].end)
        for _, cells, columns in _plan_rows(lines, start, end)
        if "time" in columns and len(cells) > columns["time"]
    ]


# Heading words of the columns a plan table is read by (pipe, tab-separated and fixed-width tables),
# in the order a heading is tried: "Thời gian thực hiện" is the time column, "Đơn vị thực hiện" the lead.
PLAN_COLUMN_WORDS = (
    ("time", "thời gian"),
    ("time", "thời hạn"),
    ("partner", "phối hợp"),
    ("lead", "chủ trì"),
    ("lead", "thực hiện"),
    ("lead", "đầu mối"),
)


def plan_column_roles(heads: list[str]) -> dict[str, int]:
    """The first column of each role (lead, partner, time) among lower-case headings; each
    heading takes the first role whose word it holds."""
    roles: dict[str, int] = {}
    for j, head in enumerate(heads):
        role = next((role for role, word in PLAN_COLUMN_WORDS if word in head), None)
        if role is not None and role not in roles:
            roles[role] = j
    return roles


def _plan_rows(lines: list[Line], start: int, end: int):
    """(line, cells, column roles) for the rows under a plan table's heading row; tables are pipe
    tables or rows of three or more cells (tab-separated or flattened columns)."""
    columns: dict[str, int] | None = None
    for line in lines:
        if not (start <= line.start < end):
            continue
        cells = [f for f in line.fragments if f.text]
        # A table opens with a heading row of three or more cells; a group row ("I | Công tác
        # chỉ đạo") inside it has fewer and does not close it.
        if not (line.is_table or len(cells) >= 3 or (columns is not None and len(cells) == 2)):
            columns = None
            continue
        found = plan_column_roles([c.text.lower() for c in cells])
        if "lead" in found and len(found) >= 2:
            columns = found
            continue
        if columns is not None:
            yield line, cells, columns


def _row_label(cells) -> str | None:
    first = cells[0].text.strip().rstrip(".")
    return first if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ]", first) else None


def _unique(agencies: list[AgencyMatch]) -> list[AgencyMatch]:
    seen: set[str] = set()
    out = []
    for a in agencies:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def _label_end(text: str, item: Item) -> int:
    m = _label_re(item.label).match(text[item.start : item.start + 40])
    return item.start + (m.end() if m else 0)


@lru_cache(maxsize=1024)  # labels repeat ("1", "a", "II"): compiled once each, not looked up per item
def _label_re(label: str) -> re.Pattern[str]:
    return re.compile(r"\s*(?:[#>*]+\s*)?" + re.escape(label) + r"\s*[.:)\-/]?\s*")


def _innermost(items: list[Item], pos: int) -> Item | None:
    holder = None
    for item in items:
        if item.start <= pos < item.end and (holder is None or item.level >= holder.level):
            holder = item
    return holder


def _label_at(items: list[Item], pos: int) -> str | None:
    holder = _innermost(items, pos)
    return holder.label if holder else None


_FULL_STOP = re.compile(r"\.(?!\d)|\n\s*\n|\n(?=\s*(?:[-+•]|\d{1,2}[.)]|[a-zđ]\)))")
_CLAUSE_END = re.compile(r"[.;\n]")


def _sentence_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _action(text: str, pos: int, limit: int) -> str | None:
    words = text[pos : min(limit, _sentence_end(text, pos, limit))].strip(" ,:;-").split()
    return " ".join(words[:14]) or None
