"""An empty list to fill in Excel and import back (.xlsx, openpyxl): the list's name and a line of
instructions merged over the columns, a blank row, then the header row with the exact column names the
import expects, each with a comment saying how to write it. Text columns (CCCD, phone, dates) are
formatted as text so Excel keeps leading zeros and never turns 05/12/1980 into another date; choice
columns get a drop-down list (from a hidden sheet, so labels with commas work and the list may be long).
Rendering only: the columns are handed in as plain data (desktop.app.import_template builds them).
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.reports.xlsx import TEXT_FORMAT, col_letter, safe_cell, sheet_title
from desktop.shared.errors import UserError
from desktop.shared.i18n import tr

LIST_SHEET = "Danh mục"   # i18n: keep (sheet name in the file)
FILL_ROWS = 1000          # rows under the header that get the drop-down lists


@dataclass(frozen=True)
class TemplateColumn:
    header: str                        # the column name the import matches
    note: str                          # the header cell's comment
    required: bool = False
    text: bool = False                 # formatted as text ("@")
    width: int = 16
    choices: tuple[str, ...] = ()      # a drop-down list of these labels


def write_template(path: Path, sheet: str, title: str, instructions: str, columns: Sequence[TemplateColumn],
                   required_mark: str, choice_error: str) -> None:
    """Write the template (an atomic replace of ``path``). ``required_mark`` ends the comment of a column
    that must be filled; ``choice_error`` is what Excel says when a cell is not one of its list."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet)
    last = col_letter(len(columns) - 1)
    ws.append([safe_cell(title)])
    ws.append([safe_cell(instructions)])
    ws.append([])
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"].font = Font(italic=True)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 15 * max(2, len(instructions) // (sum(c.width for c in columns) or 1) + 2)
    header_row = 4
    ws.append([safe_cell(c.header) for c in columns])
    fill = PatternFill("solid", fgColor="DDEBF7")
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    list_col = 0
    for i, c in enumerate(columns):
        letter = col_letter(i)
        cell = ws.cell(row=header_row, column=i + 1)
        cell.font = Font(bold=True, color="C00000" if c.required else None)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        author = "Thi đua Bắc Ninh"  # i18n: keep (the comments' author)
        cell.comment = Comment(c.note + (f" {required_mark}" if c.required else ""), author, width=260, height=110)
        ws.column_dimensions[letter].width = c.width
        if c.text:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        if c.choices:
            src = col_letter(list_col)
            lists.cell(row=1, column=list_col + 1, value=safe_cell(c.header))
            for r, label in enumerate(c.choices, start=2):
                lists.cell(row=r, column=list_col + 1, value=safe_cell(label))
            dv = DataValidation(type="list", allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                formula1=f"='{lists.title}'!${src}$2:${src}${len(c.choices) + 1}",
                                error=choice_error, errorTitle=c.header[:32])
            dv.add(f"{letter}{header_row + 1}:{letter}{header_row + FILL_ROWS}")
            ws.add_data_validation(dv)
            list_col += 1
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    _save(wb, path)


def _save(wb, path: Path) -> None:
    """Written beside, then renamed over ``path``; a failure in Vietnamese, nothing half-written."""
    if not path.parent.is_dir():
        raise UserError(tr("Thư mục {folder} không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác.").format(
            folder=path.parent))
    tmp = path.with_name(path.name + ".tmp")
    try:
        wb.save(tmp)
        tmp.replace(path)
    except PermissionError:
        raise UserError(tr("Không ghi được tệp {path}: tệp đang mở trong Excel hoặc thư mục không cho phép ghi. "
                           "Hãy đóng tệp hoặc chọn nơi lưu khác.").format(path=path)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UserError(tr("Không ghi được tệp {path}: ổ đĩa đã đầy. Hãy giải phóng chỗ trống hoặc chọn ổ đĩa "
                               "khác.").format(path=path)) from None
        code = errno.errorcode.get(exc.errno or 0, exc.errno)
        raise UserError(tr("Không ghi được tệp {path} (lỗi hệ điều hành {code}). Hãy chọn nơi lưu khác, ví dụ thư "
                           "mục Tài liệu.").format(path=path, code=code)) from None
    finally:
        tmp.unlink(missing_ok=True)
