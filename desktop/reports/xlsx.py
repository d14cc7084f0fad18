"""Writing spreadsheets (.xlsx, openpyxl): any table or printed list, given as plain rows.

Text cells that begin with = + - @ (or a tab / carriage return) are neutralised with a leading
apostrophe so Excel never runs them as formulas; a text that already begins with an apostrophe and one of
those gets one more, so ``unguard`` (the import) gives back exactly the text exported. Dates are Excel
dates (DD/MM/YYYY), numbers numbers, the ``text_columns`` (CCCD, phone) text cells ("@"); the header is
frozen, filtered and repeated on every printed A4 page. Exporting a record table and importing records
(which read and write the database) are ``desktop.app.spreadsheets``.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Collection, Iterable, Sequence
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
        if v.startswith(DANGEROUS) or value.startswith(DANGEROUS) or _guarded(v):
            return "'" + v
        return v
    if isinstance(value, (int, float, dt.date, dt.datetime)):
        return value
    return safe_cell(str(value))


def _guarded(text: str) -> bool:
    """The text begins as a neutralised cell does: apostrophes, then a formula character (``safe_cell``
    adds one apostrophe to such a text too, so ``unguard`` taking one off gives back any text)."""
    rest = text.lstrip("'")
    return text[:1] == "'" and rest != "" and rest.startswith(DANGEROUS)


def unguard(text: str) -> str:
    """A cell's text as it was before ``safe_cell`` neutralised it (the import's side of the guard)."""
    return text[1:] if _guarded(text) else text


SHEET_TITLE_MAX = 31                 # Excel's limit
_SHEET_FORBIDDEN = str.maketrans({ch: " " for ch in "[]:*?/\\"})
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
PORTRAIT_WIDTH = 95                  # column width units an A4 portrait page holds at 100 %


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no [ ] : * ? / \\, at most 31 characters, cut before a word rather
    than inside one (a single word longer than that is cut)."""
    t = " ".join(nfc(text).translate(_SHEET_FORBIDDEN).split()).strip("'")
    if len(t) <= SHEET_TITLE_MAX:
        return t or "Sheet1"
    head = t[:SHEET_TITLE_MAX + 1]
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else t[:SHEET_TITLE_MAX]).rstrip(" ,;–-")


def _typed_cell(ws, value: Any, text: bool):
    """A data cell: dates with the Vietnamese date format, a text column's cells as text."""
    from openpyxl.cell import WriteOnlyCell

    v = safe_cell(value)
    if isinstance(v, dt.datetime):
        v = v.date() if v.time() == dt.time() else v
    if isinstance(v, dt.date):
        c = WriteOnlyCell(ws, value=v)
        c.number_format = DATE_FORMAT
        return c
    if text:
        c = WriteOnlyCell(ws, value=v if isinstance(v, str) else str(v))
        c.number_format = TEXT_FORMAT
        return c
    return v


def _print_setup(ws, header_row: int, widths: Sequence[int]) -> None:
    """Frozen header, A4 (landscape when the columns are wider than a portrait page) fitted to one page
    wide, the header repeated on every page. Set before the first row: a write-only sheet writes its
    views and properties then."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def append_heading(ws, title_lines: Sequence[str], headers: Sequence[str]) -> None:
    """The title lines in bold, a blank row, then the header row (bold, wrapped, centred) of a
    write-only sheet."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

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


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "Danh sách",  # i18n: keep (sheet name in the file)
                title_lines: Sequence[str] = (), widths: Sequence[int] | None = None,
                progress: Progress | None = None, total: int = 0, text_columns: Collection[int] = ()) -> int:
    """Write one sheet (optional title lines, a bold header row, the rows). Returns the row count.
    ``text_columns``: indexes of the columns written as text whatever they hold (CCCD, phone)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    if not path.parent.is_dir():  # said before anything is written (openpyxl would fail half-way)
        raise UserError(tr("Thư mục {folder} không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác.").format(
            folder=path.parent))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(sheet))
    widths = list(widths or [max(10, min(45, len(h) + 4)) for h in headers])
    for i, w in enumerate(widths):
        ws.column_dimensions[col_letter(i)].width = w
    header_row = len(title_lines) + (2 if title_lines else 1)
    if headers:
        _print_setup(ws, header_row, widths)
    append_heading(ws, title_lines, headers)
    texts = set(text_columns)
    n = 0
    for row in rows:
        ws.append([_typed_cell(ws, v, i in texts) for i, v in enumerate(row)])
        n += 1
        if progress and n % 500 == 0:
            progress(n, max(total, n))
    if headers:  # the filter over the header and the data
        ws.auto_filter.ref = f"A{header_row}:{col_letter(len(headers) - 1)}{header_row + max(n, 1)}"
    save_workbook(wb, path)
    if progress:
        progress(n, n)
    return n


def save_workbook(wb, path: Path) -> None:
    """Save ``wb`` to ``path`` through a temporary file and a rename, with a Vietnamese message when
    the file is open in Excel, the disk is full or the folder refuses."""
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


def col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def export_list(doc, path: Path, progress: Progress | None = None) -> int:
    """Export a printed list (documents.ListDoc) with its title; group rows stay as rows."""
    headers = [c.label for c in doc.columns]
    title = [doc.title, *doc.subtitle, f"Mã kiểm tra (SHA-256): {doc.digest()}"]  # i18n: keep (in the Excel file)
    return write_table(path, headers, doc.rows, title_lines=title, progress=progress, total=len(doc.rows))
