"""The commune's plan launching the year's emulation movement (kế hoạch phát động phong trào thi đua),
in the decree 30 layout: its sections (aims, contents, targets, rewards, organisation) and the date by
which collectives, individuals and households register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Paragraph

from desktop.reports.layout import (
    Issuer,
    Signature,
    date_line,
    date_short,
    esc,
    header_block,
    lower_first,
    number_line,
    paragraphs,
    signature_block,
    styles,
    title_block,
)


@dataclass
class PlanDoc:
    """The commune's plan launching the year's emulation movement (Kế hoạch phát động phong trào thi đua),
    with the date by which collectives and individuals register."""

    issuer: Issuer
    number: int | None
    date: dt.date
    year: int
    title: str                              # "Phát động phong trào thi đua yêu nước năm 2026"
    sections: list[tuple[str, list[str]]]   # (heading, paragraphs)
    registration_deadline: dt.date
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT, TĐKT"
    preamble: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return self.title


def plan_story(doc: PlanDoc) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [header_block(doc.issuer, number_line(doc.number, "KH", doc.issuer.code),
                                        date_line(doc.issuer.place, doc.date))]
    out += title_block("KẾ HOẠCH", [doc.title])
    out += paragraphs(doc.preamble)
    for heading, texts in doc.sections:
        if heading:
            out.append(Paragraph(esc(heading), s.heading))
        out += paragraphs(texts)
    out.append(signature_block(doc.signature, doc.recipients, doc.archive))
    return out


def launch_plan(unit_name: str, number: int | None, on: dt.date, year: int, title: str,
                sections: list[tuple[str, list[str]]], deadline: dt.date, signature: Signature) -> PlanDoc:
    unit_lower = lower_first(unit_name)
    preamble = [f"Thực hiện Kế hoạch phát động phong trào thi đua yêu nước năm {year} của Ủy ban nhân dân tỉnh "
                f"Bắc Ninh, Ủy ban nhân dân {unit_lower} ban hành Kế hoạch phát động phong trào thi đua năm {year} "
                f"(hạn đăng ký thi đua: {date_short(deadline)}) như sau:"]
    return PlanDoc(issuer=Issuer.commune(unit_name), number=number, date=on, year=year, title=title,
                   sections=sections, registration_deadline=deadline, signature=signature,
                   recipients=["Thường trực Đảng ủy, HĐND xã", "Chủ tịch, các Phó Chủ tịch UBND xã",
                               "Các cơ quan, đơn vị, thôn, tổ dân phố", "Sở Nội vụ tỉnh Bắc Ninh (để báo cáo)"],
                   preamble=preamble)


__all__ = ["PlanDoc", "plan_story", "launch_plan"]
