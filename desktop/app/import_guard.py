"""What the spreadsheet import checks in a workbook before and while reading it, so a hostile or broken
file neither exhausts memory nor is half-understood: the size its parts unpack to (a zip bomb), the
merged cells of its first sheet (read as a stream, never the whole sheet at once), and the width read
of each row (a sheet whose dimension claims 16,384 columns is read as ``MAX_COLUMNS``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.shared.i18n import tr

MAX_COLUMNS = 200                      # columns read of each row; a list the app imports has about 15
MAX_PART_BYTES = 256 * 1024 * 1024     # what one part of the workbook may unpack to (shared strings, styles)
MAX_SHEET_BYTES = 2 * 1024 ** 3        # the first sheet, read as a stream (100,000 rows are far less)
MAX_MERGES = 10_000
_CHUNK = 1024 * 1024
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')


def check_parts(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the limits (the sizes the zip declares are the
    most it can give: reading stops there)."""
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            limit = MAX_SHEET_BYTES if info.filename.startswith("xl/worksheets/") else MAX_PART_BYTES
            if info.file_size > limit:
                raise UserError(tr("Tệp {file} quá lớn khi giải nén (phần “{part}” {size} MB, tối đa {limit} MB): "
                                   "không phải một danh sách bình thường. Hãy mở bằng Excel, chỉ giữ trang danh sách "
                                   "rồi lưu lại.").format(file=path.name, part=info.filename[:60],
                                                          size=group(info.file_size // 2 ** 20),
                                                          limit=group(limit // 2 ** 20)))


def merged_ranges(path: Path, sheet_path: str) -> list[tuple[str, int, int]]:
    """The merged cells of a sheet: (range as Excel writes it, first row, last row), read in chunks."""
    out: list[tuple[str, int, int]] = []
    if not sheet_path:
        return out
    with zipfile.ZipFile(path) as z:
        try:
            src = z.open(sheet_path.lstrip("/"))
        except KeyError:
            return out
        with src:
            tail = b""
            while len(out) < MAX_MERGES:
                chunk = src.read(_CHUNK)
                if not chunk:
                    break
                buf = tail + chunk
                for m in _MERGE.finditer(buf):
                    if m.end() <= len(tail):
                        continue  # found in the chunk before
                    c1, r1, c2, r2 = (g.decode() if g else "" for g in m.groups())
                    first, last = int(r1), int(r2 or r1)
                    out.append((f"{c1}{r1}:{c2}{r2}" if c2 else f"{c1}{r1}", min(first, last), max(first, last)))
                tail = buf[-256:]
    return out


def refuse_merges_in_table(sheet: str, merges: list[tuple[str, int, int]], header_row: int) -> None:
    """Merged title lines above the header are fine (their text is in the first cell); a merge in the
    header or the rows under it would leave cells empty that mean something."""
    inside = [ref for ref, _first, last in merges if last >= header_row]
    if inside:
        shown = ", ".join(inside[:3]) + (", …" if len(inside) > 3 else "")
        raise UserError(tr("Trang tính “{sheet}” có ô gộp (merge cells) trong dòng tiêu đề cột hoặc trong bảng "
                           "({cells}). Hãy bỏ gộp các ô đó (Unmerge) để mỗi dòng là một bản ghi, mỗi cột một thông "
                           "tin; các dòng tên danh sách gộp ô phía trên dòng tiêu đề thì giữ nguyên được.")
                        .format(sheet=sheet, cells=shown))
