"""Writing spreadsheets (.xlsx, openpyxl): any table or printed list, given as plain rows.

Text cells that begin with = + - @ (or a tab / carriage return) are neutralised with a leading
apostrophe so Excel never runs them as formulas. Exporting a record table and importing records
(which read and write the database) are ``desktop.app.spreadsheets``.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.text import nfc, scrub

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
Progress = Callable[[int, int], None]


def safe_cell(value: Any) -> Any:
    """Cell value for export: text starting with a formula character gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        v = nfc(value) if "\n" not in value else "\n".join(nfc(x) for x in value.split("\n"))
        v = scrub(v)  # stored before the text rule, a control character would make openpyxl refuse the file
        if v.startswith(DANGEROUS) or value.startswith(DANGEROUS):
            return "'" + v
        return v
    if isinstance(value, (int, float, dt.date, dt.datetime)):
        return value
    return safe_cell(str(value))


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "Danh sách",  # i18n: keep (sheet name in the file)
                title_lines: Sequence[str] = (), widths: Sequence[int] | None = None,
                progress: Progress | None = None, total: int = 0) -> int:
    """Write one sheet (optional title lines, a bold header row, the rows). Returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    if not path.parent.is_dir():  # said before anything is written (openpyxl would fail half-way)
        raise UserError(tr("Thư mục {folder} không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác.").format(
            folder=path.parent))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31] or "Sheet1")
    for i, w in enumerate(widths or [max(10, min(45, len(h) + 4)) for h in headers]):
        ws.column_dimensions[col_letter(i)].width = w
    bold = Font(bold=True)
    for line in title_lines:
        c = WriteOnlyCell(ws, value=safe_cell(line))
        c.font = bold
        ws.append([c])
    if title_lines:
        ws.append([])
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=safe_cell(h))
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        head.append(c)
    ws.append(head)
    n = 0
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        n += 1
        if progress and n % 500 == 0:
            progress(n, max(total, n))
    tmp = path.with_name(path.name + ".tmp")
    try:
        wb.save(tmp)
        tmp.replace(path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(tr("Không ghi được tệp {path}: tệp đang mở trong Excel hoặc thư mục không cho phép ghi. "
                           "Hãy đóng tệp hoặc chọn nơi lưu khác.").format(path=path)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise UserError(tr("Không ghi được tệp {path}: ổ đĩa đã đầy. Hãy giải phóng chỗ trống hoặc chọn ổ đĩa "
                               "khác.").format(path=path)) from None
        raise UserError(tr("Không ghi được tệp {path} (lỗi hệ điều hành {code}). Hãy chọn nơi lưu khác, ví dụ thư "
                           "mục Tài liệu.").format(path=path, code=errno.errorcode.get(exc.errno or 0, exc.errno))) from None
    if progress:
        progress(n, n)
    return n


def col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def export_list(doc, path: Path, progress: Progress | None = None) -> int:
    """Export a printed list (documents.ListDoc) with its title; group rows stay as rows."""
    headers = [c.label for c in doc.columns]
    title = [doc.title, *doc.subtitle, f"Mã kiểm tra (SHA-256): {doc.digest()}"]  # i18n: keep (in the Excel file)
    return write_table(path, headers, doc.rows, title_lines=title, progress=progress, total=len(doc.rows))
