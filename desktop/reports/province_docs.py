"""The province's own award decision (decree 30 layout) with its attached list, from plain data: the
rows accepted under one decision number (desktop.app.outcomes.decision_source), grouped by commune
and, within a commune, by title. The issuer is the provincial People's Committee, the decision the
chairman's ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" or "CHỦ TỊCH")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop.reports.documents import AwardRow, DecisionDoc, ListDoc
from desktop.reports.layout import Col, Issuer, Signature, date_short, money
from desktop.reports.review_docs import amount_in_words, award_bases
from desktop.shared.fmt import roman


class Row(Protocol):
    @property
    def commune_name(self) -> str: ...
    @property
    def title_name(self) -> str: ...
    @property
    def subject_type(self) -> str: ...
    @property
    def subject_name(self) -> str: ...
    @property
    def subject_detail(self) -> str: ...
    @property
    def amount(self) -> int | None: ...


class Source(Protocol):
    """What the builder needs (desktop.app.outcomes.ProvinceDecisionInfo has it)."""

    @property
    def number(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def year(self) -> int: ...
    @property
    def signer_name(self) -> str: ...
    @property
    def signer_title(self) -> str: ...
    @property
    def base_salary(self) -> int | None: ...

    @property
    def rows(self) -> Sequence[Row]: ...
    @property
    def proposals(self) -> Sequence[tuple[str, str, dt.date | None]]: ...
    @property
    def total_amount(self) -> int: ...


def province_issuer() -> Issuer:
    return Issuer(body=["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"], place="Bắc Ninh", code="UBND",
                  name="Ủy ban nhân dân tỉnh Bắc Ninh")


def province_signature(title: str, name: str) -> Signature:
    """"CHỦ TỊCH" signs in their own name; a vice-chairman signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    t = (title or "Phó Chủ tịch").upper()
    if t == "CHỦ TỊCH":
        return Signature("CHỦ TỊCH", name)
    return Signature(t, name, authority="KT. CHỦ TỊCH")


@dataclass
class UnitRow(AwardRow):
    commune: str = ""


@dataclass
class ProvinceDecisionDoc(DecisionDoc):
    """A DecisionDoc whose number is the full text the clerk recorded ("12/QĐ-UBND") and whose list
    is grouped by commune, then title."""

    number_label: str = ""

    @property
    def number_text(self) -> str:
        return f"Số: {self.number_label}"

    def attached_list(self) -> ListDoc:
        cols = [Col("STT", 0.6, "C"), Col("Họ và tên / Tên tập thể", 2.6), Col("Chức vụ, đơn vị, địa chỉ", 2.6),
                Col("Danh hiệu, hình thức khen thưởng", 2.2), Col("Số tiền thưởng (đồng)", 1.5, "R")]
        by_commune: dict[str, dict[str, list[AwardRow]]] = {}
        for r in self.rows:
            by_commune.setdefault(getattr(r, "commune", ""), {}).setdefault(r.title, []).append(r)
        rows: list[list[str]] = []
        spans: list[int] = []
        bold: list[int] = []
        for g, (commune, titles) in enumerate(by_commune.items(), 1):
            items = [r for group in titles.values() for r in group]
            spans.append(len(rows))
            rows.append([f"{roman(g)}. {commune} ({len(items)})", "", "", "", ""])
            for t, (title, group) in enumerate(titles.items(), 1):
                spans.append(len(rows))
                rows.append([f"{t}. {title} ({len(group)})", "", "", "", ""])
                rows += [[str(i), r.name, r.unit, r.title, money(r.amount)] for i, r in enumerate(group, 1)]
            bold.append(len(rows))
            rows.append(["", f"Cộng mục {roman(g)}", f"{len(items)} đối tượng", "",
                         money(sum(r.amount or 0 for r in items))])
        bold.append(len(rows))
        rows.append(["", "Tổng cộng", f"{len(self.rows)} đối tượng", "",
                     money(sum(r.amount or 0 for r in self.rows))])
        attached = (f"(Kèm theo Quyết định số {self.number_label} ngày {date_short(self.date)} của "
                    f"Chủ tịch {self.issuer.name})")
        return ListDoc(title=self.list_title, subtitle=self.list_subtitle, columns=cols, rows=rows,
                       issuer=self.issuer, attached_to=attached, file_id=self.file_id, spans=spans, bold_rows=bold)


def _kinds(rows: Sequence[Row]) -> str:
    people = sum(r.subject_type == "person" for r in rows)
    parts = [f"{people} cá nhân"] if people else []
    if len(rows) - people:
        parts.append(f"{len(rows) - people} tập thể")
    return ", ".join(parts) or f"{len(rows)} trường hợp"


def province_decision(info: Source, replaces: str = "") -> ProvinceDecisionDoc:
    """The decision of the provincial chairman on the rows of one decision number (``replaces``: the
    article saying which issued decision this one replaces, and why)."""
    titles: dict[str, list[Row]] = {}
    for r in info.rows:
        titles.setdefault(r.title_name, []).append(r)
    names = list(titles)
    summary = (f"Về việc tặng “{names[0]}” năm {info.year}" if len(names) == 1
               else f"Về việc khen thưởng thành tích trong phong trào thi đua yêu nước năm {info.year}")
    communes = sorted({r.commune_name for r in info.rows})
    asked = ("; ".join(f"Tờ trình số {n}{' ngày ' + date_short(d) if d else ''} của Ủy ban nhân dân "
                       f"{c[:1].lower() + c[1:]}" for c, n, d in info.proposals)
             if 0 < len(info.proposals) <= 5 else f"tờ trình của Ủy ban nhân dân {len(communes)} xã, phường")
    bases = [
        *award_bases(info.date, "province_decision"),
        f"Xét {asked};",
        "Theo đề nghị của Giám đốc Sở Nội vụ.",
    ]
    by_title = "; ".join(f"{t}: {len(rs)} trường hợp" for t, rs in titles.items())
    art1 = (f"Tặng thưởng, công nhận danh hiệu thi đua năm {info.year} cho {_kinds(info.rows)} thuộc "
            f"{len(communes)} xã, phường có tên trong danh sách kèm theo ({by_title}), đã có thành tích "
            "trong phong trào thi đua yêu nước.")
    art3 = ("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Giám đốc "
            "Sở Tài chính, Chủ tịch UBND các xã, phường và các cá nhân, tập thể có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này.")
    rows = [UnitRow(r.subject_name, r.subject_detail, r.title_name, r.amount, commune=r.commune_name)
            for r in info.rows]
    return ProvinceDecisionDoc(
        issuer=province_issuer(), number=None, number_label=info.number, date=info.date, summary=summary,
        decider="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH", bases=bases,
        articles=[art1, _money_article(info, titles), *([replaces] if replaces else []), art3], rows=list(rows),
        signature=province_signature(info.signer_title, info.signer_name),
        recipients=["Như Điều 3", "Chủ tịch, các PCT UBND tỉnh", "Các xã, phường tại Điều 1"],
        archive="VT, TĐKT", list_title="DANH SÁCH",
        list_subtitle=[f"Được khen thưởng năm {info.year}"])


def _money_article(info: Source, titles: dict[str, list[Row]]) -> str:
    total = info.total_amount
    if not total:
        return "Các danh hiệu, hình thức khen thưởng tại Điều 1 không kèm tiền thưởng."
    lines = []
    for t, rs in titles.items():
        amounts = [r.amount for r in rs if r.amount]
        if amounts:
            lines.append(f"{t}: {len(amounts)} × {money(amounts[0])} đồng = {money(sum(amounts))} đồng")
    salary = f" {money(info.base_salary)} đồng/tháng" if info.base_salary else ""
    return (f"Mức tiền thưởng bằng hệ số nhân với mức lương cơ sở{salary} có hiệu lực ngày ký Quyết định: "
            + "; ".join(lines) + f". Tổng số tiền thưởng: {money(total)} đồng (bằng chữ: "
            f"{amount_in_words(total)}), chi từ Quỹ thi đua, khen thưởng của tỉnh.")


__all__ = ["ProvinceDecisionDoc", "province_decision", "province_issuer", "province_signature"]
