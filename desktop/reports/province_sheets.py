"""Rendering of the province's consolidated views (desktop.app.province_views): any view as an Excel
sheet, and the consolidated proposal list as a decree 30 list (Sở Nội vụ as issuer) for ``to_pdf``.

Given plain data only — a view's title, headers, rows of str/int, summary — never a database. The
texts written are the Vietnamese the views hold: a file keeps its wording whatever the window's
language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from desktop.reports.documents import ListDoc
from desktop.reports.layout import Col, Issuer, Signature
from desktop.reports.xlsx import write_table
from desktop.shared.errors import UserError


class Sheet(Protocol):
    """What rendering needs of a view (desktop.app.province_views.View has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def subtitle(self) -> list[str]: ...
    @property
    def headers(self) -> list[str]: ...
    @property
    def rows(self) -> Sequence[Sequence[Any]]: ...
    @property
    def spans(self) -> list[int]: ...
    summary: str
    widths: list[int]
    data: Any


def write_xlsx(view: Sheet, path: Path | str) -> int:
    """The view as one sheet: title lines, the headers, the rows, then the summary. Returns the row count."""
    lines = [view.title, *view.subtitle]
    rows = list(view.rows)
    if view.summary:
        rows = rows + [[], [view.summary]]
    return write_table(Path(path), view.headers, rows, sheet=view.title[:31], title_lines=lines,
                       widths=view.widths or None)


def proposal_doc(view: Sheet, date: dt.date | None = None) -> ListDoc:
    """The consolidated proposal list as a decree 30 list (Sở Nội vụ as issuer)."""
    if view.kind != "proposals":
        raise ValueError("proposal_doc needs the proposals view")
    if not view.data["items"]:
        raise UserError(view.summary)
    cols = [Col("STT", 0.6, "C"), Col("Họ và tên / Tên tập thể", 2.3), Col("Chức vụ, đơn vị", 2.0),
            Col("Xã, phường đề nghị", 1.6), Col("Tờ trình", 1.5, "C"), Col("Kết quả bỏ phiếu", 1.5, "C")]
    issuer = Issuer(body=["SỞ NỘI VỤ"], superior="UBND TỈNH BẮC NINH", place="Bắc Ninh", code="SNV",
                    name="Sở Nội vụ tỉnh Bắc Ninh")
    # the subject column (3rd) is left out on paper (a collective's name says what it is), and the
    # province's own answer (the last): the list goes to the council that gives it
    rows = [[("" if v is None else str(v)) for i, v in enumerate(r) if i not in (2, 7)] for r in view.rows]
    shared = [f"{d['name']} ({d['commune']}) {d['note'][:1].lower()}{d['note'][1:]}"
              for d in view.data["items"] if d.get("note")]
    return ListDoc(title="DANH SÁCH", subtitle=["Tổng hợp đề nghị khen thưởng của các xã, phường",
                                                 f"trình Hội đồng Thi đua - Khen thưởng tỉnh năm {view.data['year']}"],
                   columns=cols, rows=rows, spans=list(view.spans), issuer=issuer, date=date or dt.date.today(),
                   notes=[f"Danh sách có {view.summary}",
                          "Danh sách tổng hợp từ tệp dữ liệu các xã, phường đã gửi; là đề nghị, chưa phải "
                          "danh sách được khen thưởng.",
                          *(["Lưu ý trùng số CCCD giữa các xã, phường: " + "; ".join(shared) + "."] if shared else [])],
                   signature=Signature("GIÁM ĐỐC"), kind_code="DS")
