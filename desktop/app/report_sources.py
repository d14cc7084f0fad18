"""The interim (sơ kết) and annual (tổng kết) report of the movement, as a report has it: the plan it
carries out (cited with its number and date), how the movement was organised, the results per area and
against the province's targets, the year's awards, the assessment (ưu điểm, hạn chế, nguyên nhân) and
the directions for the next period. Figures come from the records; what only a person can write is the
officer's text (``texts``, stored with the issued report) or dotted lines to write in."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from desktop.core.catalog import Catalog
from desktop.core.plan import default_plan, province_plan
from desktop.reports.documents import ReportDoc, dotted
from desktop.reports.layout import date_short
from desktop.shared.errors import UserError
from desktop.shared.text import nfc, text_problem
from desktop.store.models import Achievement, Initiative, Registration

# the parts of the report only a person can write: key -> where it goes (the window's boxes, the command
# line's --section KEY=TEXT and --text-file)
TEXT_KEYS = ("organization", "results", "strengths", "weaknesses", "causes", "directions")


def _lines(text: str | None, lines: int = 3) -> list[str]:
    """The officer's paragraphs (one per line of ``text``), or dotted lines to write on."""
    paras = [p.strip() for p in (text or "").splitlines() if p.strip()]
    if paras:
        return paras
    from reportlab.lib.units import mm

    return [dotted(1, indent=10 * mm)] * lines


def check_texts(texts: dict[str, str] | None) -> dict[str, str]:
    """``texts`` in NFC, empty parts dropped; unknown keys and text the text rule refuses are refused,
    naming the part."""
    texts = dict(texts or {})
    unknown = sorted(set(texts) - set(TEXT_KEYS))
    if unknown:
        raise UserError(f"Báo cáo không có phần “{', '.join(unknown)}”. Các phần: {', '.join(TEXT_KEYS)}.")
    out = {}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise UserError(f"Phần “{key}” của báo cáo phải là một đoạn chữ.")
        value = "\n".join(line for line in (nfc(x) for x in value.splitlines()) if line)  # paragraphs kept
        problem = text_problem(value, multiline=True)
        if problem:
            raise UserError(f"Phần “{key}” của báo cáo {problem}. Hãy xóa ký tự đó rồi ghi lại.")
        if value:
            out[key] = value
    return out


def texts_from_file(path: str) -> dict[str, str]:
    """The officer's parts from a UTF-8 JSON file {"strengths": "…", "directions": "…", …}."""
    import json

    from desktop.app.inputs import read_input_file

    raw = read_input_file(path, 1_000_000)
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UserError(f"Tệp {path} phải là JSON mã UTF-8, dạng {{\"strengths\": \"…\", "
                        f"\"directions\": \"…\"}}; các phần: {', '.join(TEXT_KEYS)}.") from None
    if not isinstance(doc, dict):
        raise UserError(f"Tệp {path} phải là một đối tượng JSON {{phần: đoạn chữ}}; các phần: {', '.join(TEXT_KEYS)}.")
    return check_texts(doc)


def _plan_sentence(db, ctx, year: int) -> str:
    """"Thực hiện Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân tỉnh Bắc Ninh …" and the commune's own."""
    from desktop.app import issuing

    ref = province_plan()
    known = ref.year == year  # another year's plan: its number and date are written in by hand
    number = ref.number if known and ref.number else "......../KH-UBND"
    when = date_short(dt.date.fromisoformat(ref.date)) if known and ref.date else "..../..../......"
    title = ref.title if known else f"Kế hoạch phát động phong trào thi đua yêu nước năm {year}"
    text = f"Thực hiện Kế hoạch số {number} ngày {when} của {ref.issuer} về {title.removeprefix('Kế hoạch ')}"
    own = [d for d in issuing.list_documents(db, year, "launch_plan") if d.year == year and d.in_force]
    if own:
        d = own[-1]
        text += (f" và Kế hoạch số {d.number_text} ngày {date_short(d.issued_on)} của {ctx.issuer.name} về phát "
                 f"động phong trào thi đua yêu nước năm {year}")
    return text + f", {ctx.issuer.name} báo cáo kết quả như sau:"


def _awards(db, ctx, year: int) -> list[str]:
    """The year's awards by title, from the award history: the commune's decisions, then those of the
    levels above."""
    from desktop.store.models_review import AwardHistory

    with db.session() as s:
        rows = s.execute(select(AwardHistory.title_code, AwardHistory.source, func.count())
                         .where(AwardHistory.deleted_at.is_(None), AwardHistory.year == year)
                         .group_by(AwardHistory.title_code, AwardHistory.source)).all()
    proposed = _proposed(db, year)
    if not rows and not proposed:
        return [f"Năm {year} chưa có quyết định khen thưởng."]
    order = {code: i for i, code in enumerate(ctx.catalog.titles)}
    own: Counter[str] = Counter()
    above: Counter[str] = Counter()
    for code, source, n in rows:
        (own if source == "commune" else above)[code] += n
    out = []
    for counts, who in ((own, f"Chủ tịch {ctx.issuer.name} khen thưởng"), (above, "Cấp trên khen thưởng"),
                        (proposed, "Đề nghị cấp trên khen thưởng (tờ trình)")):
        if counts:
            parts = [f"{ctx.catalog.title_name(c)}: {n}" for c, n in sorted(counts.items(),
                                                                          key=lambda x: order.get(x[0], 99))]
            out.append(f"- {who}: " + "; ".join(parts) + ";")
    if out:
        out[-1] = out[-1].rstrip(";") + "."
    return out


def _proposed(db, year: int) -> Counter[str]:
    """Title code -> the cases the commune's proposals of ``year`` in force put to the province."""
    from desktop.app import issuing

    out: Counter[str] = Counter()
    for d in issuing.list_documents(db, year, "proposal"):
        if d.year == year and d.in_force:
            out.update(r.get("title_code", "") for r in issuing.rows_of(db, d.id) if r.get("title_code"))
    return out


def movement_report(db, year: int, period: str = "Y", date: dt.date | None = None, number: int | None = None,
                    catalog: Catalog | None = None, texts: dict[str, str] | None = None) -> ReportDoc:
    """Interim (H1) or annual (Y) report of ``year``; ``texts``: the officer's parts (TEXT_KEYS)."""
    from desktop.app.sources import Context, _title_names, _title_order, indicator_rows

    if period not in ("H1", "Y"):
        raise UserError("Kỳ báo cáo phải là H1 (sơ kết 6 tháng) hoặc Y (tổng kết năm).")
    texts = check_texts(texts)
    ctx = Context(db, catalog)
    plan = default_plan()
    names, order = _title_names(ctx.catalog), _title_order(ctx.catalog)
    with db.session() as s:
        reg = s.execute(select(Registration.title_code, func.count()).where(
            Registration.deleted_at.is_(None), Registration.year == year).group_by(Registration.title_code)).all()
        ach_q = select(Achievement.area_code, func.count()).where(Achievement.deleted_at.is_(None),
                                                                  Achievement.year == year)
        if period == "H1":
            ach_q = ach_q.where((Achievement.achieved_on.is_(None)) | (Achievement.achieved_on <= dt.date(year, 6, 30)))
        ach = dict(s.execute(ach_q.group_by(Achievement.area_code)).all())
        ini = s.scalar(select(func.count()).select_from(Initiative).where(Initiative.deleted_at.is_(None),
                                                                          Initiative.year == year)) or 0
        subj = s.execute(select(
            func.count(Registration.person_id.distinct()), func.count(Registration.collective_id.distinct()),
            func.count(Registration.household_id.distinct())).where(
            Registration.deleted_at.is_(None), Registration.year == year)).one()
    indicators = indicator_rows(db, year, period)
    with_value = [r for r in indicators if r.name]
    period_text = "6 tháng đầu năm" if period == "H1" else "năm"
    nxt = f"6 THÁNG CUỐI NĂM {year}" if period == "H1" else f"NĂM {year + 1}"
    sections: list[tuple[str, list[str]]] = [
        ("", [_plan_sentence(db, ctx, year)]),
        ("I. CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC PHONG TRÀO THI ĐUA", [
            f"Trong {period_text} {year} có {subj[0]} cá nhân, {subj[1]} tập thể và {subj[2]} hộ gia đình "
            "đăng ký thi đua, cụ thể:",
            *[f"- {names.get(c, c)}: {n} đăng ký;" for c, n in sorted(reg, key=lambda x: order.get(x[0], 99))],
            *_lines(texts.get("organization"), 2)]),
        ("II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA", [
            "1. Kết quả theo các lĩnh vực thi đua:",
            *[f"- {a.code}. {a.name}: {ach.get(a.code, 0)} thành tích của cá nhân, tập thể, hộ gia đình;"
              for a in plan.areas],
            f"- Sáng kiến, đề tài nghiên cứu khoa học năm {year}: {ini}.",
            *_lines(texts.get("results"), 3),
            f"2. Kết quả thực hiện các chỉ tiêu theo mục tiêu của tỉnh: {ctx.issuer.name} đặt {len(with_value)} "
            f"chỉ tiêu theo {len({r.target_code for r in with_value})}/{len(plan.targets)} mục tiêu của tỉnh, "
            f"có số liệu thực hiện {sum(1 for r in with_value if r.actual)} chỉ tiêu (bảng dưới đây)."]),
        ("III. KẾT QUẢ CÔNG TÁC KHEN THƯỞNG", _awards(db, ctx, year)),
        ("IV. ĐÁNH GIÁ CHUNG", ["1. Ưu điểm:", *_lines(texts.get("strengths")), "2. Hạn chế:",
                                *_lines(texts.get("weaknesses")), "3. Nguyên nhân:", *_lines(texts.get("causes"))]),
        (f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ {nxt}", _lines(texts.get("directions"), 4)),
    ]
    return ReportDoc(issuer=ctx.issuer, number=number, date=date or dt.date.today(), year=year, period=period,
                     sections=sections, indicators=indicators, signature=ctx.signature(),
                     recipients=["Sở Nội vụ tỉnh Bắc Ninh", "Thường trực Đảng ủy, HĐND xã",
                                 "Chủ tịch, các Phó Chủ tịch UBND xã"],
                     table_after=2, table_source=plan.targets_source,
                     texts={k: v.splitlines() for k, v in texts.items()})


__all__ = ["movement_report", "TEXT_KEYS", "check_texts", "texts_from_file"]
