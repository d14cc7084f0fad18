"""Certificates of an issued award decision: one Giấy khen (or certificate of a title) per award.

The texts come from the decision as it was issued — its frozen content (desktop.app.issuing.document,
checked against its SHA-256) and the rows stored with it — so a reprint is the same certificate
whatever changed in the records since. The one live datum is a person's sex, for "Ông" / "Bà": the
frozen list does not carry it (without it the name is printed alone).

The layout, the paper and the wording are data: resources/awards/certificate.json, with its sources.
A decision that is not in force, is not an award decision or lists no one is refused, in words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.app import issuing
from desktop.reports import certificates as R
from desktop.reports.documents import AwardRow, DecisionDoc
from desktop.reports.layout import date_line, date_short, lower_first
from desktop.shared.errors import UserError
from desktop.shared.paths import resources_dir

CHANGE_WORDS = {"thay_the": "thay thế", "bai_bo": "bãi bỏ", "dinh_chinh": "đính chính"}


@dataclass(frozen=True)
class Rules:
    """resources/awards/certificate.json, read."""

    blank: R.Sheet
    plain: R.Sheet
    wording: dict[str, Any]
    crosses_mm: tuple[tuple[float, float], ...]
    ruler_every_mm: float
    max_offset_mm: float
    version: str


def _field(d: dict) -> R.Field:
    align = d.get("align", "center")
    if align not in R.ALIGNS or d.get("style", "regular") not in R.STYLES:
        raise ValueError(f"certificate.json: bad align or style in {d}")
    return R.Field(key=d["field"], x_mm=float(d["x_mm"]), y_mm=float(d["y_mm"]), width_mm=float(d["width_mm"]),
                   size_pt=float(d["size_pt"]), style=d.get("style", "regular"), align=align,
                   color=d.get("color", "#000000"), max_lines=int(d.get("max_lines", 1)),
                   leading_mm=float(d.get("leading_mm", 0)), rule=bool(d.get("rule", False)))


def _sheet(paper: dict, part: dict, framed: bool) -> R.Sheet:
    frame = None
    if framed:
        f = part.get("frame", {})
        frame = R.Frame(float(f.get("outer_mm", 8)), float(f.get("inner_mm", 12)), f.get("color", "#b8860b"),
                        f.get("accent", "#c00000"))
    fields = tuple(_field(d) for d in part["fields"] if d.get("print", True))
    return R.Sheet(float(paper["width_mm"]), float(paper["height_mm"]), fields, frame)


def load_rules(path: Path | None = None) -> Rules:
    doc = json.loads((path or resources_dir() / "awards" / "certificate.json").read_text(encoding="utf-8"))
    test = doc.get("test_page", {})
    return Rules(blank=_sheet(doc["paper"]["blank"], doc["blank"], framed=False),
                 plain=_sheet(doc["paper"]["plain"], doc["plain"], framed=True), wording=doc["wording"],
                 crosses_mm=tuple((float(x), float(y)) for x, y in test.get("crosses_mm", [])),
                 ruler_every_mm=float(test.get("ruler_every_mm", 10)),
                 max_offset_mm=float(doc.get("calibration", {}).get("max_offset_mm", 30)), version=doc["version"])


def check_offset(rules: Rules, offset_mm: tuple[float, float]) -> tuple[float, float]:
    limit = rules.max_offset_mm
    for axis, value in zip(("ngang (x)", "dọc (y)"), offset_mm, strict=True):
        if not -limit <= value <= limit:
            raise UserError(f"Độ lệch {axis} {value:g} mm quá lớn: chỉ từ -{limit:g} đến {limit:g} mm. Hãy in trang "
                            "thử, đo lại từ mép giấy tới tâm dấu chữ thập rồi nhập độ lệch.")
    return offset_mm


# --------------------------------------------------------------------------- which decision


def _label(info: issuing.IssuedInfo) -> str:
    return f"{info.number_text or 'mã ' + str(info.id)} (mã {info.id})"


def award_decision(db, doc_id: int) -> tuple[issuing.IssuedInfo, DecisionDoc]:
    """The issued award decision ``doc_id`` in force with its awards, or a UserError saying why not."""
    info = issuing.get(db, doc_id)
    if info.kind != "decision":
        raise UserError(f"Văn bản {_label(info)} là {info.kind_label.lower()}, không phải quyết định khen thưởng: "
                        "chỉ in giấy khen theo quyết định khen thưởng đã ban hành. Xem danh sách: python -m desktop "
                        "documents list.")
    ended = [(i, k, n) for i, k, n in info.replaced_by if k in ("thay_the", "bai_bo")]
    if ended:
        i, k, n = ended[-1]
        if k == "thay_the":
            raise UserError(f"Quyết định {_label(info)} đã hết hiệu lực: bị thay thế bởi quyết định {n or ''} (mã "
                            f"{i}). Hãy in giấy khen theo quyết định thay thế: mã {i}.")
        raise UserError(f"Quyết định {_label(info)} đã bị bãi bỏ bởi quyết định {n or ''} (mã {i}): không in giấy "
                        "khen theo quyết định đã bãi bỏ.")
    doc = issuing.document(db, doc_id)
    if not isinstance(doc, DecisionDoc) or not doc.with_list:
        raise UserError(f"Văn bản {_label(info)} không phải quyết định khen thưởng có danh sách kèm theo.")
    if not doc.rows:
        raise UserError(f"Quyết định {_label(info)} không có cá nhân, tập thể, hộ gia đình nào được khen thưởng: "
                        "không có giấy khen để in.")
    return info, doc


def _sexes(db, stored: list[dict], rows: list[AwardRow]) -> list[tuple[str, str]]:
    """(subject type, sex) of each row, from the rows stored with the decision when they match the
    frozen list row for row (same names, same order); ("", "") when they do not."""
    if len(stored) != len(rows) or any(s.get("name") != r.name for s, r in zip(stored, rows, strict=True)):
        return [("", "")] * len(rows)
    ids = [int(s["subject_id"]) for s in stored if s.get("subject_type") == "person" and s.get("subject_id")]
    sex: dict[int, str] = {}
    if ids:
        from sqlalchemy import select

        from desktop.store.models import Person

        with db.session() as s:
            for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
                sex.update({pid: x or "" for pid, x in s.execute(select(Person.id, Person.sex)
                                                                  .where(Person.id.in_(chunk)))})
    return [(str(s.get("subject_type", "")), sex.get(int(s.get("subject_id") or 0), "")
             if s.get("subject_type") == "person" else "") for s in stored]


def _is_form(w: dict, title: str) -> bool:
    return any(title.startswith(p) for p in w.get("form_prefixes", ()))


def texts(rules: Rules, info: issuing.IssuedInfo, doc: DecisionDoc, row: AwardRow, subject_type: str = "",
          sex: str = "") -> R.Certificate:
    """The texts of the certificate of ``row`` of the decision ``doc``."""
    w = rules.wording
    names = w["name"]
    key = {"nam": "male", "nu": "female"}.get(sex, "person") if subject_type == "person" else (
        subject_type if subject_type in ("collective", "household") else "person")
    form = _is_form(w, row.title)
    year = info.year
    if form:
        achievement = lower_first(row.note.strip().rstrip(".")) if row.note.strip() else \
            w["reason"]["form_default"].format(year=year)
        reason = w["reason"]["form"].format(achievement=achievement, year=year, title=row.title)
    else:
        reason = w["reason"]["title"].format(title=row.title, year=year)
    number = issuing.printed_number(doc)
    sig = doc.signature
    return R.Certificate(texts={
        "nation": w["nation"], "motto": w["motto"], "give": w["give"], "decider": doc.decider,
        "heading": w["heading"]["hinh_thuc" if form else "danh_hieu"],
        "name": names.get(key, "{name}").format(name=row.name), "unit": row.unit, "reason": reason,
        "decision": w["decision"].format(number=number, date=date_short(doc.date)),
        "date_line": date_line(doc.issuer.place, doc.date),
        "signer_title": "\n".join(sig.lines()), "signer_name": sig.name,
    }, label=row.name)


def certificates(db, doc_id: int, rules: Rules | None = None) -> tuple[issuing.IssuedInfo, list[R.Certificate]]:
    rules = rules or load_rules()
    info, doc = award_decision(db, doc_id)
    kinds = _sexes(db, issuing.rows_of(db, doc_id), doc.rows)
    return info, [texts(rules, info, doc, row, st, sex) for row, (st, sex) in zip(doc.rows, kinds, strict=True)]


def pdf(db, doc_id: int, *, blank: bool, offset_mm: tuple[float, float] = (0.0, 0.0),
        out: Path | str | None = None, rules: Rules | None = None) -> tuple[str, bytes, int]:
    """(title, PDF, pages) of the certificates of ``doc_id``: on the blanks (the fields only, moved by
    the printer's ``offset_mm``) or on plain paper (the whole design; no offset)."""
    rules = rules or load_rules()
    check_offset(rules, offset_mm)
    info, certs = certificates(db, doc_id, rules)
    title = f"Giấy khen theo Quyết định {info.number_text}"
    sheet = rules.blank if blank else rules.plain
    data = R.render(sheet, certs, offset_mm if blank else (0.0, 0.0), out, title=title)
    return title, data, len(certs)


TEST_LINES = (
    "TRANG THỬ IN PHÔI GIẤY KHEN — in trên giấy trắng cùng khổ phôi, cùng máy in, cùng khay giấy.",
    "Đo từ mép trái giấy và mép trên giấy tới tâm từng dấu chữ thập (ghi vị trí đúng bên cạnh dấu).",
    "Độ lệch mới = độ lệch đang dùng + (vị trí ghi trên dấu − số đo được); làm với cả ngang (x) và dọc (y).",
    "Vạch 0 của thước ở mép trên, mép trái phải trùng mép giấy. Các đường chấm là chỗ in từng dòng của giấy khen.",
)


def test_page(offset_mm: tuple[float, float] = (0.0, 0.0), out: Path | str | None = None,
              rules: Rules | None = None) -> bytes:
    rules = rules or load_rules()
    check_offset(rules, offset_mm)
    current = f"Độ lệch đang dùng: ngang (x) {offset_mm[0]:+g} mm, dọc (y) {offset_mm[1]:+g} mm."
    return R.test_page(rules.blank, rules.crosses_mm, [*TEST_LINES, current], offset_mm, rules.ruler_every_mm, out)


__all__ = ["Rules", "load_rules", "check_offset", "award_decision", "texts", "certificates", "pdf", "test_page"]
