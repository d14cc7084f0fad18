"""The empty list of each import kind ("Tải tệp mẫu…", ``export-xlsx template-KIND``): the exact column
names ``desktop.app.spreadsheets`` reads back, how to write each one, the text columns, and the
drop-down lists (sex, category, collective kind and status, the commune's villages and collectives, the
plan's targets and periods). The file is a document of the commune: in Vietnamese whatever the window's
language, as the import matches the Vietnamese column names.
"""

from __future__ import annotations

from pathlib import Path

from desktop.reports.xlsx_template import FILL_ROWS, TemplateColumn, write_template
from desktop.shared.errors import UserError
from desktop.shared.i18n import tr

TEMPLATE_PREFIX = "template-"
_DATE = "Ghi ngày/tháng/năm, ví dụ 05/12/1980. Cột đã định dạng Văn bản để Excel không đổi ngày."  # i18n: keep
_PHONE = "Số điện thoại, ví dụ 0912345678 (cột định dạng Văn bản, giữ số 0 ở đầu)."  # i18n: keep (template)
NOTES = {  # i18n: keep (the template's comments, Vietnamese as the file is)
    "full_name": "Họ và tên đầy đủ, có dấu, ví dụ Nguyễn Văn An.",
    "sex": "Chọn Nam hoặc Nữ trong danh sách.",
    "birth_date": _DATE, "hired_on": _DATE + " Để trống nếu không có.", "ended_on": _DATE + " Chỉ ghi khi đã giải "
    "thể hoặc sáp nhập.",
    "cccd": "12 chữ số như trên thẻ căn cước, ví dụ 027080000123. Cột đã định dạng Văn bản để giữ số 0 ở đầu; khi "
            "dán từ tệp khác hãy dán dạng giá trị (Paste Values). Số CCCD dùng để nhận ra người đã có khi cập nhật.",
    "category": "Chọn trong danh sách; để trống là Nhân dân.",
    "position": "Chức vụ hoặc nghề nghiệp, ví dụ Chủ tịch UBND xã, Nông dân.",
    "collective": "Tên đơn vị công tác hoặc thôn, tổ dân phố đã có trong phần mềm; chọn trong danh sách.",
    "phone": _PHONE, "note": "Ghi chú, không bắt buộc.",
    "qualification": "Ví dụ: Đại học Luật, Trung cấp Y.",
    "home_town": "Như trong lý lịch, ví dụ: xã Tiên Du, tỉnh Bắc Ninh.",
    "residence": "Nơi thường trú hoặc tạm trú.",
    "head_name": "Họ và tên chủ hộ, có dấu. Chủ hộ, thôn và địa chỉ dùng để nhận ra hộ đã có khi cập nhật.",
    "village": "Thôn, tổ dân phố đã có trong phần mềm; chọn trong danh sách.",
    "address": "Địa chỉ, ví dụ Xóm 1.", "members": "Số người trong hộ, một số nguyên.",
    "name": "Tên đầy đủ, có dấu. Tên dùng để nhận ra bản ghi đã có khi cập nhật.",
    "kind": "Chọn loại tập thể trong danh sách.", "leader_name": "Họ và tên người đứng đầu.",
    "status": "Chọn trong danh sách; để trống là Đang hoạt động.",
    "merged_into": "Tập thể tiếp nhận (đang hoạt động), chỉ ghi khi tình trạng là Đã sáp nhập.",
    "year": "Năm kế hoạch, ví dụ 2026.",
    "target_code": "Mục tiêu của tỉnh: chọn trong danh sách, hoặc ghi số mục tiêu (1 đến 15).",
    "period": "Chọn kỳ trong danh sách.", "unit": "Đơn vị tính, ví dụ %, hộ, tỷ đồng.",
    "target_value": "Một số, ví dụ 12,5; một khoảng như 35 - 40 khi kế hoạch của tỉnh ghi khoảng.",
    "actual_value": "Một số, ví dụ 12,5.",
}
_TEXT = {"cccd", "phone", "birth_date", "hired_on", "ended_on"}
_WIDTH = {"full_name": 26, "head_name": 26, "name": 32, "cccd": 15, "birth_date": 12, "hired_on": 12,
          "ended_on": 12, "sex": 9, "year": 8, "period": 12, "target_code": 30, "note": 24, "collective": 26,
          "village": 22, "kind": 28, "merged_into": 26, "address": 22, "members": 10}


def template_key(kind: str) -> str | None:
    """The import kind of ``template-individuals`` (None when the text does not name a template)."""
    return kind[len(TEMPLATE_PREFIX):] if kind.startswith(TEMPLATE_PREFIX) else None


def write_kind_template(db, key: str, path: Path) -> int:
    """Write the empty list of the import kind ``key``; returns its column count."""
    from desktop.app.spreadsheets import IMPORT_KINDS

    if key not in IMPORT_KINDS:
        raise UserError(tr("Không có mẫu “{kind}”. Các mẫu: {kinds}.").format(
            kind=key, kinds=", ".join(TEMPLATE_PREFIX + k for k in IMPORT_KINDS)))
    spec = IMPORT_KINDS[key]
    choices = _choices(db)
    columns = [TemplateColumn(f.label, NOTES.get(f.name, ""), f.required, f.name in _TEXT,
                              _WIDTH.get(f.name, 18), choices.get((spec.kind, f.name), ()))
               for f in spec.fields]
    ws = db.workspace()
    unit = ws.unit_name if ws else ""
    title = f"DANH SÁCH {spec.label.upper()}" + (f" – {unit.upper()}" if unit else "")  # i18n: keep (template)
    instructions = (  # i18n: keep (template)
        f"Hướng dẫn: điền từ dòng 5, mỗi dòng một {spec.label}, tối đa {FILL_ROWS} dòng có danh sách chọn; giữ "
        "nguyên dòng tên cột (dòng 4), cột chữ đỏ bắt buộc, xem chú thích ở từng ô tên cột. Ngày ghi ngày/tháng/năm "
        "(05/12/1980); Số CCCD đủ 12 chữ số. Không gộp ô trong bảng. Khi nhập để cập nhật, ô để trống giữ nguyên "
        "dữ liệu đã có.")
    write_template(path, f"Mẫu {spec.label}", title, instructions, columns,  # i18n: keep (sheet name)
                   "(Bắt buộc.)", "Giá trị không có trong danh sách; hãy chọn trong danh sách.")  # i18n: keep
    return len(columns)


def _choices(db) -> dict[tuple[str, str], tuple[str, ...]]:
    """(record kind, sheet field) -> the labels of its drop-down list."""
    from sqlalchemy import select

    from desktop.core import choices as C
    from desktop.core.plan import default_plan
    from desktop.store.models import Collective

    with db.session() as s:
        live = list(s.execute(select(Collective.name, Collective.kind, Collective.status)
                              .where(Collective.deleted_at.is_(None)).order_by(Collective.search_key)))
    active = tuple(n for n, _k, st in live if st not in C.ENDED_STATUSES)
    plan = default_plan()
    return {
        ("person", "sex"): tuple(label for _c, label in C.SEX),
        ("person", "category"): tuple(label for _c, label in C.PERSON_CATEGORY),
        ("person", "collective"): active,
        ("household", "village"): tuple(n for n, k, st in live if k in C.VILLAGE_KINDS and st not in C.ENDED_STATUSES),
        ("collective", "kind"): tuple(label for _c, label in C.COLLECTIVE_KIND),
        ("collective", "status"): tuple(label for _c, label in C.COLLECTIVE_STATUS),
        ("collective", "merged_into"): active,
        ("indicator", "target_code"): tuple(f"({t.code}) {t.short}" for t in plan.targets),
        ("indicator", "period"): tuple(label for _c, label in plan.periods),
    }
