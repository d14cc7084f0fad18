"""The table of the clerk's import dialog (desktop.ui.intake.ImportDialog): one row a file, one
line tall, with the commune, period, sequence, record count, result and reason (the full text in the
tooltip), a filter for the refused files, and the batch's summary — which never says "done" for a
batch that was stopped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QStyledItemDelegate

from desktop.core.labels import KIND_LABELS
from desktop.ui.bundle_ui import _RowsModel
from desktop.ui.i18n import QT_TR_NOOP, tr

_Index = QModelIndex | QPersistentModelIndex
COL_FILE, COL_COMMUNE, COL_SEQUENCE, COL_RESULT, COL_PERIOD, COL_RECORDS, COL_DETAIL = range(7)
# states of a row: what the filter and the summary count
REFUSED, HELD, DUPLICATE, VALID, ACCEPTED, WAITING, STOPPED = (
    "refused", "held", "duplicate", "valid", "accepted", "waiting", "stopped")
COLORS = {REFUSED: "#b00020", HELD: "#8a5a00", DUPLICATE: "#555555", WAITING: "#555555", STOPPED: "#8a5a00"}
_NAME = re.compile(r"ThiDua_(\d{5})_")


class ImportResultsModel(_RowsModel):
    # the first four columns keep their places (file, commune, number, result); period, records and the
    # reason follow
    headers = (QT_TR_NOOP("Tệp"), QT_TR_NOOP("Xã, phường"), QT_TR_NOOP("Số"), QT_TR_NOOP("Kết quả"),
               QT_TR_NOOP("Kỳ"), QT_TR_NOOP("Số bản ghi"), QT_TR_NOOP("Lý do / chi tiết"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.states: list[str] = []

    def set_outcomes(self, rows: list[tuple], colors: list[str | None], states: list[str]) -> None:
        self.states = list(states)
        self.set_rows(rows, colors)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.rows[index.row()]
            # the whole reason, wrapped, whatever column the mouse is on
            return "\n".join(str(x) for x in (row[COL_FILE], row[COL_RESULT], row[COL_DETAIL]) if x not in (None, ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (COL_SEQUENCE, COL_RECORDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:  # sort role: numbers as numbers
            return v if isinstance(v, int) else str(v or "")
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return  # the proxy sorts; the source keeps the batch's order


class RefusedFilter(QSortFilterProxyModel):
    """"Chỉ tệp bị từ chối": only the refused rows; sorts numbers as numbers."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_refused = False
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_only_refused(self, on: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10: invalidateFilter is deprecated
            self.beginFilterChange()
            self.only_refused = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.only_refused = on
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self.only_refused:
            return True
        model = self.sourceModel()
        return source_row < len(model.states) and model.states[source_row] == REFUSED

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        if isinstance(a, int) and isinstance(b, int):
            return a < b
        ka = (0, a, "") if isinstance(a, int) else (1, 0, str(a or ""))
        kb = (0, b, "") if isinstance(b, int) else (1, 0, str(b or ""))
        return ka < kb


class ElideMiddle(QStyledItemDelegate):
    """File names differ at their end (…_so0012.tdkt): cut them in the middle, not at the end."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def claimed_commune(f: Path) -> str:
    """For a refused file nothing inside it can be trusted: the unit its name claims, said as such."""
    from desktop.core.units import find_unit

    m = _NAME.match(f.name)
    unit = find_unit(m.group(1)) if m else None
    return tr("{unit} (theo tên tệp)").format(unit=unit.name) if unit else ""


def outcome(f: Path, r, err: str | None, code: str, dry_run: bool) -> tuple[tuple, str | None, str]:
    """One file's row, colour and state from the engine's answer (``r`` None: refused or held)."""
    if r is None and code == "same_file":  # the same bytes picked twice in one batch: taken once
        return ((f.name, claimed_commune(f), "", tr("BỎ QUA"), "", "", err or ""), COLORS[DUPLICATE], DUPLICATE)
    if r is None:
        state = HELD if code == "held" else REFUSED
        return ((f.name, claimed_commune(f), "", tr("GIỮ LẠI") if state == HELD else tr("TỪ CHỐI"), "", "", err or ""),
                COLORS[state], state)
    records = sum((r.counts or {}).values()) or ""
    if r.status == "duplicate":
        from desktop.app.received import vn_text

        return ((f.name, r.commune_name, r.sequence, tr("Đã nhập trước đó"), r.period, records,
                 tr("Đã nhập lúc {time}; không thay đổi gì.").format(time=vn_text(r.imported_at))),
                COLORS[DUPLICATE], DUPLICATE)
    changes = "; ".join(
        f"{tr(KIND_LABELS.get(k, k))}: +{c['added']} −{c['removed']} ~{c['changed']}"
        for k, c in r.changes.items() if c["added"] or c["removed"] or c["changed"]) or tr("Không thay đổi")
    state = VALID if dry_run else ACCEPTED
    return ((f.name, r.commune_name, r.sequence, tr("Hợp lệ") if dry_run else tr("ĐÃ NHẬN"), r.period, records,
             changes + (f" — {err}" if err else "")), None, state)


def unchecked(f: Path) -> tuple[tuple, str | None, str]:
    """A file chosen, before its preview."""
    return (f.name, claimed_commune(f), "", tr("chưa kiểm tra"), "", "", ""), COLORS[WAITING], WAITING


def not_done(f: Path, dry_run: bool, stopped: bool, before: tuple | None = None) -> tuple[tuple, str | None, str]:
    """A file of the pass not reached yet: waiting while the batch runs, "not imported (stopped)" after
    "Dừng". Its preview's commune, number, period and records stay."""
    b = before or (f.name, claimed_commune(f), "", "", "", "", "")
    if not stopped:
        return ((b[0], b[1], b[2], tr("đang chờ"), b[4], b[5], ""), COLORS[WAITING], WAITING)
    text = tr("chưa kiểm tra (đã dừng)") if dry_run else tr("chưa nhập (đã dừng)")
    hint = (tr("Bấm “Xem trước” để kiểm tra lại cả đợt.") if dry_run else
            tr("Tệp chưa được ghi vào dữ liệu của Sở; bấm “Xem trước” rồi “Nhập các tệp hợp lệ” để nhập tiếp."))
    return ((b[0], b[1], b[2], text, b[4], b[5], hint), COLORS[STOPPED], STOPPED)


def summary(states: list[str], dry_run: bool, stopped: bool, receipts_dir: Path | None) -> str:
    n = {s: states.count(s) for s in (REFUSED, HELD, DUPLICATE, VALID, ACCEPTED, STOPPED)}
    if dry_run:
        text = tr("Xem trước: {valid} tệp hợp lệ, {refused} tệp bị từ chối, {held} tệp bị giữ lại, {duplicate} tệp "
                  "đã nhập trước đó.").format(valid=n[VALID], refused=n[REFUSED], held=n[HELD],
                                              duplicate=n[DUPLICATE])
        if stopped:
            return tr("Đã dừng xem trước: {stopped} tệp chưa được kiểm tra.").format(stopped=n[STOPPED]) + " " + text
        return text + " " + tr("Bấm “Nhập các tệp hợp lệ” để ghi vào dữ liệu của Sở.") if n[VALID] else text
    text = tr("Đã nhập {accepted} tệp; {refused} tệp bị từ chối; {held} tệp bị giữ lại; {duplicate} tệp đã nhập "
              "trước đó.").format(accepted=n[ACCEPTED], refused=n[REFUSED], held=n[HELD], duplicate=n[DUPLICATE])
    if stopped:
        text = tr("Đã dừng: {stopped} tệp chưa nhập (đã dừng).").format(stopped=n[STOPPED]) + " " + text
    else:
        text = tr("Đã nhập xong.") + " " + text
    if receipts_dir is not None and n[ACCEPTED]:
        text += " " + tr("Biên nhận gửi lại các xã được lưu trong thư mục {folder}.").format(folder=receipts_dir)
    return text
