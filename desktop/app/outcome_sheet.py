"""The outcome sheet: the received proposal rows as an .xlsx the clerk fills in (Kết quả Duyệt / Trả
lại, Số QĐ, Ngày QĐ, Lý do), and the same sheet read back into outcomes (desktop.app.outcomes).

Reading is bounded before parsing (the file's size, the workbook's uncompressed size, the rows), with
openpyxl in read-only mode. Every bad row is named (its sheet row number and what is wrong), and
nothing is stored unless every filled row is good; a row whose Kết quả is left empty is not decided
yet and is skipped."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.app import outcomes as oc
from desktop.core.record_fields import parse_date
from desktop.reports.xlsx import write_table
from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.shared.text import fold, nfc, one_line

MAX_FILE = 10 * 1024 * 1024          # bytes of the .xlsx
MAX_UNPACKED = 100 * 1024 * 1024     # bytes of its parts once unpacked
MAX_ROWS = 20_000
MAX_COLS = 30                        # columns read of each row (the sheet has 8; a clerk may add a few)
_SCAN = MAX_ROWS + 40                # sheet rows read: the title lines, the header, the rows (blank ones too)
ACCEPT, RETURN = "Duyệt", "Trả lại"
HEADERS = ["Xã, phường", "Mã dòng", "Họ và tên / Tên tập thể", "Danh hiệu, hình thức khen thưởng",
           "Kết quả (Duyệt/Trả lại)", "Số QĐ", "Ngày QĐ", "Lý do trả lại"]
_KEYS = {"ma dong": "uid", "ket qua": "result", "ket qua (duyet/tra lai)": "result", "so qd": "number",
         "so quyet dinh": "number", "ngay qd": "date", "ngay quyet dinh": "date", "ly do tra lai": "reason",
         "ly do": "reason"}
_RESULTS = {"duyet": "accepted", "da duyet": "accepted", "accepted": "accepted", "tra lai": "returned",
            "returned": "returned", "khong duyet": "returned"}


def write_sheet(db, year: int, path: Path | str, commune: str | None = None, every_row: bool = False,
                title: str | None = None) -> int:
    """The pending rows of ``year`` (every row with ``every_row``, outcomes filled in; of one commune,
    of one title) as a sheet to fill. Returns the number of rows written."""
    rows = oc.list_rows(db, year, commune=commune, title=title, status=None if every_row else "pending")
    if not rows:
        scope = f" của {oc.unit_name(commune)}" if commune else ""
        what = "dòng đề nghị nào" if every_row else "dòng đề nghị nào chưa xét"
        raise UserError(f"Không có {what}{scope} năm {year} trong dữ liệu đã nhận; chưa ghi tệp.")
    out = []
    for r in rows:
        result = {"accepted": ACCEPT, "returned": RETURN}.get(r.status, "")
        out.append([r.commune_name, r.uid, r.subject_name, r.title_name, result, r.decision_number,
                    r.decision_date or "", r.reason])
    lines = [f"KẾT QUẢ XÉT ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC XÃ, PHƯỜNG NĂM {year}",
             f"Cột “Kết quả” ghi “{ACCEPT}” (kèm Số QĐ, Ngày QĐ) hoặc “{RETURN}” (kèm Lý do trả lại); để trống "
             "là chưa xét. Không sửa cột Mã dòng."]
    return write_table(Path(path), HEADERS, out, sheet=f"Xét đề nghị {year}", title_lines=lines,
                       widths=[24, 24, 30, 34, 16, 16, 12, 40])


@dataclass
class SheetResult:
    entries: list[oc.Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0                  # rows left undecided


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return nfc(str(v))


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp {path}.")
    size = path.stat().st_size
    if size > MAX_FILE:
        raise UserError(f"Tệp {path.name} quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_FILE // (1024 * 1024)} MB) "
                        "cho một bảng kết quả. Hãy dùng bảng do lệnh “Xuất bảng Excel” ghi ra.")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"Tệp {path.name} không phải tệp Excel .xlsx (có thể là .xls cũ, .csv hoặc tệp hỏng). "
                        "Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (*.xlsx)”.") from None
    if unpacked > MAX_UNPACKED:
        raise UserError(f"Tệp {path.name} khi giải nén quá lớn (hơn {MAX_UNPACKED // (1024 * 1024)} MB); không đọc. "
                        "Hãy dùng bảng do lệnh “Xuất bảng Excel” ghi ra.")


def _header(row: tuple) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, v in enumerate(row):
        key = _KEYS.get(fold(_text(v)))
        if key and key not in cols:
            cols[key] = i
    return cols if "uid" in cols and "result" in cols else None


def _entry(cells: dict[str, Any], n: int, res: SheetResult) -> None:
    where = f"Dòng {n}"
    uid = _text(cells.get("uid"))
    result = fold(_text(cells.get("result")))
    if not result:
        res.skipped += 1
        return
    m = oc.ROW_UID.fullmatch(uid)
    if m is None:
        res.problems.append(f"{where}: mã dòng “{one_line(uid, 40)}” không đúng dạng (ví dụ 09319:proposal_row:12). "
                            "Không sửa cột Mã dòng; xuất lại bảng nếu cần.")
        return
    status = _RESULTS.get(result)
    if status is None:
        res.problems.append(f"{where}: cột Kết quả ghi “{one_line(_text(cells.get('result')), 30)}”; chỉ ghi "
                            f"“{ACCEPT}”, “{RETURN}” hoặc để trống.")
        return
    date_cell = cells.get("date")
    date = None
    if status == "accepted":
        try:
            date = (date_cell.date() if isinstance(date_cell, dt.datetime) else
                    date_cell if isinstance(date_cell, dt.date) else parse_date(_text(date_cell)))
        except ValueError as exc:
            res.problems.append(f"{where}: Ngày QĐ {exc}")
            return
    reason = "" if cells.get("reason") is None else str(cells.get("reason"))
    res.entries.append(oc.Entry(m.group(1), uid, oc.Outcome(status, _text(cells.get("number")), date, reason), where))


def read_sheet(path: Path | str) -> SheetResult:
    """The filled rows of an outcome sheet as entries, with every row's problem."""
    path = Path(path)
    _check_size(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a zip that is not a workbook
        raise UserError(f"Tệp {path.name} không đọc được như một tệp Excel .xlsx. Hãy mở bằng Excel và lưu lại "
                        "dưới dạng “Excel Workbook (*.xlsx)”.") from None
    res = SheetResult()
    cols: dict[str, int] | None = None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise UserError(f"Tệp {path.name} không có trang tính nào.")
        data_rows = 0
        # bounded whatever size the sheet declares: a forged dimension (A1:XFD1048576) costs nothing
        for n, row in enumerate(ws.iter_rows(max_row=_SCAN + 1, max_col=MAX_COLS, values_only=True), start=1):
            if n > _SCAN and any(v is not None and _text(v) != "" for v in row):
                raise UserError(f"Tệp có hơn {group(_SCAN)} dòng; một bảng kết quả chỉ đọc tối đa {group(_SCAN)} "
                                "dòng. Hãy chia theo xã, phường (lệnh outcome-sheet --commune).")
            if cols is None:
                cols = _header(row)
                if cols is None and n >= 30:
                    break
                continue
            if all(v is None or _text(v) == "" for v in row):
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise UserError(f"Tệp có hơn {group(MAX_ROWS)} dòng đề nghị; một bảng kết quả tối đa "
                                f"{group(MAX_ROWS)} dòng. Hãy chia "
                                "theo xã, phường (lệnh outcome-sheet --commune).")
            _entry({k: (row[i] if i < len(row) else None) for k, i in cols.items()}, n, res)
    finally:
        wb.close()
    if cols is None:
        raise UserError(f"Không tìm thấy dòng tiêu đề có cột “Mã dòng” và “Kết quả” trong tệp {path.name}. Hãy dùng "
                        "bảng do “Xuất bảng Excel” (lệnh province outcome-sheet) ghi ra.")
    return res


def import_sheet(db, path: Path | str, year: int, actor: str, dry_run: bool = False,
                 today: dt.date | None = None) -> tuple[oc.Recorded, int]:
    """Record the outcomes filled in the sheet: all or none. Returns what was recorded and how many
    rows were left undecided; ``OutcomeProblems`` names every bad row."""
    res = read_sheet(path)
    problems = list(res.problems)
    if not res.entries and not problems:
        raise UserError(f"Tệp {Path(path).name} chưa có dòng nào ghi Kết quả (“{ACCEPT}” hoặc “{RETURN}”); "
                        "không có gì để ghi.")
    checked = None
    if res.entries:
        try:
            checked = oc.record(db, year, res.entries, actor, dry_run=True, today=today)
        except oc.OutcomeProblems as exc:
            problems += exc.problems
    if problems:
        problems.sort(key=_row_of)
        raise oc.OutcomeProblems(problems)
    assert checked is not None
    done = checked if dry_run else oc.record(db, year, res.entries, actor, today=today)
    return done, res.skipped


def _row_of(problem: str) -> int:
    head = problem.split(":", 1)[0]
    return int(head[5:]) if head.startswith("Dòng ") and head[5:].isdigit() else 0


__all__ = ["ACCEPT", "HEADERS", "RETURN", "SheetResult", "import_sheet", "read_sheet", "write_sheet"]
