"""Spreadsheets of the commune's records (.xlsx, openpyxl): the export of a record table as the window
shows it, and the import of individuals, households, collectives and indicators.

Import in three steps: ``read_for_import`` (refuses files that are not .xlsx, have no header row, have
merged cells or too many rows, with a plain message), then ``check_import`` with the officer's column
mapping (every row's problems: CCCD, dates, duplicates, missing fields), then ``commit_import``: all rows
in one transaction, or none. Writing a sheet is ``desktop.reports.xlsx`` (rendering only).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.app import import_guard as guard
from desktop.app import import_match as match
from desktop.core import choices as C
from desktop.reports.xlsx import Progress, col_letter, unguard, write_table
from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.text import fold, nfc, one_line, text_problem

MAX_ROWS = 100_000


# --------------------------------------------------------------------------- export

EXPORT_ALIASES = {"individuals": "person", "households": "household", "collectives": "collective",
                  "indicators": "indicator"}


def export_kind(db, kind_key: str, path: Path, search: str = "", progress: Progress | None = None,
                sort_column: int | None = None, descending: bool = False, deleted: bool = False) -> int:
    """Export the rows of a record kind as the window's table shows them: its search, and its sort
    (column counted from 1, as Records.list_rows; None: the kind's default order); ``deleted``: the
    rows of its recycle bin instead of the live ones."""
    from desktop.core.records import KINDS, Records, columns_of

    if kind_key not in KINDS:
        raise UserError(tr("Không có bảng “{table}”. Các bảng: {tables}.").format(table=kind_key, tables=", ".join(KINDS)))
    k = KINDS[kind_key]
    rec = Records(db.session)
    rows = rec.list_rows(kind_key, search, sort_column, descending, deleted=deleted, export=True)
    columns = columns_of(k, export=True)
    headers = [c.label for c in columns]
    widths = [max(8, min(45, (c.width or 12) + 2)) for c in columns]
    ws = db.workspace()
    bin_note = " (thùng rác: các bản ghi đã xóa)" if deleted else ""  # i18n: keep (title line of the Excel file)
    title = [f"{ws.unit_name if ws else ''} – {k.label}{bin_note}",
             f"Xuất ngày {dt.date.today():%d/%m/%Y}, {len(rows)} dòng"]  # i18n: keep (title lines of the Excel file)
    texts = [i for i, c in enumerate(columns) if getattr(c.expr, "key", None) in TEXT_FIELDS]
    return write_table(path, headers, (_typed_row(columns, r) for r in rows), sheet=k.label,
                       title_lines=title, widths=widths, progress=progress, total=len(rows), text_columns=texts)


TEXT_FIELDS = ("cccd", "phone")     # digits that are not numbers: leading zeros, "+84"


def _typed_row(columns, row: Sequence[Any]) -> list[Any]:
    """One exported row: dates stay dates and whole numbers numbers (Excel sorts and sums them); the
    rest as the window's table shows it (choice labels, not codes)."""
    out: list[Any] = []
    for c, v in zip(columns, row[1:], strict=True):
        typed = (c.kind == "date" and isinstance(v, dt.date)
                 or c.kind == "int" and isinstance(v, int) and not isinstance(v, bool))
        out.append(v if typed else c.display(v))
    return out


# --------------------------------------------------------------------------- import: specs


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSpec:
    key: str           # "individuals"
    kind: str          # record kind: "person"
    label: str         # "cá nhân" (the window compares it with the record kind's label and shows that)
    fields: tuple[ImportField, ...]


IMPORT_KINDS: dict[str, ImportSpec] = {
    "individuals": ImportSpec("individuals", "person", "cá nhân", (  # i18n: keep (matched against the kind label)
        ImportField("full_name", QT_TR_NOOP("Họ và tên"), True, ("ho ten", "ho va ten", "ten", "full name")),
        ImportField("sex", QT_TR_NOOP("Giới tính"), True, ("gioi", "phai", "nam/nu")),
        ImportField("birth_date", QT_TR_NOOP("Ngày sinh"), False, ("ngay thang nam sinh", "sinh ngay", "ngay sinh")),
        ImportField("cccd", QT_TR_NOOP("Số CCCD"), False, ("cccd", "can cuoc", "so dinh danh", "cmnd", "so cccd")),
        ImportField("category", QT_TR_NOOP("Thành phần"), False, ("thanh phan", "doi tuong")),
        ImportField("position", QT_TR_NOOP("Chức vụ, nghề nghiệp"), False, ("chuc vu", "nghe nghiep", "chuc danh")),
        ImportField("collective", QT_TR_NOOP("Đơn vị / thôn"), False, ("don vi", "thon", "to dan pho", "co quan", "noi cong tac")),
        ImportField("phone", QT_TR_NOOP("Điện thoại"), False, ("dien thoai", "so dien thoai", "sdt")),
        ImportField("note", QT_TR_NOOP("Ghi chú"), False, ("ghi chu",)),
        # added with migration 0010; a sheet without these columns still imports (the values stay empty)
        ImportField("hired_on", QT_TR_NOOP("Ngày tuyển dụng"), False, ("ngay tuyen dung", "tuyen dung", "ngay vao lam")),
        ImportField("qualification", QT_TR_NOOP("Trình độ chuyên môn"), False,
                    ("trinh do chuyen mon", "trinh do", "chuyen mon")),
        ImportField("home_town", QT_TR_NOOP("Quê quán"), False, ("que quan", "nguyen quan")),
        ImportField("residence", QT_TR_NOOP("Nơi ở hiện nay"), False,
                    ("noi o hien nay", "noi o", "cho o hien nay", "tru quan", "noi thuong tru")),
    )),
    "households": ImportSpec("households", "household", "hộ gia đình", (  # i18n: keep (matched against the kind label)
        ImportField("head_name", QT_TR_NOOP("Chủ hộ"), True, ("chu ho", "ho ten chu ho", "ten chu ho")),
        ImportField("village", QT_TR_NOOP("Thôn, tổ dân phố"), True, ("thon", "to dan pho", "thon, to dan pho")),
        ImportField("address", QT_TR_NOOP("Địa chỉ"), False, ("dia chi",)),
        ImportField("members", QT_TR_NOOP("Số nhân khẩu"), False, ("nhan khau", "so nhan khau", "so nguoi")),
        ImportField("phone", QT_TR_NOOP("Điện thoại"), False, ("dien thoai", "so dien thoai", "sdt")),
        ImportField("note", QT_TR_NOOP("Ghi chú"), False, ("ghi chu",)),
    )),
    "collectives": ImportSpec("collectives", "collective", "tập thể", (  # i18n: keep (matched against the kind label)
        ImportField("name", QT_TR_NOOP("Tên tập thể"), True, ("ten tap the", "ten don vi", "don vi", "tap the")),
        ImportField("kind", QT_TR_NOOP("Loại"), True, ("loai", "loai tap the", "loai hinh")),
        ImportField("leader_name", QT_TR_NOOP("Người đứng đầu"), False, ("nguoi dung dau", "thu truong", "truong thon")),
        ImportField("address", QT_TR_NOOP("Địa chỉ"), False, ("dia chi",)),
        ImportField("phone", QT_TR_NOOP("Điện thoại"), False, ("dien thoai", "so dien thoai", "sdt")),
        ImportField("note", QT_TR_NOOP("Ghi chú"), False, ("ghi chu",)),
        # added with migration 0010; without these columns every collective is active
        ImportField("status", QT_TR_NOOP("Tình trạng"), False, ("tinh trang", "trang thai")),
        ImportField("ended_on", QT_TR_NOOP("Ngày giải thể, sáp nhập"), False,
                    ("ngay giai the, sap nhap", "ngay giai the", "ngay sap nhap", "ngay ket thuc")),
        ImportField("merged_into", QT_TR_NOOP("Sáp nhập vào"), False, ("sap nhap vao", "nhap vao")),
    )),
    # the indicator table as the app exports it reads back; values: Excel numbers, or text written the
    # Vietnamese way ("12,5", "1.234"), a range only under a target the plan states as a range
    "indicators": ImportSpec("indicators", "indicator", "chỉ tiêu", (  # i18n: keep (matched against the kind label)
        ImportField("year", QT_TR_NOOP("Năm"), True, ("nam", "nam ke hoach")),
        ImportField("target_code", QT_TR_NOOP("Mục tiêu của tỉnh"), True,
                    ("muc tieu", "thuoc muc tieu cua tinh", "ma muc tieu", "muc tieu so")),
        ImportField("period", QT_TR_NOOP("Kỳ"), True, ("ky", "ky bao cao")),
        ImportField("name", QT_TR_NOOP("Chỉ tiêu của xã"), True, ("chi tieu", "ten chi tieu")),
        ImportField("unit", QT_TR_NOOP("Đơn vị tính"), False, ("don vi tinh", "dvt")),
        ImportField("target_value", QT_TR_NOOP("Kế hoạch"), False, ("ke hoach", "chi tieu ke hoach")),
        ImportField("actual_value", QT_TR_NOOP("Thực hiện"), False, ("thuc hien", "ket qua thuc hien")),
        ImportField("note", QT_TR_NOOP("Ghi chú"), False, ("ghi chu",)),
    )),
}


@dataclass
class ImportPlan:
    spec: ImportSpec
    path: Path
    headers: list[str]
    rows: list[list[Any]]               # raw cell values under the header
    header_row: int                     # 1-based sheet row of the header
    mapping: dict[str, int | None] = field(default_factory=dict)   # field -> column index

    def row_number(self, i: int) -> int:
        return self.header_row + 1 + i


# --------------------------------------------------------------------------- import: reading


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    # a text this app exported: its formula guard (reports.xlsx.safe_cell) taken off, so a round trip
    # stores what was exported ("'+84912…" is "+84912…" again)
    return unguard(nfc(str(v))) if isinstance(v, str) else nfc(str(v))


def _looks_like_data(v: Any) -> bool:
    if isinstance(v, (int, float, dt.date, dt.datetime)):
        return True
    t = _cell_text(v).replace(" ", "")
    return bool(t) and (t.isdigit() or any(ch.isdigit() for ch in t) and "/" in t)


def auto_mapping(spec: ImportSpec, headers: Sequence[str]) -> dict[str, int | None]:
    """Field -> column guessed from the header labels (accent-free, case-free)."""
    keys = [fold(h) for h in headers]
    out: dict[str, int | None] = {}
    used: set[int] = set()
    for f in spec.fields:
        cands = [fold(f.label), *f.aliases]
        idx = next((i for i, k in enumerate(keys) if i not in used and k in cands), None)
        if idx is None:
            idx = next((i for i, k in enumerate(keys) if i not in used and k and any(k.startswith(c) for c in cands)),
                       None)
        out[f.name] = idx
        if idx is not None:
            used.add(idx)
    return out


_BLANK: tuple[Any, ...] = ()
HEADER_ROWS = 30     # the header is looked for in the first rows


def _read_rows(ws, spec: ImportSpec):
    """(header, its row number, the first non-blank row, the rows under the header): the header is the
    first row naming at least two known columns; blank rows are kept (as one shared empty row) so row
    numbers stay those of the sheet; at most ``guard.MAX_COLUMNS`` columns of each row are read."""
    rows: list[Any] = []
    header: list[Any] | None = None
    first: tuple[int, list[Any]] | None = None
    header_row = 0
    data = 0
    for r_i, row in enumerate(ws.iter_rows(values_only=True, max_col=guard.MAX_COLUMNS), start=1):
        blank = all(v is None or _cell_text(v) == "" for v in row)
        if header is None:
            if r_i > HEADER_ROWS:
                break
            if blank:
                continue
            first = first or (r_i, list(row))
            found = auto_mapping(spec, [_cell_text(v) for v in row])
            if sum(v is not None for v in found.values()) >= 2:
                header, header_row = list(row), r_i
                while header and _cell_text(header[-1]) == "":
                    header.pop()
            continue
        if blank:
            rows.append(_BLANK)
            continue
        data += 1
        if data > MAX_ROWS:
            raise UserError(tr("Tệp có hơn {limit} dòng dữ liệu; phần mềm chỉ nhập tối đa {limit} "
                               "dòng một lần. Hãy chia tệp thành nhiều tệp nhỏ hơn.")
                            .format(limit=group(MAX_ROWS)))
        rows.append(list(row[:len(header)]))  # cells right of the header have no column
    while rows and rows[-1] is _BLANK:
        rows.pop()
    return header, header_row, first, rows


def read_for_import(path: Path, spec: ImportSpec) -> ImportPlan:
    """Read the first sheet. Its header is the first row naming the columns (title lines above it,
    merged or not, are skipped). Refuses with a message the officer can act on: not an .xlsx, merged
    cells in the table, no header row, more than 100,000 rows, parts too large."""
    path = Path(path)
    if not path.is_file():
        raise UserError(tr("Không tìm thấy tệp {path}.").format(path=path))
    if not zipfile.is_zipfile(path):
        raise UserError(tr("Tệp {file} không phải là tệp Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp bị "
                           "hỏng). Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (*.xlsx)”.").format(file=path.name))
    from openpyxl import load_workbook

    guard.check_parts(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        raise UserError(tr("Tệp {file} không đọc được như một tệp Excel .xlsx. Hãy mở bằng Excel và lưu lại "
                           "dưới dạng “Excel Workbook (*.xlsx)”.").format(file=path.name)) from None
    try:
        if not wb.worksheets:
            raise UserError(tr("Tệp {file} không có trang tính nào.").format(file=path.name))
        ws = wb.worksheets[0]
        merges = guard.merged_ranges(path, getattr(ws, "_worksheet_path", "") or "")
        ws.reset_dimensions()  # the dimension the file claims (A1:XFD1048576) is not read as rows
        header, header_row, first, rows = _read_rows(ws, spec)
    finally:
        wb.close()
    if header is not None:
        guard.refuse_merges_in_table(ws.title, merges, header_row)
    if first is None:
        raise UserError(tr("Trang tính “{sheet}” trống: không có dòng tiêu đề và không có dữ liệu.").format(sheet=ws.title))
    if header is None:
        r_i, row = first
        example = ", ".join(f"“{tr(f.label)}”" for f in spec.fields[:4])
        if sum(_looks_like_data(h) for h in row):
            text = tr("Không tìm thấy dòng tiêu đề cột (dòng {row} có vẻ là dữ liệu). Dòng đầu tiên của bảng phải là "
                      "tên các cột, ví dụ {example}.")
        else:
            text = tr("Không tìm thấy dòng tiêu đề cột (dòng {row} không có tên cột nào quen thuộc). Dòng đầu tiên "
                      "của bảng phải là tên các cột, ví dụ {example}.")
        raise UserError(text.format(row=r_i, example=example))
    headers = [_cell_text(h) for h in header]
    mapping = auto_mapping(spec, headers)
    if not rows:
        raise UserError(tr("Tệp {file} chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.").format(file=path.name))
    return ImportPlan(spec=spec, path=path, headers=headers, rows=rows, header_row=header_row, mapping=mapping)


# --------------------------------------------------------------------------- import: checking


@dataclass
class RowProblem:
    row: int          # sheet row number
    field: str        # field label (Vietnamese, shown through tr), or "" for the whole row
    message: str
    blocking: bool = True


@dataclass
class ImportPreview:
    plan: ImportPlan
    rows: list[tuple[int, dict[str, Any]]]          # (sheet row, values ready for the model): the new rows
    problems: list[RowProblem]
    update: bool = False                            # "thêm mới và cập nhật": rows of stored records update them
    updates: list[match.RowUpdate] = field(default_factory=list)
    unchanged: int = 0                              # rows of stored records with nothing new (or skipped)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.blocking]

    def problems_by_row(self) -> dict[int, list[RowProblem]]:
        out: dict[int, list[RowProblem]] = {}
        for p in self.problems:
            out.setdefault(p.row, []).append(p)
        return out

    def summary(self) -> str:
        text = tr("Tệp {file}: {rows} dòng dữ liệu; {valid} dòng thêm mới, {updated} dòng cập nhật, {same} dòng đã có "
                  "({what}), {bad} dòng lỗi, {warnings} cảnh báo.")
        return text.format(file=self.plan.path.name, rows=sum(1 for r in self.plan.rows if r), valid=len(self.rows),
                           updated=len(self.updates), same=self.unchanged,
                           what=tr("không thay đổi") if self.update else tr("bỏ qua"),
                           bad=len({p.row for p in self.errors}), warnings=len(self.warnings))

    def change_lines(self) -> list[str]:
        """One line per updated record: what each changed field was and becomes."""
        return [tr("Dòng {row} – cập nhật {record}: {changes}").format(row=u.row, record=u.label, changes="; ".join(
            f"{tr(c.label)}: {c.old} → {c.new}" for c in u.shown)) for u in self.updates]

    def problem_lines(self) -> list[str]:
        lines = []
        for p in sorted(self.problems, key=lambda x: (x.row, not x.blocking)):
            tag = tr("Lỗi") if p.blocking else tr("Cảnh báo")
            if p.field:
                line = tr("Dòng {row} – {field}: {kind}: {message}").format(
                    row=p.row, field=tr(p.field), kind=tag, message=p.message)
            else:
                line = tr("Dòng {row}: {kind}: {message}").format(row=p.row, kind=tag, message=p.message)
            lines.append(line)
        return lines

    def report_lines(self) -> list[str]:
        return [self.summary(), *("  " + x for x in self.problem_lines()), *("  " + x for x in self.change_lines())]


def _choice_code(choices: Sequence[tuple[str, str]], text: str) -> str | None:
    key = fold(text)
    for code, label in choices:
        if key in (fold(code), fold(label)):
            return code
    if choices is C.SEX and key in ("nu", "n"):
        return "nu"
    return None


def check_import(db, plan: ImportPlan, progress: Progress | None = None, update: bool = False) -> ImportPreview:
    """Validate every row with the record rules; nothing is written. A row of a record already stored
    (desktop.app.import_match) is skipped, or with ``update`` checked as an edit of that record."""
    from sqlalchemy import select

    from desktop.core.records import Records
    from desktop.store.models import Collective

    spec = plan.spec
    rec = Records(db.session)
    missing = [f.label for f in spec.fields if f.required and plan.mapping.get(f.name) is None]
    if missing:
        raise UserError(tr("Chưa chọn cột cho: {columns}. Hãy ghép cột trong bước ghép cột.")
                        .format(columns=", ".join(tr(m) for m in missing)))
    out = ImportPreview(plan=plan, rows=[], problems=[], update=update)
    with db.session() as s:
        collectives = {fold(n): (i, k) for i, n, k in s.execute(
            select(Collective.id, Collective.name, Collective.kind).where(Collective.deleted_at.is_(None)))}
        existing = match.Existing(s, spec.kind)
        in_file = _file_collectives(plan) if spec.kind == "collective" else {}
        seen: dict[Any, int] = {}
        claimed: dict[int, int] = {}     # stored record -> the sheet row that is it
        total = len(plan.rows)
        for i, raw_row in enumerate(plan.rows):
            if all(v is None or _cell_text(v) == "" for v in raw_row):
                continue
            _check_row(rec, s, out, plan.row_number(i), raw_row, (collectives, existing, in_file, seen, claimed))
            if progress and i % 200 == 0:
                progress(i, total)
    if progress:
        progress(len(plan.rows), len(plan.rows))
    return out


def _check_row(rec, s, out: ImportPreview, rn: int, raw_row: list[Any], state: tuple) -> None:
    """One sheet row: its problems, and the new record or the update it is."""
    collectives, existing, in_file, seen, claimed = state
    plan, spec = out.plan, out.plan.spec
    row_problems: list[RowProblem] = []
    raw, bad_cells = _row_cells(plan, raw_row, rn, row_problems)
    values_in = _prepare(spec, raw, collectives, rn, row_problems)
    read_problems = list(row_problems)
    values, errors, warnings = rec.clean(spec.kind, values_in, None, s) if spec.kind != "person" else \
        _clean_person(rec, values_in, s, existing.cccds)
    found = existing.find(values)
    dup = _in_file_duplicate(spec.kind, values, seen, rn)
    if found.record_id is not None and found.record_id in claimed and out.update:
        dup = RowProblem(rn, "", tr("Dòng này và dòng {row} cùng là một bản ghi đã có trong dữ liệu.").format(
            row=claimed[found.record_id]))
    if found.record_id is not None and not out.update:
        claimed.setdefault(found.record_id, rn)
        out.problems.append(RowProblem(rn, "", match.skipped_message(spec.kind), blocking=False))
        out.unchanged += 1
        return
    update = None
    if found.record_id is not None:
        claimed.setdefault(found.record_id, rn)
        given = match.given_fields(spec, plan.mapping, raw, bad_cells)
        update, values, errors, warnings = match.updated_row(rec, s, spec.kind, found.record_id, values_in, given, rn)
        row_problems = read_problems  # the checks of a new record are replaced by those of the edit
    elif found.problem:  # several stored records fit: an error for an update, a warning for a new row
        row_problems.append(RowProblem(rn, "", found.problem, blocking=out.update))
    labels = {f.name: f.label for f in spec.fields}
    labels.update({"collective_id": QT_TR_NOOP("Đơn vị / thôn"), "village_id": QT_TR_NOOP("Thôn, tổ dân phố"),
                   "merged_into_id": QT_TR_NOOP("Sáp nhập vào")})
    for name, msg in errors.items():
        if name in bad_cells or _IMPORT_FIELD_OF.get(name) in bad_cells:
            continue  # already named by its cell
        row_problems.append(RowProblem(rn, labels.get(name, name), msg))
    for name, msg in warnings.items():
        row_problems.append(RowProblem(rn, labels.get(name, name), msg, blocking=False))
    if spec.kind == "collective":
        _merged_into_file(values_in, values, in_file, rn, row_problems)
    if dup is not None:
        row_problems.append(dup)
    out.problems += row_problems
    if any(p.blocking for p in row_problems):
        return
    if found.record_id is None:
        out.rows.append((rn, values))
    elif update is not None:
        if values.get("merged_into_name"):
            update.values["merged_into_name"] = values["merged_into_name"]
        out.updates.append(update)
    else:
        out.unchanged += 1


def _in_file_duplicate(kind: str, values: dict[str, Any], seen: dict[Any, int], rn: int) -> RowProblem | None:
    """A row that repeats an earlier row of the same file (households: a warning, namesakes happen)."""
    key = _dup_key(kind, values)
    if key is None:
        return None
    if key not in seen:
        seen[key] = rn
        return None
    if kind == "person" and key[0] == "cccd":
        text = tr("Số CCCD trùng với dòng {row} trong cùng tệp.")
    else:
        text = tr("Dòng trùng với dòng {row} trong cùng tệp.")
    return RowProblem(rn, "", text.format(row=seen[key]), blocking=kind != "household")


def _row_cells(plan: ImportPlan, raw_row: list[Any], rn: int,
               row_problems: list[RowProblem]) -> tuple[dict[str, Any], set[str]]:
    """The mapped cells of one sheet row (field -> raw value) and the fields whose cell breaks the text
    rule: a cell with a control, bidi or invisible character is a problem of its row, named by cell
    and column; its value goes no further (nor into a message)."""
    raw: dict[str, Any] = {}
    bad_cells: set[str] = set()
    for f in plan.spec.fields:
        idx = plan.mapping.get(f.name)
        v = raw_row[idx] if idx is not None and idx < len(raw_row) else None
        problem = _cell_problem(v)
        if problem is not None and idx is not None:
            row_problems.append(RowProblem(rn, f.label, tr(
                "Ô {cell} (cột “{column}”) {problem}. Hãy sửa ô này trong tệp Excel rồi nhập lại.").format(
                cell=f"{col_letter(idx)}{rn}", column=one_line(plan.headers[idx], 40) or col_letter(idx),
                problem=problem)))
            bad_cells.add(f.name)
            v = None
        raw[f.name] = v
    return raw, bad_cells


_IMPORT_FIELD_OF = {"collective_id": "collective", "village_id": "village",
                    "merged_into_id": "merged_into"}  # record field -> sheet field


def _target_code(text: str) -> str:
    """A target as a sheet may name it: 3, "(3) Tăng năng suất lao động", "3. …", or its short name."""
    import re

    from desktop.core.plan import default_plan

    m = re.match(r"\(?([0-9]{1,2})\)?(?:[.)\s]|\Z)", text, re.ASCII)
    if m:
        return m.group(1)
    key = fold(text)
    hit = next((t for t in default_plan().targets if key in (fold(t.short), fold(t.text))), None)
    return str(hit.code) if hit else text


_PERIOD_WORDS = {"6 thang": "H1", "so ket": "H1", "nam": "Y", "ca nam": "Y", "tong ket": "Y"}


def _cell_problem(v: Any) -> str | None:
    """What the text rule finds in a cell as it would be stored (NFC, whitespace collapsed), or None."""
    if not isinstance(v, str):
        return None
    return text_problem(_cell_text(v), translate=True)


def _dup_key(kind: str, v: dict[str, Any]):
    if kind == "person":
        if v.get("cccd"):
            return ("cccd", v["cccd"])
        if v.get("full_name") and v.get("birth_date"):
            return ("nb", fold(v["full_name"]), v["birth_date"])
        return None
    if kind == "household":
        return ("h", fold(v.get("head_name")), v.get("village_id")) if v.get("head_name") else None
    if kind == "indicator":
        return ("i", v.get("year"), v.get("target_code"), v.get("period"), fold(v.get("name"))) \
            if v.get("name") else None
    return ("c", fold(v.get("name"))) if v.get("name") else None


def _clean_person(rec, values_in: dict, s, existing_cccd: Collection[str]):
    """Person rows: the record rules, with the CCCD uniqueness looked up in a set loaded once
    (a query per row is what made DHIS2 imports crawl)."""
    cccd = values_in.get("cccd")
    values_probe = dict(values_in)
    values, errors, warnings = rec.clean("person", {**values_probe, "cccd": ""}, None, s)
    if cccd:
        from desktop.core import cccd as rules

        num = nfc(str(cccd)).replace(" ", "").replace(".", "")
        msg = rules.format_error(num)
        if msg:
            errors["cccd"] = msg
        elif num in existing_cccd:
            errors["cccd"] = tr("Số CCCD {number} đã có trong hồ sơ một người trong dữ liệu (trùng người).").format(number=num)
        else:
            w = rules.consistency_warnings(num, values.get("sex"), values.get("birth_date"))
            if w:
                warnings["cccd"] = " ".join(w)
        values["cccd"] = num
    return values, errors, warnings


def _prepare(spec: ImportSpec, raw: dict[str, Any], collectives: dict, rn: int,
             problems: list[RowProblem]) -> dict[str, Any]:
    """Raw cells -> the form values the record rules expect (labels to codes, names to ids)."""
    out: dict[str, Any] = {}
    for name, v in raw.items():
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out[name] = v
    if spec.kind == "person":
        sex = _cell_text(out.get("sex"))
        out["sex"] = _choice_code(C.SEX, sex) or (sex if sex else "")
        cat = _cell_text(out.get("category"))
        out["category"] = (_choice_code(C.PERSON_CATEGORY, cat) or cat) if cat else "nhan_dan"
        out["cccd"], restored, wrong = match.cccd_cell(raw.get("cccd"))  # a number: its leading zeros
        if restored or wrong:
            problems.append(RowProblem(rn, QT_TR_NOOP("Số CCCD"), restored or wrong or "", blocking=bool(wrong)))
        for k in ("birth_date", "hired_on"):
            d = out.get(k)
            out[k] = d if isinstance(d, dt.date) else _cell_text(d)
        unit = _cell_text(out.pop("collective", None))
        out["collective_id"] = None
        if unit:
            hit = collectives.get(fold(unit))
            if hit is None:
                problems.append(RowProblem(rn, QT_TR_NOOP("Đơn vị / thôn"),
                                           tr("Đơn vị “{unit}” chưa có trong danh sách tập thể; "
                                              "hãy thêm tập thể trước hoặc sửa tên cho khớp.").format(unit=unit)))
            else:
                out["collective_id"] = hit[0]
        for k in ("full_name", "position", "phone", "note", "qualification", "home_town", "residence"):
            out[k] = _cell_text(out.get(k))
    elif spec.kind == "household":
        village = _cell_text(out.pop("village", None))
        out["village_id"] = None
        if village:
            hit = collectives.get(fold(village))
            if hit is None or hit[1] not in C.VILLAGE_KINDS:
                problems.append(RowProblem(rn, QT_TR_NOOP("Thôn, tổ dân phố"),
                                           tr("“{village}” không phải thôn, tổ dân phố có trong dữ liệu.")
                                           .format(village=village)))
            else:
                out["village_id"] = hit[0]
        for k in ("head_name", "address", "phone", "note"):
            out[k] = _cell_text(out.get(k))
        m = out.get("members")
        out["members"] = _cell_text(m) if m is not None else None
    elif spec.kind == "indicator":
        from desktop.core.plan import default_plan

        target = _cell_text(out.get("target_code"))
        out["target_code"] = _target_code(target) if target else ""
        period = _cell_text(out.get("period"))
        out["period"] = (_choice_code(default_plan().periods, period) or _PERIOD_WORDS.get(fold(period), period)
                         if period else "")
        for k in ("name", "unit", "note"):
            out[k] = _cell_text(out.get(k))
        for k in ("target_value", "actual_value"):  # an Excel number stays a number (12.5 is 12,5)
            v = out.get(k)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = v
            else:  # "'-2,5": a value this app exported; _cell_text takes its formula guard off
                out[k] = _cell_text(v)
    else:
        kind = _cell_text(out.get("kind"))
        out["kind"] = (_choice_code(C.COLLECTIVE_KIND, kind) or kind) if kind else ""
        for k in ("name", "leader_name", "address", "phone", "note"):
            out[k] = _cell_text(out.get(k))
        _prepare_status(out, collectives)
    return out


_STATUS_WORDS = {"hoat dong": "active", "con hoat dong": "active", "giai the": "dissolved", "sap nhap": "merged"}


def _status_code(cell: Any) -> str:
    status = _cell_text(cell)
    return (_choice_code(C.COLLECTIVE_STATUS, status) or _STATUS_WORDS.get(fold(status), status)
            if status else "active")


def _prepare_status(out: dict[str, Any], collectives: dict) -> None:
    """A collective row's status (empty: active), end date and the collective it merged into: a live one
    of the commune (the record rules check it is active), or one named by another row of the file
    (``merged_into_name``, linked once both are written)."""
    out["status"] = _status_code(out.get("status"))
    d = out.get("ended_on")
    out["ended_on"] = d if isinstance(d, dt.date) else _cell_text(d)
    into = _cell_text(out.pop("merged_into", None))
    out["merged_into_id"] = None
    if into:
        hit = collectives.get(fold(into))
        if hit is not None:
            out["merged_into_id"] = hit[0]
        else:
            out["merged_into_name"] = into


def _file_collectives(plan: ImportPlan) -> dict[str, tuple[int, str]]:
    """The collectives a sheet names: folded name -> (sheet row, status code)."""
    name_i, status_i = plan.mapping.get("name"), plan.mapping.get("status")
    out: dict[str, tuple[int, str]] = {}
    for i, row in enumerate(plan.rows):
        name = _cell_text(row[name_i]) if name_i is not None and name_i < len(row) else ""
        status = row[status_i] if status_i is not None and status_i < len(row) else None
        if name:
            out.setdefault(fold(name), (plan.row_number(i), _status_code(status)))
    return out


def _merged_into_file(values_in: dict[str, Any], values: dict[str, Any], in_file: dict[str, tuple[int, str]],
                      rn: int, problems: list[RowProblem]) -> None:
    """A merger into a collective the commune does not hold yet: another row of the same sheet, active."""
    name = values_in.get("merged_into_name")
    if not name:
        return
    field_label = QT_TR_NOOP("Sáp nhập vào")
    hit = in_file.get(fold(name))
    if values.get("status") != "merged":
        problems.append(RowProblem(rn, field_label, tr("Chỉ ghi “Sáp nhập vào” khi tình trạng là “Đã sáp nhập”.")))
    elif hit is None:
        problems.append(RowProblem(rn, field_label, tr(
            "“{name}” chưa có trong danh sách tập thể, cũng không có ở dòng nào của tệp. Hãy thêm tập thể đó "
            "trước, sửa tên cho khớp, hoặc để trống ô này.").format(name=name)))
    elif hit[0] == rn:
        problems.append(RowProblem(rn, field_label, tr("Một tập thể không sáp nhập vào chính nó. Hãy chọn tập thể "
                                                       "tiếp nhận.")))
    elif hit[1] != "active":
        problems.append(RowProblem(rn, field_label, tr(
            "“{name}” (dòng {row}) cũng đã giải thể hoặc sáp nhập: chỉ sáp nhập vào một tập thể đang hoạt động.")
            .format(name=name, row=hit[0])))
    else:
        values["merged_into_name"] = name


# --------------------------------------------------------------------------- import: writing


def commit_import(db, preview: ImportPreview, actor: str, progress: Progress | None = None) -> int:
    """Write every new row and every update in one transaction (all or nothing): one history entry for
    the rows added, one per record updated (its old and new values). Returns how many were written."""
    from desktop.core.records import BULK_RECORD_ID, KINDS
    from desktop.store.models import AuditEntry, utcnow

    if preview.errors:
        raise UserError(tr("Còn {count} dòng lỗi; chưa nhập gì. Hãy sửa tệp rồi thử lại.")
                        .format(count=len({p.row for p in preview.errors})))
    if not preview.rows and not preview.updates:
        raise UserError(tr("Không có dòng nào để nhập: mọi dòng đều đã có trong dữ liệu và không có gì thay đổi."))
    k = KINDS[preview.plan.spec.kind]
    model = k.model
    now = utcnow()
    items = [_new_row(k, values, now) for _rn, values in preview.rows]
    actor = actor or "Không rõ"  # i18n: keep (stored)
    with db.session() as s:
        try:
            match.write_updates(s, k.key, preview.updates, actor, now)
            inserted: list[int] = []   # in row order
            for i in range(0, len(items), 1000):
                chunk = items[i:i + 1000]
                inserted.extend(_insert(s, model, chunk))
                if progress:
                    progress(i + len(chunk), len(items))
            if k.key == "collective":
                _link_mergers(s, [v for _rn, v in preview.rows] + [u.values for u in preview.updates],
                              inserted + [u.record_id for u in preview.updates])
            if items:
                s.add(AuditEntry(actor=actor, table_name=model.__tablename__, record_id=BULK_RECORD_ID,
                                 action="import", at=now, changes=json.dumps(
                                     {"count": len(items), "first_id": inserted[0], "last_id": inserted[-1],
                                      "updated": len(preview.updates), "file": preview.plan.path.name},
                                     ensure_ascii=False)))
            s.commit()
        except BaseException:
            s.rollback()
            raise
    return len(items) + len(preview.updates)


def _insert(s, model, chunk: list[dict[str, Any]]) -> list[int]:
    from sqlalchemy import insert

    res = s.execute(insert(model).returning(model.id, sort_by_parameter_order=True), chunk)
    return [r[0] for r in res]


def _new_row(k, values: dict[str, Any], now) -> dict[str, Any]:
    """A checked row as the table's columns (defaults filled, texts never NULL)."""
    from desktop.core.records import search_key_for
    from desktop.shared.text import given_name_key

    model = k.model
    cols = {c.name for c in model.__table__.columns}
    row = {name: v for name, v in values.items() if name in cols}
    for c in model.__table__.columns:
        if c.name not in row and c.name not in ("id",) and c.default is not None and not c.nullable:
            row.setdefault(c.name, c.default.arg if not callable(c.default.arg) else None)
    for text_col in ("address", "phone", "note", "position", "leader_name", "unit", "target_value",
                     "actual_value", "qualification", "home_town", "residence"):
        if text_col in cols and row.get(text_col) is None:
            row[text_col] = ""
    row["search_key"] = search_key_for(k.key, values)
    if k.key == "person":
        row["sort_key"] = given_name_key(values.get("full_name") or "")
    row["created_at"] = row["updated_at"] = now
    row["deleted_at"] = None
    return row


def _link_mergers(s, rows: list[dict[str, Any]], ids: list[int]) -> None:
    """Collectives merged into another row of the same sheet: linked once all are written (``rows``: the
    rows' values, ``ids``: their records' ids in the same order; check_import has seen every target
    active in the file)."""
    from sqlalchemy import update

    from desktop.store.models import Collective

    pending = [(i, v["merged_into_name"]) for i, v in enumerate(rows) if v.get("merged_into_name")]
    if not pending:
        return
    by_name: dict[str, int] = {}
    for i, v in enumerate(rows):
        by_name.setdefault(fold(v.get("name") or ""), ids[i])
    for i, name in pending:
        s.execute(update(Collective).where(Collective.id == ids[i]).values(merged_into_id=by_name[fold(name)]))
