"""档号 (archival codes) from a template, and 件号 numbering per year + retention + 机构 class.

A 件号 is never reused silently: item_counters remembers the highest number ever given in a
class, so a deleted document leaves a gap. Renumbering is an explicit plan (old → new) that the
caller shows before applying it. The unique indexes on archive_code and (year, retention, org,
item_no) make duplicates impossible even if this code had a bug.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from core.collation import pinyin_key
from core.errors import ArchiveError
from core.models import RETENTIONS

TEMPLATES = {
    "DA/T 22-2015": "{fonds}-WS·{year}-{retention}-{org}-{item:04d}",
    "DA/T 13-2022": "{fonds}-WS·{year}·{retention}·{org}-{item:04d}",
}
ORDERS = ("date", "title", "id")
RETENTION_LABELS = {code: label for label, code in RETENTIONS.items()}
_ALIASES = {"定期30年": "D30", "定期10年": "D10", "长期": None, "短期": None}
_BLANK = "\x00"  # stands for an empty segment while the template is rendered
_SEPARATORS = "-·.．_ "


def retention_code(value: str | None) -> str | None:
    """'永久' / 'Y' / '定期30年' → 'Y' / 'D30' …; None when it is missing or unknown."""
    text = (value or "").strip()
    if text in RETENTIONS:
        return RETENTIONS[text]
    if text.upper() in RETENTION_LABELS:
        return text.upper()
    return _ALIASES.get(text)


def render_code(
    template: str, *, fonds: str, year: int, retention: str, org: str, item: int
) -> str:
    """One 档号; an empty 全宗号 or 机构 is left out together with its separator."""
    values = {
        "fonds": (fonds or "").strip() or _BLANK,
        "year": year,
        "retention": retention,
        "org": (org or "").strip() or _BLANK,
        "item": item,
    }
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError) as e:
        raise ArchiveError(f"档号模板无法使用：{template}（{e}）") from e
    seps = re.escape(_SEPARATORS)
    text = re.sub(f"[{seps}]{_BLANK}", "", text)  # "-\0" in the middle or at the end
    return re.sub(f"{_BLANK}[{seps}]?", "", text)  # "\0-" at the start


def check_template(template: str) -> str:
    """Raise ArchiveError unless the template names year, retention and item; return a sample."""
    missing = [k for k in ("{year", "{retention", "{item") if k not in template]
    if missing:
        raise ArchiveError("档号模板必须包含 {year}、{retention} 和 {item:04d}")
    return render_code(template, fonds="Z109", year=2011, retention="Y", org="BGS", item=1)


@dataclass
class CodeChange:
    """One document's 件号/档号 before and after a plan."""

    id: int
    title: str
    year: int | None
    retention: str | None
    org: str
    old_item: int | None
    new_item: int | None
    old_code: str | None
    new_code: str | None
    new_retention: str | None = None  # the standard label when the stored one was an alias


@dataclass
class CodePlan:
    """What an assignment or renumbering will change (shown before it is applied)."""

    kind: str  # assign | renumber
    changes: list[CodeChange] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "applied": self.applied,
            "changes": [asdict(c) for c in self.changes],
            "skipped": self.skipped,
            "notes": self.notes,
        }


def _class_of(row: dict) -> tuple[int, str, str] | None:
    code = retention_code(row["retention"])
    if row["year"] is None or code is None:
        return None
    return (int(row["year"]), code, (row["org"] or "").strip())


def _order_key(order: str):
    if order not in ORDERS:
        raise ArchiveError(f"排序方式应为 {'/'.join(ORDERS)}，而不是“{order}”")
    if order == "title":
        return lambda r: (pinyin_key(r["title"] or ""), r["id"])  # the order of a dictionary
    if order == "id":
        return lambda r: r["id"]
    return lambda r: (r["date"] or "9999", r["id"])  # undated documents go last


def _used_numbers(store) -> dict[tuple, int]:
    """Highest 件号 per class: what the counters remember and what any document holds."""
    high = dict(store.item_counters())
    for r in store.code_rows("numbered"):
        key = _class_of(r)
        if key:
            high[key] = max(high.get(key, 0), r["item_no"])
    return high


def _skipped(row: dict, reason: str | None = None) -> dict:
    """A document a plan leaves alone, with the reason a clerk reads."""
    if reason is None:
        if row["year"] is None:
            reason = "缺少年度"
        elif not (row["retention"] or "").strip():
            reason = "缺少保管期限"
        else:
            reason = f"保管期限无法识别：{row['retention']}"
    return {"id": row["id"], "title": row["title"], "reason": reason}


class _Coder:
    """Renders 档号 with the archive's template and 全宗号."""

    def __init__(self, settings):
        self.template = settings["code_template"]
        self.fonds = settings["fonds_code"]

    def code(self, cls: tuple[int, str, str], item: int) -> str:
        year, retention, org = cls
        return render_code(
            self.template, fonds=self.fonds, year=year, retention=retention, org=org, item=item
        )


def plan_assignment(store, settings, *, years=None, ids=None, order: str = "date") -> CodePlan:
    """Numbers for live documents without a 件号, and codes for those that lack one."""
    key = _order_key(order)
    coder, plan = _Coder(settings), CodePlan("assign")
    if not (coder.fonds or "").strip():
        plan.notes.append("未设置全宗号：档号中省略了全宗号（可在设置中填写）")
    rows = [r for r in store.code_rows("live") if _wanted(r, years, ids)]
    taken = {r["archive_code"] for r in store.code_rows("coded")}
    high = _used_numbers(store)
    for row in sorted(rows, key=key):
        if row["archive_code"]:
            if row["item_no"] is None:  # typed by hand: never overwritten silently
                plan.skipped.append(_skipped(row, "已有档号（手工填写），未改动"))
            continue  # already coded; only a renumbering or recoding changes it
        cls = _class_of(row)
        if cls is None:
            plan.skipped.append(_skipped(row))
        elif row["item_no"] is not None:  # numbered by hand: only the code is missing
            _code_for_hand_number(plan, row, cls, coder, taken)
        else:
            item, code = _next_free(cls, coder, high, taken)
            taken.add(code)
            plan.changes.append(_change(row, cls, item, code))
    return plan


def _code_for_hand_number(plan: CodePlan, row: dict, cls, coder: _Coder, taken: set) -> None:
    """The 档号 of a document whose 件号 was typed by hand, unless that 档号 is taken."""
    code = coder.code(cls, row["item_no"])
    if code in taken:
        plan.skipped.append(_skipped(row, f"档号已被占用：{code}"))
        return
    taken.add(code)
    plan.changes.append(_change(row, cls, row["item_no"], code))


def _next_free(cls, coder: _Coder, high: dict, taken: set) -> tuple[int, str]:
    """The class's next 件号, skipping numbers whose 档号 someone typed by hand elsewhere."""
    while True:
        high[cls] = item = high.get(cls, 0) + 1
        code = coder.code(cls, item)
        if code not in taken:
            return item, code


def plan_recode(store, settings, *, years=None, ids=None) -> CodePlan:
    """New 档号 from the current template for numbered documents; 件号 stay as they are."""
    coder, plan = _Coder(settings), CodePlan("recode")
    rows = [r for r in store.code_rows("numbered") if _wanted(r, years, ids)]
    for row in sorted(rows, key=lambda r: r["id"]):
        cls = _class_of(row)
        if cls is None:
            plan.skipped.append(_skipped(row))
            continue
        code = coder.code(cls, row["item_no"])
        if code != row["archive_code"]:
            plan.changes.append(_change(row, cls, row["item_no"], code))
    return plan


def plan_renumber(
    store, settings, *, year: int, retention: str, org: str = "", order: str = "date"
) -> CodePlan:
    """Renumber one class 1…n in the chosen order (closing gaps); trashed documents lose theirs."""
    code = retention_code(retention)
    if code is None:
        raise ArchiveError(f"保管期限无法识别：{retention}")
    cls = (int(year), code, (org or "").strip())
    coder = _Coder(settings)
    members = [r for r in store.code_rows("year", cls[0]) if _class_of(r) == cls]
    live = sorted((r for r in members if r["deleted_at"] is None), key=_order_key(order))
    plan = CodePlan("renumber")
    for n, row in enumerate(live, start=1):
        new = coder.code(cls, n)
        if (row["item_no"], row["archive_code"]) != (n, new):
            plan.changes.append(_change(row, cls, n, new))
    for row in members:
        if row["deleted_at"] is not None and (row["item_no"] is not None or row["archive_code"]):
            plan.changes.append(_change(row, cls, None, None))
            plan.notes.append(f"回收站中的“{row['title']}”将失去件号 {row['item_no']}")
    return plan


def apply_plan(store, plan: CodePlan) -> CodePlan:
    """Write a plan in one transaction; refuse it if any document changed since it was made."""
    with store.transaction():
        for c in plan.changes:
            if store.current_code(c.id) != (c.old_item, c.old_code):
                raise ArchiveError("档号方案已过期（文件在此期间被修改），请重新生成后再应用")
        store.set_codes([(c.id, _new_fields(c)) for c in plan.changes])
        for c in plan.changes:
            numbers = {
                "item_no": [c.old_item, c.new_item],
                "archive_code": [c.old_code, c.new_code],
            }
            store.audit("code", c.id, numbers)
        for cls, peak in _peaks(plan).items():
            store.set_item_counter(cls, peak, lower=plan.kind == "renumber")
    plan.applied = True
    return plan


def assign(
    store, settings, *, years=None, ids=None, order: str = "date", dry_run: bool = False
) -> CodePlan:
    """Plan and (unless dry_run) apply in one transaction, so an import cannot slip between."""
    with store.transaction():
        plan = plan_assignment(store, settings, years=years, ids=ids, order=order)
        if not dry_run and plan.changes:
            apply_plan(store, plan)
    return plan


def _new_fields(c: CodeChange) -> dict:
    fields = {"item_no": c.new_item, "archive_code": c.new_code}
    if c.new_retention:
        fields["retention"] = c.new_retention
    return fields


def _peaks(plan: CodePlan) -> dict[tuple, int]:
    """The highest new 件号 of each class the plan numbers."""
    peaks: dict[tuple, int] = {}
    for c in plan.changes:
        if c.new_item is not None:
            key = (c.year, retention_code(c.new_retention or c.retention), c.org)
            peaks[key] = max(peaks.get(key, 0), c.new_item)
    return peaks


def _change(row: dict, cls: tuple, item, code) -> CodeChange:
    label = RETENTION_LABELS[cls[1]]
    return CodeChange(
        id=row["id"],
        title=row["title"],
        year=cls[0],
        retention=row["retention"],
        org=cls[2],
        old_item=row["item_no"],
        new_item=item,
        old_code=row["archive_code"],
        new_code=code,
        new_retention=label if (row["retention"] or "").strip() != label else None,
    )


def _wanted(row: dict, years, ids) -> bool:
    if ids is not None and row["id"] not in ids:
        return False
    if years is not None:
        lo, hi = (years, years) if isinstance(years, int) else years
        return row["year"] is not None and lo <= row["year"] <= hi
    return True
